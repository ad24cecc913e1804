// Workflow records of the event log (docs/event-log.md §3, docs/workflow.md §9): programming
// outcomes carry the checked program's entry, care area, concentration, mode, binding parameter,
// tier, limit, value and rate; infusion records carry volumes and rates.
import { NO_CONCENTRATION, NO_PARAM, Tier, Verdict } from "../abi/codes";
import { writeRequestIdentity } from "../engine/check-record";
import { beginRecord, commitRecord } from "../eventlog/ring";
import {
  REC_ALARM_PRIORITY,
  REC_CARE_AREA_ID,
  REC_ENTRY_ID,
  REC_CONCENTRATION_INDEX,
  REC_DETAIL,
  REC_LIMIT,
  REC_OUTCOME,
  REC_PARAM,
  REC_RATE_UL_PER_HOUR,
  REC_REASON,
  REC_TIER,
  REC_VALUE,
} from "../eventlog/record-layout";

/**
 * A pending program's resolution (types 16–20, 26), the alert its check raised (51) or a START it
 * refused (52): its verdict, binding limit and override reason as checked (pending.ts). detail =
 * program kind.
 */
export function logOutcome(
  eventType: u32,
  request: usize,
  verdict: u32,
  param: u32,
  tier: u32,
  reason: u32,
  value: u64,
  limit: u64,
  rateUlPerHour: u64,
  kind: u32,
): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  writeRequestIdentity(ptr, request);
  store<u8>(ptr + REC_OUTCOME, <u8>verdict);
  store<u8>(ptr + REC_PARAM, <u8>param);
  store<u8>(ptr + REC_TIER, <u8>tier);
  store<u8>(ptr + REC_REASON, <u8>reason);
  store<u64>(ptr + REC_VALUE, value);
  store<u64>(ptr + REC_LIMIT, limit);
  store<u64>(ptr + REC_RATE_UL_PER_HOUR, rateUlPerHour);
  store<u32>(ptr + REC_DETAIL, kind);
  commitRecord(ptr);
}

/** Starts, pauses, resumes, stops, bolus and secondary records: value is a volume in µL. */
export function logInfusion(eventType: u32, request: usize, valueUl: u64, rateUlPerHour: u64, detail: u32): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  if (request != 0) writeRequestIdentity(ptr, request);
  store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
  store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  store<u8>(ptr + REC_TIER, <u8>Tier.NONE);
  store<u64>(ptr + REC_VALUE, valueUl);
  store<u64>(ptr + REC_RATE_UL_PER_HOUR, rateUlPerHour);
  store<u32>(ptr + REC_DETAIL, detail);
  commitRecord(ptr);
}

/** BASIC_INFUSION_SELECTED: care area and the reason, no entry. */
export function logBasicSelected(eventType: u32, careAreaId: u32, reason: u32): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  store<u8>(ptr + REC_CARE_AREA_ID, <u8>careAreaId);
  store<u8>(ptr + REC_CONCENTRATION_INDEX, <u8>NO_CONCENTRATION);
  store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
  store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  store<u8>(ptr + REC_REASON, <u8>reason);
  commitRecord(ptr);
}

/** ALARM_RAISED / ALARM_CLEARED: detail = alarm | implied rate << 8; rate = the motor rate then. */
export function logAlarm(eventType: u32, alarm: u32, priority: u32, impliedRate: u32, rateUlPerHour: u64): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
  store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  store<u8>(ptr + REC_ALARM_PRIORITY, <u8>priority);
  store<u64>(ptr + REC_RATE_UL_PER_HOUR, rateUlPerHour);
  store<u32>(ptr + REC_DETAIL, alarm | (impliedRate << 8));
  commitRecord(ptr);
}

/**
 * DRUG_SELECTION_REFUSED: what the clinician asked for — entry id and concentration index as sent —
 * in which care area; detail = the refusal's Result (UNKNOWN_ENTRY, UNKNOWN_CONCENTRATION,
 * ENTRY_NOT_IN_CARE_AREA).
 */
export function logDrugRefused(eventType: u32, careAreaId: u32, entryId: u32, concentration: u32, result: u32): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  store<u32>(ptr + REC_ENTRY_ID, entryId);
  store<u8>(ptr + REC_CARE_AREA_ID, <u8>careAreaId);
  store<u8>(ptr + REC_CONCENTRATION_INDEX, <u8>concentration);
  store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
  store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  store<u32>(ptr + REC_DETAIL, result);
  commitRecord(ptr);
}

/**
 * PATIENT_REFUSED: the weight was not confirmed (issue 11) — value = the weight (g), limit = the
 * confirmation (g, 0 when not given), reason = WeightConfirmationDetail, detail = the Result.
 */
export function logPatientRefused(
  eventType: u32,
  careAreaId: u32,
  weightG: u64,
  confirmationG: u64,
  why: u32,
  result: u32,
): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  store<u8>(ptr + REC_CARE_AREA_ID, <u8>careAreaId);
  store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
  store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  store<u8>(ptr + REC_REASON, <u8>why);
  store<u8>(ptr + REC_CONCENTRATION_INDEX, <u8>NO_CONCENTRATION);
  store<u64>(ptr + REC_VALUE, weightG);
  store<u64>(ptr + REC_LIMIT, confirmationG);
  store<u32>(ptr + REC_DETAIL, result);
  commitRecord(ptr);
}

/** ALARM_SILENCED / ALARM_REALARMED: detail = the alarm mask, reason = source or cause, value = ms (period, or time silenced). */
export function logSilence(eventType: u32, mask: u32, reason: u32, valueMs: u64): void {
  const ptr = beginRecord(eventType);
  if (ptr == 0) return;
  store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
  store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
  store<u8>(ptr + REC_REASON, <u8>reason);
  store<u64>(ptr + REC_VALUE, valueMs);
  store<u32>(ptr + REC_DETAIL, mask);
  commitRecord(ptr);
}
