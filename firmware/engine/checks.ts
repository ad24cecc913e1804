// Request checks 1–12 (and 12a, the patient band) of docs/engine.md §5, in that order; the first failure is the status
// (REQ-ENG-002, REQ-ENG-003). Check 13 (the delivered rate) is in derive.ts.
import {
  ConcentrationKind,
  DoseBasis,
  Field,
  InfusionType,
  Mode,
  NO_CONCENTRATION,
  REQUEST_OFFSET,
  Status,
} from "../abi/codes";
import {
  CONCENTRATION_AMOUNT_ABU,
  CONCENTRATION_KIND,
  CONCENTRATION_VOLUME_UL,
  ENTRY_CARE_AREA_MASK,
  ENTRY_CONCENTRATION_COUNT,
  ENTRY_DOSE_BASIS,
  ENTRY_INFUSION_TYPE,
} from "../library/entry-layout";
import {
  concentrationRecordAt,
  concentrationRecordCount,
  concentrationRecordFrom,
  firstConcentrationRecord,
  concentrationRecordList,
  entryRecordCount,
  entryRecordList,
} from "../library/limit-record-layout";
import { findCareArea, findEntry } from "../library/lookup";
import { LimitKind } from "../abi/limit-kinds";
import { compare128, mul64, productHi, productLo } from "../exact/u128";
import { effectiveLimitRecord, recordValue } from "../limits/limit-records";
import { libraryActive } from "../library/state";
import { fieldValueInRange } from "../limits/pump-maxima";
import { BandFit, bandFit, patientBandRecord } from "../limits/patient-band";
import { pcaRequestStatus } from "./pca-parameters";
import { setBasis, setConcentration, setLimitRecords, setRecords, setRequestShape } from "./context";
import {
  fieldBit,
  PRESENCE_VALID_BITS,
  REQUEST_CARE_AREA_ID,
  REQUEST_CONCENTRATION_INDEX,
  REQUEST_ENTRY_ID,
  REQUEST_MODE,
  REQUEST_PRESENCE_MASK,
  REQUEST_RESERVED_12,
  REQUEST_RESERVED_7,
  REQUEST_VALUES,
  requestValue,
} from "./request-layout";

const REQUEST: usize = REQUEST_OFFSET;
const PROGRAMMED_FIELDS: u32 = (1 << Field.RATE_UL_PER_HOUR) | (1 << Field.DOSE) | (1 << Field.DURATION_S);
const CUSTOM_CONCENTRATION_FIELDS: u32 = (1 << Field.CUSTOM_AMOUNT_ABU) | (1 << Field.CUSTOM_VOLUME_UL);
const DRUG_AMOUNT_FIELDS: u32 = (1 << Field.BOLUS_DOSE) | (1 << Field.LOADING_DOSE);
/** Basis factor B of docs/units.md: the canonical size of one kg or one m² of patient basis. */
const GRAMS_PER_KG: u64 = 1000;
const BSA_UNITS_PER_M2: u64 = 10000;

const ABU_PER_ML_SCALE: u64 = 1000;
const HMAX_SLOT: u32 = 3;

/** The PERIPHERAL_MAX_CONCENTRATION record for concentration `record` of `entry`: its own, else the entry's; 0 when none. */
function peripheralMaxRecord(entry: usize, record: usize): usize {
  const entryCount = entryRecordCount(entry);
  const ownCount = concentrationRecordCount(record);
  if (entryCount == 0 && ownCount == 0) return 0;
  return effectiveLimitRecord(
    entryCount == 0 ? 0 : entryRecordList(entry),
    entryCount,
    ownCount == 0 ? 0 : concentrationRecordList(record),
    ownCount,
    LimitKind.PERIPHERAL_MAX_CONCENTRATION,
  );
}

/** numerator / denominator > limit, exactly: numerator > limit × denominator in 128 bits. */
function aboveLimit(numerator: u64, denominator: u64, limit: u64): bool {
  mul64(limit, denominator);
  return compare128(0, numerator, productHi, productLo) > 0;
}

/** The one programmed field a mode allows (docs/engine.md §3). */
function programmedFieldBit(requestMode: i32): u32 {
  if (requestMode == Mode.RATE) return fieldBit(Field.RATE_UL_PER_HOUR);
  if (requestMode == Mode.DOSE) return fieldBit(Field.DOSE);
  return fieldBit(Field.DURATION_S);
}

/** Checks 1–5: the request on its own. */
function requestShapeStatus(): i32 {
  if (!libraryActive) return Status.NO_LIBRARY;
  const requestMode = <i32>load<u8>(REQUEST + REQUEST_MODE);
  if (requestMode < Mode.RATE || requestMode > Mode.DURATION) return Status.BAD_MODE;
  const presence = load<u32>(REQUEST + REQUEST_PRESENCE_MASK);
  if (load<u8>(REQUEST + REQUEST_RESERVED_7) != 0 || load<u32>(REQUEST + REQUEST_RESERVED_12) != 0)
    return Status.BAD_REQUEST;
  if ((presence & ~PRESENCE_VALID_BITS) != 0) return Status.BAD_REQUEST;
  // Each present value in 1 .. its maximum; with the PCA block a rate or dose of 0 is the PCA without
  // a basal (decision 0044): the patient's doses alone.
  const basalMayBeZero = (presence & fieldBit(Field.PCA)) != 0;
  let pending = presence;
  while (pending != 0) {
    const field = <u32>ctz<u32>(pending);
    const value = load<u64>(REQUEST + REQUEST_VALUES + ((<usize>field) << 3));
    const zeroBasal =
      value == 0 && basalMayBeZero && (field == <u32>Field.RATE_UL_PER_HOUR || field == <u32>Field.DOSE);
    if (!zeroBasal && !fieldValueInRange(field, value)) return Status.VALUE_OUT_OF_RANGE;
    pending &= pending - 1;
  }
  const modeBit = programmedFieldBit(requestMode);
  const programmed = presence & PROGRAMMED_FIELDS;
  if ((programmed & modeBit) == 0) return Status.MISSING_VALUE;
  if (programmed != modeBit) return Status.UNEXPECTED_VALUE;
  return Status.OK;
}

/** Address of concentration record `index` of an entry (after its limit values and any extension). */
export function concentrationRecord(entry: usize, index: u32): usize {
  return concentrationRecordAt(entry, index);
}

/** Checks 1–12; on OK the context holds the records, the concentration and the basis factors. */
export function requestStatus(): i32 {
  const shape = requestShapeStatus();
  if (shape != Status.OK) return shape;
  const presence = load<u32>(REQUEST + REQUEST_PRESENCE_MASK);
  const requestMode = <i32>load<u8>(REQUEST + REQUEST_MODE);

  // 6–8: lookup.
  const careAreaId = <u32>load<u8>(REQUEST + REQUEST_CARE_AREA_ID);
  const area = findCareArea(careAreaId);
  if (area == 0) return Status.UNKNOWN_CARE_AREA;
  const entry = findEntry(load<u32>(REQUEST + REQUEST_ENTRY_ID));
  if (entry == 0) return Status.UNKNOWN_ENTRY;
  if ((load<u64>(entry + ENTRY_CARE_AREA_MASK) & ((<u64>1) << (<u64>careAreaId))) == 0) return Status.NOT_IN_CARE_AREA;

  // 9: concentration index.
  const fluid = <i32>load<u8>(entry + ENTRY_INFUSION_TYPE) == InfusionType.FLUID;
  const concentrationIndex = <u32>load<u8>(REQUEST + REQUEST_CONCENTRATION_INDEX);
  if (
    fluid
      ? concentrationIndex != NO_CONCENTRATION
      : concentrationIndex >= <u32>load<u8>(entry + ENTRY_CONCENTRATION_COUNT)
  ) {
    return Status.BAD_CONCENTRATION;
  }
  // 10: a fluid has no drug amount to dose.
  if (fluid && requestMode == Mode.DOSE) return Status.BAD_MODE;

  // 11: fields that do not apply.
  const record: usize = fluid ? 0 : concentrationRecordFrom(firstConcentrationRecord(entry), concentrationIndex);
  const custom = !fluid && <i32>load<u8>(record + CONCENTRATION_KIND) == ConcentrationKind.CUSTOM;
  if (!custom && (presence & CUSTOM_CONCENTRATION_FIELDS) != 0) return Status.UNEXPECTED_VALUE;
  if (fluid && (presence & DRUG_AMOUNT_FIELDS) != 0) return Status.UNEXPECTED_VALUE;
  // An amount per dose programs an intermittent drug, and stands instead of the VTBI (decision 0019).
  const intermittent = <i32>load<u8>(entry + ENTRY_INFUSION_TYPE) == InfusionType.INTERMITTENT;
  if ((presence & fieldBit(Field.DOSE_AMOUNT)) != 0 && (!intermittent || (presence & fieldBit(Field.VTBI_UL)) != 0))
    return Status.UNEXPECTED_VALUE;

  // 12: fields the entry, concentration or mode needs.
  if (custom && (presence & CUSTOM_CONCENTRATION_FIELDS) != CUSTOM_CONCENTRATION_FIELDS) return Status.MISSING_VALUE;
  const doseBasis = <i32>load<u8>(entry + ENTRY_DOSE_BASIS);
  if (doseBasis == DoseBasis.WEIGHT && (presence & fieldBit(Field.WEIGHT_G)) == 0) return Status.MISSING_VALUE;
  if (doseBasis == DoseBasis.BSA && (presence & fieldBit(Field.BSA_M2X10000)) == 0) return Status.MISSING_VALUE;
  const needsVtbi = requestMode == Mode.DURATION || intermittent;
  if (needsVtbi && (presence & (fieldBit(Field.VTBI_UL) | fieldBit(Field.DOSE_AMOUNT))) == 0)
    return Status.MISSING_VALUE;

  // 11/12 for PCA (issue 15): the PCA block on a PCA entry only, its values in range.
  const pcaStatus = pcaRequestStatus(presence, <i32>load<u8>(entry + ENTRY_INFUSION_TYPE));
  if (pcaStatus != Status.OK) return pcaStatus;

  // Format-3 limit records: the entry's extension and the selected concentration's list. Most
  // entries have none: then the record checks below (line access, patient band) are skipped whole.
  const entryRecords = entryRecordCount(entry);
  const concentrationRecords = fluid ? 0 : concentrationRecordCount(record);
  const hasRecords = (entryRecords | concentrationRecords) != 0;

  // The line access is needed when it decides: the concentration is above the peripheral maximum.
  if (hasRecords && !fluid && (presence & fieldBit(Field.LINE_ACCESS)) == 0) {
    const peripheral = peripheralMaxRecord(entry, record);
    if (peripheral != 0) {
      const amount = custom ? requestValue(Field.CUSTOM_AMOUNT_ABU) : load<u64>(record + CONCENTRATION_AMOUNT_ABU);
      const volume = custom ? requestValue(Field.CUSTOM_VOLUME_UL) : <u64>load<u32>(record + CONCENTRATION_VOLUME_UL);
      if (aboveLimit(amount * ABU_PER_ML_SCALE, volume, recordValue(peripheral, HMAX_SLOT)))
        return Status.MISSING_VALUE;
    }
  }

  setRequestShape(presence, requestMode);
  setRecords(area, entry, fluid, intermittent);
  setLimitRecords(
    entryRecords == 0 ? 0 : entryRecordList(entry),
    entryRecords,
    concentrationRecords == 0 ? 0 : concentrationRecordList(record),
    concentrationRecords,
  );
  // 12a (issue 11 §3): the entry's patient band; a bounded value the request lacks is missing.
  if (entryRecords != 0) {
    const fit = bandFit(
      patientBandRecord(entryRecordList(entry), entryRecords),
      (presence & fieldBit(Field.WEIGHT_G)) != 0,
      requestValue(Field.WEIGHT_G),
      (presence & fieldBit(Field.AGE_DAYS)) != 0,
      requestValue(Field.AGE_DAYS),
    );
    if (fit == BandFit.WEIGHT_MISSING || fit == BandFit.AGE_MISSING) return Status.MISSING_VALUE;
    if (fit != BandFit.INSIDE) return Status.OUTSIDE_PATIENT_BAND;
  }
  if (custom) {
    setConcentration(record, true, requestValue(Field.CUSTOM_AMOUNT_ABU), requestValue(Field.CUSTOM_VOLUME_UL));
  } else if (!fluid) {
    setConcentration(
      record,
      false,
      load<u64>(record + CONCENTRATION_AMOUNT_ABU),
      <u64>load<u32>(record + CONCENTRATION_VOLUME_UL),
    );
  } else {
    setConcentration(0, false, 0, 0);
  }
  if (doseBasis == DoseBasis.WEIGHT) setBasis(GRAMS_PER_KG, requestValue(Field.WEIGHT_G));
  else if (doseBasis == DoseBasis.BSA) setBasis(BSA_UNITS_PER_M2, requestValue(Field.BSA_M2X10000));
  else setBasis(1, 1);
  return Status.OK;
}
