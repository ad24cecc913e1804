// The life of a pending program (docs/workflow.md §5): stored with its check's outcome, then
// resolved exactly once — started, overridden-then-started, edited, replaced or cancelled — and
// every resolution is an event-log record (REQ-WF-050). This module owns the pending program:
// only it writes the state below; the rest of the workflow reads it through the accessors. The
// outcome is a copy of the check's (check.ts), kept because the result buffer it came from is
// rewritten by any later evaluation before the program is resolved.
import { NO_PARAM, REQUEST_SIZE_WITH_PCA, Tier, Verdict } from "../abi/codes";
import { EventType } from "../abi/event-types";
import { checkedLimit, checkedParam, checkedRateUlPerHour, checkedTier, checkedValue, checkedVerdict } from "./check";
import { MAX_PENDING_PAYLOAD, OverrideReason, ProgramKind } from "../abi/workflow-codes";
import { logOutcome } from "./log";
import { copyRequest } from "./request";

/** The engine request the program was checked with, and the payload an OVERRIDE must echo. */
export const PENDING_REQUEST: usize = memory.data(REQUEST_SIZE_WITH_PCA, 16);
export const PENDING_PAYLOAD: usize = memory.data(MAX_PENDING_PAYLOAD, 16);
let kind: u32 = ProgramKind.NONE;
let payloadLength: u32 = 0;
let verdict: u32 = Verdict.NONE;
let param: u32 = NO_PARAM;
let tier: u32 = Tier.NONE;
let limit: u64 = 0;
let value: u64 = 0;
let rateUlPerHour: u64 = 0;
let vtbiUl: u64 = 0;
/** Bolus / loading dose volume of a pending bolus. */
let bolusVolumeUl: u64 = 0;
let overrideReason: u32 = OverrideReason.NONE;

export function pendingKind(): u32 {
  return kind;
}

export function pendingVerdict(): u32 {
  return verdict;
}

export function pendingOverride(): u32 {
  return overrideReason;
}

export function pendingRateUlPerHour(): u64 {
  return rateUlPerHour;
}

export function pendingVtbiUl(): u64 {
  return vtbiUl;
}

export function pendingBolusVolumeUl(): u64 {
  return bolusVolumeUl;
}

/** Keeps the checked request, the payload an OVERRIDE must echo, and the outcome of the last check. */
export function storePending(
  programKind: u32,
  request: usize,
  payload: usize,
  length: u32,
  programVtbiUl: u64,
  programBolusVolumeUl: u64,
): void {
  copyRequest(request, PENDING_REQUEST);
  for (let i: u32 = 0; i < length; i++) store<u8>(PENDING_PAYLOAD + i, load<u8>(payload + i));
  kind = programKind;
  payloadLength = length;
  overrideReason = OverrideReason.NONE;
  verdict = checkedVerdict();
  param = checkedParam();
  tier = checkedTier();
  limit = checkedLimit();
  value = checkedValue();
  rateUlPerHour = checkedRateUlPerHour();
  vtbiUl = programVtbiUl;
  bolusVolumeUl = programBolusVolumeUl;
  // Logged when raised, not only when resolved: a power cut while it is pending loses the
  // program (RAM) but not the alert. The resolution record still follows (REQ-WF-050).
  if (verdict == Verdict.SOFT_STOP || verdict == Verdict.HARD_STOP) logPending(EventType.ALERT_RAISED);
}

function clearPending(): void {
  kind = ProgramKind.NONE;
  payloadLength = 0;
  verdict = Verdict.NONE;
  param = NO_PARAM;
  tier = Tier.NONE;
  limit = 0;
  value = 0;
  rateUlPerHour = 0;
  vtbiUl = 0;
  bolusVolumeUl = 0;
  overrideReason = OverrideReason.NONE;
}

function logPending(eventType: u32): void {
  logOutcome(eventType, PENDING_REQUEST, verdict, param, tier, overrideReason, value, limit, rateUlPerHour, kind);
}

export function hasPending(): bool {
  return kind != 0;
}

/** START may confirm it: a go, or a soft stop overridden for exactly these values. */
export function pendingStartable(): bool {
  return verdict == Verdict.GO || (verdict == Verdict.SOFT_STOP && overrideReason != OverrideReason.NONE);
}

/** A soft stop not yet overridden: what OVERRIDE may act on. */
export function pendingOverridable(): bool {
  return hasPending() && verdict == Verdict.SOFT_STOP && overrideReason == OverrideReason.NONE;
}

/** `echo` is exactly the payload the pending program was checked with (REQ-WF-011). */
export function pendingPayloadEquals(echo: usize, echoLength: u32): bool {
  if (echoLength != payloadLength) return false;
  for (let i: u32 = 0; i < echoLength; i++) {
    if (load<u8>(echo + i) != load<u8>(PENDING_PAYLOAD + i)) return false;
  }
  return true;
}

/** The clinician overrides the pending soft stop with `reason`; logged when given. */
export function overridePendingWith(reason: u32): void {
  overrideReason = reason;
  logPending(EventType.SOFT_STOP_OVERRIDDEN);
}

/** The pending program gives way to an edit: the record says what the edit resolved. */
export function resolveByEdit(): void {
  if (!hasPending()) return;
  let eventType: u32 = EventType.PROGRAM_REPLACED;
  if (verdict == Verdict.HARD_STOP) eventType = EventType.HARD_STOP_EDITED;
  else if (verdict == Verdict.SOFT_STOP && overrideReason == OverrideReason.NONE)
    eventType = EventType.SOFT_STOP_EDITED;
  logPending(eventType);
  clearPending();
}

export function resolveByCancel(): void {
  if (!hasPending()) return;
  logPending(EventType.PROGRAM_CANCELLED);
  clearPending();
}

/**
 * START refused for the pending program's alert (a hard stop, or a soft stop not overridden): the
 * attempt is logged, the program stays pending unchanged.
 */
export function logStartRefused(): void {
  if (hasPending()) logPending(EventType.START_REFUSED);
}

/** START confirmed it: a go without alert is an outcome of its own; an override was logged when given. */
export function resolveByStart(): void {
  if (verdict == Verdict.GO) logPending(EventType.PROGRAM_ACCEPTED_NO_ALERT);
  clearPending();
}
