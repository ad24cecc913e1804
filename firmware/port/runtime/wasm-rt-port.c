/*
 * A small runtime for the C that wasm2c (wabt 1.0.32) generates from build/ders.wasm, written for
 * bare metal (decision 0026). wabt's own wasm-rt-impl.c reserves 8 GiB of address space per memory
 * with mmap and recovers out-of-bounds accesses with signal handlers; a microcontroller has
 * neither. Here:
 *   - linear memory is one static block of exactly PORT_RT_MEMORY_PAGES pages (the memory profile's) (docs/abi.md §1), zeroed at each
 *     instantiation; the module never grows it, so grow always fails;
 *   - bounds are checked by the generated code itself (built with WASM_RT_MEMCHECK_SIGNAL_HANDLER=0);
 *   - a trap is a longjmp to the target the host set with wasm_rt_set_unwind_target();
 *   - call depth is counted (WASM_RT_USE_STACK_DEPTH_COUNT=1), so runaway recursion traps instead
 *     of overrunning the native stack.
 * Only one instance exists at a time: the host discards the old one before it makes a new one.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "port-rt.h"

#if WASM_RT_MEMCHECK_SIGNAL_HANDLER
#error "build with -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0: this runtime has no guard pages"
#endif
#if !WASM_RT_USE_STACK_DEPTH_COUNT
#error "build with -DWASM_RT_USE_STACK_DEPTH_COUNT=1: depth is the only stack guard here"
#endif

/* The board's linker script may place this section (docs/mcu-port.md); a hosted build puts it in .bss. */
static uint8_t port_memory[PORT_RT_MEMORY_BYTES] __attribute__((aligned(16), section(".bss.wasm_memory")));
static bool port_memory_in_use;

/* The module has one table of 3 slots (the event log's output port); a few spare. */
#define PORT_RT_TABLE_SLOTS 8u
static wasm_rt_funcref_t port_table[PORT_RT_TABLE_SLOTS];
static bool port_table_in_use;

/* Function types are compared by signature, so equal signatures get the same index. */
#define PORT_RT_MAX_FUNC_TYPES 64u
#define PORT_RT_MAX_TYPE_ARITY 12u
typedef struct {
  uint8_t params;
  uint8_t results;
  uint8_t types[PORT_RT_MAX_TYPE_ARITY];
} port_func_type_t;
static port_func_type_t port_func_types[PORT_RT_MAX_FUNC_TYPES];
static uint32_t port_func_type_count;

static bool port_initialized;
static WASM_RT_UNWIND_TARGET* port_unwind_target;
static port_rt_fault_t port_fault;

uint32_t wasm_rt_call_stack_depth;

void wasm_rt_init(void) { port_initialized = true; }

bool wasm_rt_is_initialized(void) { return port_initialized; }

void wasm_rt_free(void) { port_initialized = false; }

WASM_RT_UNWIND_TARGET* wasm_rt_get_unwind_target(void) { return port_unwind_target; }

void wasm_rt_set_unwind_target(WASM_RT_UNWIND_TARGET* target) { port_unwind_target = target; }

port_rt_fault_t port_rt_last_fault(void) { return port_fault; }

static void port_fail(port_rt_fault_t fault, wasm_rt_trap_t trap) {
  port_fault = fault;
  wasm_rt_trap(trap);
}

void wasm_rt_trap(wasm_rt_trap_t trap) {
  /* The unwound frames never ran their epilogues: the next call starts from depth 0. */
  wasm_rt_call_stack_depth = 0;
  if (port_unwind_target == NULL) abort(); /* a host bug: every call into the module is guarded */
  longjmp(*port_unwind_target, (int)(trap == WASM_RT_TRAP_NONE ? WASM_RT_TRAP_UNREACHABLE : trap));
}

const char* wasm_rt_strerror(wasm_rt_trap_t trap) {
  switch (trap) {
    case WASM_RT_TRAP_NONE: return "no error";
    case WASM_RT_TRAP_OOB: return "out of bounds memory or table access";
    case WASM_RT_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASM_RT_TRAP_DIV_BY_ZERO: return "integer divide by zero";
    case WASM_RT_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WASM_RT_TRAP_UNREACHABLE: return "unreachable executed";
    case WASM_RT_TRAP_CALL_INDIRECT: return "indirect call signature mismatch";
    case WASM_RT_TRAP_UNCAUGHT_EXCEPTION: return "uncaught exception";
#if !WASM_RT_MERGED_OOB_AND_EXHAUSTION_TRAPS
    case WASM_RT_TRAP_EXHAUSTION: return "call stack exhausted";
#endif
  }
  return "unknown trap";
}

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...) {
  port_func_type_t wanted;
  memset(&wanted, 0, sizeof wanted);
  if (params + results > PORT_RT_MAX_TYPE_ARITY) port_fail(PORT_RT_FAULT_FUNC_TYPES, WASM_RT_TRAP_UNREACHABLE);
  wanted.params = (uint8_t)params;
  wanted.results = (uint8_t)results;
  va_list args;
  va_start(args, results);
  for (uint32_t i = 0; i < params + results; i++) wanted.types[i] = (uint8_t)va_arg(args, int);
  va_end(args);
  for (uint32_t i = 0; i < port_func_type_count; i++)
    if (memcmp(&port_func_types[i], &wanted, sizeof wanted) == 0) return i;
  if (port_func_type_count == PORT_RT_MAX_FUNC_TYPES) port_fail(PORT_RT_FAULT_FUNC_TYPES, WASM_RT_TRAP_UNREACHABLE);
  port_func_types[port_func_type_count] = wanted;
  return port_func_type_count++;
}

void wasm_rt_allocate_memory(wasm_rt_memory_t* memory, uint32_t initial_pages, uint32_t max_pages) {
  if (initial_pages != PORT_RT_MEMORY_PAGES || max_pages != PORT_RT_MEMORY_PAGES)
    port_fail(PORT_RT_FAULT_MEMORY_SIZE, WASM_RT_TRAP_OOB);
  if (port_memory_in_use) port_fail(PORT_RT_FAULT_MEMORY_IN_USE, WASM_RT_TRAP_OOB);
  port_memory_in_use = true;
  /* A new instance starts from zeros (the NV region too, until the host restores it). */
  memset(port_memory, 0, sizeof port_memory);
  memory->data = port_memory;
  memory->pages = PORT_RT_MEMORY_PAGES;
  memory->max_pages = PORT_RT_MEMORY_PAGES;
  memory->size = PORT_RT_MEMORY_BYTES;
}

uint32_t wasm_rt_grow_memory(wasm_rt_memory_t* memory, uint32_t pages) {
  /* memory.grow by 0 answers the size; anything else fails (-1), as the maximum is reached. */
  return pages == 0 ? memory->pages : UINT32_MAX;
}

void wasm_rt_free_memory(wasm_rt_memory_t* memory) {
  if (memory->data == port_memory) port_memory_in_use = false;
  memory->data = NULL;
  memory->size = 0;
  memory->pages = 0;
}

void wasm_rt_allocate_funcref_table(wasm_rt_funcref_table_t* table, uint32_t elements, uint32_t max_elements) {
  if (elements > PORT_RT_TABLE_SLOTS || max_elements > PORT_RT_TABLE_SLOTS || port_table_in_use)
    port_fail(PORT_RT_FAULT_TABLE_SIZE, WASM_RT_TRAP_OOB);
  port_table_in_use = true;
  for (uint32_t i = 0; i < PORT_RT_TABLE_SLOTS; i++) port_table[i] = wasm_rt_funcref_null_value;
  table->data = port_table;
  table->size = elements;
  table->max_size = max_elements;
}

void wasm_rt_free_funcref_table(wasm_rt_funcref_table_t* table) {
  if (table->data == port_table) port_table_in_use = false;
  table->data = NULL;
  table->size = 0;
}

uint32_t wasm_rt_grow_funcref_table(wasm_rt_funcref_table_t* table, uint32_t delta, wasm_rt_funcref_t init) {
  (void)table;
  (void)delta;
  (void)init;
  return UINT32_MAX; /* the module's table has initial = maximum */
}
