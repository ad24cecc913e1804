// The event-log records of engine checks: the engine owns the request and result layouts, so the
// fields taken from them are written here, above the log (docs/event-log.md §3). A workflow record
// takes a request's identity; CHECK_PROGRAM logs its whole evaluation as PROGRAM_CHECK.
import {
  NO_PARAM,
  PARAM_COUNT,
  PCA_PARAM_FIRST,
  PCA_PARAM_LAST,
  REQUEST_OFFSET,
  RESULT_OFFSET,
  Status,
  Verdict,
} from "../abi/codes";
import { EventType } from "../abi/event-types";
import { beginRecord, commitRecord } from "../eventlog/ring";
import {
  REC_CARE_AREA_ID,
  REC_CONCENTRATION_INDEX,
  REC_DETAIL,
  REC_ENTRY_ID,
  REC_LIMIT,
  REC_MODE,
  REC_OUTCOME,
  REC_PARAM,
  REC_RATE_UL_PER_HOUR,
  REC_STATUS,
  REC_TIER,
  REC_VALUE,
} from "../eventlog/record-layout";
import { evaluateRequest } from "./evaluate";
import {
  REQUEST_CARE_AREA_ID,
  REQUEST_CONCENTRATION_INDEX,
  REQUEST_ENTRY_ID,
  REQUEST_MODE,
  REQUEST_PRESENCE_MASK,
} from "./request-layout";
import {
  paramSlot,
  RESULT_BINDING_LIMIT_VALUE,
  RESULT_BINDING_PARAM,
  RESULT_BINDING_TIER,
  RESULT_DELIVERED_RATE_UL_PER_HOUR,
  RESULT_STATUS,
  RESULT_VERDICT,
  SLOT_DISPLAY_VALUE,
} from "./result-layout";

const REQUEST: usize = REQUEST_OFFSET;
const RESULT: usize = RESULT_OFFSET;

/** Entry, care area, concentration and mode of the engine request at `request` into the record at `ptr` (docs/abi.md §4). */
export function writeRequestIdentity(ptr: usize, request: usize): void {
  store<u32>(ptr + REC_ENTRY_ID, load<u32>(request + REQUEST_ENTRY_ID));
  store<u8>(ptr + REC_CARE_AREA_ID, load<u8>(request + REQUEST_CARE_AREA_ID));
  store<u8>(ptr + REC_CONCENTRATION_INDEX, load<u8>(request + REQUEST_CONCENTRATION_INDEX));
  store<u8>(ptr + REC_MODE, load<u8>(request + REQUEST_MODE));
}

/**
 * CHECK_PROGRAM's service: evaluates the request buffer (the very evaluateRequest of the `evaluate`
 * export) and logs the outcome as PROGRAM_CHECK; returns the engine's status.
 */
export function evaluateAndLog(): i32 {
  const status = evaluateRequest();
  logProgramCheck();
  return status;
}

/** PROGRAM_CHECK from the request and result buffers as they are now. */
function logProgramCheck(): void {
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
    if (param < <u32>PARAM_COUNT || (param >= <u32>PCA_PARAM_FIRST && param <= <u32>PCA_PARAM_LAST))
      store<u64>(ptr + REC_VALUE, load<u64>(paramSlot(param) + SLOT_DISPLAY_VALUE));
  }
  commitRecord(ptr);
}
