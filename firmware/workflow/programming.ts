// PROGRAM, TITRATE, BOLUS, SECONDARY, OVERRIDE and CANCEL (docs/workflow.md §4–§5). A check that
// the engine refuses changes nothing; a check it answers becomes the pending program (replacing,
// and so resolving, the one before) until START, OVERRIDE, an edit or CANCEL. The running
// program is never touched here: only START applies a pending one (REQ-WF-020).
import {
  EntryLimit,
  Field,
  InfusionType,
  MAX_VOLUME_UL,
  NO_CONCENTRATION,
  REQUEST_SIZE_WITH_PCA,
  Status,
} from "../abi/codes";
import { volumeFromDose } from "../engine/dose-volume";
import {
  ENTRY_CARE_AREA_MASK,
  ENTRY_FLAG_SECONDARY_ALLOWED,
  ENTRY_FLAGS,
  ENTRY_INFUSION_TYPE,
  ENTRY_MAX_TITRATION_STEP_PERCENT,
  ENTRY_TIER_MASKS,
} from "../library/entry-layout";
import { findEntry } from "../library/lookup";
import { libraryActive } from "../library/state";
import { hasHardMax } from "../limits/tier-block";
import { effectiveEntryLimitBlock } from "../limits/limit-records";
import {
  concentrationRecordAt,
  concentrationRecordCount,
  concentrationRecordList,
} from "../library/limit-record-layout";
import { REQUEST_CONCENTRATION_INDEX } from "../engine/request-layout";
import { ErrorDetail, Result } from "../abi/protocol-codes";
import { bolusRateAtLeastPrimary } from "../limits/bolus-bounds";
import {
  applyBolusDuration,
  applyCumulative,
  applyTitrationStep,
  checkBasic,
  checkedVtbiUl,
  checkWithEngine,
  narrowToBolusLimits,
} from "./check";
import { cumulativeUntrackable } from "./cumulative-check";
import { clockNowMs } from "../clock/clock";
import { BOLUS_PAYLOAD_SIZE, OVERRIDE_REASON_LAST, ProgramKind, PumpState, Segment } from "../abi/workflow-codes";
import { progressUl } from "./delivery";
import { LocalOnlyDetail } from "../abi/auto-program-layout";
import { orderBound, refuseRemoteConfirmation, requestIsLocal, unbindOrder } from "./order";
import { DONE, refuse } from "./outcome";
import {
  hasPending,
  overridePendingWith,
  pendingKind,
  pendingOverridable,
  pendingPayloadEquals,
  pendingVerdict,
  resolveByCancel,
  resolveByEdit,
  storePending,
} from "./pending";
import {
  blockPresence,
  blockSetsVolume,
  buildRequest,
  copyRequest,
  programBlockValid,
  requestPresence,
  requestValueAt,
  setRequestValue,
} from "./request";
import {
  basicInfusion,
  careAreaId,
  clearDrug,
  concentrationIndex,
  customAmountAbu,
  customVolumeUl,
  drugSelected,
  entryId,
  infusing,
  PRIMARY_REQUEST,
  primaryProgress,
  primaryRateUlPerHour,
  primaryVtbiUl,
  segment,
  setState,
  state,
} from "./state";

/** Scratch request: built and checked here, kept as the pending request only when the check stands. */
const CANDIDATE: usize = memory.data(REQUEST_SIZE_WITH_PCA, 16);
/** First bolus volume the pump refuses (volumeFromDose answers it for any volume beyond). */
const VOLUME_CEILING: u64 = <u64>MAX_VOLUME_UL + 1;

function engineRefusal(status: i32): u32 {
  return refuse(Result.ENGINE_STATUS, <u32>status);
}

/**
 * PROGRAM: the first program of the selected drug, or an edit of the pending one. `length`: the
 * block's, 48 or 36 bytes. An intermittent drug may be programmed by its amount per dose (block
 * bit 11) and a duration or a rate: the engine derives the VTBI and the third value exactly, as
 * CHECK_PROGRAM does (decision 0019), and the pump runs what the engine derived.
 */
export function programPrimary(block: usize, length: u32): u32 {
  const outcome = checkPrimary(block, length);
  if (outcome != DONE) return outcome;
  keepPrimary(block, length);
  return DONE;
}

/**
 * PROGRAM's check without its effect: the selected drug's program `block` through the engine into
 * CANDIDATE. AUTO_PROGRAM (auto-program.ts) runs this very check, then binds its order before
 * keepPrimary, so the alert record already carries the order's handle.
 */
export function checkPrimary(block: usize, length: u32): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!drugSelected || (state != PumpState.DRUG_SELECTED && state != PumpState.PROGRAM_PENDING))
    return refuse(Result.OUT_OF_STATE, state);
  if (!programBlockValid(block, length)) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  buildRequest(
    CANDIDATE,
    basicInfusion ? 0 : entryId,
    careAreaId,
    basicInfusion ? NO_CONCENTRATION : concentrationIndex,
    block,
    customAmountAbu,
    customVolumeUl,
  );
  const status = basicInfusion ? checkBasic(CANDIDATE) : checkWithEngine(CANDIDATE);
  if (status != Status.OK) return engineRefusal(status);
  if (!basicInfusion) {
    // A drug whose history the pump could not keep is not started (docs/decisions/0030).
    if (cumulativeUntrackable(CANDIDATE, clockNowMs())) return refuse(Result.CUMULATIVE_HISTORY_FULL, 0);
  }
  return DONE;
}

/** The checked CANDIDATE of checkPrimary becomes the pending primary program (resolving the one before). */
export function keepPrimary(block: usize, length: u32): void {
  if (!basicInfusion) applyCumulative(ProgramKind.PRIMARY, CANDIDATE, checkedVtbiUl(), true);
  resolveByEdit();
  storePending(ProgramKind.PRIMARY, CANDIDATE, block, length, checkedVtbiUl(), 0);
  setState(PumpState.PROGRAM_PENDING);
}

/** Infusing with the primary as the program in force (not KVO, bolus or secondary). */
function primaryInForce(): bool {
  return infusing(state) && segment == Segment.PRIMARY;
}

/**
 * TITRATE: a new program for the running drug, checked in full plus the entry's step limit
 * (REQ-WF-021). Without a VTBI (or amount per dose) of its own it keeps the running one: what is
 * left to infuse. Without a line access of its own it keeps the running program's: the line is the
 * same, and the peripheral maximum concentration still holds on it.
 */
export function programTitration(block: usize, length: u32): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!primaryInForce()) return refuse(Result.OUT_OF_STATE, state);
  if (!programBlockValid(block, length)) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  buildRequest(
    CANDIDATE,
    basicInfusion ? 0 : entryId,
    careAreaId,
    basicInfusion ? NO_CONCENTRATION : concentrationIndex,
    block,
    customAmountAbu,
    customVolumeUl,
  );
  if (!blockSetsVolume(block) && primaryVtbiUl != 0) {
    setRequestValue(CANDIDATE, Field.VTBI_UL, primaryVtbiUl - progressUl(primaryProgress));
  }
  const lineBit: u32 = 1 << (<u32>Field.LINE_ACCESS);
  if ((blockPresence(block) & lineBit) == 0 && (requestPresence(PRIMARY_REQUEST) & lineBit) != 0) {
    setRequestValue(CANDIDATE, Field.LINE_ACCESS, requestValueAt(PRIMARY_REQUEST, Field.LINE_ACCESS));
  }
  const status = basicInfusion ? checkBasic(CANDIDATE) : checkWithEngine(CANDIDATE);
  if (status != Status.OK) return engineRefusal(status);
  if (!basicInfusion) {
    applyTitrationStep(primaryRateUlPerHour, <u32>load<u16>(findEntry(entryId) + ENTRY_MAX_TITRATION_STEP_PERCENT));
    applyCumulative(ProgramKind.TITRATION, CANDIDATE, checkedVtbiUl(), blockSetsVolume(block));
  }
  resolveByEdit();
  storePending(ProgramKind.TITRATION, CANDIDATE, block, length, checkedVtbiUl(), 0);
  return DONE;
}

/**
 * BOLUS: a bolus (kind 0) or loading dose (kind 1) from the running infusion, its dose and rate
 * checked against the entry's own bolus limits and the care area's maximum rate (REQ-WF-030), its
 * duration against the pump's maximum and its rate against the primary's (REQ-WF-032). Only an
 * entry with limits for that dose allows one.
 *   payload: 0 kind u8 | 1 reserved 0 | 2 dose u64 (ABU per basis) | 10 bolus rate u64 (µL/h)
 */
export function programBolus(payload: usize): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!primaryInForce() || state != PumpState.RUNNING) return refuse(Result.OUT_OF_STATE, state);
  if (basicInfusion) return refuse(Result.NOT_ALLOWED, 0);
  const kind = <u32>load<u8>(payload);
  if (kind > 1 || load<u8>(payload + 1) != 0) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  // A PCA infusion takes a loading dose here; its boluses are PCA_CLINICIAN_BOLUS (issue 15).
  if (kind == 0 && (requestPresence(PRIMARY_REQUEST) & (1 << (<u32>Field.PCA))) != 0)
    return refuse(Result.NOT_ALLOWED, 0);
  const entry = findEntry(entryId);
  if (<u32>load<u8>(entry + ENTRY_INFUSION_TYPE) == <u32>InfusionType.FLUID) return refuse(Result.NOT_ALLOWED, 0);
  // An entry allows a bolus (or loading dose) by bounding it: a hard maximum for that dose. Limits
  // with only a minimum (a placeholder, say) would let any dose through.
  const doseLimit = kind == 0 ? EntryLimit.BOLUS_DOSE : EntryLimit.LOADING_DOSE;
  // The running concentration's own bolus limits replace the entry's (REQ-ENG-063).
  const concentration = concentrationRecordAt(entry, <u32>load<u8>(PRIMARY_REQUEST + REQUEST_CONCENTRATION_INDEX));
  const recordCount = concentrationRecordCount(concentration);
  const block = effectiveEntryLimitBlock(
    entry,
    load<u64>(entry + ENTRY_TIER_MASKS),
    recordCount == 0 ? 0 : concentrationRecordList(concentration),
    recordCount,
    doseLimit,
  );
  if (!hasHardMax(block)) return refuse(Result.NOT_ALLOWED, 0);
  copyRequest(PRIMARY_REQUEST, CANDIDATE);
  setRequestValue(CANDIDATE, kind == 0 ? Field.BOLUS_DOSE : Field.LOADING_DOSE, load<u64>(payload + 2));
  setRequestValue(CANDIDATE, Field.BOLUS_RATE_UL_PER_HOUR, load<u64>(payload + 10));
  const status = checkWithEngine(CANDIDATE);
  if (status != Status.OK) return engineRefusal(status);
  // Rounded down so the pump never gives more drug than the dose; nothing, or too much, is refused.
  const volumeUl = volumeFromDose(load<u64>(payload + 2), VOLUME_CEILING);
  if (volumeUl == 0 || volumeUl == VOLUME_CEILING) return engineRefusal(Status.DERIVED_OUT_OF_RANGE);
  const bolusRateUlPerHour = load<u64>(payload + 10);
  // Slower than the primary it replaces, a bolus would under-deliver the running drug (REQ-WF-032).
  if (!bolusRateAtLeastPrimary(bolusRateUlPerHour, primaryRateUlPerHour))
    return refuse(Result.BOLUS_RATE_BELOW_PRIMARY, 0);
  narrowToBolusLimits(bolusRateUlPerHour);
  applyBolusDuration(entry, volumeUl, bolusRateUlPerHour);
  applyCumulative(kind == 0 ? ProgramKind.BOLUS : ProgramKind.LOADING_DOSE, CANDIDATE, volumeUl, true);
  resolveByEdit();
  storePending(
    kind == 0 ? ProgramKind.BOLUS : ProgramKind.LOADING_DOSE,
    CANDIDATE,
    payload,
    BOLUS_PAYLOAD_SIZE,
    volumeUl,
    volumeUl,
  );
  return DONE;
}

/**
 * SECONDARY: a piggyback from another container, for an entry that allows it, checked as a program
 * of its own entry with this patient (REQ-WF-031). It needs a VTBI, or an amount per dose the engine
 * derives it from: that is when the primary resumes. Its line access is its own (a piggyback joins
 * the primary's line, but the clinician states it as for any program).
 *   payload: 0 entryId u32 | 4 concentration u8 | 5–7 reserved 0 | 8 program block (48 or 36 bytes)
 */
export function programSecondary(payload: usize, length: u32): u32 {
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  if (!primaryInForce()) return refuse(Result.OUT_OF_STATE, state);
  // A PCA infusion runs alone (issue 15): a piggyback would not be counted as the patient's doses are.
  if ((requestPresence(PRIMARY_REQUEST) & (1 << (<u32>Field.PCA))) != 0) return refuse(Result.NOT_ALLOWED, 0);
  const block = payload + 8;
  if (load<u8>(payload + 5) != 0 || load<u16>(payload + 6) != 0 || !programBlockValid(block, length - 8))
    return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  if (!blockSetsVolume(block)) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  const id = load<u32>(payload);
  const entry = findEntry(id);
  if (entry == 0 || (load<u64>(entry + ENTRY_CARE_AREA_MASK) & ((<u64>1) << (<u64>careAreaId))) == 0)
    return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  if (((<u32>load<u8>(entry + ENTRY_FLAGS)) & ENTRY_FLAG_SECONDARY_ALLOWED) == 0) return refuse(Result.NOT_ALLOWED, 0);
  buildRequest(CANDIDATE, id, careAreaId, <u32>load<u8>(payload + 4), block, 0, 0);
  const status = checkWithEngine(CANDIDATE);
  if (status != Status.OK) return engineRefusal(status);
  if (cumulativeUntrackable(CANDIDATE, clockNowMs())) return refuse(Result.CUMULATIVE_HISTORY_FULL, 0);
  applyCumulative(ProgramKind.SECONDARY, CANDIDATE, checkedVtbiUl(), true);
  resolveByEdit();
  storePending(ProgramKind.SECONDARY, CANDIDATE, payload, length, checkedVtbiUl(), 0);
  return DONE;
}

/**
 * OVERRIDE: a reason from the fixed list and the exact payload of the pending soft stop, echoed —
 * the override covers those values and nothing else (REQ-WF-011).
 */
export function overridePending(reason: u32, echo: usize, echoLength: u32): u32 {
  // Issue 13: an order is confirmed, and its soft stop overridden, only at the pump (docs/decisions/0036).
  if (orderBound() && !requestIsLocal()) return refuseRemoteConfirmation(LocalOnlyDetail.OVERRIDE);
  if (!pendingOverridable()) return refuse(Result.NOT_OVERRIDABLE, pendingVerdict());
  if (reason == 0 || reason > <u32>OVERRIDE_REASON_LAST) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  if (!pendingPayloadEquals(echo, echoLength)) return refuse(Result.OVERRIDE_MISMATCH, 0);
  overridePendingWith(reason);
  return DONE;
}

/** CANCEL: the pending program if there is one; else, before anything runs, the drug selection. */
export function cancel(): u32 {
  if (hasPending()) {
    const wasPrimary = pendingKind() == ProgramKind.PRIMARY;
    resolveByCancel();
    if (wasPrimary) {
      setState(PumpState.DRUG_SELECTED);
      unbindOrder(); // the order's program is gone; what is programmed next is not the order
    }
    return DONE;
  }
  if (state == PumpState.DRUG_SELECTED) {
    clearDrug();
    unbindOrder();
    setState(PumpState.AREA_SELECTED);
    return DONE;
  }
  return refuse(Result.OUT_OF_STATE, state);
}
