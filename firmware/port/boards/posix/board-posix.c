/*
 * The POSIX board (docs/mcu-port.md §4): the host loop on a PC, driven by a test. The UART and the
 * timer are a line script on stdin so that a test decides the order of bytes and time exactly
 * (simulated time only: nothing here reads a clock); the NV flash is a file written atomically
 * (temporary file, then rename). Script lines:
 *   rx <hex>         bytes arrive on the UART
 *   local <hex>      one encoded request frame from the pump's own keys (receiveLocal, issue 13)
 *   tick <ms>        the timer measured <ms> elapsed (0 allowed: the firmware still ticks)
 *   faults <mask>    the sensors report a new fault mask
 *   power-cycle      power lost and back
 *   ack-alarm        a person acknowledges the host's alarm
 *   nv-fail on|off   the NV file cannot / can be written again
 *   trap-next        (PORT_TEST_HOOKS) the next export call traps after it ran
 *   quit             end (also at end of input)
 * Output on stdout, one line per event: "host <EVENT> <detail>" as they happen, and after each
 * step "step tx=<hex> motor=<µL/h>" with every byte the UART sent during the step, and after a
 * `local` step " local=<hex>": the answer the host loop routed to the keys (empty when none).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "board.h"
#include "board-posix.h"

static const char* nvPath;
static uint8_t* savedNv;      /* what the file holds (the board's view of its flash) */
static uint32_t savedNvSize;
static int nvFailing;

static uint8_t* rxBytes;      /* the current rx line's bytes, handed out by board_uart_read */
static size_t rxLength, rxAt;
static size_t rxCapacity;

static uint8_t* txBytes;      /* what the UART sent during the current step */
static size_t txLength, txCapacity;

static uint8_t* keysFrame;    /* the current local line's frame, handed out once by board_keys_read */
static size_t keysLength, keysCapacity;
static int keysStep;          /* the step was a `local` one: its output names the keys' answer */
static uint8_t* keysAnswer;
static size_t keysAnswerLength, keysAnswerCapacity;

static int64_t motorRateUlPerHour;
static int started;

static void* grow(void* buffer, size_t* capacity, size_t needed) {
  if (needed <= *capacity) return buffer;
  size_t next = *capacity == 0 ? 4096 : *capacity;
  while (next < needed) next *= 2;
  void* bigger = realloc(buffer, next);
  if (bigger == NULL) {
    fprintf(stderr, "board-posix: out of memory\n");
    exit(3);
  }
  *capacity = next;
  return bigger;
}

void board_posix_configure(const char* nvFilePath) { nvPath = nvFilePath; }

void board_init(void) {}

static void flush_step(void) {
  printf("step tx=");
  for (size_t i = 0; i < txLength; i++) printf("%02x", txBytes[i]);
  printf(" motor=%lld", (long long)motorRateUlPerHour);
  if (keysStep) {
    printf(" local=");
    for (size_t i = 0; i < keysAnswerLength; i++) printf("%02x", keysAnswer[i]);
  }
  printf("\n");
  fflush(stdout);
  txLength = 0;
  keysStep = 0;
  keysAnswerLength = 0;
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Hex text → *bytes (grown as needed); the byte count, or -1. */
static long parse_hex_into(const char* text, uint8_t** bytes, size_t* capacity) {
  size_t digits = strlen(text);
  while (digits > 0 && (text[digits - 1] == '\n' || text[digits - 1] == '\r' || text[digits - 1] == ' ')) digits--;
  if (digits % 2 != 0) return -1;
  *bytes = grow(*bytes, capacity, digits / 2 + 1);
  for (size_t i = 0; i < digits / 2; i++) {
    int high = hex_value(text[2 * i]), low = hex_value(text[2 * i + 1]);
    if (high < 0 || low < 0) return -1;
    (*bytes)[i] = (uint8_t)(high * 16 + low);
  }
  return (long)(digits / 2);
}

static int parse_hex(const char* text) {
  long length = parse_hex_into(text, &rxBytes, &rxCapacity);
  if (length < 0) return -1;
  rxLength = (size_t)length;
  rxAt = 0;
  return 0;
}

static uint32_t parse_u32(const char* text, const char* what, unsigned long lineNumber) {
  char* end;
  errno = 0;
  unsigned long value = strtoul(text, &end, 0);
  if (errno != 0 || end == text || value > UINT32_MAX || (*end != '\0' && *end != '\n' && *end != '\r')) {
    fprintf(stderr, "board-posix: line %lu: %s must be an unsigned 32-bit integer, got \"%s\"\n", lineNumber, what, text);
    exit(2);
  }
  return (uint32_t)value;
}

void board_wait(board_wakeup_t* wakeup) {
  static char* line;
  static size_t lineCapacity;
  static unsigned long lineNumber;
  /* Every wake-up but the first ends the previous step (power-on is step 0). */
  flush_step();
  started = 1;
  for (;;) {
    ssize_t got = getline(&line, &lineCapacity, stdin);
    lineNumber++;
    if (got < 0 || strncmp(line, "quit", 4) == 0) {
      wakeup->reasons = BOARD_WAKE_SHUTDOWN;
      return;
    }
    if (strncmp(line, "rx ", 3) == 0) {
      if (parse_hex(line + 3) != 0) {
        fprintf(stderr, "board-posix: line %lu: rx needs an even number of hex digits\n", lineNumber);
        exit(2);
      }
      wakeup->reasons = BOARD_WAKE_UART;
      return;
    }
    if (strncmp(line, "local ", 6) == 0) {
      long length = parse_hex_into(line + 6, &keysFrame, &keysCapacity);
      if (length <= 0) {
        fprintf(stderr, "board-posix: line %lu: local needs one frame as an even number of hex digits\n", lineNumber);
        exit(2);
      }
      keysLength = (size_t)length;
      keysStep = 1;
      wakeup->reasons = BOARD_WAKE_KEYS;
      return;
    }
    if (strncmp(line, "tick ", 5) == 0) {
      wakeup->reasons = BOARD_WAKE_TIME;
      wakeup->elapsedMs = parse_u32(line + 5, "tick", lineNumber);
      return;
    }
    if (strncmp(line, "faults ", 7) == 0) {
      wakeup->reasons = BOARD_WAKE_SENSORS;
      wakeup->sensorMask = parse_u32(line + 7, "faults", lineNumber);
      return;
    }
    if (strncmp(line, "power-cycle", 11) == 0) {
      wakeup->reasons = BOARD_WAKE_POWER_CYCLE;
      return;
    }
    if (strncmp(line, "ack-alarm", 9) == 0) {
      wakeup->reasons = BOARD_WAKE_ACK_ALARM;
      return;
    }
    if (strncmp(line, "trap-next", 9) == 0) {
      wakeup->reasons = BOARD_WAKE_TEST_TRAP;
      return;
    }
    if (strncmp(line, "nv-fail ", 8) == 0) {
      nvFailing = strncmp(line + 8, "on", 2) == 0;
      wakeup->reasons = 0;
      return;
    }
    fprintf(stderr, "board-posix: line %lu: unknown command \"%.40s\"\n", lineNumber, line);
    exit(2);
  }
}

size_t board_uart_read(uint8_t* dst, size_t max) {
  size_t length = rxLength - rxAt < max ? rxLength - rxAt : max;
  memcpy(dst, rxBytes + rxAt, length);
  rxAt += length;
  return length;
}

/* The script's `local` frame, once: the hosted board's keys (docs/host-contract.md §12). */
size_t board_keys_read(uint8_t* dst, size_t max) {
  if (keysLength == 0) return 0;
  if (keysLength > max) {
    fprintf(stderr, "board-posix: a local frame of %zu bytes is longer than the receive buffer (%zu)\n", keysLength, max);
    exit(2);
  }
  memcpy(dst, keysFrame, keysLength);
  size_t length = keysLength;
  keysLength = 0;
  return length;
}

void board_keys_answer(const uint8_t* frame, size_t length) {
  keysAnswer = grow(keysAnswer, &keysAnswerCapacity, keysAnswerLength + length + 1);
  if (length > 0) memcpy(keysAnswer + keysAnswerLength, frame, length);
  keysAnswerLength += length;
}

void board_uart_write(const uint8_t* src, size_t length) {
  txBytes = grow(txBytes, &txCapacity, txLength + length);
  memcpy(txBytes + txLength, src, length);
  txLength += length;
}

int board_nv_load(uint8_t* dst, uint32_t size) {
  free(savedNv);
  savedNv = calloc(size, 1);
  savedNvSize = size;
  if (savedNv == NULL) {
    fprintf(stderr, "board-posix: out of memory\n");
    exit(3);
  }
  FILE* file = nvPath == NULL ? NULL : fopen(nvPath, "rb");
  if (file == NULL) return 0;
  size_t got = fread(savedNv, 1, size, file);
  int extra = fgetc(file);
  fclose(file);
  if (got == 0 && extra == EOF) return 0; /* an empty file: a blank pump, as no file */
  if (got != size || extra != EOF) {
    /* Another memory profile's NV (docs/abi.md §2.1) or not an NV file: starting blank would
     * overwrite it at the first save, so the host refuses to start and leaves the file as it is. */
    fprintf(stderr,
            "board-posix: %s holds %zu%s bytes, not the NV region's %u (another memory profile's NV, or not an NV "
            "file): not started, the file is left as it is\n",
            nvPath, got, extra != EOF ? "+" : "", size);
    exit(2);
  }
  memcpy(dst, savedNv, size);
  return 1;
}

int board_nv_save(const uint8_t* region, uint32_t start, uint32_t end) {
  if (nvFailing || savedNv == NULL || start > end || end > savedNvSize) return -1;
  memcpy(savedNv + start, region + start, end - start);
  if (nvPath == NULL) return 0;
  /* Atomic as seen by the next power-on: a complete new file, then rename over the old one. */
  size_t pathLength = strlen(nvPath);
  char* temporary = malloc(pathLength + 5);
  if (temporary == NULL) return -1;
  memcpy(temporary, nvPath, pathLength);
  memcpy(temporary + pathLength, ".tmp", 5);
  FILE* file = fopen(temporary, "wb");
  int ok = file != NULL && fwrite(savedNv, 1, savedNvSize, file) == savedNvSize;
  if (file != NULL) ok = fclose(file) == 0 && ok;
  ok = ok && rename(temporary, nvPath) == 0;
  free(temporary);
  return ok ? 0 : -1;
}

void board_motor_set(int64_t rateUlPerHour) { motorRateUlPerHour = rateUlPerHour; }

void board_host_event(host_event_t event, const char* detail) {
  static const char* const NAMES[] = {
    "?", "POWER_ON", "FIRMWARE_TRAP", "RESTART_AFTER_FAILURE", "NV_SAVE_FAILED", "NV_SAVE_RECOVERED", "ALARM_RAISED", "ALARM_CLEARED", "FATAL", "KEY_PROVISIONED", "LIBRARY_LOADED",
  };
  const char* name = (unsigned)event < sizeof NAMES / sizeof NAMES[0] ? NAMES[event] : "?";
  printf("host %s%s%s\n", name, detail[0] != '\0' ? " " : "", detail);
  fflush(stdout);
  (void)started;
}
