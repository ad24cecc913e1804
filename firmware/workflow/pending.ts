// The life of a pending program (docs/workflow.md §5): stored with its check's outcome, then
// resolved exactly once — started, overridden-then-started, edited, replaced or cancelled — and
// every resolution is an event-log record (REQ-WF-050).
import { Verdict } from "../abi/codes";
import { EventType } from "../abi/event-types";
import { checkLimit, checkParam, checkRateUlPerHour, checkTier, checkValue, checkVerdict } from "./check";
import { OverrideReason } from "../abi/workflow-codes";
import { logOutcome } from "./log";
import { copyRequest } from "./request";
import {
  clearPending, PENDING_PAYLOAD, PENDING_REQUEST, pendingKind, pendingOverride, pendingVerdict, setPending, setPendingOutcome,
} from "./state";

/** Keeps the checked request, the payload an override must echo, and the outcome of the last check. */
export function storePending(kind: u32, request: usize, payload: usize, payloadLength: u32, vtbiUl: u64): void {
  copyRequest(request, PENDING_REQUEST);
  for (let i: u32 = 0; i < payloadLength; i++) store<u8>(PENDING_PAYLOAD + i, load<u8>(payload + i));
  setPending(kind, payloadLength);
  setPendingOutcome(checkVerdict, checkParam, checkTier, checkLimit, checkValue, checkRateUlPerHour, vtbiUl);
}

export function hasPending(): bool {
  return pendingKind != 0;
}

/** START may confirm it: a go, or a soft stop overridden for exactly these values. */
export function pendingStartable(): bool {
  return pendingVerdict == Verdict.GO || (pendingVerdict == Verdict.SOFT_STOP && pendingOverride != OverrideReason.NONE);
}

/** The pending program gives way to an edit: the record says what the edit resolved. */
export function resolveByEdit(): void {
  if (!hasPending()) return;
  let eventType: u32 = EventType.PROGRAM_REPLACED;
  if (pendingVerdict == Verdict.HARD_STOP) eventType = EventType.HARD_STOP_EDITED;
  else if (pendingVerdict == Verdict.SOFT_STOP && pendingOverride == OverrideReason.NONE) eventType = EventType.SOFT_STOP_EDITED;
  logOutcome(eventType, PENDING_REQUEST, 0);
  clearPending();
}

export function resolveByCancel(): void {
  if (!hasPending()) return;
  logOutcome(EventType.PROGRAM_CANCELLED, PENDING_REQUEST, 0);
  clearPending();
}

/** START confirmed it: a go without alert is an outcome of its own; an override was logged when given. */
export function resolveByStart(): void {
  if (pendingVerdict == Verdict.GO) logOutcome(EventType.PROGRAM_ACCEPTED_NO_ALERT, PENDING_REQUEST, 0);
  clearPending();
}
