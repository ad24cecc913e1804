// Interface of the non-volatile state, clock, fault inputs and event log (owned by firmware/nv,
// firmware/eventlog). INTERFACE STUB: signatures are the contract with firmware/protocol.

/** Simulated monotonic time in ms (advanced only by tick(); persisted across power cycles). */
export function nowMs(): u64 {
  return 0;
}

/** Bit mask of host-reported sensor faults currently active (docs/host-contract.md). */
export function activeFaultMask(): u32 {
  return 0;
}

/**
 * Logs the outcome of one DERS check made through the protocol (CHECK_PROGRAM): the request at
 * REQUEST_OFFSET and the result at RESULT_OFFSET are read by the log itself.
 */
export function logProgramCheck(): void {}

/** Sequence number the next record will get (records are numbered from 1). */
export function logNextSequence(): u32 {
  return 1;
}

/** Records overwritten by the ring since the log was formatted. */
export function logOverwrittenCount(): u32 {
  return 0;
}

/**
 * Copies up to `maxRecords` records with sequence ≥ `fromSequence`, oldest first, to `out`;
 * returns how many were copied.
 */
export function readLogRecords(fromSequence: u32, maxRecords: u32, out: usize): u32 {
  return 0;
}
