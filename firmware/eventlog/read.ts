// Reading the log (READ_LOG, GET_STATUS; docs/event-log.md §4): only what the committed header
// covers, and of that only slots whose CRC and sequence are intact.
import { EVENT_LOG_RECORD_SIZE } from "../abi/codes";
import { EVENT_LOG_CAPACITY } from "../abi/memory-map";
import { logCount, logHead, nextSequence, overwrittenCount } from "../nv/header";
import { recordValid, slotPtr } from "./ring";

const CAPACITY: u32 = <u32>EVENT_LOG_CAPACITY;
const RECORD_BYTES: u32 = <u32>EVENT_LOG_RECORD_SIZE;

/** Sequence number the next record will get (records are numbered from 1). */
export function logNextSequence(): u32 {
  return nextSequence;
}

/** Records overwritten by the ring since the log was formatted. */
export function logOverwrittenCount(): u32 {
  return overwrittenCount;
}

/** Copies up to maxRecords intact records with sequence ≥ fromSequence to out, oldest first. */
export function readLogRecords(fromSequence: u32, maxRecords: u32, out: usize): u32 {
  const oldest = nextSequence - logCount;
  let sequence = fromSequence > oldest ? fromSequence : oldest;
  let copied: u32 = 0;
  while (sequence < nextSequence && copied < maxRecords) {
    // Slot of `sequence`: (nextSequence − sequence) slots behind the head, at most the capacity.
    const ptr = slotPtr(logHead + CAPACITY - (nextSequence - sequence));
    if (recordValid(ptr, sequence)) {
      const to = out + <usize>copied * <usize>RECORD_BYTES;
      for (let i: usize = 0; i < <usize>RECORD_BYTES; i += 4) store<u32>(to + i, load<u32>(ptr + i));
      copied++;
    }
    sequence++;
  }
  return copied;
}
