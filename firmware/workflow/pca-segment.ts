// What delivery does for PCA (issue 15 §1, docs/workflow.md §11.4): when a PCA bolus ends, a
// clinician bolus a patient dose pre-empted resumes with exactly the volume it had left; when the
// window maximum is reached during delivery, a bolus in progress is truncated at that millisecond
// (the cumulative stop that follows holds the motor, docs/workflow.md §6.3).
import { EventType } from "../abi/event-types";
import { PcaBolusEnd, PcaBolusSource, Segment } from "../abi/workflow-codes";
import { logInfusion } from "./log";
import {
  bolusSource,
  dropPreempted,
  pcaPrimary,
  pcaWindowMaxAbu,
  pcaWindowS,
  preempted,
  preemptedProgress,
  preemptedRateUlPerHour,
  preemptedVolumeUl,
  setBolusSource,
} from "./pca-state";
import {
  bolusProgress,
  primaryProgress,
  PRIMARY_REQUEST,
  secondaryProgress,
  segment,
  setBolus,
  setProgress,
  setSegment,
  totalProgress,
} from "./state";
import { beginRecord, commitRecord } from "../eventlog/ring";
import { writeRequestIdentity } from "../engine/check-record";
import {
  REC_DETAIL,
  REC_LIMIT,
  REC_OUTCOME,
  REC_PARAM,
  REC_RATE_UL_PER_HOUR,
  REC_REASON,
  REC_VALUE,
} from "../eventlog/record-layout";
import { NO_PARAM, Verdict } from "../abi/codes";

const UNITS_PER_UL: u64 = 3600000;

/** A PCA record (72–79) about the running PCA program: value, limit, rate, detail and reason. */
export function logPca(eventType: u32, value: u64, limit: u64, rateUlPerHour: u64, detail: u32, reason: u32): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  writeRequestIdentity(ptr, PRIMARY_REQUEST);
  store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
  store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  store<u8>(ptr + REC_REASON, <u8>reason);
  store<u64>(ptr + REC_VALUE, value);
  store<u64>(ptr + REC_LIMIT, limit);
  store<u64>(ptr + REC_RATE_UL_PER_HOUR, rateUlPerHour);
  store<u32>(ptr + REC_DETAIL, detail);
  commitRecord(ptr);
}

/**
 * The BOLUS segment ended with `givenUl` µL (delivery.ts logged BOLUS_ENDED): a PCA bolus is logged
 * PCA_BOLUS_ENDED; after a patient dose a pre-empted clinician bolus resumes — true, the segment stays
 * BOLUS. `end` is PcaBolusEnd.
 */
export function pcaBolusEnded(givenUl: u64, rateUlPerHour: u64, end: u32): bool {
  const source = bolusSource;
  setBolusSource(0);
  if (source == 0) return false;
  logPca(EventType.PCA_BOLUS_ENDED, givenUl, 0, rateUlPerHour, end, source);
  if (source != PcaBolusSource.PATIENT || !preempted || end != PcaBolusEnd.COMPLETE) {
    if (end != PcaBolusEnd.COMPLETE) dropPreempted();
    return false;
  }
  // The clinician bolus goes on from where it was: same rate, same volume, its progress kept.
  setBolus(preemptedRateUlPerHour, preemptedVolumeUl);
  setProgress(primaryProgress, preemptedProgress, secondaryProgress, totalProgress);
  setBolusSource(PcaBolusSource.CLINICIAN);
  const leftUl = (preemptedVolumeUl * UNITS_PER_UL - preemptedProgress) / UNITS_PER_UL;
  logPca(EventType.PCA_CLINICIAN_BOLUS_RESUMED, leftUl, 0, preemptedRateUlPerHour, 0, PcaBolusSource.CLINICIAN);
  dropPreempted();
  setSegment(Segment.BOLUS);
  return true;
}

/**
 * The window maximum of a PCA program is reached during delivery (just before the cumulative stop):
 * logged PCA_WINDOW_MAX_REACHED; a PCA bolus in progress is truncated at once (PCA_BOLUS_ENDED
 * detail TRUNCATED) and a pre-empted clinician bolus is dropped — neither resumes.
 */
export function pcaAtWindowMax(windowTotalAbu: u64, rateUlPerHour: u64): void {
  if (!pcaPrimary()) return;
  logPca(EventType.PCA_WINDOW_MAX_REACHED, windowTotalAbu, pcaWindowMaxAbu(), rateUlPerHour, <u32>pcaWindowS(), 0);
  if (segment == Segment.BOLUS) {
    pcaBolusEnded(bolusProgress / UNITS_PER_UL, rateUlPerHour, PcaBolusEnd.TRUNCATED);
    setBolus(0, 0);
    setSegment(Segment.PRIMARY);
  }
  dropPreempted();
}
