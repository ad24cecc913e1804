// PCA runtime state (issue 15 §1, docs/workflow.md §11, decision 0035): the lockout, the patient
// doses granted in the trailing hour, which bolus the BOLUS segment serves and a clinician bolus a
// patient dose pre-empted. The PCA settings themselves travel in the request's PCA block
// (PRIMARY_REQUEST once started), so nothing here can disagree with what was checked. RAM only:
// STOP, an engine reset and a power cycle forget it (the window history is cumulative-history.ts').
import { Field, PCA_MAX_DOSES_PER_HOUR } from "../abi/codes";
import { PcaBolusSource, PcaDenial, PcaOutcome } from "../abi/workflow-codes";
import {
  REQUEST_PCA_DOSE,
  REQUEST_PCA_LOCKOUT_S,
  REQUEST_PCA_MAX_DOSES,
  REQUEST_PCA_WINDOW_MAX_ABU,
} from "../engine/request-layout";
import { requestPresence, requestValueAt } from "./request";
import { PRIMARY_REQUEST } from "./state";

const MS_PER_HOUR: u64 = 3600000;
const MS_PER_S: u64 = 1000;
/** Start times (ms) of the last PCA_MAX_DOSES_PER_HOUR granted patient doses, a ring. */
const GRANT_TIMES: usize = memory.data(PCA_MAX_DOSES_PER_HOUR * 8, 8);

let grantCount: u32 = 0;
export let lastGrantMs: u64 = 0;
/** PcaBolusSource of the running BOLUS segment; 0 for a loading dose or none. */
export let bolusSource: u32 = 0;
/** A clinician bolus pre-empted by a patient dose: rate, volume and progress to resume with. */
export let preempted = false;
export let preemptedRateUlPerHour: u64 = 0;
export let preemptedVolumeUl: u64 = 0;
export let preemptedProgress: u64 = 0;
/** The pump runs KVO because a request would have crossed the window maximum (ACK_ALARMS resumes the basal). */
export let kvoForWindow = false;
/** The PCA dose's volume (µL) of the program checked last, and of the running one. */
export let candidateDoseVolumeUl: u64 = 0;
export let doseVolumeUl: u64 = 0;
export let lastOutcome: u32 = PcaOutcome.NONE;
export let lastDenial: u32 = PcaDenial.NONE;
export let grantedCount: u32 = 0;
export let deniedCount: u32 = 0;

/** The running primary is a PCA program (its request carries the PCA block). */
export function pcaPrimary(): bool {
  return (requestPresence(PRIMARY_REQUEST) & ((<u32>1) << (<u32>Field.PCA))) != 0;
}

export function pcaWindowS(): u64 {
  return requestValueAt(PRIMARY_REQUEST, Field.PCA);
}

export function pcaWindowMaxAbu(): u64 {
  return load<u64>(PRIMARY_REQUEST + REQUEST_PCA_WINDOW_MAX_ABU);
}

export function pcaDoseAbu(): u64 {
  return load<u64>(PRIMARY_REQUEST + REQUEST_PCA_DOSE);
}

export function lockoutMs(): u64 {
  return load<u64>(PRIMARY_REQUEST + REQUEST_PCA_LOCKOUT_S) * MS_PER_S;
}

export function maxDosesPerHour(): u32 {
  return <u32>load<u64>(PRIMARY_REQUEST + REQUEST_PCA_MAX_DOSES);
}

/** ms of lockout left at `nowMs` (start-to-start; 0 at exactly the expiry and after, or before any dose). */
export function lockoutLeftMs(nowMs: u64): u64 {
  if (grantCount == 0) return 0;
  const end = lastGrantMs + lockoutMs();
  return nowMs < end ? end - nowMs : 0;
}

/** Patient doses granted in the trailing hour (t − 1 h, t]: a dose granted exactly 1 h ago has left it. */
export function dosesInHour(nowMs: u64): u32 {
  const kept = grantCount < <u32>PCA_MAX_DOSES_PER_HOUR ? grantCount : <u32>PCA_MAX_DOSES_PER_HOUR;
  let count: u32 = 0;
  for (let i: u32 = 0; i < kept; i++) {
    const at = load<u64>(GRANT_TIMES + <usize>(i << 3));
    if (nowMs - at < MS_PER_HOUR) count++;
  }
  return count;
}

export function noteGrant(nowMs: u64): void {
  store<u64>(GRANT_TIMES + <usize>((grantCount % <u32>PCA_MAX_DOSES_PER_HOUR) << 3), nowMs);
  grantCount++;
  lastGrantMs = nowMs;
  grantedCount++;
  lastOutcome = PcaOutcome.GRANTED;
  lastDenial = PcaDenial.NONE;
}

export function noteDenial(reason: u32): void {
  deniedCount++;
  lastOutcome = PcaOutcome.DENIED;
  lastDenial = reason;
}

export function setBolusSource(source: u32): void {
  bolusSource = source;
}

export function setKvoForWindow(on: bool): void {
  kvoForWindow = on;
}

export function setCandidateDoseVolume(volume: u64): void {
  candidateDoseVolumeUl = volume;
}

export function adoptCandidateDoseVolume(): void {
  doseVolumeUl = candidateDoseVolumeUl;
}

export function preempt(rate: u64, volume: u64, progress: u64): void {
  preempted = true;
  preemptedRateUlPerHour = rate;
  preemptedVolumeUl = volume;
  preemptedProgress = progress;
}

export function dropPreempted(): void {
  preempted = false;
  preemptedRateUlPerHour = 0;
  preemptedVolumeUl = 0;
  preemptedProgress = 0;
}

/** A PCA infusion starts, ends, or the engine resets: nothing of the last one carries over. */
export function resetPcaState(): void {
  grantCount = 0;
  lastGrantMs = 0;
  bolusSource = 0;
  dropPreempted();
  kvoForWindow = false;
  lastOutcome = PcaOutcome.NONE;
  lastDenial = PcaDenial.NONE;
  grantedCount = 0;
  deniedCount = 0;
}

/** Is `source` a PCA bolus (patient or clinician)? */
export function isPcaBolus(source: u32): bool {
  return source == PcaBolusSource.PATIENT || source == PcaBolusSource.CLINICIAN;
}
