// What the ring's own records still say when the NV header cannot (docs/event-log.md §4.1).
// - rebuildRing: no valid header copy. Every record carries its sequence and its CRC, and sequence q
//   always sits in slot (q − 1) mod 1024, so the ring is rebuilt from the records that pass their
//   CRC where they belong: none is erased (issue 10 §5).
// - scanLogPolicy: the floor and the key mark as the log records them, a third source beside the
//   header copies and the floor records (boot/cold-start.ts takes the highest).
import { EVENT_LOG_RECORD_SIZE } from "../abi/codes";
import { EVENT_LOG_CAPACITY, EVENT_LOG_OFFSET } from "../abi/memory-map";
import { EventType, KeyProvisionedDetail } from "../abi/event-types";
import { logCount, logHead, nextSequence, resetHeader } from "../nv/header";
import { REC_DETAIL, REC_LIBRARY_VERSION, REC_SEQUENCE, REC_TYPE } from "./record-layout";
import { recordValid, slotPtr } from "./ring";

const CAPACITY: u32 = <u32>EVENT_LOG_CAPACITY;
/** A sequence the log never hands out (ring.ts stops at 0xFFFFFFFE). */
const NO_SEQUENCE: u32 = 0xffffffff;

/**
 * No valid header copy: the newest intact record (highest sequence) fixes head and next sequence;
 * the ring reaches back to the oldest intact record of the 1,024 sequences before it, and damaged
 * slots in between are gaps a reader skips (as bit rot leaves them). With no intact record the ring
 * is zeroed. The header copies are erased and no library is recorded (boot/cold-start.ts).
 */
export function rebuildRing(): void {
  let newest: u32 = 0;
  for (let slot: u32 = 0; slot < CAPACITY; slot++) {
    const sequence = load<u32>(slotPtr(slot) + REC_SEQUENCE);
    if (sequence == 0 || sequence == NO_SEQUENCE || (sequence - 1) % CAPACITY != slot) continue;
    if (sequence > newest && recordValid(slotPtr(slot), sequence)) newest = sequence;
  }
  if (newest == 0) {
    const ringEnd = <usize>EVENT_LOG_OFFSET + <usize>CAPACITY * <usize>EVENT_LOG_RECORD_SIZE;
    for (let p: usize = EVENT_LOG_OFFSET; p < ringEnd; p += 8) store<u64>(p, 0);
    resetHeader(0, 0, 1, 0);
    return;
  }
  let oldest = newest;
  const reach: u32 = newest - 1 < CAPACITY - 1 ? newest - 1 : CAPACITY - 1;
  for (let back: u32 = 1; back <= reach; back++) {
    const sequence = newest - back;
    if (recordValid(slotPtr(sequence - 1), sequence)) oldest = sequence;
  }
  const count = newest - oldest + 1;
  resetHeader(newest % CAPACITY, count, newest + 1, newest - count);
}

/** Some intact record in the ring is a KEY_PROVISIONED (set by scanLogPolicy). */
export let logSawKeyProvisioned: bool = false;
/** Highest active-library version in an intact record since the first provisioning (scanLogPolicy). */
export let logFloor: u32 = 0;

/**
 * Every record carries the version of the library active when it was written (offset 16). On a
 * provisioned pump that library was activated or re-admitted under the key, so no record from the
 * first KEY_PROVISIONED on names a version above the floor: their highest version is a floor the
 * log proves. Records before it (a development pump's) do not count; when the first KEY_PROVISIONED
 * is gone (ring overwrite, damage) every intact record counts, which can only raise the floor.
 */
export function scanLogPolicy(): void {
  logSawKeyProvisioned = false;
  logFloor = 0;
  const oldest = nextSequence - logCount;
  for (let sequence = oldest; sequence != nextSequence; sequence++) {
    const ptr = slotPtr(logHead + CAPACITY - (nextSequence - sequence));
    if (!recordValid(ptr, sequence)) continue;
    const version = load<u32>(ptr + REC_LIBRARY_VERSION);
    if (<u32>load<u16>(ptr + REC_TYPE) == EventType.KEY_PROVISIONED) {
      if (load<u32>(ptr + REC_DETAIL) == KeyProvisionedDetail.FIRST) logFloor = 0;
      logSawKeyProvisioned = true;
    }
    if (version > logFloor) logFloor = version;
  }
}
