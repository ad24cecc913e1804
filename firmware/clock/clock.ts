// The simulated monotonic clock (docs/host-contract.md §4). The firmware never reads a real clock:
// time moves only when the host calls tick(elapsedMs), so every run is reproducible.
import { Status } from "../abi/codes";

let clockMs: u64 = 0;

export function clockNowMs(): u64 {
  return clockMs;
}

/** Advances the clock; a negative elapsed time is refused (status, not a trap) and changes nothing. */
export function advanceClock(elapsedMs: i32): i32 {
  if (elapsedMs < 0) return Status.VALUE_OUT_OF_RANGE;
  clockMs += <u64>elapsedMs;
  return Status.OK;
}

/** After a power cycle: time resumes at the last persisted value and never goes backwards. */
export function restoreClock(persistedMs: u64): void {
  if (persistedMs > clockMs) clockMs = persistedMs;
}
