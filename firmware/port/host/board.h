/*
 * The board interface: everything the portable host loop (host.c) needs from the hardware, and
 * nothing of the firmware. A board is one folder under firmware/port/boards/ implementing these
 * functions (docs/mcu-port.md §3); the loop never touches a register or a file itself.
 */
#ifndef PORT_BOARD_H
#define PORT_BOARD_H

#include <stddef.h>
#include <stdint.h>

/* What woke the loop (bits: several may come together). */
enum {
  BOARD_WAKE_TIME = 1u << 0,        /* elapsedMs > 0 passed since the previous wake-up */
  BOARD_WAKE_UART = 1u << 1,        /* received bytes wait in board_uart_read */
  BOARD_WAKE_SENSORS = 1u << 2,     /* the sensors' fault mask changed (sensorMask) */
  BOARD_WAKE_POWER_CYCLE = 1u << 3, /* power was lost and is back: RAM is gone (a test's power cut) */
  BOARD_WAKE_ACK_ALARM = 1u << 4,   /* a person acknowledged the host's alarm */
  BOARD_WAKE_SHUTDOWN = 1u << 5,    /* leave the loop (a hosted board's end of input) */
  BOARD_WAKE_TEST_TRAP = 1u << 6,   /* test hook: the next export call traps after it ran */
  BOARD_WAKE_PROVISION_KEY = 1u << 7, /* the factory or service port wrote a public key (publicKey) */
  BOARD_WAKE_LOAD_LIBRARY = 1u << 8,  /* the service port brings a library file (libraryImage) */
  BOARD_WAKE_KEYS = 1u << 9,          /* issue 13: a frame from the pump's own keys waits in board_keys_read */
};

#define BOARD_PUBLIC_KEY_BYTES 32u

typedef struct {
  uint32_t reasons;      /* BOARD_WAKE_* bits */
  uint32_t elapsedMs;    /* with BOARD_WAKE_TIME: milliseconds since the previous wake-up */
  uint32_t sensorMask;   /* with BOARD_WAKE_SENSORS: bit 0 occlusion, 1 air, 2 door, 3 low battery */
  /* with BOARD_WAKE_PROVISION_KEY: the Ed25519 public key to provision (host-contract.md §10); the
   * loop answers with HOST_EVENT_KEY_PROVISIONED (detail: the Status, decimal) */
  uint8_t publicKey[BOARD_PUBLIC_KEY_BYTES];
  /* with BOARD_WAKE_LOAD_LIBRARY: the file, written into the staging slot and admitted by
   * libraryLoad() (host-contract.md §5); the loop answers with HOST_EVENT_LIBRARY_LOADED (the Status) */
  const uint8_t* libraryImage;
  uint32_t libraryLength;
} board_wakeup_t;

/* The host's own events (docs/host-contract.md §7 step 5: the host's log). */
typedef enum {
  HOST_EVENT_POWER_ON = 1,              /* detail: "restored" or "blank" */
  HOST_EVENT_FIRMWARE_TRAP = 2,         /* detail: "<export>: <trap message>" */
  HOST_EVENT_RESTART_AFTER_FAILURE = 3, /* a new instance from the last saved NV */
  HOST_EVENT_NV_SAVE_FAILED = 4,
  HOST_EVENT_NV_SAVE_RECOVERED = 5,
  HOST_EVENT_ALARM_RAISED = 6,          /* the host's high-priority FIRMWARE_TRAP alarm, until acknowledged */
  HOST_EVENT_ALARM_CLEARED = 7,
  HOST_EVENT_FATAL = 8,                 /* the module cannot run at all here (wrong ABI, instantiation trapped) */
  HOST_EVENT_KEY_PROVISIONED = 9,       /* detail: the Status provisionPublicKey() answered, or "trap" */
  HOST_EVENT_LIBRARY_LOADED = 10,       /* detail: the Status libraryLoad() answered, "too-large" or "trap" */
} host_event_t;

void board_init(void);

/* Blocks (or sleeps) until something needs the firmware; fills *wakeup. */
void board_wait(board_wakeup_t* wakeup);

/* Received serial bytes not yet handed over, at most max; 0 when none. Never blocks. */
size_t board_uart_read(uint8_t* dst, size_t max);
/* Issue 13 (docs/host-contract.md §12): one whole encoded request frame from the pump's own keys (its
 * UI processor), at most max bytes; 0 when none. Never bytes from the serial line or any external
 * link: the firmware takes what comes through here as local. Never blocks. */
size_t board_keys_read(uint8_t* dst, size_t max);
/* Issue 13: the firmware's answer to the frame board_keys_read gave, for the pump's own UI (its
 * screen): the RESPONSE frame with that request's sequence and code, encoded with its delimiter —
 * or NULL and 0 when the firmware queued none (a frame that failed its checks is answered on the
 * line, as by the virtual pump; a trap). Called exactly once per frame read, after the EVENT frames
 * the request wrote went to the serial line (docs/mcu-port.md §3). */
void board_keys_answer(const uint8_t* frame, size_t length);
/* Queues bytes for the serial line; returns once they are accepted. */
void board_uart_write(const uint8_t* src, size_t length);

/* Copies the last saved NV region (size bytes) to dst. 1 restored, 0 nothing saved or unreadable
 * (dst left as it is: zeros, and init() formats). */
int board_nv_load(uint8_t* dst, uint32_t size);
/* Saves region[start, end) of the NV region (region points at its first byte) so that the next
 * board_nv_load sees either all of it or none of it. 0 saved, non-zero failed. */
int board_nv_save(const uint8_t* region, uint32_t start, uint32_t end);

/* Runs the motor at rateUlPerHour, 0 = stopped (docs/host-contract.md §9). */
void board_motor_set(int64_t rateUlPerHour);

/* The host's log and alarm signalling (a hosted board prints, a real one also sounds the alarm). */
void board_host_event(host_event_t event, const char* detail);

#endif
