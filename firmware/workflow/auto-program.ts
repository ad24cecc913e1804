// AUTO_PROGRAM (issue 13, docs/workflow.md §8.16): an order matched to exactly one entry and
// concentration of the active library, checked by the same engine path as PROGRAM, kept pending and
// bound to the order until the clinician confirms it at the pump (§5.5). Every refusal changes
// nothing and is logged AUTO_PROGRAM_REFUSED with the order id. The payload's shape was checked by
// protocol/commands/auto-program.ts.
import {
  AUTO_AMOUNT_ABU,
  AUTO_AMOUNT_UNIT,
  AUTO_BSA_M2X10000,
  AUTO_CARE_AREA_ID,
  AUTO_DOSE_BASIS,
  AUTO_DRUG_CODE,
  AUTO_ORDER_ID,
  AUTO_PATIENT_ID,
  AUTO_PROGRAM_BLOCK,
  AUTO_VOLUME_UL,
  AUTO_WEIGHT_G,
  CareAreaDetail,
  ConcentrationDetail,
  OrderDetail,
} from "../abi/auto-program-layout";
import { AmountUnit, ConcentrationKind, Field, InfusionType, NO_CONCENTRATION } from "../abi/codes";
import { Result } from "../abi/protocol-codes";
import { AGE_NOT_ENTERED, PumpState } from "../abi/workflow-codes";
import { codeConcentrationMask, codeEntry, codeEntryMatches, findCode } from "../library/code-lookup";
import {
  CONCENTRATION_AMOUNT_ABU,
  CONCENTRATION_KIND,
  CONCENTRATION_VOLUME_UL,
  ENTRY_CARE_AREA_MASK,
  ENTRY_CONCENTRATION_COUNT,
  ENTRY_DOSE_AMOUNT_UNIT,
  ENTRY_DOSE_BASIS,
  ENTRY_ID,
  ENTRY_INFUSION_TYPE,
} from "../library/entry-layout";
import { concentrationRecordAt, entryRecordCount, entryRecordList } from "../library/limit-record-layout";
import { findCareArea } from "../library/lookup";
import { libraryActive } from "../library/state";
import { BandFit, bandFit, patientBandRecord } from "../limits/patient-band";
import { bindOrder, logAutoProgramRefused } from "./order";
import { DONE, detailOf, refuse, resultOf } from "./outcome";
import { checkPrimary, keepPrimary } from "./programming";
import { blockPresence } from "./request";
import { setPatientValues } from "./selection";
import {
  ageDays,
  bsaM2x10000,
  careAreaId,
  NO_CARE_AREA,
  selectArea,
  selectDrug,
  setPatient,
  setState,
  state,
  weightG,
} from "./state";

// The matched concentration (set by matchConcentration).
let matchedConcentration: u32 = NO_CONCENTRATION;
let matchedCustomAmountAbu: u64 = 0;
let matchedCustomVolumeUl: u64 = 0;

/**
 * AUTO_PROGRAM of the order at `order`; `codeLength` is the drug code's length (1 … 32), `blockLength`
 * the program block's (36, or 48 with the amount per dose and the line access).
 */
export function autoProgram(order: usize, codeLength: u32, blockLength: u32): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  const orderId = order + AUTO_ORDER_ID;
  // An order pre-populates an idle pump; a drug selected, a program pending or an infusion is the clinician's.
  if (state != PumpState.IDLE && state != PumpState.AREA_SELECTED) return refuseOrder(orderId, Result.PUMP_BUSY, state);
  const area = <u32>load<u8>(order + AUTO_CARE_AREA_ID);
  if (findCareArea(area) == 0) return refuseOrder(orderId, Result.CARE_AREA_DIFFERS, CareAreaDetail.UNKNOWN);
  if (state == PumpState.AREA_SELECTED && careAreaId != area)
    return refuseOrder(orderId, Result.CARE_AREA_DIFFERS, CareAreaDetail.OTHER_SELECTED);

  findCode(order + AUTO_DRUG_CODE, codeLength);
  if (codeEntryMatches == 0) return refuseOrder(orderId, Result.AUTO_PROGRAM_NO_MATCH, 0);
  if (codeEntryMatches > 1) return refuseOrder(orderId, Result.ORDER_INCONSISTENT, OrderDetail.AMBIGUOUS_CODE);
  const entry = codeEntry;
  if ((load<u64>(entry + ENTRY_CARE_AREA_MASK) & ((<u64>1) << (<u64>area))) == 0)
    return refuseOrder(orderId, Result.ENTRY_NOT_IN_CARE_AREA, area);
  const concentrationRefusal = matchConcentration(entry, order);
  if (concentrationRefusal != 0) return refuseOrder(orderId, Result.CONCENTRATION_DIFFERS, concentrationRefusal);
  const block = order + AUTO_PROGRAM_BLOCK;
  // A dose rate or an amount per dose is per the order's basis, which must be the entry's.
  const doseGiven = (blockPresence(block) & ((1 << (<u32>Field.DOSE)) | (1 << (<u32>Field.DOSE_AMOUNT)))) != 0;
  if (doseGiven && <u32>load<u8>(order + AUTO_DOSE_BASIS) != <u32>load<u8>(entry + ENTRY_DOSE_BASIS))
    return refuseOrder(orderId, Result.ORDER_INCONSISTENT, OrderDetail.DOSE_BASIS);

  // The selection the clinician would have keyed, made by the same functions; undone on a refusal.
  const savedState = state;
  const savedWeight = weightG;
  const savedBsa = bsaM2x10000;
  const savedAge = ageDays;
  if (state == PumpState.IDLE) {
    selectArea(area);
    setState(PumpState.AREA_SELECTED);
  }
  // The order's weight needs no second entry: the local START confirms the whole order (§8.16).
  const weight = <u64>load<u32>(order + AUTO_WEIGHT_G);
  let outcome = setPatientValues(weight, <u64>load<u32>(order + AUTO_BSA_M2X10000), weight, ageDays);
  if (outcome == DONE) outcome = bandRefusal(entry);
  if (outcome == DONE) {
    selectDrug(load<u32>(entry + ENTRY_ID), matchedConcentration, matchedCustomAmountAbu, matchedCustomVolumeUl);
    setState(PumpState.DRUG_SELECTED);
    outcome = checkPrimary(block, blockLength);
  }
  if (outcome != DONE) {
    selectArea(savedState == PumpState.IDLE ? NO_CARE_AREA : area);
    setPatient(savedWeight, savedBsa, savedAge);
    setState(savedState);
    return refuseOrder(orderId, resultOf(outcome), detailOf(outcome));
  }
  bindOrder(orderId, order + AUTO_PATIENT_ID, load<u32>(entry + ENTRY_ID), area, matchedConcentration);
  keepPrimary(block, blockLength);
  return DONE;
}

function refuseOrder(orderId: usize, result: u32, detail: u32): u32 {
  logAutoProgramRefused(orderId, result, detail);
  return refuse(result, detail);
}

/** The entry's patient band against the order's patient, as SELECT_DRUG checks it (§8.4). */
function bandRefusal(entry: usize): u32 {
  const records = entryRecordCount(entry);
  const fit = bandFit(
    patientBandRecord(records == 0 ? 0 : entryRecordList(entry), records),
    weightG != 0,
    weightG,
    ageDays != AGE_NOT_ENTERED,
    <u64>ageDays,
  );
  if (fit == BandFit.WEIGHT_MISSING || fit == BandFit.AGE_MISSING)
    return refuse(Result.PATIENT_VALUE_NEEDED, fit == BandFit.WEIGHT_MISSING ? 0 : 1);
  if (fit != BandFit.INSIDE) return refuse(Result.OUTSIDE_PATIENT_BAND, fit == BandFit.WEIGHT_OUTSIDE ? 0 : 1);
  return DONE;
}

/** Mass, units, mEq or mmol: the amount kind of an AmountUnit (docs/units.md). */
function amountKind(unit: u32): u32 {
  if (unit <= <u32>AmountUnit.NG) return 1;
  if (unit <= <u32>AmountUnit.MILLIUNITS) return 2;
  return unit;
}

/**
 * The order's concentration among the candidates of the code (findCode): a fixed one with the same
 * amount and volume, else a custom one taking them; 0, or the ConcentrationDetail of the refusal.
 */
function matchConcentration(entry: usize, order: usize): u32 {
  const unit = <u32>load<u8>(order + AUTO_AMOUNT_UNIT);
  const amount = load<u64>(order + AUTO_AMOUNT_ABU);
  const volume = <u64>load<u32>(order + AUTO_VOLUME_UL);
  matchedCustomAmountAbu = 0;
  matchedCustomVolumeUl = 0;
  matchedConcentration = NO_CONCENTRATION;
  if (<u32>load<u8>(entry + ENTRY_INFUSION_TYPE) == <u32>InfusionType.FLUID)
    return unit == 0 && amount == 0 && volume == 0 ? 0 : ConcentrationDetail.FLUID_MISMATCH;
  if (unit == 0 || amount == 0 || volume == 0) return ConcentrationDetail.FLUID_MISMATCH;
  if (amountKind(unit) != amountKind(<u32>load<u8>(entry + ENTRY_DOSE_AMOUNT_UNIT)))
    return ConcentrationDetail.AMOUNT_KIND;
  const count = <u32>load<u8>(entry + ENTRY_CONCENTRATION_COUNT);
  let fixedMatches: u32 = 0;
  let custom: u32 = NO_CONCENTRATION;
  for (let c: u32 = 0; c < count; c++) {
    if ((codeConcentrationMask & (1 << c)) == 0) continue;
    const record = concentrationRecordAt(entry, c);
    if (<u32>load<u8>(record + CONCENTRATION_KIND) == <u32>ConcentrationKind.CUSTOM) {
      if (custom == NO_CONCENTRATION) custom = c;
      continue;
    }
    if (load<u64>(record + CONCENTRATION_AMOUNT_ABU) != amount) continue;
    if (<u64>load<u32>(record + CONCENTRATION_VOLUME_UL) != volume) continue;
    fixedMatches++;
    matchedConcentration = c;
  }
  if (fixedMatches > 1) return ConcentrationDetail.AMBIGUOUS;
  if (fixedMatches == 1) return 0;
  if (custom == NO_CONCENTRATION) return ConcentrationDetail.AMOUNT_OR_VOLUME;
  matchedConcentration = custom;
  matchedCustomAmountAbu = amount;
  matchedCustomVolumeUl = volume;
  return 0;
}
