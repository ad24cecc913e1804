/*
 * The portable host loop (docs/host-contract.md): runs the firmware module translated to C by
 * wasm2c on a board (board.h). One entry point: it powers on and serves until the board says
 * BOARD_WAKE_SHUTDOWN (a real board never does).
 */
#ifndef PORT_HOST_H
#define PORT_HOST_H

#include <stdint.h>

/* Exit codes of host_run. */
typedef enum {
  HOST_EXIT_SHUTDOWN = 0, /* the board asked to stop */
  HOST_EXIT_FATAL = 1,    /* the module cannot run here: wrong ABI or instantiation trapped */
} host_exit_t;

host_exit_t host_run(void);

#endif
