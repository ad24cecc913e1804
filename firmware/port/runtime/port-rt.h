/*
 * The bare-metal WebAssembly runtime for wasm2c output (docs/mcu-port.md, decision 0026): what it
 * adds to wabt's wasm-rt.h. One module instance at a time, its linear memory a static block of
 * exactly PORT_RT_MEMORY_PAGES pages, no allocation, no mmap, no signals; a trap is a longjmp to
 * the unwind target the host set before calling into the module.
 */
#ifndef PORT_RT_H
#define PORT_RT_H

#include <stdint.h>

#include "ders-abi.h"
#include "wasm-rt.h"

/* The firmware's memory: the pages of the memory profile the port is built for, initial = maximum
 * (docs/abi.md §1, §2.1). The Makefile passes PORT_MEMORY_PAGES=DERS_<PROFILE>_MEMORY_PAGES. */
#ifndef PORT_MEMORY_PAGES
#error "build with make (PROFILE=standard or mcu): it defines PORT_MEMORY_PAGES from ders-abi.h"
#endif
#define PORT_RT_MEMORY_PAGES PORT_MEMORY_PAGES
#define PORT_RT_PAGE_BYTES 65536u
#define PORT_RT_MEMORY_BYTES (PORT_RT_MEMORY_PAGES * PORT_RT_PAGE_BYTES)

/* Why the last trap happened beyond the wasm2c code: a memory or table the module asked for that
 * this runtime does not provide (it traps then, at instantiation). */
typedef enum {
  PORT_RT_FAULT_NONE = 0,
  PORT_RT_FAULT_MEMORY_SIZE = 1,   /* a memory other than exactly PORT_RT_MEMORY_PAGES initial and maximum */
  PORT_RT_FAULT_MEMORY_IN_USE = 2, /* a second memory while one is allocated */
  PORT_RT_FAULT_TABLE_SIZE = 3,    /* a table larger than PORT_RT_TABLE_SLOTS */
  PORT_RT_FAULT_FUNC_TYPES = 4,    /* more distinct function types than the runtime keeps */
} port_rt_fault_t;

port_rt_fault_t port_rt_last_fault(void);

#endif
