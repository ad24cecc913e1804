/*
 * ders-posix: the host loop on a PC (board-posix.c). Usage:
 *   ders-posix --nv <file> [--stack-kib <n>] < script
 * --stack-kib runs the loop on a stack of that size, painted first, and reports on stderr how much
 * of it was used ("stack-used <bytes>"): the stack budget in docs/mcu-port.md is measured so.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "board-posix.h"
#include "board.h"
#include "host.h"

#define STACK_PAINT 0xA5u

static host_exit_t exitCode;

static void* run(void* unused) {
  (void)unused;
  exitCode = host_run();
  return NULL;
}

static int run_on_measured_stack(size_t stackBytes) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t rounded = (stackBytes + page - 1) / page * page;
  /* One guard page below the stack: an overflow is a clean SIGSEGV, not silent corruption. */
  uint8_t* block = mmap(NULL, rounded + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED || mprotect(block, page, PROT_NONE) != 0) return -1;
  uint8_t* stack = block + page;
  memset(stack, STACK_PAINT, rounded);
  pthread_attr_t attributes;
  pthread_t thread;
  if (pthread_attr_init(&attributes) != 0 || pthread_attr_setstack(&attributes, stack, rounded) != 0) return -1;
  if (pthread_create(&thread, &attributes, run, NULL) != 0 || pthread_join(thread, NULL) != 0) return -1;
  size_t untouched = 0;
  while (untouched < rounded && stack[untouched] == STACK_PAINT) untouched++;
  fprintf(stderr, "stack-used %zu of %zu\n", rounded - untouched, rounded);
  return 0;
}

int main(int argc, char** argv) {
  const char* nvPath = NULL;
  size_t stackKib = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--nv") == 0 && i + 1 < argc) nvPath = argv[++i];
    else if (strcmp(argv[i], "--stack-kib") == 0 && i + 1 < argc) stackKib = strtoul(argv[++i], NULL, 10);
    else {
      fprintf(stderr, "ders-posix: unknown argument \"%s\"; usage: ders-posix --nv <file> [--stack-kib <n>] < script\n", argv[i]);
      return 2;
    }
  }
  board_posix_configure(nvPath);
  board_init();
  if (stackKib > 0) {
    if (run_on_measured_stack(stackKib * 1024) != 0) {
      fprintf(stderr, "ders-posix: cannot set up a %zu KiB stack\n", stackKib);
      return 3;
    }
  } else {
    exitCode = host_run();
  }
  return exitCode == HOST_EXIT_SHUTDOWN ? 0 : 1;
}
