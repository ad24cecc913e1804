// One function per kind of record that needs nothing but its arguments: each fills the
// type-specific fields of a slot begun by ring.ts and commits it (docs/event-log.md §3 lists the
// fields per type). Records built from an engine request or the workflow's state are written by
// the layer that owns those (engine/check-record.ts, workflow/log.ts).
import { commitRecord, beginRecord } from "./ring";
import { AlarmPriority, EventType } from "../abi/event-types";
import { REC_ALARM_PRIORITY, REC_BLOCK, REC_BLOCK_WORD, REC_DETAIL, REC_STATUS } from "./record-layout";

/** POWER_ON: a status and one detail word. */
export function logSimple(eventType: EventType, status: u32, detail: u32): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  store<u16>(ptr + REC_STATUS, <u16>status);
  store<u32>(ptr + REC_DETAIL, detail);
  commitRecord(ptr);
}

/**
 * LIBRARY_ACTIVATED, LIBRARY_REJECTED, KEY_PROVISIONED: a status, 32 bytes at 20 (a digest or a key;
 * zeros when blockPtr is 0), a word at 52 and the detail (docs/event-log.md §3.5).
 */
export function logBlockRecord(eventType: EventType, status: u32, blockPtr: usize, word: u32, detail: u32): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  store<u16>(ptr + REC_STATUS, <u16>status);
  if (blockPtr != 0) for (let i: usize = 0; i < 32; i += 4) store<u32>(ptr + REC_BLOCK + i, load<u32>(blockPtr + i));
  store<u32>(ptr + REC_BLOCK_WORD, word);
  store<u32>(ptr + REC_DETAIL, detail);
  commitRecord(ptr);
}

/** FAULT_RAISED / FAULT_CLEARED: detail = fault bit | mask after the change << 8. */
export function logFault(eventType: EventType, faultBit: u32, priority: AlarmPriority, maskAfter: u32): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  store<u8>(ptr + REC_ALARM_PRIORITY, <u8>priority);
  store<u32>(ptr + REC_DETAIL, faultBit | (maskAfter << 8));
  commitRecord(ptr);
}
