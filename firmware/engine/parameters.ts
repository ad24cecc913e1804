// Classifies the engine parameters of docs/engine.md §2 in priority order, writes their result
// slots (§7) and returns which are hard and which soft, for the verdict and binding limit (§6).
import { Classification, EntryLimit, Field, LineAccess, Mode, Param } from "../abi/codes";
import { ENTRY_TIER_MASKS } from "../library/entry-layout";
import { ceilFromFloor, divFloorSaturatedInline, mul64, mulHigh, productHi, productLo } from "../exact/u128";
import { LimitKind } from "../abi/limit-kinds";
import { effectiveEntryLimitBlock, effectiveLimitRecord, recordBlock } from "../limits/limit-records";
import { crossedLimitValue } from "../limits/classify";
import {
  bsaBlock,
  classifyBlock,
  concentrationBlock,
  hasTiers,
  maxRateCapBlock,
  maxVtbiCapBlock,
  TierBlock,
  weightBlock,
} from "../limits/tier-block";
import { isHard, isSoft } from "../limits/verdict";
import { recordArgument, recordBlock } from "../limits/limit-records";
import {
  cumulativeRecordInContext,
  cumulativeWindowAmount,
  windowAmountDenominator,
  windowAmountHi,
  windowAmountLo,
} from "./cumulative-window";
import {
  amountAbu,
  basisPatient,
  basisScale,
  careAreaPtr,
  concentrationIsCustom,
  concentrationPtr,
  deliveredRateUlPerHour,
  concentrationRecordsCount,
  concentrationRecordsPtr,
  entryPtr,
  entryRecordsCount,
  entryRecordsPtr,
  isFluid,
  isIntermittent,
  mode,
  presenceMask,
  volumeUl,
  vtbiKnown,
  vtbiUl,
} from "./context";
import { fieldBit, requestValue } from "./request-layout";
import { classifyPca } from "./pca-parameters";
import {
  paramSlot,
  RESULT_PARAM_SIZE,
  SLOT_CLASSIFICATION_AND_TIER,
  SLOT_DISPLAY_VALUE,
  SLOT_LIMIT_VALUE,
} from "./result-layout";

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

/** Entry limit `limit` as it applies: the selected concentration's override, else the entry's (REQ-ENG-063). */
// @ts-ignore: decorator
@inline function limitBlock(tierMasks: u64, limit: EntryLimit): TierBlock {
  return effectiveEntryLimitBlock(entryPtr, tierMasks, concentrationRecordsPtr, concentrationRecordsCount, limit);
}

/** An integer value against an entry limit block. */
// @ts-ignore: decorator
@inline function entryInteger(param: u32, tierMasks: u64, limit: EntryLimit, value: u64): u64 {
  return classifyInto(param, limitBlock(tierMasks, limit), value, value, value);
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
  return classifyInto(param, limitBlock(tierMasks, limit), floorValue, ceilValue, floorValue);
}

/** The rational nHi:nLo / denominator against any tier block (display value: the floor). */
// @ts-ignore: decorator
@inline function rationalInto(param: u32, block: TierBlock, nHi: u64, nLo: u64, denominator: u64): u64 {
  const floorValue = divFloorSaturatedInline(nHi, nLo, denominator);
  const ceilValue = ceilFromFloor(floorValue, nLo, denominator);
  return classifyInto(param, block, floorValue, ceilValue, floorValue);
}

/** The effective limit record of `kind` as a block: the concentration's, else the entry's; 0 when none. */
// @ts-ignore: decorator
@inline function effectiveRecord(kind: u32): usize {
  return effectiveLimitRecord(
    entryRecordsPtr,
    entryRecordsCount,
    concentrationRecordsPtr,
    concentrationRecordsCount,
    kind,
  );
}

/**
 * The amount of one intermittent dose (decision 0019, REQ-ENG-061): per basis against
 * DOSE_PER_ADMIN and for the patient against DOSE_PER_ADMIN_ABSOLUTE, each only when the entry (or
 * the selected concentration) has that record. Programmed by amount `a` (ABU per basis) the amount
 * is classified as entered, `a` and `a × W / B`; programmed by VTBI `v` it is the exact amount the
 * bag gives, `v × amount × B / (volume × W)` and `v × amount / volume`. Operands: a < 2^53,
 * W < 2^20; v < 2^24, amount × B < 2^62; volume × W < 2^44.
 */
function perAdministration(): u64 {
  const perBasisRecord = effectiveRecord(LimitKind.DOSE_PER_ADMIN);
  const absoluteRecord = effectiveRecord(LimitKind.DOSE_PER_ADMIN_ABSOLUTE);
  let severity: u64 = 0;
  const byAmount = (presenceMask & fieldBit(Field.DOSE_AMOUNT)) != 0;
  const amount = requestValue(Field.DOSE_AMOUNT);
  if (perBasisRecord == 0) {
    severity |= notChecked(Param.DOSE_PER_ADMIN);
  } else if (byAmount) {
    severity |= classifyInto(Param.DOSE_PER_ADMIN, recordBlock(perBasisRecord), amount, amount, amount);
  } else {
    mul64(vtbiUl, amountAbu * basisScale);
    severity |= rationalInto(
      Param.DOSE_PER_ADMIN,
      recordBlock(perBasisRecord),
      productHi,
      productLo,
      volumeUl * basisPatient,
    );
  }
  if (absoluteRecord == 0) {
    severity |= notChecked(Param.DOSE_PER_ADMIN_ABSOLUTE);
  } else if (byAmount) {
    severity |= rationalInto(
      Param.DOSE_PER_ADMIN_ABSOLUTE,
      recordBlock(absoluteRecord),
      mulHigh(amount, basisPatient),
      amount * basisPatient,
      basisScale,
    );
  } else {
    severity |= rationalInto(
      Param.DOSE_PER_ADMIN_ABSOLUTE,
      recordBlock(absoluteRecord),
      mulHigh(vtbiUl, amountAbu),
      vtbiUl * amountAbu,
      volumeUl,
    );
  }
  return severity;
}

/**
 * A bolus or loading dose as a dose rate while it runs (issue 11 feature 5, REQ-ENG-064): the bolus
 * rate `rb` converted like the delivered rate, `rb × amount × B / (volume × W)` (ABU per basis per
 * hour), against the effective BOLUS_DOSE_RATE / LOADING_DOSE_RATE record; checked when the request
 * has the bolus rate and that dose and the record exists, else NOT_CHECKED. rb < 2^24,
 * amount × B < 2^62, volume × W < 2^44.
 */
function bolusDoseRate(param: u32, doseField: Field, kind: u32): u64 {
  const needed = fieldBit(Field.BOLUS_RATE_UL_PER_HOUR) | fieldBit(doseField);
  if ((presenceMask & needed) != needed) return notChecked(param);
  const record = effectiveRecord(kind);
  if (record == 0) return notChecked(param);
  mul64(requestValue(Field.BOLUS_RATE_UL_PER_HOUR), amountAbu * basisScale);
  return rationalInto(param, recordBlock(record), productHi, productLo, volumeUl * basisPatient);
}

/**
 * The concentration against the peripheral-line maximum (issue 11 feature 7, REQ-ENG-065),
 * parameter 21, when the entry or the concentration has a PERIPHERAL_MAX_CONCENTRATION record: on a
 * peripheral line (request LINE_ACCESS 1) or with the line not given (check 12 has already asked
 * for it when the concentration is above the maximum) the concentration `amount × 1000 / volume`
 * is classified against the record's hard max; on a central line (2) nothing limits it: NO_LIMIT.
 */
function peripheralConcentration(): u64 {
  const record = effectiveRecord(LimitKind.PERIPHERAL_MAX_CONCENTRATION);
  if (record == 0) return notChecked(Param.PERIPHERAL_CONCENTRATION);
  const central =
    (presenceMask & fieldBit(Field.LINE_ACCESS)) != 0 && requestValue(Field.LINE_ACCESS) == <u64>LineAccess.CENTRAL;
  // amount × 1000 < 2^58 (REQ-ENG-034); volume ≥ 1.
  return rationalInto(
    Param.PERIPHERAL_CONCENTRATION,
    central ? recordBlock(0) : recordBlock(record),
    0,
    amountAbu * ABU_PER_ML_SCALE,
    volumeUl,
  );
}

/**
 * Slots of parameters 17 .. 22 (consecutive slots 15 .. 20) all NOT_CHECKED: 18 zero stores,
 * written straight (constant addresses, no loop) because every check without records pays them.
 */
// @ts-ignore: decorator
@inline function notCheckedRecordParams(): void {
  const at = paramSlot(Param.DOSE_PER_ADMIN);
  // 6 slots × 24 bytes = 144 bytes: NOT_CHECKED is 0, as are value and limit.
  store<u64>(at, 0, 0);
  store<u64>(at, 0, 8);
  store<u64>(at, 0, 16);
  store<u64>(at, 0, 24);
  store<u64>(at, 0, 32);
  store<u64>(at, 0, 40);
  store<u64>(at, 0, 48);
  store<u64>(at, 0, 56);
  store<u64>(at, 0, 64);
  store<u64>(at, 0, 72);
  store<u64>(at, 0, 80);
  store<u64>(at, 0, 88);
  store<u64>(at, 0, 96);
  store<u64>(at, 0, 104);
  store<u64>(at, 0, 112);
  store<u64>(at, 0, 120);
  store<u64>(at, 0, 128);
  store<u64>(at, 0, 136);
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
  if (hasTiers(limitBlock(tierMasks, cap))) {
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

  if (vtbiKnown) {
    severity |= entryInteger(Param.VTBI, tierMasks, EntryLimit.VTBI, vtbiUl);
    severity |= classifyInto(Param.AREA_MAX_VTBI, maxVtbiCapBlock(careAreaPtr), vtbiUl, vtbiUl, vtbiUl);
    if (mode == Mode.DURATION) {
      severity |= entryInteger(Param.DURATION, tierMasks, EntryLimit.DURATION, requestValue(Field.DURATION_S));
    } else if (rateUlPerHour == 0) {
      // A PCA without a basal (decision 0044): the VTBI goes only in doses, at no time anyone can know.
      notChecked(Param.DURATION);
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

  // ABI 7 parameters of the format-3 limit records (docs/engine.md §2), the cumulative limit
  // included. Most entries have no records at all: then every one of them is NOT_CHECKED, written
  // in one run of stores without looking for records (the per-check cost, issue 11).
  if ((entryRecordsCount | concentrationRecordsCount) == 0) {
    notCheckedRecordParams();
    // Issue 15: the PCA slots too (NOT_CHECKED without a block; with one, against no records).
    return severity | classifyPca(rateUlPerHour);
  } else {
    if (isIntermittent) {
      severity |= perAdministration();
    } else {
      severity |= notChecked(Param.DOSE_PER_ADMIN);
      severity |= notChecked(Param.DOSE_PER_ADMIN_ABSOLUTE);
    }
    severity |= bolusDoseRate(Param.BOLUS_DOSE_RATE, Field.BOLUS_DOSE, LimitKind.BOLUS_DOSE_RATE);
    severity |= bolusDoseRate(Param.LOADING_DOSE_RATE, Field.LOADING_DOSE, LimitKind.LOADING_DOSE_RATE);
    severity |= isFluid ? notChecked(Param.PERIPHERAL_CONCENTRATION) : peripheralConcentration();
  }

  // One window of the program against the entry's cumulative limit (REQ-ENG-076); the history is the workflow's.
  const cumulative: usize = isFluid ? 0 : cumulativeRecordInContext();
  if (cumulative == 0) {
    severity |= notChecked(Param.CUMULATIVE);
  } else {
    cumulativeWindowAmount(<u64>recordArgument(cumulative), rateUlPerHour);
    const floorValue = divFloorSaturatedInline(windowAmountHi, windowAmountLo, windowAmountDenominator);
    const ceilValue = ceilFromFloor(floorValue, windowAmountLo, windowAmountDenominator);
    severity |= classifyInto(Param.CUMULATIVE, recordBlock(cumulative), floorValue, ceilValue, floorValue);
  }
  // Issue 15: the PCA block's parameters 23–28 (NOT_CHECKED without one), slots after the result.
  severity |= classifyPca(rateUlPerHour);
  return severity;
}
