// PCA (issue 15 §1, docs/engine.md §4.2, decision 0034): the PCA block of a request (presence bit 14,
// docs/abi.md §4.1) — its value check (part of check 11/12) and the classification of parameters
// 23–28, whose slots are appended after the 576-byte result. Each value is classified against the
// effective record of its kind (the concentration's, else the entry's); the basal over the chosen
// window is held to the programmed window maximum as a hard maximum.
import {
  Field,
  InfusionType,
  MAX_LIMIT_VALUE,
  Param,
  PCA_MAX_DOSES_PER_HOUR,
  PCA_MAX_LOCKOUT_S,
  PCA_WINDOW_1H_S,
  PCA_WINDOW_4H_S,
  REQUEST_OFFSET,
  Status,
  TIER_BIT_HARD_MAX,
} from "../abi/codes";
import { LimitKind } from "../abi/limit-kinds";
import { ceilFromFloor, divFloorSaturatedInline, mul64, productHi, productLo } from "../exact/u128";
import { crossedLimitValue } from "../limits/classify";
import { effectiveLimitRecord, recordBlock } from "../limits/limit-records";
import { classifyBlock, fixedTierBlock, TierBlock } from "../limits/tier-block";
import { isHard, isSoft } from "../limits/verdict";
import {
  amountAbu,
  concentrationRecordsCount,
  concentrationRecordsPtr,
  entryRecordsCount,
  entryRecordsPtr,
  presenceMask,
  volumeUl,
} from "./context";
import {
  fieldBit,
  REQUEST_PCA_CLINICIAN_BOLUS,
  REQUEST_PCA_DOSE,
  REQUEST_PCA_LOCKOUT_S,
  REQUEST_PCA_MAX_DOSES,
  REQUEST_PCA_WINDOW_MAX_ABU,
  requestValue,
} from "./request-layout";
import { paramSlot, SLOT_CLASSIFICATION_AND_TIER, SLOT_DISPLAY_VALUE, SLOT_LIMIT_VALUE } from "./result-layout";

const REQUEST: usize = REQUEST_OFFSET;
const SECONDS_PER_HOUR: u64 = 3600;
const SOFT_SHIFT: u64 = 32;
/** Tier values of parameter 28's block: slot 3 (HMAX) = the programmed window maximum. */
const WINDOW_MAX_VALUES: usize = memory.data(32, 8);

// @ts-ignore: decorator
@inline function pcaValue(offset: usize): u64 {
  return load<u64>(REQUEST + offset);
}

/**
 * Check 11/12 for PCA (docs/engine.md §5): a PCA entry needs the PCA block (MISSING_VALUE), another
 * entry may not carry it (UNEXPECTED_VALUE); its values must be in the pump's ranges and the window
 * 3,600 or 14,400 s (VALUE_OUT_OF_RANGE).
 */
export function pcaRequestStatus(presence: u32, infusionType: i32): i32 {
  const present = (presence & fieldBit(Field.PCA)) != 0;
  if (infusionType != InfusionType.PCA) return present ? Status.UNEXPECTED_VALUE : Status.OK;
  if (!present) return Status.MISSING_VALUE;
  const windowS = requestValue(Field.PCA);
  if (windowS != <u64>PCA_WINDOW_1H_S && windowS != <u64>PCA_WINDOW_4H_S) return Status.VALUE_OUT_OF_RANGE;
  if (!inRange(pcaValue(REQUEST_PCA_DOSE), <u64>MAX_LIMIT_VALUE)) return Status.VALUE_OUT_OF_RANGE;
  if (!inRange(pcaValue(REQUEST_PCA_LOCKOUT_S), <u64>PCA_MAX_LOCKOUT_S)) return Status.VALUE_OUT_OF_RANGE;
  if (!inRange(pcaValue(REQUEST_PCA_MAX_DOSES), <u64>PCA_MAX_DOSES_PER_HOUR)) return Status.VALUE_OUT_OF_RANGE;
  if (pcaValue(REQUEST_PCA_CLINICIAN_BOLUS) > <u64>MAX_LIMIT_VALUE) return Status.VALUE_OUT_OF_RANGE;
  if (!inRange(pcaValue(REQUEST_PCA_WINDOW_MAX_ABU), <u64>MAX_LIMIT_VALUE)) return Status.VALUE_OUT_OF_RANGE;
  return Status.OK;
}

/** 1 … max, unsigned (0 fails too). */
// @ts-ignore: decorator
@inline function inRange(value: u64, max: u64): bool {
  return value - 1 < max;
}

function slotInto(param: u32, block: TierBlock, floorValue: u64, ceilValue: u64): u64 {
  const code = classifyBlock(block, floorValue, ceilValue);
  const slot = paramSlot(param);
  store<u64>(slot + SLOT_CLASSIFICATION_AND_TIER, <u64>code);
  store<u64>(slot + SLOT_DISPLAY_VALUE, floorValue);
  store<u64>(slot + SLOT_LIMIT_VALUE, crossedLimitValue);
  const classification = code & 0xff;
  return (u64(isHard(classification)) << (<u64>param)) | (u64(isSoft(classification)) << (<u64>param + SOFT_SHIFT));
}

function notChecked(param: u32): void {
  const slot = paramSlot(param);
  store<u64>(slot + SLOT_CLASSIFICATION_AND_TIER, 0);
  store<u64>(slot + SLOT_DISPLAY_VALUE, 0);
  store<u64>(slot + SLOT_LIMIT_VALUE, 0);
}

function effective(kind: u32): TierBlock {
  return recordBlock(
    effectiveLimitRecord(entryRecordsPtr, entryRecordsCount, concentrationRecordsPtr, concentrationRecordsCount, kind),
  );
}

function integer(param: u32, kind: u32, value: u64): u64 {
  return slotInto(param, effective(kind), value, value);
}

/**
 * Parameters 23–28 (REQ-PCA-010 … REQ-PCA-015); all NOT_CHECKED without the PCA block. The basal
 * over the window, r × amount × W / (volume × 3600) ABU (exact: floor and ceiling), against the
 * programmed maximum as a hard maximum: a basal that alone fills the window leaves no room for a
 * single patient dose. r < 2^24, amount < 2^48, W ≤ 14,400 < 2^14: the product is below 2^86.
 */
export function classifyPca(rateUlPerHour: u64): u64 {
  if ((presenceMask & fieldBit(Field.PCA)) == 0) {
    for (let param: u32 = <u32>Param.PCA_DOSE; param <= <u32>Param.PCA_BASAL_IN_WINDOW; param++) notChecked(param);
    return 0;
  }
  const windowS = requestValue(Field.PCA);
  let severity: u64 = 0;
  severity |= integer(Param.PCA_DOSE, LimitKind.PCA_DOSE, pcaValue(REQUEST_PCA_DOSE));
  severity |= integer(Param.PCA_LOCKOUT, LimitKind.PCA_LOCKOUT, pcaValue(REQUEST_PCA_LOCKOUT_S));
  severity |= integer(Param.PCA_MAX_DOSES_PER_HOUR, LimitKind.PCA_MAX_DOSES_PER_HOUR, pcaValue(REQUEST_PCA_MAX_DOSES));
  const clinician = pcaValue(REQUEST_PCA_CLINICIAN_BOLUS);
  if (clinician == 0) notChecked(Param.PCA_CLINICIAN_BOLUS);
  else severity |= integer(Param.PCA_CLINICIAN_BOLUS, LimitKind.PCA_CLINICIAN_BOLUS, clinician);
  const windowMax = pcaValue(REQUEST_PCA_WINDOW_MAX_ABU);
  const windowKind = windowS == <u64>PCA_WINDOW_1H_S ? LimitKind.PCA_WINDOW_MAX_1H : LimitKind.PCA_WINDOW_MAX_4H;
  severity |= integer(Param.PCA_WINDOW_MAX, windowKind, windowMax);
  store<u64>(WINDOW_MAX_VALUES + 24, windowMax);
  mul64(rateUlPerHour * windowS, amountAbu);
  const denominator = volumeUl * SECONDS_PER_HOUR;
  const floorValue = divFloorSaturatedInline(productHi, productLo, denominator);
  const ceilValue = ceilFromFloor(floorValue, productLo, denominator);
  severity |= slotInto(
    Param.PCA_BASAL_IN_WINDOW,
    fixedTierBlock(TIER_BIT_HARD_MAX, WINDOW_MAX_VALUES),
    floorValue,
    ceilValue,
  );
  return severity;
}
