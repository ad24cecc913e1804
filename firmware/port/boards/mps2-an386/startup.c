/*
 * Reset and vector table for QEMU mps2-an386 (Cortex-M4). The reset handler zeroes .bss, paints
 * the stack (board-an386.c measures its high-water mark) and calls main.
 */
#include <stdint.h>

extern uint32_t __bss_start, __bss_end, __stack_bottom, __stack_top;
extern int main(void);
void Reset_Handler(void);
void Default_Handler(void);
void SysTick_Handler(void);
void Uart0Rx_Handler(void);
/* UART2 RX: the rig-control line of the HIL image (rig-an386.c); other images leave it unused. */
void Uart2Rx_Handler(void) __attribute__((weak, alias("Default_Handler")));

#define STACK_PAINT 0xA5A5A5A5u

void Reset_Handler(void) {
  for (uint32_t* p = &__bss_start; p < &__bss_end; p++) *p = 0;
  /* Paint all but the top 256 bytes (this handler's own frame lives there). */
  uintptr_t paintEnd = (uintptr_t)&__stack_top - 256u;
  for (uintptr_t at = (uintptr_t)&__stack_bottom; at < paintEnd; at += 4) *(volatile uint32_t*)at = STACK_PAINT;
  main();
  for (;;) __asm__ volatile("wfi");
}

void Default_Handler(void) {
  for (;;) __asm__ volatile("wfi"); /* a fault: the motor is never driven from here */
}

/* Cortex-M exceptions 0–15, then external interrupts: UART0 RX is IRQ 0 on the AN385/AN386. */
__attribute__((section(".vectors"), used)) static void (*const vectors[16 + 32])(void) = {
  (void (*)(void))(&__stack_top),
  Reset_Handler,
  Default_Handler, /* NMI */
  Default_Handler, /* HardFault */
  Default_Handler, /* MemManage */
  Default_Handler, /* BusFault */
  Default_Handler, /* UsageFault */
  0, 0, 0, 0,
  Default_Handler, /* SVCall */
  Default_Handler, /* DebugMonitor */
  0,
  Default_Handler, /* PendSV */
  SysTick_Handler,
  Uart0Rx_Handler, /* IRQ 0: UART0 RX */
  Default_Handler, Default_Handler, Default_Handler,
  Uart2Rx_Handler, /* IRQ 4: UART2 RX */
  Default_Handler, Default_Handler, Default_Handler,
  Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
  Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
  Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler, Default_Handler,
};
