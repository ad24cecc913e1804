// PCA commands (issue 15 §1, docs/workflow.md §11, decisions 0034 and 0035): PCA_PROGRAM (the basal
// and the PCA settings, checked by the engine on parameters 23–28 and with the drug's history),
// PCA_REQUEST (the patient's handset button: granted or denied, with its reason, always logged) and
// PCA_CLINICIAN_BOLUS. The window total is the cumulative accountant's (cumulative*.ts): the
// programmed window maximum is the PCA entry's cumulative hard maximum.
import {
  Classification,
  Field,
  MAX_BOLUS_DURATION_S,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  Param,
  PCA_DEMAND_RATE_UL_PER_HOUR,
  REQUEST_SIZE_WITH_PCA,
  Status,
  InfusionType,
} from "../abi/codes";
import { EventType } from "../abi/event-types";
import { LimitKind } from "../abi/limit-kinds";
import { ErrorDetail, Result } from "../abi/protocol-codes";
import {
  Alarm,
  OVERRIDE_REASON_LAST,
  PCA_PROGRAM_PAYLOAD_SIZE,
  PCA_SETTINGS_AT,
  PROGRAM_PAYLOAD_SIZE_SHORT,
  PCA_SETTINGS_DOSE,
  PCA_SETTINGS_LOCKOUT_S,
  PCA_SETTINGS_MAX_DOSES,
  PCA_SETTINGS_RESERVED,
  PCA_SETTINGS_WINDOW_MAX_ABU,
  PCA_SETTINGS_WINDOW_S,
  PcaBolusEnd,
  PcaBolusSource,
  PcaDenial,
  PCA_STATUS_BLOCK_SIZE,
  ProgramKind,
  PumpState,
  Segment,
} from "../abi/workflow-codes";
import { clockNowMs } from "../clock/clock";
import { volumeFromDose } from "../engine/dose-volume";
import { paramSlot, SLOT_CLASSIFICATION_AND_TIER } from "../engine/result-layout";
import {
  REQUEST_CONCENTRATION_INDEX,
  REQUEST_ENTRY_ID,
  REQUEST_PCA_CLINICIAN_BOLUS,
  REQUEST_PCA_DOSE,
  REQUEST_PCA_LOCKOUT_S,
  REQUEST_PCA_MAX_DOSES,
  REQUEST_PCA_WINDOW_MAX_ABU,
} from "../engine/request-layout";
import { ENTRY_INFUSION_TYPE } from "../library/entry-layout";
import {
  concentrationRecordAt,
  concentrationRecordCount,
  concentrationRecordList,
  entryRecordCount,
  entryRecordList,
} from "../library/limit-record-layout";
import { findEntry } from "../library/lookup";
import { libraryActive } from "../library/state";
import { effectiveLimitRecord, recordMask } from "../limits/limit-records";
import { isHard, isSoft } from "../limits/verdict";
import { raiseAlarm } from "./alarms";
import { applyCumulative, checkWithEngine } from "./check";
import { cumulativeClassify, cumulativeUntrackable, plannedClassification, plannedWindowAbu } from "./cumulative-check";
import { setPcaWindowLimit } from "./cumulative-limit";
import { NO_TRACK, trackOf, windowSumAbu } from "./cumulative-history";
import { kvoRateUlPerHour, progressUl } from "./delivery";
import { DONE, refuse } from "./outcome";
import {
  bolusSource,
  dosesInHour,
  doseVolumeUl,
  lockoutLeftMs,
  lockoutMs,
  maxDosesPerHour,
  noteDenial,
  noteGrant,
  deniedCount,
  grantedCount,
  lastDenial,
  lastOutcome,
  pcaPrimary,
  pcaWindowMaxAbu,
  pcaWindowS,
  preempt,
  preempted,
  setBolusSource,
  setCandidateDoseVolume,
  setKvoForWindow,
} from "./pca-state";
import { logPca, pcaBolusEnded } from "./pca-segment";
import { resolveByEdit, storePending } from "./pending";
import {
  buildRequest,
  copyRequest,
  programBlockValid,
  requestPresence,
  requestValueAt,
  setRequestValue,
} from "./request";
import {
  basicInfusion,
  bolusProgress,
  bolusRateUlPerHour,
  bolusVolumeUl,
  careAreaId,
  concentrationIndex,
  customAmountAbu,
  customVolumeUl,
  drugSelected,
  entryId,
  infusing,
  PRIMARY_REQUEST,
  primaryRateUlPerHour,
  segment,
  setBolus,
  setSegment,
  setState,
  state,
} from "./state";

const CANDIDATE: usize = memory.data(REQUEST_SIZE_WITH_PCA, 16);
const VOLUME_CEILING: u64 = <u64>MAX_VOLUME_UL + 1;
const HARD_MAX_BIT: u32 = 8;
const UNITS_PER_UL: u64 = 3600000;
const SECONDS_PER_HOUR: u64 = 3600;

/** A PCA infusion is under way (RUNNING, PAUSED or ALARM with a PCA primary). */
export function pcaUnderWay(): bool {
  return infusing(state) && pcaPrimary();
}

/** The effective record of `kind` for entry `entry` at the concentration of `request` has a hard maximum. */
function boundedByHardMax(entry: usize, request: usize, kind: u32): bool {
  const concentration = concentrationRecordAt(entry, <u32>load<u8>(request + REQUEST_CONCENTRATION_INDEX));
  const concentrationCount = concentrationRecordCount(concentration);
  const entryCount = entryRecordCount(entry);
  const record = effectiveLimitRecord(
    entryCount == 0 ? 0 : entryRecordList(entry),
    entryCount,
    concentrationCount == 0 ? 0 : concentrationRecordList(concentration),
    concentrationCount,
    kind,
  );
  return (recordMask(record) & HARD_MAX_BIT) != 0;
}

/**
 * PCA_PROGRAM: the first program of a selected PCA entry, or an edit of the pending one — the basal
 * (program block) and the PCA settings, checked by the engine (parameters 23–28) and against the
 * drug's history with the programmed window maximum. START starts it like a PROGRAM.
 */
export function programPca(payload: usize): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!drugSelected || (state != PumpState.DRUG_SELECTED && state != PumpState.PROGRAM_PENDING))
    return refuse(Result.OUT_OF_STATE, state);
  if (basicInfusion) return refuse(Result.NOT_ALLOWED, 0);
  const entry = findEntry(entryId);
  if (<i32>load<u8>(entry + ENTRY_INFUSION_TYPE) != InfusionType.PCA) return refuse(Result.NOT_ALLOWED, 0);
  const settings = payload + <usize>PCA_SETTINGS_AT;
  if (!programBlockValid(payload, PROGRAM_PAYLOAD_SIZE_SHORT) || load<u32>(settings + PCA_SETTINGS_RESERVED) != 0)
    return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  buildRequest(CANDIDATE, entryId, careAreaId, concentrationIndex, payload, customAmountAbu, customVolumeUl);
  const windowS = <u64>load<u32>(settings + PCA_SETTINGS_WINDOW_S);
  setRequestValue(CANDIDATE, Field.PCA, windowS);
  store<u64>(CANDIDATE + REQUEST_PCA_DOSE, load<u64>(settings + PCA_SETTINGS_DOSE));
  store<u64>(CANDIDATE + REQUEST_PCA_LOCKOUT_S, <u64>load<u32>(settings + PCA_SETTINGS_LOCKOUT_S));
  store<u64>(CANDIDATE + REQUEST_PCA_MAX_DOSES, <u64>load<u32>(settings + PCA_SETTINGS_MAX_DOSES));
  store<u64>(CANDIDATE + REQUEST_PCA_CLINICIAN_BOLUS, 0);
  store<u64>(CANDIDATE + REQUEST_PCA_WINDOW_MAX_ABU, load<u64>(settings + PCA_SETTINGS_WINDOW_MAX_ABU));
  const status = checkWithEngine(CANDIDATE);
  if (status != Status.OK) return refuse(Result.ENGINE_STATUS, <u32>status);
  // Nobody may leave the patient's dose or the chosen window unbounded (as a bolus needs a hard max).
  const windowKind = windowS == 3600 ? LimitKind.PCA_WINDOW_MAX_1H : LimitKind.PCA_WINDOW_MAX_4H;
  if (!boundedByHardMax(entry, CANDIDATE, LimitKind.PCA_DOSE) || !boundedByHardMax(entry, CANDIDATE, windowKind))
    return refuse(Result.PCA_NOT_BOUNDED, 0);
  const volumeUl = volumeFromDose(load<u64>(settings + PCA_SETTINGS_DOSE), VOLUME_CEILING);
  if (volumeUl == 0 || volumeUl == VOLUME_CEILING) return refuse(Result.ENGINE_STATUS, Status.DERIVED_OUT_OF_RANGE);
  setPcaWindowLimit(entryId, windowS, load<u64>(settings + PCA_SETTINGS_WINDOW_MAX_ABU));
  if (cumulativeUntrackable(CANDIDATE, clockNowMs())) return refuse(Result.CUMULATIVE_HISTORY_FULL, 0);
  const vtbi =
    (requestPresence(CANDIDATE) & (1 << (<u32>Field.VTBI_UL))) != 0 ? requestValueAt(CANDIDATE, Field.VTBI_UL) : 0;
  applyCumulative(ProgramKind.PRIMARY, CANDIDATE, vtbi, true);
  setCandidateDoseVolume(volumeUl);
  resolveByEdit();
  storePending(ProgramKind.PRIMARY, CANDIDATE, payload, PCA_PROGRAM_PAYLOAD_SIZE, vtbi, 0);
  setState(PumpState.PROGRAM_PENDING);
  return DONE;
}

/** The rate a patient dose runs at: the demand rate, or the basal when that is faster. */
function demandRateUlPerHour(): u64 {
  return primaryRateUlPerHour > <u64>PCA_DEMAND_RATE_UL_PER_HOUR
    ? primaryRateUlPerHour
    : <u64>PCA_DEMAND_RATE_UL_PER_HOUR;
}

/** Why a request now would be denied (PcaDenial.NONE: it may be granted); `nowMs` the pump clock. */
function denialReason(nowMs: u64): u32 {
  if (state != PumpState.RUNNING) return PcaDenial.NOT_RUNNING;
  if (segment == Segment.KVO) return PcaDenial.KVO;
  if (segment == Segment.BOLUS && bolusSource != PcaBolusSource.CLINICIAN) return PcaDenial.DOSE_IN_PROGRESS;
  if (lockoutLeftMs(nowMs) != 0) return PcaDenial.LOCKOUT;
  if (dosesInHour(nowMs) >= maxDosesPerHour()) return PcaDenial.HOURLY_COUNT;
  return PcaDenial.NONE;
}

function deny(reason: u32, value: u64, limit: u64, source: u32): u32 {
  noteDenial(reason);
  logPca(EventType.PCA_REQUEST_DENIED, value, limit, 0, reason, source);
  return DONE;
}

/**
 * PCA_REQUEST: the patient pressed the button. Granted or denied — never an error while a PCA
 * infusion is under way — and logged either way with the reason (REQ-PCA-020 … REQ-PCA-029).
 */
export function pcaRequest(): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!pcaUnderWay()) return refuse(Result.PCA_NOT_ACTIVE, state);
  const now = clockNowMs();
  const reason = denialReason(now);
  if (reason == PcaDenial.LOCKOUT) return deny(reason, lockoutLeftMs(now), lockoutMs(), PcaBolusSource.PATIENT);
  if (reason == PcaDenial.HOURLY_COUNT) {
    deny(reason, <u64>dosesInHour(now), <u64>maxDosesPerHour(), PcaBolusSource.PATIENT);
    raiseAlarm(Alarm.PCA_DOSE_COUNT, primaryRateUlPerHour);
    return DONE;
  }
  if (reason != PcaDenial.NONE) return deny(reason, 0, 0, PcaBolusSource.PATIENT);
  const rate = demandRateUlPerHour();
  // Would the dose, with the basal after it, cross the window maximum in the next window?
  if (
    cumulativeClassify(ProgramKind.BOLUS, PRIMARY_REQUEST, rate, doseVolumeUl, true, now) &&
    plannedClassification == <u32>Classification.ABOVE_HARD_MAX
  ) {
    deny(PcaDenial.WINDOW_MAX, plannedWindowAbu, pcaWindowMaxAbu(), PcaBolusSource.PATIENT);
    goToKvoForWindow();
    return DONE;
  }
  if (segment == Segment.BOLUS) {
    // A clinician bolus gives way to the patient's dose and resumes after it with what it had left.
    preempt(bolusRateUlPerHour, bolusVolumeUl, bolusProgress);
    logPca(
      EventType.PCA_CLINICIAN_BOLUS_PREEMPTED,
      (bolusVolumeUl * UNITS_PER_UL - bolusProgress) / UNITS_PER_UL,
      0,
      bolusRateUlPerHour,
      0,
      PcaBolusSource.CLINICIAN,
    );
  }
  const dosesBefore = dosesInHour(now);
  noteGrant(now);
  setBolus(rate, doseVolumeUl);
  setBolusSource(PcaBolusSource.PATIENT);
  setSegment(Segment.BOLUS);
  logPca(EventType.PCA_REQUEST_GRANTED, doseVolumeUl, plannedWindowAbu, rate, dosesBefore + 1, PcaBolusSource.PATIENT);
  return DONE;
}

/** A request would cross the window maximum: KVO instead of the basal; a clinician bolus ends there. */
function goToKvoForWindow(): void {
  if (segment == Segment.BOLUS) {
    pcaBolusEnded(progressUl(bolusProgress), bolusRateUlPerHour, PcaBolusEnd.TRUNCATED);
    setBolus(0, 0);
  }
  setSegment(Segment.KVO);
  setKvoForWindow(true);
  raiseAlarm(Alarm.PCA_WINDOW_MAX, kvoRateUlPerHour());
}

/**
 * PCA_CLINICIAN_BOLUS: dose u64 (ABU per basis), durationS u32, overrideReason u8, 3 × 0. Checked by
 * the engine on parameter 26 (a soft stop needs a reason, a hard stop is refused) and against the
 * window maximum with the history; it runs at once: its volume plus the basal over its duration at
 * ceil(volume × 3600 / duration) µL/h, capped at the pump's maximum rate (REQ-PCA-030 … REQ-PCA-034).
 */
export function pcaClinicianBolus(payload: usize): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!pcaUnderWay()) return refuse(Result.PCA_NOT_ACTIVE, state);
  if (state != PumpState.RUNNING || segment != Segment.PRIMARY) return refuse(Result.OUT_OF_STATE, state);
  const dose = load<u64>(payload);
  const durationS = <u64>load<u32>(payload + 8);
  const reason = <u32>load<u8>(payload + 12);
  if (load<u8>(payload + 13) != 0 || load<u16>(payload + 14) != 0 || reason > <u32>OVERRIDE_REASON_LAST)
    return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  if (durationS < 1 || durationS > <u64>MAX_BOLUS_DURATION_S) return refuse(Result.PCA_BOLUS_DURATION, 0);
  const entry = findEntry(entryId);
  if (!boundedByHardMax(entry, PRIMARY_REQUEST, LimitKind.PCA_CLINICIAN_BOLUS)) return refuse(Result.NOT_ALLOWED, 0);
  copyRequest(PRIMARY_REQUEST, CANDIDATE);
  store<u64>(CANDIDATE + REQUEST_PCA_CLINICIAN_BOLUS, dose);
  const status = checkWithEngine(CANDIDATE);
  if (status != Status.OK) return refuse(Result.ENGINE_STATUS, <u32>status);
  // Only the bolus is decided here: the running values were accepted when the program started.
  const classification = <u32>load<u8>(paramSlot(Param.PCA_CLINICIAN_BOLUS) + SLOT_CLASSIFICATION_AND_TIER);
  if (isHard(classification)) return clinicianDenied(2);
  if (isSoft(classification) && reason == 0) return clinicianDenied(1);
  const bolusUl = volumeFromDose(dose, VOLUME_CEILING);
  if (bolusUl == 0 || bolusUl == VOLUME_CEILING) return refuse(Result.ENGINE_STATUS, Status.DERIVED_OUT_OF_RANGE);
  // The basal goes on inside the bolus: its volume over the duration is added, the rate follows.
  const targetUl = bolusUl + (primaryRateUlPerHour * durationS) / SECONDS_PER_HOUR;
  let rate = (targetUl * SECONDS_PER_HOUR + durationS - 1) / durationS;
  if (rate > <u64>MAX_RATE_UL_PER_HOUR) rate = <u64>MAX_RATE_UL_PER_HOUR;
  const now = clockNowMs();
  if (
    cumulativeClassify(ProgramKind.BOLUS, PRIMARY_REQUEST, rate, targetUl, true, now) &&
    plannedClassification == <u32>Classification.ABOVE_HARD_MAX
  ) {
    noteDenial(PcaDenial.WINDOW_MAX);
    logPca(
      EventType.PCA_REQUEST_DENIED,
      plannedWindowAbu,
      pcaWindowMaxAbu(),
      rate,
      PcaDenial.WINDOW_MAX,
      PcaBolusSource.CLINICIAN,
    );
    return refuse(Result.START_BLOCKED, 2);
  }
  setBolus(rate, targetUl);
  setBolusSource(PcaBolusSource.CLINICIAN);
  setSegment(Segment.BOLUS);
  logPca(EventType.PCA_CLINICIAN_BOLUS_STARTED, targetUl, dose, rate, <u32>durationS, reason);
  return DONE;
}

/** A clinician bolus refused for its limit (1 soft without a reason, 2 hard): logged, nothing changes. */
function clinicianDenied(level: u32): u32 {
  logPca(EventType.PCA_REQUEST_DENIED, 0, 0, 0, 0x100 | level, PcaBolusSource.CLINICIAN);
  return refuse(Result.START_BLOCKED, level);
}

/** The PCA block of a response (PCA_STATUS_BLOCK_SIZE bytes, docs/workflow.md §11.6) at `out`. */
export function writePcaStatus(out: usize): u32 {
  const now = clockNowMs();
  const underWay = pcaUnderWay();
  store<u8>(out, <u8>lastOutcome);
  store<u8>(out + 1, <u8>lastDenial);
  store<u8>(out + 2, <u8>((underWay ? 1 : 0) | (bolusSource == PcaBolusSource.PATIENT ? 2 : 0) | (preempted ? 4 : 0)));
  store<u8>(out + 3, <u8>(underWay ? dosesInHour(now) : 0));
  const left = underWay ? lockoutLeftMs(now) : 0;
  store<u32>(out + 4, <u32>(left > 0xffffffff ? 0xffffffff : left));
  store<u64>(out + 8, underWay ? pcaWindowTotalAbu(now) : 0);
  store<u64>(out + 16, underWay ? pcaWindowMaxAbu() : 0);
  store<u32>(out + 24, underWay ? <u32>pcaWindowS() : 0);
  store<u16>(out + 28, <u16>(grantedCount > 0xffff ? 0xffff : grantedCount));
  store<u16>(out + 30, <u16>(deniedCount > 0xffff ? 0xffff : deniedCount));
  return <u32>PCA_STATUS_BLOCK_SIZE;
}

/** The window total of the running PCA drug at `nowMs`, as the accountant counts it. */
function pcaWindowTotalAbu(nowMs: u64): u64 {
  const track = trackOf(load<u32>(PRIMARY_REQUEST + REQUEST_ENTRY_ID));
  return track == NO_TRACK ? 0 : windowSumAbu(track, pcaWindowS(), nowMs);
}
