// Interface of the non-volatile state, clock, fault inputs and event log, used by firmware/protocol
// (the signatures are the contract; docs/event-log.md, docs/host-contract.md).
import { clockNowMs } from "../clock/clock";
import { sensorFaultMask } from "../faults/sensor-faults";
import { logCount, nextSequence, overwrittenCount } from "../nv/header";
import { logProgramCheckRecord } from "./append";
import { copyRecords } from "./ring";

/** Simulated monotonic time in ms (advanced only by tick(); persisted across power cycles). */
export function nowMs(): u64 {
  return clockNowMs();
}

/** Bit mask of host-reported sensor faults currently active (docs/host-contract.md). */
export function activeFaultMask(): u32 {
  return sensorFaultMask();
}

/**
 * Logs the outcome of one DERS check made through the protocol (CHECK_PROGRAM): the request at
 * REQUEST_OFFSET and the result at RESULT_OFFSET are read by the log itself.
 */
export function logProgramCheck(): void {
  logProgramCheckRecord();
}

/** Sequence number the next record will get (records are numbered from 1). */
export function logNextSequence(): u32 {
  return nextSequence;
}

/** Records overwritten by the ring since the log was formatted. */
export function logOverwrittenCount(): u32 {
  return overwrittenCount;
}

/** Records the ring holds now (intact or not); oldest sequence = logNextSequence() − logStoredCount(). */
export function logStoredCount(): u32 {
  return logCount;
}

/**
 * Copies up to `maxRecords` records with sequence ≥ `fromSequence`, oldest first, to `out`;
 * returns how many were copied.
 */
export function readLogRecords(fromSequence: u32, maxRecords: u32, out: usize): u32 {
  return copyRecords(fromSequence, maxRecords, out);
}
