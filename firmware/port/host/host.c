/*
 * The portable host loop (docs/host-contract.md, docs/mcu-port.md): the firmware module translated
 * to C by wasm2c, run on a board (board.h) by the rules a host must keep —
 *   §2 restore NV before init(), save once after it, then whenever nvGeneration() changed (the
 *      library part first, when libraryGeneration() changed); a failed save is the NV_STORAGE
 *      fault (bit 4) until a save succeeds again;
 *   §4 tick with the elapsed time the board's timer measured;
 *   §6 received bytes in rxBufferSize() chunks, transmit drained after every call that may queue;
 *   §7 a trap stops the motor first, raises the host's alarm, discards the instance (never saved)
 *      and restarts from the last saved NV with nothing running;
 *   §9 the motor at motorRate() after every export call.
 * The loop follows simulator/pump/pump-host.ts call for call, so the same inputs give the same
 * bytes (tests/mcu/port-differential.test.ts).
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "ders-abi.h"
#include "ders.h"
#include "host.h"
#include "port-rt.h"

/* ders-abi.h is generated from the modules in firmware/abi (release/abi-header.ts): no constant is retyped here. */
#define SENSOR_NV_STORAGE_BIT (1u << DERS_SENSOR_FAULT_NV_STORAGE)
#define MAX_TICK_MS 0x7fffffffu

typedef enum {
  EXPORT_INSTANTIATE,
  EXPORT_INIT,
  EXPORT_RECEIVE,
  EXPORT_TRANSMIT,
  EXPORT_TICK,
  EXPORT_SET_SENSOR_FAULTS,
  EXPORT_NV_GENERATION,
  EXPORT_LIBRARY_GENERATION,
  EXPORT_PROVISION_PUBLIC_KEY,
  EXPORT_LIBRARY_LOAD,
  EXPORT_RECEIVE_LOCAL,
} export_id_t;

static const char* const EXPORT_NAMES[] = {
  "instantiate", "init", "receive", "transmit", "tick", "setSensorFaults", "nvGeneration", "libraryGeneration",
  "provisionPublicKey", "libraryLoad",
  "receiveLocal",
};

/* The one instance (the runtime's memory is static: one at a time). */
static Z_ders_instance_t instance;

static struct {
  bool live;             /* an instance exists and has not trapped */
  bool failed;           /* the instance trapped: restart before serving again */
  bool alarm;            /* the host's FIRMWARE_TRAP alarm, until a person acknowledges it */
  bool trapNext;         /* test hook (PORT_TEST_HOOKS): the next export call traps after running */
  uint8_t* memory;
  uint32_t nvOffset, nvSize, firmwareNvStart; /* firmwareNvStart: the header's offset inside the NV region */
  uint32_t rxOffset, rxSize, txOffset, txSize;
  uint32_t savedGeneration, savedLibraryGeneration;
  uint32_t sensorMask;   /* what the sensors last reported (without the host's NV_STORAGE bit) */
  bool storageFailed, storageRecovered;
  int64_t motorRateUlPerHour;
} host;

static uint32_t invoke(export_id_t which, uint32_t arg) {
  switch (which) {
    case EXPORT_INSTANTIATE: Z_ders_instantiate(&instance); return 0;
    case EXPORT_INIT: return Z_dersZ_init(&instance);
    case EXPORT_RECEIVE: return Z_dersZ_receive(&instance, arg);
    case EXPORT_TRANSMIT: return Z_dersZ_transmit(&instance, arg);
    case EXPORT_TICK: return Z_dersZ_tick(&instance, arg);
    case EXPORT_SET_SENSOR_FAULTS: return Z_dersZ_setSensorFaults(&instance, arg);
    case EXPORT_NV_GENERATION: return Z_dersZ_nvGeneration(&instance);
    case EXPORT_LIBRARY_GENERATION: return Z_dersZ_libraryGeneration(&instance);
    case EXPORT_PROVISION_PUBLIC_KEY: return Z_dersZ_provisionPublicKey(&instance);
    case EXPORT_LIBRARY_LOAD: return Z_dersZ_libraryLoad(&instance, arg);
    case EXPORT_RECEIVE_LOCAL: return Z_dersZ_receiveLocal(&instance, arg);
  }
  return 0;
}

static void follow_motor(int64_t rateUlPerHour) {
  if (rateUlPerHour == host.motorRateUlPerHour) return;
  host.motorRateUlPerHour = rateUlPerHour;
  board_motor_set(rateUlPerHour);
}

static void stop_motor(void) {
  host.motorRateUlPerHour = 0;
  board_motor_set(0);
}

/* §7: motor first, then the alarm, then the instance is gone — its memory is never saved. */
static void fail(export_id_t which, int trap) {
  stop_motor();
  host.live = false;
  host.failed = true;
  char detail[96];
  const char* name = EXPORT_NAMES[which];
  const char* message = wasm_rt_strerror((wasm_rt_trap_t)trap);
  size_t at = 0;
  for (const char* p = name; *p != '\0' && at < sizeof detail - 1; p++) detail[at++] = *p;
  for (const char* p = ": "; *p != '\0' && at < sizeof detail - 1; p++) detail[at++] = *p;
  for (const char* p = message; *p != '\0' && at < sizeof detail - 1; p++) detail[at++] = *p;
  detail[at] = '\0';
  board_host_event(HOST_EVENT_FIRMWARE_TRAP, detail);
  if (!host.alarm) {
    host.alarm = true;
    board_host_event(HOST_EVENT_ALARM_RAISED, "FIRMWARE_TRAP");
  }
  Z_ders_free(&instance);
}

/*
 * Every export call goes through here: a trap anywhere inside (the export, or motorRate() after
 * it) lands at the setjmp and fails the pump. False when the instance is gone (trapped now or before).
 */
static bool call_export(export_id_t which, uint32_t arg, uint32_t* result) {
  if (!host.live && which != EXPORT_INSTANTIATE) return false;
  WASM_RT_UNWIND_TARGET target;
  wasm_rt_set_unwind_target(&target);
  int trap = wasm_rt_try(target);
  if (trap != 0) {
    wasm_rt_set_unwind_target(NULL);
    fail(which, trap);
    return false;
  }
  uint32_t value = invoke(which, arg);
  if (which == EXPORT_INSTANTIATE) host.live = true;
#ifdef PORT_TEST_HOOKS
  if (host.trapNext) {
    host.trapNext = false;
    wasm_rt_trap(WASM_RT_TRAP_UNREACHABLE); /* after the export ran for real, as tests/host/pump-host.test.ts injects */
  }
#endif
  int64_t rateUlPerHour = (int64_t)Z_dersZ_motorRate(&instance);
  wasm_rt_set_unwind_target(NULL);
  follow_motor(rateUlPerHour);
  if (result != NULL) *result = value;
  return true;
}

static bool call_and_save(export_id_t which, uint32_t arg, uint32_t* result);

/* A save; a failure raises NV_STORAGE through the firmware once (§2 rule 6). False when it failed. */
static bool persist(uint32_t start, uint32_t end) {
  if (board_nv_save(host.memory + host.nvOffset, start, end) != 0) {
    if (host.storageFailed) return false;
    host.storageFailed = true;
    board_host_event(HOST_EVENT_NV_SAVE_FAILED, "");
    call_export(EXPORT_SET_SENSOR_FAULTS, host.sensorMask | SENSOR_NV_STORAGE_BIT, NULL);
    return false;
  }
  if (host.storageFailed) {
    host.storageFailed = false;
    host.storageRecovered = true;
  }
  return true;
}

/*
 * §2 rule 3: the header and log when the generation moved; first, when libraryGeneration() moved
 * too, the library bytes the firmware wrote (libraryChangedOffset/Size: a transfer's chunks), not
 * the whole library region — on flash, a few KiB instead of 4 MiB per transfer.
 */
static void save_if_changed(void) {
  uint32_t generation, libraryGeneration;
  if (!call_export(EXPORT_NV_GENERATION, 0, &generation)) return;
  if (generation == host.savedGeneration) return;
  if (!call_export(EXPORT_LIBRARY_GENERATION, 0, &libraryGeneration)) return;
  if (libraryGeneration != host.savedLibraryGeneration) {
    uint32_t changedStart = Z_dersZ_libraryChangedOffset(&instance) - host.nvOffset;
    uint32_t changedEnd = changedStart + Z_dersZ_libraryChangedSize(&instance);
    if (!persist(changedStart, changedEnd)) return;
  }
  if (!persist(host.firmwareNvStart, host.nvSize)) return;
  host.savedGeneration = generation;
  host.savedLibraryGeneration = libraryGeneration;
}

/* After the first save that worked again: NV_STORAGE cleared (FAULT_CLEARED, itself saved). */
static void clear_recovered_storage_fault(void) {
  if (!host.storageRecovered || !host.live) return;
  host.storageRecovered = false;
  board_host_event(HOST_EVENT_NV_SAVE_RECOVERED, "");
  call_and_save(EXPORT_SET_SENSOR_FAULTS, host.sensorMask, NULL);
}

static bool call_and_save(export_id_t which, uint32_t arg, uint32_t* result) {
  if (!call_export(which, arg, result)) return false;
  save_if_changed();
  clear_recovered_storage_fault();
  return host.live;
}

/* §6: everything queued goes to the UART. */
static void drain_transmit(void) {
  for (;;) {
    uint32_t count;
    if (!call_and_save(EXPORT_TRANSMIT, host.txSize, &count) || count == 0 || count > host.txSize) return;
    board_uart_write(host.memory + host.txOffset, count);
  }
}

/* §2 rules 1–2, §3: a new instance, NV restored, init(), one unconditional save. False: cannot run here. */
static bool power_on(void) {
  host.sensorMask = 0; /* a new instance knows no fault: the sensors report again */
  host.storageFailed = false;
  host.storageRecovered = false;
  if (!call_export(EXPORT_INSTANTIATE, 0, NULL)) {
    board_host_event(HOST_EVENT_FATAL, "instantiation trapped");
    return false;
  }
  if (Z_dersZ_abiVersion(&instance) != DERS_ABI_VERSION) {
    board_host_event(HOST_EVENT_FATAL, "firmware ABI version differs from firmware/abi/codes.ts: rebuild the port");
    return false;
  }
  host.memory = Z_dersZ_memory(&instance)->data;
  host.nvOffset = Z_dersZ_nvRegionOffset(&instance);
  host.nvSize = Z_dersZ_nvRegionSize(&instance);
  /* The NV header starts right after the library region (docs/abi.md §2). */
  host.firmwareNvStart = Z_dersZ_libraryRegionOffset(&instance) + Z_dersZ_libraryRegionSize(&instance) - host.nvOffset;
  host.rxOffset = Z_dersZ_rxBufferOffset(&instance);
  host.rxSize = Z_dersZ_rxBufferSize(&instance);
  host.txOffset = Z_dersZ_txBufferOffset(&instance);
  host.txSize = Z_dersZ_txBufferSize(&instance);
  int restored = board_nv_load(host.memory + host.nvOffset, host.nvSize);
  board_host_event(HOST_EVENT_POWER_ON, restored == 1 ? "restored" : "blank");
  if (!call_export(EXPORT_INIT, 0, NULL)) return false;
  if (persist(host.firmwareNvStart, host.nvSize)) {
    if (!call_export(EXPORT_NV_GENERATION, 0, &host.savedGeneration)) return false;
    if (!call_export(EXPORT_LIBRARY_GENERATION, 0, &host.savedLibraryGeneration)) return false;
  }
  drain_transmit();
  return host.live;
}

static void discard_instance(void) {
  if (host.live) Z_ders_free(&instance);
  host.live = false;
}

static void handle_time(uint32_t elapsedMs) {
  uint32_t left = elapsedMs;
  do {
    uint32_t step = left > MAX_TICK_MS ? MAX_TICK_MS : left;
    uint32_t status;
    if (!call_and_save(EXPORT_TICK, step, &status) || status != 0) return;
    left -= step;
  } while (left > 0);
}

static void handle_uart(void) {
  for (;;) {
    size_t length = board_uart_read(host.memory + host.rxOffset, host.rxSize);
    if (length == 0) return;
    if (!call_and_save(EXPORT_RECEIVE, (uint32_t)length, NULL)) return;
  }
}

/*
 * The head of an encoded frame (docs/protocol.md §1–2): its first FRAME_CODE + 2 decoded bytes,
 * COBS-decoded as far as they go — what routing needs (type, sequence, code), no check. False when
 * the frame is shorter. `length` excludes the delimiter.
 */
#define HEAD_BYTES (DERS_FRAME_CODE + 2u)
typedef struct {
  uint8_t type;
  uint16_t sequence, code;
} frame_head_t;

static bool read_head(const uint8_t* encoded, size_t length, frame_head_t* head) {
  uint8_t decoded[HEAD_BYTES];
  size_t have = 0, at = 0;
  while (have < HEAD_BYTES && at < length) {
    uint8_t block = encoded[at++];
    if (block == DERS_FRAME_DELIMITER) return false;
    for (uint8_t k = 1; k < block && have < HEAD_BYTES; k++) {
      if (at >= length) return false;
      decoded[have++] = encoded[at++];
    }
    /* A block stands for its bytes and one 0x00, unless it is full (0xFF) or the frame's last. */
    if (have < HEAD_BYTES && block != 0xFFu && at < length) decoded[have++] = 0;
  }
  if (have < HEAD_BYTES) return false;
  head->type = decoded[DERS_FRAME_TYPE];
  head->sequence = (uint16_t)(decoded[DERS_FRAME_SEQUENCE] | decoded[DERS_FRAME_SEQUENCE + 1] << 8);
  head->code = (uint16_t)(decoded[DERS_FRAME_CODE] | decoded[DERS_FRAME_CODE + 1] << 8);
  return true;
}

/* One output frame of the firmware at a time, for the split below (its encoded bytes and delimiter). */
static uint8_t outputFrame[DERS_MAX_ENCODED_FRAME + 1];

/*
 * What the firmware queued after a local request, split as the virtual pump's local port splits it
 * (simulator/virtual-pump/local-port.ts, routeLocalOutput; host-contract.md §12 rule 3): the
 * RESPONSE with the request's sequence and code goes to the keys' side (board_keys_answer), every
 * other frame — the EVENT frames the request wrote — to the serial line, in order. The firmware's
 * own frames are well formed, so their head decides; a run longer than any frame goes to the line.
 */
static void route_local_output(bool known, frame_head_t request) {
  bool answered = false, overlong = false;
  size_t held = 0;
  for (;;) {
    uint32_t count;
    if (!call_and_save(EXPORT_TRANSMIT, host.txSize, &count) || count == 0 || count > host.txSize) break;
    const uint8_t* bytes = host.memory + host.txOffset;
    for (uint32_t i = 0; i < count; i++) {
      if (held == sizeof outputFrame) {
        board_uart_write(outputFrame, held);
        held = 0;
        overlong = true;
      }
      outputFrame[held++] = bytes[i];
      if (bytes[i] != DERS_FRAME_DELIMITER) continue;
      frame_head_t head;
      if (!answered && !overlong && known && read_head(outputFrame, held - 1, &head) &&
          head.type == DERS_FRAME_TYPE_RESPONSE && head.sequence == request.sequence && head.code == request.code) {
        board_keys_answer(outputFrame, held);
        answered = true;
      } else {
        board_uart_write(outputFrame, held);
      }
      held = 0;
      overlong = false;
    }
  }
  if (held > 0) board_uart_write(outputFrame, held);
  if (!answered) board_keys_answer(NULL, 0);
}

/*
 * Issue 13 (docs/host-contract.md §12): each frame of the pump's own keys, one per receiveLocal
 * call, as VirtualPump.localRequest: what the serial line's requests queued leaves first (it is the
 * line's), then the frame, then its output split between the keys and the line.
 */
static void handle_keys(void) {
  for (;;) {
    drain_transmit();
    if (!host.live) return;
    size_t length = board_keys_read(host.memory + host.rxOffset, host.rxSize);
    if (length == 0) return;
    const uint8_t* frame = host.memory + host.rxOffset;
    frame_head_t request = {0, 0, 0};
    size_t encoded = length > 0 && frame[length - 1] == DERS_FRAME_DELIMITER ? length - 1 : length;
    bool known = read_head(frame, encoded, &request);
    if (!call_and_save(EXPORT_RECEIVE_LOCAL, (uint32_t)length, NULL)) {
      board_keys_answer(NULL, 0);
      return;
    }
    route_local_output(known, request);
  }
}

static void handle_sensors(uint32_t mask) {
  uint32_t status;
  if (!call_and_save(EXPORT_SET_SENSOR_FAULTS, mask | (host.storageFailed ? SENSOR_NV_STORAGE_BIT : 0), &status)) return;
  if (status == 0) host.sensorMask = mask;
}

/* A Status as the detail of a host event (decimal, signed). */
static void status_event(host_event_t event, uint32_t status) {
  char detail[12];
  int32_t value = (int32_t)status;
  uint32_t magnitude = value < 0 ? 0u - (uint32_t)value : (uint32_t)value;
  size_t at = sizeof detail - 1;
  detail[at] = '\0';
  do {
    detail[--at] = (char)('0' + magnitude % 10u);
    magnitude /= 10u;
  } while (magnitude != 0u);
  if (value < 0) detail[--at] = '-';
  board_host_event(event, &detail[at]);
}

/* §10: the key goes where requestOffset() says, then provisionPublicKey(); the board hears the Status. */
static void handle_provision_key(const uint8_t* publicKey) {
  memcpy(host.memory + Z_dersZ_requestOffset(&instance), publicKey, BOARD_PUBLIC_KEY_BYTES);
  uint32_t status;
  if (!call_and_save(EXPORT_PROVISION_PUBLIC_KEY, 0, &status)) board_host_event(HOST_EVENT_KEY_PROVISIONED, "trap");
  else status_event(HOST_EVENT_KEY_PROVISIONED, status);
}

/*
 * A service port's library, as PumpHost.loadLibrary: the file into the staging slot, libraryLoad(),
 * then the saves — the staging bytes first (the host wrote them; libraryGeneration() need not move),
 * then the firmware's part (host-contract.md §2).
 */
static void handle_load_library(const uint8_t* image, uint32_t length) {
  if (length > Z_dersZ_librarySlotSize(&instance)) {
    board_host_event(HOST_EVENT_LIBRARY_LOADED, "too-large");
    return;
  }
  uint32_t stagingOffset = Z_dersZ_libraryStagingOffset(&instance);
  uint32_t stagingInNv = stagingOffset - host.nvOffset;
  memcpy(host.memory + stagingOffset, image, length);
  uint32_t status;
  if (!call_export(EXPORT_LIBRARY_LOAD, length, &status)) {
    board_host_event(HOST_EVENT_LIBRARY_LOADED, "trap");
    return;
  }
  if (persist(stagingInNv, stagingInNv + length) && persist(host.firmwareNvStart, host.nvSize)) {
    if (!call_export(EXPORT_NV_GENERATION, 0, &host.savedGeneration)) return;
    if (!call_export(EXPORT_LIBRARY_GENERATION, 0, &host.savedLibraryGeneration)) return;
  }
  clear_recovered_storage_fault();
  status_event(HOST_EVENT_LIBRARY_LOADED, status);
}

host_exit_t host_run(void) {
  memset(&host, 0, sizeof host);
  wasm_rt_init();
  Z_ders_init_module();
  if (!power_on()) return HOST_EXIT_FATAL;
  for (;;) {
    board_wakeup_t wakeup;
    memset(&wakeup, 0, sizeof wakeup);
    board_wait(&wakeup);
    if (wakeup.reasons & BOARD_WAKE_SHUTDOWN) {
      discard_instance();
      return HOST_EXIT_SHUTDOWN;
    }
    if (wakeup.reasons & BOARD_WAKE_POWER_CYCLE) {
      /* Power lost: whatever was not saved is gone; nothing resumes (REQ-HOST-004). */
      discard_instance();
      stop_motor();
      if (!power_on()) return HOST_EXIT_FATAL;
    }
    if ((wakeup.reasons & BOARD_WAKE_ACK_ALARM) && host.alarm) {
      host.alarm = false;
      board_host_event(HOST_EVENT_ALARM_CLEARED, "FIRMWARE_TRAP");
    }
#ifdef PORT_TEST_HOOKS
    /* Armed alone: the export the next wake-up calls first runs, then traps. */
    if (wakeup.reasons == BOARD_WAKE_TEST_TRAP) {
      host.trapNext = true;
      continue;
    }
#endif
    if (host.live && (wakeup.reasons & BOARD_WAKE_TIME)) handle_time(wakeup.elapsedMs);
    if (host.live && (wakeup.reasons & BOARD_WAKE_UART)) handle_uart();
    if (host.live && (wakeup.reasons & BOARD_WAKE_KEYS)) handle_keys();
    if (host.live && (wakeup.reasons & BOARD_WAKE_SENSORS)) handle_sensors(wakeup.sensorMask);
    if (wakeup.reasons & BOARD_WAKE_PROVISION_KEY) {
      if (host.live) handle_provision_key(wakeup.publicKey);
      else board_host_event(HOST_EVENT_KEY_PROVISIONED, "trap");
    }
    if (wakeup.reasons & BOARD_WAKE_LOAD_LIBRARY) {
      if (host.live) handle_load_library(wakeup.libraryImage, wakeup.libraryLength);
      else board_host_event(HOST_EVENT_LIBRARY_LOADED, "trap");
    }
    if (host.live) drain_transmit();
    if (host.failed) {
      /* §7 step 4: a new instance from the last saved NV; the alarm stays until acknowledged. */
      host.failed = false;
      board_host_event(HOST_EVENT_RESTART_AFTER_FAILURE, "");
      if (!power_on()) return HOST_EXIT_FATAL;
    }
  }
}
