/* The QEMU mps2-an386 image: the board, then the host loop for ever (it returns only when the
 * module cannot run here; the motor is stopped then and stays so). */
#include "board.h"
#include "host.h"

int main(void) {
  board_init();
  host_run();
  board_host_event(HOST_EVENT_FATAL, "host loop ended: motor stopped");
  for (;;) __asm__ volatile("wfi");
}
