// Classifies the thirteen parameters of docs/engine.md §2 in priority order, writes their result
// slots (§7) and marks which are hard and which soft, for the verdict and binding limit (§6).
import { Classification, EntryLimit, Field, Mode, Param, TIER_BIT_HARD_MAX } from "../abi/codes";
import { AREA_BSA_TIER_MASK, AREA_BSA_TIERS_M2X10000, AREA_CAP_MASK, AREA_CAP_MAX_RATE, AREA_CAP_MAX_VTBI, AREA_MAX_RATE_UL_PER_HOUR, AREA_MAX_VTBI_UL, AREA_WEIGHT_TIER_MASK, AREA_WEIGHT_TIERS_G } from "../library/care-area-layout";
import { CONCENTRATION_LIMIT_VALUES, CONCENTRATION_TIER_MASK, ENTRY_TIER_MASKS, entryLimitValuesOffset } from "../library/entry-layout";
import { divFloorSaturated, mul64, productHi, productLo } from "../exact/u128";
import { classify, crossedLimitValue } from "../limits/classify";
import {
  amountAbu, basisPatient, basisScale, careAreaPtr, concentrationIsCustom, concentrationPtr, deliveredRateUlPerHour, entryPtr,
  isFluid, mode, presenceMask, volumeUl,
} from "./context";
import { fieldBit, requestValue } from "./request-layout";
import { paramSlot, SLOT_CLASSIFICATION_AND_TIER, SLOT_DISPLAY_VALUE, SLOT_LIMIT_VALUE } from "./result-layout";

const ABU_PER_ML_SCALE: u64 = 1000; // µL per mL: concentration = amount × 1000 / volumeUl
const SECONDS_PER_HOUR: u64 = 3600;

/** Bit p set: parameter p is hard / soft. The lowest set bit is the binding parameter (§6). */
export let hardParamBits: u32 = 0;
export let softParamBits: u32 = 0;

/** Writes one slot; `code` is classification | tier << 8 from classify(). */
// @ts-ignore: decorator
@inline function record(param: u32, code: u32, displayValue: u64): void {
  const slot = paramSlot(param);
  store<u64>(slot + SLOT_CLASSIFICATION_AND_TIER, <u64>code);
  store<u64>(slot + SLOT_DISPLAY_VALUE, displayValue);
  store<u64>(slot + SLOT_LIMIT_VALUE, crossedLimitValue);
  const classification = code & 0xff;
  hardParamBits |= u32(classification >= <u32>Classification.BELOW_HARD_MIN) << param;
  softParamBits |= u32(classification - <u32>Classification.BELOW_SOFT_MIN <= 1) << param; // BELOW_SOFT_MIN or ABOVE_SOFT_MAX
}

// @ts-ignore: decorator
@inline function notChecked(param: u32): void {
  const slot = paramSlot(param);
  store<u64>(slot + SLOT_CLASSIFICATION_AND_TIER, <u64>Classification.NOT_CHECKED);
  store<u64>(slot + SLOT_DISPLAY_VALUE, 0);
  store<u64>(slot + SLOT_LIMIT_VALUE, 0);
}

/** An integer value against an entry limit block. */
// @ts-ignore: decorator
@inline function recordEntryInteger(param: u32, limit: EntryLimit, value: u64): void {
  const tierMasks = load<u64>(entryPtr + ENTRY_TIER_MASKS);
  const mask = <u32>(tierMasks >>> (<u64>limit << 3)) & 0xff;
  const valuesPtr = entryPtr + entryLimitValuesOffset(tierMasks, limit);
  record(param, classify(mask, valuesPtr, true, 0, value, 1), value);
}

/** The rational nHi:nLo / denominator against an entry limit block. */
// @ts-ignore: decorator
@inline function recordEntryRational(param: u32, limit: EntryLimit, nHi: u64, nLo: u64, denominator: u64): void {
  const tierMasks = load<u64>(entryPtr + ENTRY_TIER_MASKS);
  const mask = <u32>(tierMasks >>> (<u64>limit << 3)) & 0xff;
  const valuesPtr = entryPtr + entryLimitValuesOffset(tierMasks, limit);
  record(param, classify(mask, valuesPtr, true, nHi, nLo, denominator), divFloorSaturated(nHi, nLo, denominator));
}

/** A care-area cap is a block holding at most a hard max (docs/engine.md §2, REQ-ENG-033). */
// @ts-ignore: decorator
@inline function recordCap(param: u32, capBit: u32, capOffset: usize, value: u64): void {
  const present = (<u32>load<u8>(careAreaPtr + AREA_CAP_MASK) & capBit) != 0;
  record(param, classify(present ? TIER_BIT_HARD_MAX : 0, careAreaPtr + capOffset, true, 0, value, 1), value);
}

/** Patient weight or BSA against the care area's fixed-slot tiers (REQ-ENG-036). */
// @ts-ignore: decorator
@inline function recordPatient(param: u32, field: Field, maskOffset: usize, tiersOffset: usize): void {
  if ((presenceMask & fieldBit(field)) == 0) return notChecked(param);
  const value = requestValue(field);
  const mask = <u32>load<u8>(careAreaPtr + maskOffset);
  record(param, classify(mask, careAreaPtr + tiersOffset, false, 0, value, 1), value);
}

// @ts-ignore: decorator
@inline function recordOptionalEntryInteger(param: u32, field: Field, limit: EntryLimit): void {
  if ((presenceMask & fieldBit(field)) == 0) return notChecked(param);
  recordEntryInteger(param, limit, requestValue(field));
}

export function classifyParameters(): void {
  hardParamBits = 0;
  softParamBits = 0;
  const rateUlPerHour = deliveredRateUlPerHour;

  recordPatient(Param.WEIGHT, Field.WEIGHT_G, AREA_WEIGHT_TIER_MASK, AREA_WEIGHT_TIERS_G);
  recordPatient(Param.BSA, Field.BSA_M2X10000, AREA_BSA_TIER_MASK, AREA_BSA_TIERS_M2X10000);

  if (concentrationIsCustom) {
    // amount × 1000 < 2^58 (REQ-ENG-034).
    const numerator = amountAbu * ABU_PER_ML_SCALE;
    const mask = <u32>load<u8>(concentrationPtr + CONCENTRATION_TIER_MASK);
    const code = classify(mask, concentrationPtr + CONCENTRATION_LIMIT_VALUES, true, 0, numerator, volumeUl);
    record(Param.CONCENTRATION, code, numerator / volumeUl);
  } else {
    notChecked(Param.CONCENTRATION);
  }

  if (isFluid) {
    notChecked(Param.DOSE);
    notChecked(Param.DOSE_ABSOLUTE);
  } else {
    if (mode == Mode.DOSE) {
      recordEntryInteger(Param.DOSE, EntryLimit.DOSE, requestValue(Field.DOSE));
    } else {
      // d = r × (amount × B) / (volume × W): amount × B < 2^62, volume × W < 2^44.
      mul64(rateUlPerHour, amountAbu * basisScale);
      recordEntryRational(Param.DOSE, EntryLimit.DOSE, productHi, productLo, volumeUl * basisPatient);
    }
    // Total amount per hour r × amount / volume (REQ-ENG-035).
    mul64(rateUlPerHour, amountAbu);
    recordEntryRational(Param.DOSE_ABSOLUTE, EntryLimit.DOSE_ABSOLUTE, productHi, productLo, volumeUl);
  }

  recordEntryInteger(Param.RATE, EntryLimit.RATE, rateUlPerHour);
  recordCap(Param.AREA_MAX_RATE, AREA_CAP_MAX_RATE, AREA_MAX_RATE_UL_PER_HOUR, rateUlPerHour);

  if ((presenceMask & fieldBit(Field.VTBI_UL)) != 0) {
    const vtbiUl = requestValue(Field.VTBI_UL);
    recordEntryInteger(Param.VTBI, EntryLimit.VTBI, vtbiUl);
    recordCap(Param.AREA_MAX_VTBI, AREA_CAP_MAX_VTBI, AREA_MAX_VTBI_UL, vtbiUl);
    if (mode == Mode.DURATION) {
      recordEntryInteger(Param.DURATION, EntryLimit.DURATION, requestValue(Field.DURATION_S));
    } else {
      // t = vtbi × 3600 / r; vtbi × 3600 < 2^36.
      recordEntryRational(Param.DURATION, EntryLimit.DURATION, 0, vtbiUl * SECONDS_PER_HOUR, rateUlPerHour);
    }
  } else {
    notChecked(Param.VTBI);
    notChecked(Param.AREA_MAX_VTBI);
    notChecked(Param.DURATION);
  }

  recordOptionalEntryInteger(Param.BOLUS_DOSE, Field.BOLUS_DOSE, EntryLimit.BOLUS_DOSE);
  recordOptionalEntryInteger(Param.BOLUS_RATE, Field.BOLUS_RATE_UL_PER_HOUR, EntryLimit.BOLUS_RATE);
  recordOptionalEntryInteger(Param.LOADING_DOSE, Field.LOADING_DOSE, EntryLimit.LOADING_DOSE);
}
