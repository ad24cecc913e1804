// Care area, patient, drug entry or basic infusion (docs/workflow.md §3). Selection is possible only
// while nothing runs; changing what a pending program was built from resolves that program first
// (an edit, or a cancel when the drug itself goes away).
import { ConcentrationKind, Field, InfusionType, MAX_AGE_DAYS, NO_CONCENTRATION, Param } from "../abi/codes";
import { concentrationRecord } from "../engine/checks";
import { EventType } from "../abi/event-types";
import { AREA_FLAG_BASIC_INFUSION, AREA_FLAG_WEIGHT_CONFIRMATION, AREA_FLAGS } from "../library/care-area-layout";
import {
  CONCENTRATION_KIND,
  ENTRY_CARE_AREA_MASK,
  ENTRY_CONCENTRATION_COUNT,
  ENTRY_INFUSION_TYPE,
} from "../library/entry-layout";
import { findCareArea, findEntry } from "../library/lookup";
import { entryRecordCount, entryRecordList } from "../library/limit-record-layout";
import { BandFit, bandFit, patientBandRecord } from "../limits/patient-band";
import { libraryActive } from "../library/state";
import { fieldValueInRange } from "../limits/pump-maxima";
import { bsaBlock, classifyBlock, TierBlock, weightBlock } from "../limits/tier-block";
import { isHard } from "../limits/verdict";
import { ErrorDetail, Result } from "../abi/protocol-codes";
import { AGE_NOT_ENTERED, BASIC_REASON_LAST, PumpState, WeightConfirmationDetail } from "../abi/workflow-codes";
import { logBasicSelected, logDrugRefused, logPatientRefused } from "./log";
import { unbindOrder } from "./order";
import { DONE, refuse } from "./outcome";
import { resolveByCancel, resolveByEdit } from "./pending";
import {
  ageDays,
  careAreaId,
  infusing,
  selectArea,
  selectBasic,
  selectDrug,
  setPatient,
  setState,
  state,
  weightG,
} from "./state";

/** Classification codes of the last SET_PATIENT (for its response). */
export let weightClassification: u32 = 0;
export let bsaClassification: u32 = 0;

/** Selection is refused while an infusion is under way (REQ-WF-001). */
function selectionAllowed(): bool {
  return !infusing(state);
}

export function selectCareArea(id: u32): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!selectionAllowed()) return refuse(Result.OUT_OF_STATE, state);
  if (findCareArea(id) == 0) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  resolveByCancel();
  unbindOrder();
  selectArea(id);
  setState(PumpState.AREA_SELECTED);
  return DONE;
}

/** A patient value's classification code (0: not entered), from the care area's tiers. */
function patientCode(block: TierBlock, value: u64): u32 {
  return value == 0 ? 0 : classifyBlock(block, value, value) & 0xff;
}

/**
 * Weight (g) and BSA (m² × 10⁻⁴), each 0 for "not entered", classified against the care area's
 * tiers by the engine's one classification function (REQ-WF-002). A hard stop refuses the value;
 * a soft one is kept and surfaces again, with the rest of the program, as a soft stop to override.
 * `confirmation` is the weight entered a second time (0: not given) and `age` the age in days
 * (AGE_NOT_ENTERED: not given). A care area with weight confirmation takes a weight only when it
 * was entered twice and equal; a confirmation that differs is refused in every care area — two
 * different weights mean one of them is wrong (REQ-WF-080, issue 11).
 */
export function setPatientValues(weight: u64, bsa: u64, confirmation: u64, age: u32): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (state < <u32>PumpState.AREA_SELECTED || !selectionAllowed()) return refuse(Result.OUT_OF_STATE, state);
  if (weight != 0 && !fieldValueInRange(Field.WEIGHT_G, weight))
    return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  if (bsa != 0 && !fieldValueInRange(Field.BSA_M2X10000, bsa))
    return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  if (age != AGE_NOT_ENTERED && age > <u32>MAX_AGE_DAYS) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  if (weight == 0 && confirmation != 0) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  const area = findCareArea(careAreaId);
  const confirming = ((<u32>load<u8>(area + AREA_FLAGS)) & (<u32>AREA_FLAG_WEIGHT_CONFIRMATION)) != 0;
  if (confirmation != 0 && confirmation != weight)
    return refusePatient(weight, confirmation, WeightConfirmationDetail.DIFFERS);
  if (confirming && weight != 0 && confirmation == 0)
    return refusePatient(weight, confirmation, WeightConfirmationDetail.NOT_GIVEN);
  const weightCode = patientCode(weightBlock(area), weight);
  const bsaCode = patientCode(bsaBlock(area), bsa);
  if (isHard(weightCode)) return refuse(Result.LIMIT_HARD_STOP, Param.WEIGHT);
  if (isHard(bsaCode)) return refuse(Result.LIMIT_HARD_STOP, Param.BSA);
  weightClassification = weightCode;
  bsaClassification = bsaCode;
  resolveByEdit();
  setPatient(weight, bsa, age);
  if (state == PumpState.PROGRAM_PENDING) setState(PumpState.DRUG_SELECTED);
  return DONE;
}

/**
 * An entry of the selected care area and one of its concentrations (NO_CONCENTRATION for a fluid);
 * a custom concentration's amount and volume come with it, a fixed one's must be 0. The rest of
 * the entry's rules are the engine's, at PROGRAM.
 */
export function selectEntry(id: u32, concentration: u32, amountAbu: u64, volumeUl: u64): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (state < <u32>PumpState.AREA_SELECTED || !selectionAllowed()) return refuse(Result.OUT_OF_STATE, state);
  const entry = findEntry(id);
  if (entry == 0) return refuseDrug(id, concentration, Result.UNKNOWN_ENTRY, 0);
  if ((load<u64>(entry + ENTRY_CARE_AREA_MASK) & ((<u64>1) << (<u64>careAreaId))) == 0) {
    return refuseDrug(id, concentration, Result.ENTRY_NOT_IN_CARE_AREA, careAreaId);
  }
  // The pump offers an entry only to the patients of its band (issue 11 §3, REQ-WF-081); it
  // cannot tell without the value the band bounds, so that value comes first.
  const records = entryRecordCount(entry);
  const fit = bandFit(
    patientBandRecord(records == 0 ? 0 : entryRecordList(entry), records),
    weightG != 0,
    weightG,
    ageDays != AGE_NOT_ENTERED,
    <u64>ageDays,
  );
  if (fit == BandFit.WEIGHT_MISSING || fit == BandFit.AGE_MISSING)
    return refuseDrug(id, concentration, Result.PATIENT_VALUE_NEEDED, fit == BandFit.WEIGHT_MISSING ? 0 : 1);
  if (fit != BandFit.INSIDE)
    return refuseDrug(id, concentration, Result.OUTSIDE_PATIENT_BAND, fit == BandFit.WEIGHT_OUTSIDE ? 0 : 1);
  const fluid = <u32>load<u8>(entry + ENTRY_INFUSION_TYPE) == <u32>InfusionType.FLUID;
  const count = <u32>load<u8>(entry + ENTRY_CONCENTRATION_COUNT);
  const custom =
    !fluid &&
    concentration < count &&
    <u32>load<u8>(concentrationRecord(entry, concentration) + CONCENTRATION_KIND) == <u32>ConcentrationKind.CUSTOM;
  const indexValid = fluid ? concentration == NO_CONCENTRATION : concentration < count;
  if (!indexValid) return refuseDrug(id, concentration, Result.UNKNOWN_CONCENTRATION, fluid ? 0 : count);
  const customValid = custom
    ? fieldValueInRange(Field.CUSTOM_AMOUNT_ABU, amountAbu) && fieldValueInRange(Field.CUSTOM_VOLUME_UL, volumeUl)
    : amountAbu == 0 && volumeUl == 0;
  if (!customValid) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  resolveByCancel();
  unbindOrder();
  selectDrug(id, concentration, amountAbu, volumeUl);
  setState(PumpState.DRUG_SELECTED);
  return DONE;
}

/**
 * A drug the library does not offer here: refused with what was not found, and logged with what
 * was asked, so a library that lacks what clinicians look for shows up in the log. Nothing else
 * changes (the selection and a pending program stay as they were).
 */
function refuseDrug(id: u32, concentration: u32, result: u32, detail: u32): u32 {
  logDrugRefused(EventType.DRUG_SELECTION_REFUSED, careAreaId, id, concentration, result);
  return refuse(result, detail);
}

/** A weight not confirmed: refused, and logged so a unit's double-entry misses show up in the log. */
function refusePatient(weight: u64, confirmation: u64, why: u32): u32 {
  logPatientRefused(EventType.PATIENT_REFUSED, careAreaId, weight, confirmation, why, Result.WEIGHT_NOT_CONFIRMED);
  return refuse(Result.WEIGHT_NOT_CONFIRMED, why);
}

/** Basic infusion: only where the care area allows it, with a reason, logged as non-compliant (REQ-WF-004). */
export function selectBasicInfusion(reason: u32): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (state < <u32>PumpState.AREA_SELECTED || !selectionAllowed()) return refuse(Result.OUT_OF_STATE, state);
  if (reason == 0 || reason > <u32>BASIC_REASON_LAST) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  if (((<u32>load<u8>(findCareArea(careAreaId) + AREA_FLAGS)) & (<u32>AREA_FLAG_BASIC_INFUSION)) == 0)
    return refuse(Result.NOT_ALLOWED, 0);
  resolveByCancel();
  unbindOrder();
  selectBasic(reason);
  logBasicSelected(EventType.BASIC_INFUSION_SELECTED, careAreaId, reason);
  setState(PumpState.DRUG_SELECTED);
  return DONE;
}
