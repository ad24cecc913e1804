// An entry's patient band (issue 11 §3; PATIENT_BAND record, docs/library-image.md §10): mask bit
// 0 min weight g, 1 max weight g, 2 min age days, 3 max age days, all inclusive. Used by the
// engine (request check, docs/engine.md §5) and by SELECT_DRUG (docs/workflow.md §8.4), so both
// decide with one function.
import { LimitKind } from "../abi/limit-kinds";
import { limitRecord, recordMask, recordValue } from "./limit-records";

/** What the band says about a patient. Explicit values: the workflow reports them as details. */
export enum BandFit {
  INSIDE = 0,
  /** The band bounds the weight and no weight is entered. */
  WEIGHT_MISSING = 1,
  /** The band bounds the age and no age is entered. */
  AGE_MISSING = 2,
  WEIGHT_OUTSIDE = 3,
  AGE_OUTSIDE = 4,
}

const WEIGHT_BITS: u32 = 0b0011;
const AGE_BITS: u32 = 0b1100;

/** The band record of an entry's list, 0 when the entry has none (applies to every patient). */
export function patientBandRecord(entryList: usize, entryCount: u32): usize {
  return limitRecord(entryList, entryCount, LimitKind.PATIENT_BAND);
}

function outside(mask: u32, record: usize, low: u32, value: u64): bool {
  if ((mask & (1 << low)) != 0 && value < recordValue(record, low)) return true;
  return (mask & (1 << (low + 1))) != 0 && value > recordValue(record, low + 1);
}

/**
 * How a patient fits the band `record` (0: no band, INSIDE). Weight first, then age; a bounded
 * value that is not entered is "missing" rather than outside: the pump cannot tell.
 */
export function bandFit(record: usize, hasWeight: bool, weightG: u64, hasAge: bool, ageDays: u64): BandFit {
  if (record == 0) return BandFit.INSIDE;
  const mask = recordMask(record);
  if ((mask & WEIGHT_BITS) != 0) {
    if (!hasWeight) return BandFit.WEIGHT_MISSING;
    if (outside(mask, record, 0, weightG)) return BandFit.WEIGHT_OUTSIDE;
  }
  if ((mask & AGE_BITS) != 0) {
    if (!hasAge) return BandFit.AGE_MISSING;
    if (outside(mask, record, 2, ageDays)) return BandFit.AGE_OUTSIDE;
  }
  return BandFit.INSIDE;
}
