// Classifies the engine parameters of docs/engine.md §2 in priority order, writes their result
// slots (§7) and returns which are hard and which soft, for the verdict and binding limit (§6).
import { Classification, EntryLimit, Field, Mode, Param } from "../abi/codes";
import { ENTRY_TIER_MASKS } from "../library/entry-layout";
import { ceilFromFloor, divFloorSaturatedInline, mulHigh } from "../exact/u128";
import { crossedLimitValue } from "../limits/classify";
import {
  bsaBlock,
  classifyBlock,
  concentrationBlock,
  entryLimitBlock,
  hasTiers,
  maxRateCapBlock,
  maxVtbiCapBlock,
  TierBlock,
  weightBlock,
} from "../limits/tier-block";
import { isHard, isSoft } from "../limits/verdict";
import {
  amountAbu,
  basisPatient,
  basisScale,
  careAreaPtr,
  concentrationIsCustom,
  concentrationPtr,
  deliveredRateUlPerHour,
  entryPtr,
  isFluid,
  mode,
  presenceMask,
  volumeUl,
} from "./context";
import { fieldBit, requestValue } from "./request-layout";
import { paramSlot, SLOT_CLASSIFICATION_AND_TIER, SLOT_DISPLAY_VALUE, SLOT_LIMIT_VALUE } from "./result-layout";

const ABU_PER_ML_SCALE: u64 = 1000; // µL per mL: concentration = amount × 1000 / volumeUl
const SECONDS_PER_HOUR: u64 = 3600;
/** Severity bits returned by classifyParameters: bit p, parameter p is hard; bit SOFT_SHIFT + p, soft. */
export const SOFT_SHIFT: u64 = 32;
export const HARD_BITS: u64 = 0xffffffff;

/**
 * Classifies a value (floor and ceil of it, equal for an integer) against a tier block, writes the
 * slot and returns the parameter's severity bits. Severity is accumulated in a local by the
 * caller rather than in globals: the hot path then touches no global per parameter.
 */
// @ts-ignore: decorator
@inline function classifyInto(
  param: u32,
  block: TierBlock,
  floorValue: u64,
  ceilValue: u64,
  displayValue: u64,
): u64 {
  const code = classifyBlock(block, floorValue, ceilValue);
  const slot = paramSlot(param);
  store<u64>(slot + SLOT_CLASSIFICATION_AND_TIER, <u64>code);
  store<u64>(slot + SLOT_DISPLAY_VALUE, displayValue);
  store<u64>(slot + SLOT_LIMIT_VALUE, crossedLimitValue);
  const classification = code & 0xff;
  return (u64(isHard(classification)) << (<u64>param)) | (u64(isSoft(classification)) << (<u64>param + SOFT_SHIFT));
}

// @ts-ignore: decorator
@inline function notChecked(param: u32): u64 {
  const slot = paramSlot(param);
  store<u64>(slot + SLOT_CLASSIFICATION_AND_TIER, <u64>Classification.NOT_CHECKED);
  store<u64>(slot + SLOT_DISPLAY_VALUE, 0);
  store<u64>(slot + SLOT_LIMIT_VALUE, 0);
  return 0;
}

/** An integer value against an entry limit block. */
// @ts-ignore: decorator
@inline function entryInteger(param: u32, tierMasks: u64, limit: EntryLimit, value: u64): u64 {
  return classifyInto(param, entryLimitBlock(entryPtr, tierMasks, limit), value, value, value);
}

/**
 * The rational nHi:nLo / denominator against an entry limit block. The display value is the
 * floor; with the remainder it also gives the ceiling, and the two decide every tier exactly.
 */
// @ts-ignore: decorator
@inline function entryRational(
  param: u32,
  tierMasks: u64,
  limit: EntryLimit,
  nHi: u64,
  nLo: u64,
  denominator: u64,
): u64 {
  const floorValue = divFloorSaturatedInline(nHi, nLo, denominator);
  const ceilValue = ceilFromFloor(floorValue, nLo, denominator);
  return classifyInto(param, entryLimitBlock(entryPtr, tierMasks, limit), floorValue, ceilValue, floorValue);
}

/** Patient weight or BSA, when entered, against the care area's tiers (REQ-ENG-036). */
// @ts-ignore: decorator
@inline function patient(param: u32, field: Field, block: TierBlock): u64 {
  if ((presenceMask & fieldBit(field)) == 0) return notChecked(param);
  const value = requestValue(field);
  return classifyInto(param, block, value, value, value);
}

// @ts-ignore: decorator
@inline function optionalEntryInteger(param: u32, tierMasks: u64, field: Field, limit: EntryLimit): u64 {
  if ((presenceMask & fieldBit(field)) == 0) return notChecked(param);
  return entryInteger(param, tierMasks, limit, requestValue(field));
}

/**
 * A bolus or loading dose as an absolute amount `dose × W / B` (decision 0020, REQ-ENG-037): held
 * to the entry's per-dose cap (`cap`) when it has one; otherwise it counts against the hourly cap
 * DOSE_ABSOLUTE together with an hour of the basal, `r × amount / volume + dose × W / B`, the
 * rational (r × amount × B + dose × W × volume) / (volume × B). Operands: amount × B < 2^62,
 * W × volume < 2^44, r < 2^24, dose < 2^53, so both products and their sum are below 2^98.
 */
function absoluteDose(param: u32, tierMasks: u64, field: Field, cap: EntryLimit, rateUlPerHour: u64): u64 {
  if ((presenceMask & fieldBit(field)) == 0) return notChecked(param);
  const dose = requestValue(field);
  if (hasTiers(entryLimitBlock(entryPtr, tierMasks, cap))) {
    return entryRational(param, tierMasks, cap, mulHigh(dose, basisPatient), dose * basisPatient, basisScale);
  }
  const perRate = amountAbu * basisScale;
  const perDose = basisPatient * volumeUl;
  const basalLo = rateUlPerHour * perRate;
  const doseLo = dose * perDose;
  const sumLo = basalLo + doseLo;
  const sumHi = mulHigh(rateUlPerHour, perRate) + mulHigh(dose, perDose) + u64(sumLo < basalLo);
  return entryRational(param, tierMasks, EntryLimit.DOSE_ABSOLUTE, sumHi, sumLo, volumeUl * basisScale);
}

/** Writes every result slot; returns severity bits (HARD_BITS, SOFT_SHIFT). */
export function classifyParameters(): u64 {
  const rateUlPerHour = deliveredRateUlPerHour;
  const tierMasks = load<u64>(entryPtr + ENTRY_TIER_MASKS);
  let severity: u64 = 0;

  severity |= patient(Param.WEIGHT, Field.WEIGHT_G, weightBlock(careAreaPtr));
  severity |= patient(Param.BSA, Field.BSA_M2X10000, bsaBlock(careAreaPtr));

  if (concentrationIsCustom) {
    // amount × 1000 < 2^58 (REQ-ENG-034); volume ≥ 1 (check 4).
    const numerator = amountAbu * ABU_PER_ML_SCALE;
    const floorValue = numerator / volumeUl;
    const ceilValue = ceilFromFloor(floorValue, numerator, volumeUl);
    severity |= classifyInto(
      Param.CONCENTRATION,
      concentrationBlock(concentrationPtr),
      floorValue,
      ceilValue,
      floorValue,
    );
  } else {
    notChecked(Param.CONCENTRATION);
  }

  if (isFluid) {
    notChecked(Param.DOSE);
    notChecked(Param.DOSE_ABSOLUTE);
  } else {
    if (mode == Mode.DOSE) {
      severity |= entryInteger(Param.DOSE, tierMasks, EntryLimit.DOSE, requestValue(Field.DOSE));
    } else {
      // d = r × (amount × B) / (volume × W): amount × B < 2^62, volume × W < 2^44.
      const perRate = amountAbu * basisScale;
      severity |= entryRational(
        Param.DOSE,
        tierMasks,
        EntryLimit.DOSE,
        mulHigh(rateUlPerHour, perRate),
        rateUlPerHour * perRate,
        volumeUl * basisPatient,
      );
    }
    // Total amount per hour r × amount / volume (REQ-ENG-035).
    severity |= entryRational(
      Param.DOSE_ABSOLUTE,
      tierMasks,
      EntryLimit.DOSE_ABSOLUTE,
      mulHigh(rateUlPerHour, amountAbu),
      rateUlPerHour * amountAbu,
      volumeUl,
    );
  }

  severity |= entryInteger(Param.RATE, tierMasks, EntryLimit.RATE, rateUlPerHour);
  severity |= classifyInto(
    Param.AREA_MAX_RATE,
    maxRateCapBlock(careAreaPtr),
    rateUlPerHour,
    rateUlPerHour,
    rateUlPerHour,
  );

  if ((presenceMask & fieldBit(Field.VTBI_UL)) != 0) {
    const vtbiUl = requestValue(Field.VTBI_UL);
    severity |= entryInteger(Param.VTBI, tierMasks, EntryLimit.VTBI, vtbiUl);
    severity |= classifyInto(Param.AREA_MAX_VTBI, maxVtbiCapBlock(careAreaPtr), vtbiUl, vtbiUl, vtbiUl);
    if (mode == Mode.DURATION) {
      severity |= entryInteger(Param.DURATION, tierMasks, EntryLimit.DURATION, requestValue(Field.DURATION_S));
    } else {
      // t = vtbi × 3600 / r; vtbi × 3600 < 2^36.
      severity |= entryRational(
        Param.DURATION,
        tierMasks,
        EntryLimit.DURATION,
        0,
        vtbiUl * SECONDS_PER_HOUR,
        rateUlPerHour,
      );
    }
  } else {
    notChecked(Param.VTBI);
    notChecked(Param.AREA_MAX_VTBI);
    notChecked(Param.DURATION);
  }

  severity |= optionalEntryInteger(Param.BOLUS_DOSE, tierMasks, Field.BOLUS_DOSE, EntryLimit.BOLUS_DOSE);
  severity |= optionalEntryInteger(Param.BOLUS_RATE, tierMasks, Field.BOLUS_RATE_UL_PER_HOUR, EntryLimit.BOLUS_RATE);
  severity |= optionalEntryInteger(Param.LOADING_DOSE, tierMasks, Field.LOADING_DOSE, EntryLimit.LOADING_DOSE);
  severity |= absoluteDose(
    Param.BOLUS_DOSE_ABSOLUTE,
    tierMasks,
    Field.BOLUS_DOSE,
    EntryLimit.BOLUS_DOSE_ABSOLUTE,
    rateUlPerHour,
  );
  severity |= absoluteDose(
    Param.LOADING_DOSE_ABSOLUTE,
    tierMasks,
    Field.LOADING_DOSE,
    EntryLimit.LOADING_DOSE_ABSOLUTE,
    rateUlPerHour,
  );

  // ABI 7 parameters of the format-3 limit records (docs/engine.md §2).
  severity |= notChecked(Param.DOSE_PER_ADMIN);
  severity |= notChecked(Param.DOSE_PER_ADMIN_ABSOLUTE);
  severity |= notChecked(Param.BOLUS_DOSE_RATE);
  severity |= notChecked(Param.LOADING_DOSE_RATE);
  severity |= notChecked(Param.PERIPHERAL_CONCENTRATION);

  severity |= notChecked(Param.CUMULATIVE);
  return severity;
}
