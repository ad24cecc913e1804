/*
 * The rig stand-in of the QEMU HIL image (docs/mcu-port.md §8): what a test rig around a real pump
 * does with relays, a service port, sensors, a balance and a bag, here on the board's UART2 so the
 * HIL suite runs on the emulated MCU exactly as on a rig. Linked only into ders-an386-rig.elf.
 */
#ifndef PORT_RIG_AN386_H
#define PORT_RIG_AN386_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"

/* UART2 and its RX interrupt. */
void rig_init(void);
/* The next wake-up the rig makes (1), or 0 when it waits for a command; uartBytes: UART0 has bytes. */
int rig_next_wakeup(board_wakeup_t* wakeup, int uartBytes);
/* True when UART2 holds unread command bytes (the board must not sleep then). */
int rig_input_waiting(void);
/* The line impairment (seeded, as simulator/link/impairments.ts): a byte in one direction → 0, 1 or 2 bytes. */
size_t rig_line_to_pump(uint8_t byte, uint8_t out[2]);
size_t rig_line_to_host(uint8_t byte, uint8_t out[2]);
/* The host loop's motor and events, as the rig's flow sensor and service port see them. */
void rig_motor(int64_t rateUlPerHour);
void rig_host_event(host_event_t event, const char* detail);
/* The pump's keys (`local <hex>`): the frame waiting for board_keys_read, and the host loop's answer. */
size_t rig_keys_read(uint8_t* dst, size_t max);
void rig_keys_answer(const uint8_t* frame, size_t length);
/* A factory reset asked for a blank NV region before the power cycle. */
int rig_take_nv_erase(void);

#endif
