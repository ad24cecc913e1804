/*
 * The Cortex-M4 bench of the pump's own work (docs/mcu-port.md §7): the release module
 * build/ders.wasm, translated by wasm2c as for the pump image, fed a script of frames and ticks
 * (build/port/bench/bench-steps.h, written by tests/mcu/bench-an386.ts from the same steps the
 * differential test uses) and timed per step under QEMU -icount shift=0, one SysTick count = 40
 * instructions (bench-an386.c explains). A step is the export calls a host makes for it:
 * receive() in rxBufferSize() chunks then transmit() until empty, or one tick(). NV saves and the
 * UART are the board's and are not counted. Prints `step <label> count=<n> mean=<i> max=<i>`.
 */
#include <stdint.h>
#include <string.h>

#include "ders.h"
#include "port-rt.h"
#include "bench-steps.h"

#define REG(address) (*(volatile uint32_t*)(address))
#define UART1_BASE 0x40005000u
#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u
#define SYST_CVR 0xE000E018u
#define SYSTICK_MAX 0x00FFFFFFu
#define INSTRUCTIONS_PER_SYSTICK 40u
#define LABEL_COUNT (sizeof BENCH_LABELS / sizeof BENCH_LABELS[0])

void SysTick_Handler(void);
void Uart0Rx_Handler(void);
void SysTick_Handler(void) {}
void Uart0Rx_Handler(void) {}

static Z_ders_instance_t instance;
static struct {
  uint32_t count;
  uint64_t total;
  uint64_t max;
} figures[LABEL_COUNT];

static void console_write(const char* text) {
  for (; *text != '\0'; text++) {
    while (REG(UART1_BASE + 0x04u) & 1u) {}
    REG(UART1_BASE + 0x00u) = (uint8_t)*text;
  }
}

static void console_decimal(uint64_t value) {
  char digits[21];
  int at = 20;
  digits[at] = '\0';
  do {
    digits[--at] = (char)('0' + value % 10u);
    value /= 10u;
  } while (value != 0);
  console_write(&digits[at]);
}

static uint32_t systick_now(void) { return REG(SYST_CVR); }
static uint64_t instructions_since(uint32_t start) {
  return (uint64_t)((start - systick_now()) & SYSTICK_MAX) * INSTRUCTIONS_PER_SYSTICK;
}

static void semihosting_exit(void) {
  register uint32_t operation __asm__("r0") = 0x18u;
  register uint32_t reason __asm__("r1") = 0x20026u;
  __asm__ volatile("bkpt 0xab" : : "r"(operation), "r"(reason) : "memory");
}

static void record(uint32_t label, uint64_t instructions) {
  figures[label].count++;
  figures[label].total += instructions;
  if (instructions > figures[label].max) figures[label].max = instructions;
}

static void run_step(uint8_t* memory, uint32_t rxOffset, uint32_t rxSize, uint32_t txSize, uint32_t step) {
  uint32_t kind = BENCH_STEPS[step].kind;
  uint32_t value = BENCH_STEPS[step].value;
  uint32_t start = systick_now();
  if (kind == BENCH_STEP_TICK) {
    Z_dersZ_tick(&instance, value);
  } else {
    const uint8_t* bytes = &BENCH_BYTES[BENCH_STEPS[step].offset];
    for (uint32_t at = 0; at < value;) {
      uint32_t chunk = value - at < rxSize ? value - at : rxSize;
      memcpy(memory + rxOffset, bytes + at, chunk);
      Z_dersZ_receive(&instance, chunk);
      at += chunk;
    }
  }
  while (Z_dersZ_transmit(&instance, txSize) != 0) {}
  record(BENCH_STEPS[step].label, instructions_since(start));
}

int main(void) {
  REG(UART1_BASE + 0x10u) = 25000000u / 115200u;
  REG(UART1_BASE + 0x08u) = 1u;
  REG(SYST_RVR) = SYSTICK_MAX;
  REG(SYST_CVR) = 0;
  REG(SYST_CSR) = 0x5u;

  wasm_rt_init();
  Z_ders_init_module();
  WASM_RT_UNWIND_TARGET target;
  wasm_rt_set_unwind_target(&target);
  if (wasm_rt_try(target) != 0) {
    console_write("bench trapped\n");
    semihosting_exit();
    return 1;
  }
  Z_ders_instantiate(&instance);
  uint8_t* memory = Z_dersZ_memory(&instance)->data;
  uint32_t rxOffset = Z_dersZ_rxBufferOffset(&instance);
  uint32_t rxSize = Z_dersZ_rxBufferSize(&instance);
  uint32_t txSize = Z_dersZ_txBufferSize(&instance);
  uint32_t start = systick_now();
  Z_dersZ_init(&instance);
  while (Z_dersZ_transmit(&instance, txSize) != 0) {}
  uint64_t initInstructions = instructions_since(start);
  for (uint32_t step = 0; step < BENCH_STEP_COUNT; step++) run_step(memory, rxOffset, rxSize, txSize, step);
  wasm_rt_set_unwind_target(NULL);

  console_write("step init count=1 mean=");
  console_decimal(initInstructions);
  console_write(" max=");
  console_decimal(initInstructions);
  console_write("\n");
  for (uint32_t label = 0; label < LABEL_COUNT; label++) {
    if (figures[label].count == 0) continue;
    console_write("step ");
    console_write(BENCH_LABELS[label]);
    console_write(" count=");
    console_decimal(figures[label].count);
    console_write(" mean=");
    console_decimal(figures[label].total / figures[label].count);
    console_write(" max=");
    console_decimal(figures[label].max);
    console_write("\n");
  }
  console_write("bench done\n");
  semihosting_exit();
  return 0;
}
