/*
 * The QEMU mps2-an386 board (docs/mcu-port.md §6): UART0 (CMSDK APB UART at 0x40004000) is the
 * protocol line, fed into a ring buffer by its RX interrupt because the UART holds one byte;
 * UART1 (0x40005000) is a console for the host's events; SysTick counts milliseconds of the 25 MHz
 * system clock (deterministic under `-icount shift=0`); the loop wakes every TICK_PERIOD_MS or
 * when bytes arrived. QEMU has no persistent flash here: NV is a RAM shadow in PSRAM, so it
 * survives the loop's restart after a trap but not QEMU's exit. No motor: its rate goes to the
 * console.
 *
 * Built with BOARD_RIG_CONTROL (ders-an386-rig.elf, the HIL image, docs/mcu-port.md §8) the rig
 * stand-in on UART2 (rig-an386.c) owns the clock, the sensors, power, the service port and the
 * pump's keys, and impairs the protocol line; SysTick then stays off.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ders-abi.h"
#include "board.h"
#ifdef BOARD_RIG_CONTROL
#include "rig-an386.h"
#endif

#define REG(address) (*(volatile uint32_t*)(address))

#define UART0_BASE 0x40004000u
#define UART1_BASE 0x40005000u
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

#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u
#define SYST_CVR 0xE000E018u
#define NVIC_ISER0 0xE000E100u

#define SYSCLK_HZ 25000000u
#define BAUD 115200u
#define TICK_PERIOD_MS 100u

/* The RX ring: written only by the interrupt (head), read only by the loop (tail). */
#define RX_RING_BYTES 4096u
static volatile uint8_t rxRing[RX_RING_BYTES];
static volatile uint32_t rxHead, rxTail, rxDropped;

static volatile uint32_t msCount;
static uint32_t msAtLastWake;
static uint32_t stackReported;

/* The NV shadow: the memory profile's NV region (nvRegionSize(); the Makefile passes
 * PORT_NV_REGION_SIZE = DERS_<PROFILE>_NV_REGION_SIZE of ders-abi.h) in PSRAM, placed by the linker script. */
#ifndef PORT_NV_REGION_SIZE
#error "build with make (PROFILE=standard or mcu): it defines PORT_NV_REGION_SIZE from ders-abi.h"
#endif
#define NV_BYTES PORT_NV_REGION_SIZE
static uint8_t nvStore[NV_BYTES] __attribute__((aligned(16), section(".bss.nv_store")));
static int nvWritten;

extern uint32_t __stack_bottom, __stack_top;

void SysTick_Handler(void) { msCount++; }

void Uart0Rx_Handler(void) {
  /* Clear the interrupt before draining: a byte that lands after the last read then raises it
   * again. Cleared after the loop, such a byte would sit in the 1-byte FIFO with no interrupt left
   * to fetch it, and every later byte would overrun: the line went silent (seen under QEMU). */
  REG(UART0_BASE + UART_INT) = UART_INT_RX;
  while (REG(UART0_BASE + UART_STATE) & UART_STATE_RX_FULL) {
    uint8_t received = (uint8_t)REG(UART0_BASE + UART_DATA);
    uint8_t arriving[2] = {received, 0};
    size_t count = 1;
#ifdef BOARD_RIG_CONTROL
    count = rig_line_to_pump(received, arriving);
#endif
    for (size_t i = 0; i < count; i++) {
      uint32_t next = (rxHead + 1) % RX_RING_BYTES;
      if (next == rxTail) rxDropped++; /* full: the protocol's CRC and retransmission recover */
      else {
        rxRing[rxHead] = arriving[i];
        rxHead = next;
      }
    }
  }
}

static void console_write(const char* text) {
  for (; *text != '\0'; text++) {
    while (REG(UART1_BASE + UART_STATE) & UART_STATE_TX_FULL) {}
    REG(UART1_BASE + UART_DATA) = (uint8_t)*text;
  }
}

static void console_decimal(uint64_t value) {
  char digits[21];
  int at = 20;
  digits[at] = '\0';
  do {
    digits[--at] = (char)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  console_write(&digits[at]);
}

/* How much of the painted stack was ever used (startup.c paints it). */
static uint32_t stack_used(void) {
  const uint32_t* p = &__stack_bottom;
  while (p < &__stack_top && *p == 0xA5A5A5A5u) p++;
  return (uint32_t)((uintptr_t)&__stack_top - (uintptr_t)p);
}

void board_init(void) {
  REG(UART0_BASE + UART_BAUDDIV) = SYSCLK_HZ / BAUD;
  REG(UART0_BASE + UART_CTRL) = UART_CTRL_TX_EN | UART_CTRL_RX_EN | UART_CTRL_RX_INT_EN;
  REG(UART1_BASE + UART_BAUDDIV) = SYSCLK_HZ / BAUD;
  REG(UART1_BASE + UART_CTRL) = UART_CTRL_TX_EN;
  REG(NVIC_ISER0) = 1u << 0; /* UART0 RX */
#ifdef BOARD_RIG_CONTROL
  rig_init();
  console_write("board mps2-an386 up, rig control on UART2, rig clock\n");
#else
  REG(SYST_RVR) = SYSCLK_HZ / 1000u - 1u;
  REG(SYST_CVR) = 0;
  REG(SYST_CSR) = 0x7u; /* processor clock, interrupt, enable */
  console_write("board mps2-an386 up\n");
#endif
}

void board_wait(board_wakeup_t* wakeup) {
  uint32_t used = stack_used();
  if (used > stackReported) {
    stackReported = used;
    console_write("stack-used ");
    console_decimal(used);
    console_write("\n");
  }
#ifdef BOARD_RIG_CONTROL
  for (;;) {
    if (rig_next_wakeup(wakeup, rxHead != rxTail)) {
      if (wakeup->reasons & BOARD_WAKE_POWER_CYCLE) {
        rxTail = rxHead; /* bytes on the wire when the power went are gone */
        if (rig_take_nv_erase()) nvWritten = 0;
      }
      return;
    }
    __asm__ volatile("cpsid i" ::: "memory");
    if (rxHead == rxTail && !rig_input_waiting()) __asm__ volatile("wfi" ::: "memory");
    __asm__ volatile("cpsie i" ::: "memory");
  }
#endif
  for (;;) {
    __asm__ volatile("cpsid i" ::: "memory");
    uint32_t elapsedMs = msCount - msAtLastWake;
    int bytes = rxHead != rxTail;
    if (bytes || elapsedMs >= TICK_PERIOD_MS) {
      __asm__ volatile("cpsie i" ::: "memory");
      msAtLastWake += elapsedMs;
      wakeup->reasons = (bytes ? BOARD_WAKE_UART : 0u) | (elapsedMs > 0 ? BOARD_WAKE_TIME : 0u);
      wakeup->elapsedMs = elapsedMs;
      return;
    }
    /* wfi with interrupts masked still wakes on a pending interrupt, which runs after cpsie. */
    __asm__ volatile("wfi\n cpsie i" ::: "memory");
  }
}

size_t board_uart_read(uint8_t* dst, size_t max) {
  size_t count = 0;
  while (count < max && rxTail != rxHead) {
    dst[count++] = rxRing[rxTail];
    rxTail = (rxTail + 1) % RX_RING_BYTES;
  }
  return count;
}

/* The board has no keypad of its own; in the HIL image the rig's key requests (UART2) are the pump's
 * keys (docs/mcu-port.md §8). Never bytes of UART0 (docs/host-contract.md §12). */
size_t board_keys_read(uint8_t* dst, size_t max) {
#ifdef BOARD_RIG_CONTROL
  return rig_keys_read(dst, max);
#else
  (void)dst;
  (void)max;
  return 0;
#endif
}

void board_keys_answer(const uint8_t* frame, size_t length) {
#ifdef BOARD_RIG_CONTROL
  rig_keys_answer(frame, length);
#else
  (void)frame;
  (void)length;
#endif
}

void board_uart_write(const uint8_t* src, size_t length) {
  for (size_t i = 0; i < length; i++) {
    uint8_t leaving[2] = {src[i], 0};
    size_t count = 1;
#ifdef BOARD_RIG_CONTROL
    count = rig_line_to_host(src[i], leaving);
#endif
    for (size_t j = 0; j < count; j++) {
      while (REG(UART0_BASE + UART_STATE) & UART_STATE_TX_FULL) {}
      REG(UART0_BASE + UART_DATA) = leaving[j];
    }
  }
}

int board_nv_load(uint8_t* dst, uint32_t size) {
  if (!nvWritten || size != NV_BYTES) return 0;
  memcpy(dst, nvStore, size);
  return 1;
}

int board_nv_save(const uint8_t* region, uint32_t start, uint32_t end) {
  if (start > end || end > NV_BYTES) return -1;
  memcpy(nvStore + start, region + start, end - start);
  nvWritten = 1;
  return 0;
}

void board_motor_set(int64_t rateUlPerHour) {
#ifdef BOARD_RIG_CONTROL
  rig_motor(rateUlPerHour);
#endif
  console_write("motor ");
  console_decimal((uint64_t)rateUlPerHour);
  console_write("\n");
}

void board_host_event(host_event_t event, const char* detail) {
  static const char* const NAMES[] = {
    "?", "POWER_ON", "FIRMWARE_TRAP", "RESTART_AFTER_FAILURE", "NV_SAVE_FAILED", "NV_SAVE_RECOVERED", "ALARM_RAISED", "ALARM_CLEARED", "FATAL", "KEY_PROVISIONED", "LIBRARY_LOADED",
  };
  console_write("host ");
  console_write((unsigned)event < sizeof NAMES / sizeof NAMES[0] ? NAMES[event] : "?");
  if (detail[0] != '\0') {
    console_write(" ");
    console_write(detail);
  }
  console_write("\n");
#ifdef BOARD_RIG_CONTROL
  rig_host_event(event, detail);
#endif
}
