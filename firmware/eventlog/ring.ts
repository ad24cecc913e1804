// The event-log ring in NV (docs/event-log.md §4). An append is three steps, in this order:
//   1. payload: bytes 0..59 of the slot at logHead (when the ring is full this destroys the oldest);
//   2. the record's CRC (bytes 60..63);
//   3. a header commit advancing head, count, sequence and overwritten count (nv/header.ts).
// A reader trusts only the committed header plus a slot's CRC and sequence, so a cut between any
// two steps leaves either the old log or the new one (cold-start repair: recoverRing).
//
// The log sits below everything that writes records, so it knows nothing above it: the library
// version each record carries is set from above (library/state.ts), and a committed record leaves
// through an output port that boot/topology.ts connects to the protocol's EVENT frames.
import { EVENT_LOG_RECORD_SIZE } from "../abi/codes";
import { EVENT_LOG_CAPACITY, EVENT_LOG_OFFSET } from "../abi/memory-map";
import { clockNowMs } from "../clock/clock";
import { crc32 } from "../crypto/crc32";
import { commitHeader, logCount, logHead, nextSequence, overwrittenCount, setLogCounters } from "../nv/header";
import { PowerOnFlag } from "../abi/event-types";
import { REC_CRC, REC_SEQUENCE, REC_STATUS, REC_TIME_MS, REC_TYPE, REC_LIBRARY_VERSION } from "./record-layout";

const CAPACITY: u32 = <u32>EVENT_LOG_CAPACITY;
const RECORD_BYTES: u32 = <u32>EVENT_LOG_RECORD_SIZE;
/** The last sequence number the log hands out: 2^32 − 1 records, 136 years at one per second. */
const LAST_SEQUENCE: u32 = 0xfffffffe;

/** An output port: receives each committed record (EVENT_LOG_RECORD_SIZE bytes at recordPtr). */
export type RecordSink = (recordPtr: usize) => void;

/** Until boot connects the port, a committed record goes nowhere but the ring. */
function unconnected(recordPtr: usize): void {}

let recordSink: RecordSink = unconnected;
/** Version of the active library (0: none), stamped into every record; set by library/state.ts. */
let recordLibraryVersion: u32 = 0;

/** Connects the log's output port (boot/topology.ts, once, before any export runs). */
export function connectRecordSink(sink: RecordSink): void {
  recordSink = sink;
}

export function setRecordLibraryVersion(version: u32): void {
  recordLibraryVersion = version;
}

/**
 * Issue 13: the handle of the order bound now (0: none), stamped at offset 6 of every record; a
 * record that has a status there (PROGRAM_CHECK, library, key, integrity, POWER_ON) overwrites it
 * (docs/event-log.md §3.7). Set by workflow/order.ts.
 */
let recordOrderHandle: u32 = 0;

export function setRecordOrderHandle(handle: u32): void {
  recordOrderHandle = handle;
}

export function slotPtr(slot: u32): usize {
  return <usize>EVENT_LOG_OFFSET + <usize>(slot % CAPACITY) * <usize>RECORD_BYTES;
}

/**
 * Step 1 begins: clears the slot at the head and writes sequence, type, time and the active
 * library version; the caller fills the rest, then calls commitRecord. Returns 0 when the
 * sequence space is exhausted (nothing is written).
 */
export function beginRecord(eventType: u32): usize {
  if (nextSequence > LAST_SEQUENCE) return 0;
  const ptr = slotPtr(logHead);
  for (let i: usize = 0; i < <usize>REC_CRC; i += 4) store<u32>(ptr + i, 0);
  store<u32>(ptr + REC_SEQUENCE, nextSequence);
  store<u16>(ptr + REC_TYPE, <u16>eventType);
  store<u64>(ptr + REC_TIME_MS, clockNowMs());
  store<u32>(ptr + REC_LIBRARY_VERSION, recordLibraryVersion);
  store<u16>(ptr + REC_STATUS, <u16>recordOrderHandle);
  return ptr;
}

/** Steps 2 and 3, then the live copy for the host through the output port. */
export function commitRecord(ptr: usize): void {
  if (ptr == 0) return;
  store<u32>(ptr + REC_CRC, crc32(ptr, REC_CRC));
  advanceHead();
  commitHeader();
  recordSink(ptr);
}

function advanceHead(): void {
  const full = logCount == CAPACITY;
  setLogCounters(
    (logHead + 1) % CAPACITY,
    full ? logCount : logCount + 1,
    nextSequence + 1,
    full ? overwrittenCount + 1 : overwrittenCount,
  );
}

/** A slot holds a returnable record: CRC intact, the expected sequence, a real type. */
export function recordValid(ptr: usize, expectedSequence: u32): bool {
  if (load<u32>(ptr + REC_SEQUENCE) != expectedSequence) return false;
  const eventType = <u32>load<u16>(ptr + REC_TYPE);
  if (eventType == 0 || eventType == 0xffff) return false;
  return load<u32>(ptr + REC_CRC) == crc32(ptr, REC_CRC);
}

/**
 * Cold-start repair after a power cut inside an append; returns PowerOnFlag bits.
 * - Cut after step 2: the slot at the head holds a complete record with the next sequence, so it
 *   is adopted (rolled forward) as if step 3 had happened.
 * - Cut in step 1 or 2 of an append into a full ring: the oldest record is destroyed, so it is
 *   counted as overwritten (the append that destroyed it would have done the same).
 */
export function recoverRing(): u32 {
  const headPtr = slotPtr(logHead);
  if (recordValid(headPtr, nextSequence) && nextSequence <= LAST_SEQUENCE) {
    advanceHead();
    return PowerOnFlag.RECORD_ROLLED_FORWARD;
  }
  if (logCount == CAPACITY && !recordValid(headPtr, nextSequence - logCount)) {
    setLogCounters(logHead, logCount - 1, nextSequence, overwrittenCount + 1);
    return PowerOnFlag.TORN_RECORD_DROPPED;
  }
  return 0;
}

/** The newest record if it is intact, else 0. */
export function newestRecordPtr(): usize {
  if (logCount == 0) return 0;
  const ptr = slotPtr(logHead + CAPACITY - 1);
  return recordValid(ptr, nextSequence - 1) ? ptr : 0;
}

/** Time of the newest record if it is intact (it may be newer than the header's clock after a roll-forward). */
export function newestRecordTimeMs(): u64 {
  const ptr = newestRecordPtr();
  return ptr == 0 ? 0 : load<u64>(ptr + REC_TIME_MS);
}

/** Newest time in any slot with an intact CRC: the clock's last trace when the header is lost. */
export function salvageNewestTimeMs(): u64 {
  let newest: u64 = 0;
  for (let slot: u32 = 0; slot < CAPACITY; slot++) {
    const ptr = slotPtr(slot);
    const eventType = <u32>load<u16>(ptr + REC_TYPE);
    if (eventType == 0 || eventType == 0xffff || load<u32>(ptr + REC_CRC) != crc32(ptr, REC_CRC)) continue;
    const timeMs = load<u64>(ptr + REC_TIME_MS);
    if (timeMs > newest) newest = timeMs;
  }
  return newest;
}
