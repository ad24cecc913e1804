/*
 * The Cortex-M4 bench of the firmware's costs (docs/mcu-port.md §7): the test build
 * build/ders.testkit.wasm, translated by wasm2c like the release module, timed on QEMU's
 * mps2-an386 under `-icount shift=0` (one instruction = 1 ns of virtual time). SysTick runs from
 * the 25 MHz processor clock, so one SysTick count = 40 instructions: the figures are instruction
 * counts to ±40. Results go to UART1 as `bench <name> result=<r> instructions=<n>`, then the bench
 * leaves QEMU by semihosting (SYS_EXIT). Not a pump: no host loop, no board interface.
 */
#include <stdint.h>
#include <string.h>

#include "port-rt.h"
#include "testkit.h"

#define REG(address) (*(volatile uint32_t*)(address))
#define UART1_BASE 0x40005000u
#define UART_DATA 0x00u
#define UART_STATE 0x04u
#define UART_CTRL 0x08u
#define UART_BAUDDIV 0x10u
#define SYST_CSR 0xE000E010u
#define SYST_RVR 0xE000E014u
#define SYST_CVR 0xE000E018u
#define SYSTICK_MAX 0x00FFFFFFu
/* 25 MHz processor clock against 1 GHz of virtual time per instruction count (icount shift 0). */
#define INSTRUCTIONS_PER_SYSTICK 40u

/* RFC 8032 §7.1 TEST 1: empty message (tests/firmware/ed25519-rfc8032.test.ts holds the same). */
static const uint8_t PUBLIC_KEY[32] = {
  0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
  0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
};
static const uint8_t SIGNATURE[64] = {
  0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80, 0x6e, 0x82, 0x8a,
  0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73, 0xe0, 0x65, 0x22, 0x49, 0x01, 0x55,
  0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b, 0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b,
  0xd2, 0x5b, 0xf5, 0xf0, 0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b,
};
/* Where the inputs go in the test module's memory: its library region, unused by these exports. */
#define KEY_AT 0x20000u
#define SIGNATURE_AT 0x20040u
#define MESSAGE_AT 0x20080u
#define HASHED_BYTES 0x10000u
#define DIGEST_AT 0x40000u

void SysTick_Handler(void);
void Uart0Rx_Handler(void);
void SysTick_Handler(void) {}
void Uart0Rx_Handler(void) {}

static Z_testkit_instance_t instance;
extern uint32_t __stack_bottom, __stack_top;

/* Bytes of the stack ever used: startup.c painted it with 0xA5A5A5A5 before main. */
static uint32_t stack_used(void) {
  const uint32_t* at = &__stack_bottom;
  while (at < &__stack_top && *at == 0xA5A5A5A5u) at++;
  return (uint32_t)((uintptr_t)&__stack_top - (uintptr_t)at);
}

static void console_write(const char* text) {
  for (; *text != '\0'; text++) {
    while (REG(UART1_BASE + UART_STATE) & 1u) {}
    REG(UART1_BASE + UART_DATA) = (uint8_t)*text;
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

static void report(const char* name, uint32_t result, uint32_t systicks) {
  console_write("bench ");
  console_write(name);
  console_write(" result=");
  console_decimal(result);
  console_write(" instructions=");
  console_decimal((uint64_t)systicks * INSTRUCTIONS_PER_SYSTICK);
  console_write("\n");
}

/* SysTick counts down; the measured spans stay far below its 24 bits (670 M instructions). */
static uint32_t systick_now(void) { return REG(SYST_CVR); }
static uint32_t systicks_since(uint32_t start) { return (start - systick_now()) & SYSTICK_MAX; }

static void semihosting_exit(void) {
  /* SYS_EXIT (0x18) with ADP_Stopped_ApplicationExit: QEMU ends when run with -semihosting. */
  register uint32_t operation __asm__("r0") = 0x18u;
  register uint32_t reason __asm__("r1") = 0x20026u;
  __asm__ volatile("bkpt 0xab" : : "r"(operation), "r"(reason) : "memory");
}

int main(void) {
  REG(UART1_BASE + UART_BAUDDIV) = 25000000u / 115200u;
  REG(UART1_BASE + UART_CTRL) = 1u;
  REG(SYST_RVR) = SYSTICK_MAX;
  REG(SYST_CVR) = 0;
  REG(SYST_CSR) = 0x5u; /* processor clock, no interrupt, enabled */

  wasm_rt_init();
  Z_testkit_init_module();
  WASM_RT_UNWIND_TARGET target;
  wasm_rt_set_unwind_target(&target);
  if (wasm_rt_try(target) != 0) {
    console_write("bench trapped\n");
    semihosting_exit();
    return 1;
  }
  Z_testkit_instantiate(&instance);
  uint8_t* memory = Z_testkitZ_memory(&instance)->data;
  memcpy(memory + KEY_AT, PUBLIC_KEY, sizeof PUBLIC_KEY);
  memcpy(memory + SIGNATURE_AT, SIGNATURE, sizeof SIGNATURE);

  uint32_t start = systick_now();
  uint32_t valid = Z_testkitZ_testEd25519Verify(&instance, KEY_AT, MESSAGE_AT, 0, SIGNATURE_AT);
  report("ed25519-verify-empty-message", valid, systicks_since(start));

  memory[SIGNATURE_AT + 40] ^= 1u; /* a changed S: the same work, then a reject */
  start = systick_now();
  uint32_t invalid = Z_testkitZ_testEd25519Verify(&instance, KEY_AT, MESSAGE_AT, 0, SIGNATURE_AT);
  report("ed25519-verify-bad-signature", invalid, systicks_since(start));

  for (uint32_t i = 0; i < HASHED_BYTES; i++) memory[MESSAGE_AT + i] = (uint8_t)(i * 7u);
  start = systick_now();
  Z_testkitZ_testSha512(&instance, MESSAGE_AT, HASHED_BYTES, DIGEST_AT);
  report("sha512-64KiB", 0, systicks_since(start));

  wasm_rt_set_unwind_target(NULL);
  report("stack-used-bytes", stack_used(), 0);
  console_write("bench done\n");
  semihosting_exit();
  return 0;
}
