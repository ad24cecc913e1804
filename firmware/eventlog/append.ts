// One function per kind of record: each fills the type-specific fields of a slot begun by
// ring.ts and commits it (docs/event-log.md §3 lists the fields per type).
import { NO_PARAM, PARAM_COUNT, REQUEST_OFFSET, RESULT_OFFSET, Status, Verdict } from "../abi/codes";
import {
  REQUEST_CARE_AREA_ID, REQUEST_CONCENTRATION_INDEX, REQUEST_ENTRY_ID, REQUEST_MODE, REQUEST_PRESENCE_MASK,
} from "../engine/request-layout";
import {
  paramSlot, RESULT_BINDING_LIMIT_VALUE, RESULT_BINDING_PARAM, RESULT_BINDING_TIER, RESULT_DELIVERED_RATE_UL_PER_HOUR, RESULT_STATUS,
  RESULT_VERDICT, SLOT_DISPLAY_VALUE,
} from "../engine/result-layout";
import { commitRecord, beginRecord } from "./ring";
import { AlarmPriority, EventType } from "../abi/event-types";
import {
  REC_ALARM_PRIORITY, REC_BLOCK, REC_BLOCK_WORD, REC_CARE_AREA_ID, REC_CONCENTRATION_INDEX, REC_DETAIL, REC_ENTRY_ID, REC_LIMIT, REC_MODE,
  REC_OUTCOME, REC_PARAM, REC_RATE_UL_PER_HOUR, REC_STATUS, REC_TIER, REC_VALUE,
} from "./record-layout";

const REQUEST: usize = REQUEST_OFFSET;
const RESULT: usize = RESULT_OFFSET;

/** Entry, care area, concentration and mode of the engine request at `request` (docs/abi.md §4). */
export function writeRequestIdentity(ptr: usize, request: usize): void {
  store<u32>(ptr + REC_ENTRY_ID, load<u32>(request + REQUEST_ENTRY_ID));
  store<u8>(ptr + REC_CARE_AREA_ID, load<u8>(request + REQUEST_CARE_AREA_ID));
  store<u8>(ptr + REC_CONCENTRATION_INDEX, load<u8>(request + REQUEST_CONCENTRATION_INDEX));
  store<u8>(ptr + REC_MODE, load<u8>(request + REQUEST_MODE));
}

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

/** PROGRAM_CHECK from the request and result buffers as they are now. */
export function logProgramCheckRecord(): void {
  const ptr = beginRecord(EventType.PROGRAM_CHECK);
  if (ptr == 0) return;
  const status = load<u32>(RESULT + RESULT_STATUS);
  writeRequestIdentity(ptr, REQUEST);
  store<u32>(ptr + REC_DETAIL, load<u32>(REQUEST + REQUEST_PRESENCE_MASK));
  // Any status above 16 bits cannot be a real one; the record keeps it recognisable as bad.
  store<u16>(ptr + REC_STATUS, status > 0xffff ? 0xffff : <u16>status);
  if (status != Status.OK) {
    store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
    store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  } else {
    const param = <u32>load<u8>(RESULT + RESULT_BINDING_PARAM);
    store<u8>(ptr + REC_OUTCOME, load<u8>(RESULT + RESULT_VERDICT));
    store<u8>(ptr + REC_PARAM, <u8>param);
    store<u8>(ptr + REC_TIER, load<u8>(RESULT + RESULT_BINDING_TIER));
    store<u64>(ptr + REC_LIMIT, load<u64>(RESULT + RESULT_BINDING_LIMIT_VALUE));
    store<u64>(ptr + REC_RATE_UL_PER_HOUR, load<u64>(RESULT + RESULT_DELIVERED_RATE_UL_PER_HOUR));
    if (param < <u32>PARAM_COUNT) store<u64>(ptr + REC_VALUE, load<u64>(paramSlot(param) + SLOT_DISPLAY_VALUE));
  }
  commitRecord(ptr);
}
