/*
 * The rig stand-in of the QEMU HIL image (docs/mcu-port.md §8). A real rig around a pump has
 * relays (power), a service port (key, library, factory reset), sensor simulators, a balance and a
 * bag; on QEMU they are this file, reached over UART2 by the HIL rig plug-in hil/rigs/qemu-mcu-rig.ts.
 * It also owns the pump's clock: the HIL suite's `advance` steps add up to hours of pump time, so
 * time passes only when the rig says (`advance <ms>`), in control periods of at most 100 ms as the
 * virtual pump's (simulator/virtual-pump/virtual-pump.ts) — same steps, same bytes.
 *
 * One command per line, one answer line each: "ok", "ok <value>" or "error <message>".
 *   reset <hex>                 factory reset: NV erased, power cycle, this library loaded over the
 *                               service port, no faults, no container limit, balance tared, clean
 *                               line; "ok <Status of libraryLoad>"
 *   power-cycle                 power lost and back; NV survives
 *   faults <names>|none         exactly these SensorFault names (comma-separated) are active
 *   idle                        faults none
 *   provision-key <64 hex>      "ok <Status>"
 *   reservoir <µL>              a new container holding this many µL
 *   advance <ms>                the pump's clock moves on; answered once it has
 *   motor                       "ok <µL/h>"
 *   delivered                   "ok <µL>": whole µL since the last reset
 *   weigh <units>               the balance weighs this many µL × 3,600,000 more: what a flow fault
 *                               switch's set let through beyond the motor (the rig's flow sensor is
 *                               the plug-in's, hil/rigs/qemu-mcu-rig.ts, decision 0043)
 *   line <drop> <dup> <corrupt> <seed>  impairment thresholds (⌊p·2³²⌋) for both directions
 *   local <hex>                 the pump's own keys: this encoded request frame reaches the host loop
 *                               through board_keys_read (receiveLocal); "ok <hex>": the response the
 *                               loop routed back to the keys (encoded, with its delimiter), "ok" when
 *                               none; its EVENT frames went out on UART0 first
 *   tap                         "ok <received> <sent>": bytes that arrived on UART0 (before the
 *                               impairment) and bytes put on it (after) since the last reset, so the
 *                               runner knows when the pump has everything it wrote and it has
 *                               everything the pump sent; answered only once the received bytes
 *                               were handed to the firmware and its answers drained
 * Answers that follow the host loop's work (reset, provision-key, advance, faults…) are sent from
 * the next wake-up, after the loop drained the firmware's transmit buffer onto UART0.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "ders-abi.h"
#include "rig-an386.h"

#define REG(address) (*(volatile uint32_t*)(address))
#define UART2_BASE 0x40006000u
#define UART_DATA 0x00u
#define UART_STATE 0x04u
#define UART_CTRL 0x08u
#define UART_INT 0x0Cu
#define UART_BAUDDIV 0x10u
#define UART_STATE_TX_FULL (1u << 0)
#define UART_STATE_RX_FULL (1u << 1)
#define UART_CTRL_TX_EN (1u << 0)
#define UART_CTRL_RX_EN (1u << 1)
#define UART_CTRL_RX_INT_EN (1u << 3)
#define UART_INT_RX (1u << 1)
#define NVIC_ISER0 0xE000E100u
#define UART2_RX_IRQ 4u

#define CONTROL_PERIOD_MS 100u          /* the virtual pump's CONTROL_PERIOD_MS */
#define UNITS_PER_UL 3600000u           /* µL·ms/h per µL, simulator/virtual-pump/delivery-meter.ts */
#define AIR_IN_LINE_BIT (1u << 1)
#define SENSOR_BITS 4u
/* A command line: `reset` carries a library file in hex, decoded in place (files up to 64 KiB). */
#define LINE_BYTES (128u * 1024u + 64u)
#define RX_RING_BYTES 1024u

/* A key request: one encoded frame and its delimiter at most; its answer as "ok <hex>". */
#define KEYS_FRAME_BYTES (DERS_MAX_ENCODED_FRAME + 1u)

static volatile uint8_t rxRing[RX_RING_BYTES];
static uint8_t keysFrame[KEYS_FRAME_BYTES];
static char keysAnswer[2u * KEYS_FRAME_BYTES + 8u];
static volatile uint32_t rxHead, rxTail;
static char line[LINE_BYTES];
static uint32_t lineLength;
static bool lineTooLong;

typedef struct {
  uint64_t thresholds[3]; /* drop, corrupt, duplicate: a word below it means "happens" */
  uint32_t state;
} direction_t;

static struct {
  uint32_t faultMask;
  uint32_t maskQueue[SENSOR_BITS + 1];
  uint32_t maskQueued;
  bool powerCycle, eraseNv, loadLibrary, provisionKey;
  uint8_t publicKey[BOARD_PUBLIC_KEY_BYTES];
  const uint8_t* library;
  uint32_t libraryLength;
  bool awaitingHost; /* an answer comes from a host event */
  host_event_t awaitedEvent;
  char hostAnswer[32]; /* that answer, sent at the next wake-up (after the loop's transmit) */
  bool hostAnswerReady;
  uint32_t keysLength; /* the key request board_keys_read has not taken yet, 0 when none */
  bool keysPending;    /* a key request waits for its wake-up */
  bool keysIssued;     /* its wake-up was made: the loop answers (or cannot) before the next */
  bool keysAnswerReady;
  uint64_t txBytes, rxBytes;
  uint64_t advanceLeftMs;
  bool answerWhenDone;
  int64_t motorRateUlPerHour;
  uint64_t meterUnits;
  bool hasContainer;
  uint64_t containerUnits;
  direction_t toPump, toHost;
} rig;

void Uart2Rx_Handler(void) {
  REG(UART2_BASE + UART_INT) = UART_INT_RX; /* before draining: see Uart0Rx_Handler */
  while (REG(UART2_BASE + UART_STATE) & UART_STATE_RX_FULL) {
    uint8_t byte = (uint8_t)REG(UART2_BASE + UART_DATA);
    uint32_t next = (rxHead + 1) % RX_RING_BYTES;
    if (next != rxTail) {
      rxRing[rxHead] = byte;
      rxHead = next;
    }
  }
}

static void answer(const char* text) {
  for (; *text != '\0'; text++) {
    while (REG(UART2_BASE + UART_STATE) & UART_STATE_TX_FULL) {}
    REG(UART2_BASE + UART_DATA) = (uint8_t)*text;
  }
}

static void answer_line(const char* head, const char* value) {
  answer(head);
  if (value != NULL && value[0] != '\0') {
    answer(" ");
    answer(value);
  }
  answer("\n");
}

static void answer_number(uint64_t value) {
  char digits[21];
  int at = 20;
  digits[at] = '\0';
  do {
    digits[--at] = (char)('0' + value % 10u);
    value /= 10u;
  } while (value != 0u);
  answer_line("ok", &digits[at]);
}

void rig_init(void) {
  REG(UART2_BASE + UART_BAUDDIV) = 25000000u / 115200u;
  REG(UART2_BASE + UART_CTRL) = UART_CTRL_TX_EN | UART_CTRL_RX_EN | UART_CTRL_RX_INT_EN;
  REG(NVIC_ISER0) = 1u << UART2_RX_IRQ;
}

int rig_input_waiting(void) { return rxHead != rxTail; }

/* simulator/link/prng.ts: splitmix32, and derivedStream(seed, id) for each direction. */
static uint32_t splitmix(uint32_t* state) {
  *state += 0x9e3779b9u;
  uint32_t z = *state;
  z = (z ^ (z >> 16)) * 0x85ebca6bu;
  z = (z ^ (z >> 13)) * 0xc2b2ae35u;
  return z ^ (z >> 16);
}

static void impair(direction_t* direction, const uint64_t thresholds[3], uint32_t seed, uint32_t streamId) {
  memcpy(direction->thresholds, thresholds, sizeof direction->thresholds);
  uint32_t start = seed ^ (streamId * 0x632be5abu);
  direction->state = splitmix(&start);
}

/* simulator/link/impairments.ts Impairments.apply for one byte: four words drawn whenever active. */
static size_t pass(direction_t* d, uint8_t byte, uint8_t out[2]) {
  out[0] = byte;
  if (d->thresholds[0] + d->thresholds[1] + d->thresholds[2] == 0u) return 1;
  uint32_t dropWord = splitmix(&d->state), corruptWord = splitmix(&d->state);
  uint32_t bitWord = splitmix(&d->state), duplicateWord = splitmix(&d->state);
  if (dropWord < d->thresholds[0]) return 0;
  if (corruptWord < d->thresholds[1]) out[0] = (uint8_t)(byte ^ (1u << (bitWord & 7u)));
  if (duplicateWord < d->thresholds[2]) {
    out[1] = out[0];
    return 2;
  }
  return 1;
}

size_t rig_line_to_pump(uint8_t byte, uint8_t out[2]) {
  rig.rxBytes++;
  return pass(&rig.toPump, byte, out);
}
size_t rig_line_to_host(uint8_t byte, uint8_t out[2]) {
  size_t count = pass(&rig.toHost, byte, out);
  rig.txBytes += count;
  return count;
}

void rig_motor(int64_t rateUlPerHour) { rig.motorRateUlPerHour = rateUlPerHour; }

void rig_host_event(host_event_t event, const char* detail) {
  if (!rig.awaitingHost || event != rig.awaitedEvent) return;
  rig.awaitingHost = false;
  bool status = (detail[0] >= '0' && detail[0] <= '9') || detail[0] == '-';
  const char* head = status ? "ok " : "error the host loop answered ";
  size_t at = 0;
  for (const char* p = head; *p != '\0' && at < sizeof rig.hostAnswer - 1; p++) rig.hostAnswer[at++] = *p;
  for (const char* p = detail; *p != '\0' && at < sizeof rig.hostAnswer - 1; p++) rig.hostAnswer[at++] = *p;
  rig.hostAnswer[at] = '\0';
  rig.hostAnswerReady = true;
}

size_t rig_keys_read(uint8_t* dst, size_t max) {
  size_t length = rig.keysLength;
  if (length == 0 || length > max) return 0;
  memcpy(dst, keysFrame, length);
  rig.keysLength = 0;
  return length;
}

void rig_keys_answer(const uint8_t* frame, size_t length) {
  static const char DIGITS[] = "0123456789abcdef";
  size_t at = 0;
  keysAnswer[at++] = 'o';
  keysAnswer[at++] = 'k';
  if (length > 0) keysAnswer[at++] = ' ';
  for (size_t i = 0; i < length && at + 3u < sizeof keysAnswer; i++) {
    keysAnswer[at++] = DIGITS[frame[i] >> 4];
    keysAnswer[at++] = DIGITS[frame[i] & 15u];
  }
  keysAnswer[at] = '\0';
  rig.keysAnswerReady = true;
}

int rig_take_nv_erase(void) {
  bool erase = rig.eraseNv;
  rig.eraseNv = false;
  return erase;
}

static bool parse_u64(const char* text, uint64_t* value) {
  if (text == NULL || *text == '\0') return false;
  uint64_t v = 0;
  for (; *text != '\0'; text++) {
    if (*text < '0' || *text > '9' || v > (UINT64_MAX - 9u) / 10u) return false;
    v = v * 10u + (uint64_t)(*text - '0');
  }
  *value = v;
  return true;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Hex text → bytes in place; the count, or -1. */
static int32_t decode_hex(char* text, uint8_t* out, uint32_t max) {
  uint32_t length = (uint32_t)strlen(text);
  if (length % 2u != 0u || length / 2u > max) return -1;
  for (uint32_t i = 0; i < length / 2u; i++) {
    int high = hex_digit(text[2 * i]), low = hex_digit(text[2 * i + 1]);
    if (high < 0 || low < 0) return -1;
    out[i] = (uint8_t)(high << 4 | low);
  }
  return (int32_t)(length / 2u);
}

/* Each changed sensor its own setSensorFaults, bit 0 first, as the virtual pump's control channel does. */
static void queue_faults(uint32_t mask) {
  for (uint32_t bit = 0; bit < SENSOR_BITS; bit++) {
    uint32_t flag = 1u << bit;
    if ((rig.faultMask & flag) == (mask & flag)) continue;
    rig.faultMask ^= flag;
    rig.maskQueue[rig.maskQueued++] = rig.faultMask;
  }
}

static bool parse_faults(const char* names, uint32_t* mask) {
  static const char* const NAMES[SENSOR_BITS] = {"OCCLUSION", "AIR_IN_LINE", "DOOR_OPEN", "LOW_BATTERY"};
  *mask = 0;
  if (strcmp(names, "none") == 0) return true;
  const char* at = names;
  while (*at != '\0') {
    const char* end = at;
    while (*end != '\0' && *end != ',') end++;
    bool known = false;
    for (uint32_t bit = 0; bit < SENSOR_BITS; bit++)
      if (strlen(NAMES[bit]) == (size_t)(end - at) && strncmp(NAMES[bit], at, (size_t)(end - at)) == 0) {
        *mask |= 1u << bit;
        known = true;
      }
    if (!known) return false;
    at = *end == ',' ? end + 1 : end;
  }
  return true;
}

static void execute(char* text) {
  char* words[6] = {0};
  uint32_t count = 0;
  for (char* p = text; *p != '\0' && count < 6;) {
    while (*p == ' ') *p++ = '\0';
    if (*p == '\0') break;
    words[count++] = p;
    while (*p != '\0' && *p != ' ') p++;
  }
  const char* command = count > 0 ? words[0] : "";
  uint64_t value;
  if (strcmp(command, "reset") == 0 && count == 2) {
    int32_t length = decode_hex(words[1], (uint8_t*)words[1], LINE_BYTES / 2u);
    if (length <= 0) return answer_line("error reset needs the library file in hex", NULL);
    static const uint64_t CLEAN[3] = {0, 0, 0};
    impair(&rig.toPump, CLEAN, 0, 1);
    impair(&rig.toHost, CLEAN, 0, 2);
    rig.faultMask = 0;
    rig.maskQueued = 0;
    rig.hasContainer = false;
    rig.meterUnits = 0;
    rig.txBytes = 0;
    rig.rxBytes = 0;
    rig.keysLength = 0;
    rig.keysPending = false;
    rig.eraseNv = true;
    rig.powerCycle = true;
    rig.loadLibrary = true;
    rig.library = (const uint8_t*)words[1];
    rig.libraryLength = (uint32_t)length;
    rig.awaitingHost = true;
    rig.awaitedEvent = HOST_EVENT_LIBRARY_LOADED;
  } else if (strcmp(command, "power-cycle") == 0 && count == 1) {
    rig.powerCycle = true;
    /* The sensors report again to the new instance (VirtualPump.powerLoss → reportSensors). */
    if (rig.faultMask != 0) rig.maskQueue[rig.maskQueued++] = rig.faultMask;
    rig.answerWhenDone = true;
  } else if ((strcmp(command, "faults") == 0 && count == 2) || (strcmp(command, "idle") == 0 && count == 1)) {
    uint32_t mask;
    if (!parse_faults(count == 2 ? words[1] : "none", &mask))
      return answer_line("error unknown fault: write OCCLUSION, AIR_IN_LINE, DOOR_OPEN, LOW_BATTERY or none", NULL);
    queue_faults(mask);
    rig.answerWhenDone = true;
  } else if (strcmp(command, "provision-key") == 0 && count == 2) {
    if (strlen(words[1]) != 2u * BOARD_PUBLIC_KEY_BYTES || decode_hex(words[1], rig.publicKey, BOARD_PUBLIC_KEY_BYTES) < 0)
      return answer_line("error provision-key needs the 32-byte public key as 64 hex digits", NULL);
    rig.provisionKey = true;
    rig.awaitingHost = true;
    rig.awaitedEvent = HOST_EVENT_KEY_PROVISIONED;
  } else if (strcmp(command, "reservoir") == 0 && count == 2 && parse_u64(words[1], &value) && value > 0 &&
             value <= UINT64_MAX / UNITS_PER_UL) {
    rig.hasContainer = true;
    rig.containerUnits = value * UNITS_PER_UL;
    rig.answerWhenDone = true; /* after the air check the next wake-up makes */
  } else if (strcmp(command, "advance") == 0 && count == 2 && parse_u64(words[1], &value)) {
    rig.advanceLeftMs = value;
    rig.answerWhenDone = true;
  } else if (strcmp(command, "motor") == 0 && count == 1) {
    answer_number((uint64_t)rig.motorRateUlPerHour);
  } else if (strcmp(command, "tap") == 0 && count == 1) {
    char numbers[44];
    uint64_t values[2] = {rig.rxBytes, rig.txBytes};
    size_t at = sizeof numbers - 1;
    numbers[at] = '\0';
    for (int v = 1; v >= 0; v--) {
      uint64_t value = values[v];
      do {
        numbers[--at] = (char)('0' + value % 10u);
        value /= 10u;
      } while (value != 0u);
      if (v == 1) numbers[--at] = ' ';
    }
    answer_line("ok", &numbers[at]);
  } else if (strcmp(command, "delivered") == 0 && count == 1) {
    answer_number(rig.meterUnits / UNITS_PER_UL);
  } else if (strcmp(command, "weigh") == 0 && count == 2 && parse_u64(words[1], &value) &&
             value <= UINT64_MAX - rig.meterUnits) {
    rig.meterUnits += value;
    answer_line("ok", NULL);
  } else if (strcmp(command, "local") == 0 && count == 2) {
    int32_t length = decode_hex(words[1], keysFrame, KEYS_FRAME_BYTES);
    if (length <= 0) return answer_line("error local needs one encoded request frame in hex (at most 1,030 bytes)", NULL);
    rig.keysLength = (uint32_t)length;
    rig.keysPending = true;
  } else if (strcmp(command, "line") == 0 && count == 5) {
    uint64_t thresholds[3], seed;
    if (!parse_u64(words[1], &thresholds[0]) || !parse_u64(words[3], &thresholds[1]) ||
        !parse_u64(words[2], &thresholds[2]) || !parse_u64(words[4], &seed) || seed > UINT32_MAX)
      return answer_line("error line needs four whole numbers: drop duplicate corrupt seed", NULL);
    impair(&rig.toPump, thresholds, (uint32_t)seed, 1);
    impair(&rig.toHost, thresholds, (uint32_t)seed, 2);
    answer_line("ok", NULL);
  } else {
    answer_line("error unknown command or arguments: reset, power-cycle, faults, idle, provision-key, reservoir, "
                "advance, motor, delivered, weigh, line, tap, local",
                NULL);
  }
}

/* Complete command lines waiting in the ring; executes at most one. */
static void read_commands(void) {
  while (rxTail != rxHead) {
    char c = (char)rxRing[rxTail];
    rxTail = (rxTail + 1) % RX_RING_BYTES;
    if (c == '\r') continue;
    if (c == '\n') {
      line[lineLength] = '\0';
      bool tooLong = lineTooLong;
      lineLength = 0;
      lineTooLong = false;
      if (tooLong) answer_line("error command line too long", NULL);
      else if (line[0] != '\0') execute(line);
      return;
    }
    if (lineLength + 1u < LINE_BYTES) line[lineLength++] = c;
    else lineTooLong = true;
  }
}

/* Whole ms until the motor has drawn the container's last µL (rounded up), 0 when never. */
static uint64_t ms_until_empty(void) {
  if (!rig.hasContainer || rig.motorRateUlPerHour <= 0 || rig.containerUnits == 0u) return 0;
  uint64_t rate = (uint64_t)rig.motorRateUlPerHour;
  return (rig.containerUnits + rate - 1u) / rate;
}

int rig_next_wakeup(board_wakeup_t* wakeup, int uartBytes) {
  if (rig.hostAnswerReady) {
    rig.hostAnswerReady = false;
    answer_line(rig.hostAnswer, NULL);
  }
  if (rig.keysIssued) {
    /* The loop handled the key request (and drained) since the wake-up, or could not (no live
     * instance): either way the rig answers now, so the plug-in never waits forever. */
    rig.keysIssued = false;
    rig.keysLength = 0;
    if (!rig.keysAnswerReady) rig_keys_answer(NULL, 0);
  }
  if (rig.keysAnswerReady) {
    rig.keysAnswerReady = false;
    answer_line(keysAnswer, NULL);
  }
  for (;;) {
    /* A motor drawing from an empty container pumps air, and the detector sees it at once. */
    if (rig.hasContainer && rig.containerUnits == 0u && rig.motorRateUlPerHour != 0 &&
        (rig.faultMask & AIR_IN_LINE_BIT) == 0u) {
      rig.faultMask |= AIR_IN_LINE_BIT;
      wakeup->reasons = BOARD_WAKE_SENSORS;
      wakeup->sensorMask = rig.faultMask;
      return 1;
    }
    if (rig.powerCycle) {
      rig.powerCycle = false;
      wakeup->reasons = BOARD_WAKE_POWER_CYCLE;
      return 1;
    }
    if (rig.maskQueued > 0) {
      wakeup->reasons = BOARD_WAKE_SENSORS;
      wakeup->sensorMask = rig.maskQueue[0];
      rig.maskQueued--;
      memmove(rig.maskQueue, rig.maskQueue + 1, rig.maskQueued * sizeof rig.maskQueue[0]);
      return 1;
    }
    if (rig.loadLibrary) {
      rig.loadLibrary = false;
      wakeup->reasons = BOARD_WAKE_LOAD_LIBRARY;
      wakeup->libraryImage = rig.library;
      wakeup->libraryLength = rig.libraryLength;
      return 1;
    }
    if (rig.provisionKey) {
      rig.provisionKey = false;
      wakeup->reasons = BOARD_WAKE_PROVISION_KEY;
      memcpy(wakeup->publicKey, rig.publicKey, BOARD_PUBLIC_KEY_BYTES);
      return 1;
    }
    if (rig.keysPending) {
      rig.keysPending = false;
      rig.keysIssued = true;
      wakeup->reasons = BOARD_WAKE_KEYS;
      return 1;
    }
    if (rig.advanceLeftMs > 0u) {
      /* VirtualPump.advance: a control period, cut short where the container runs dry; the motor's
       * rate at the start of the step is what the balance sees for all of it. */
      uint64_t step = rig.advanceLeftMs < CONTROL_PERIOD_MS ? rig.advanceLeftMs : CONTROL_PERIOD_MS;
      uint64_t untilEmpty = ms_until_empty();
      if (untilEmpty != 0u && untilEmpty < step) step = untilEmpty;
      uint64_t moved = (uint64_t)rig.motorRateUlPerHour * step;
      rig.meterUnits += moved;
      if (rig.hasContainer) rig.containerUnits = moved >= rig.containerUnits ? 0u : rig.containerUnits - moved;
      rig.advanceLeftMs -= step;
      wakeup->reasons = BOARD_WAKE_TIME | (uartBytes ? BOARD_WAKE_UART : 0u);
      wakeup->elapsedMs = (uint32_t)step;
      return 1;
    }
    if (rig.answerWhenDone) {
      rig.answerWhenDone = false;
      answer_line("ok", NULL);
    }
    if (uartBytes) {
      wakeup->reasons = BOARD_WAKE_UART;
      return 1;
    }
    if (rig.awaitingHost || rig.keysIssued || rxHead == rxTail) return 0;
    read_commands();
  }
}
