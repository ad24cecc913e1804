// The cumulative limit at programming time (docs/workflow.md §6.3, REQ-WF-088): the engine's
// parameter 22 judged what the program alone delivers in one window; the workflow adds the drug's
// history. The planned future of the checked program — its segments one after another from now —
// is laid out for cumulative-history.ts, which returns the largest
// trailing-window total over the next window (KVO is not planned: the stop during delivery holds
// it); that total is classified against the entry's
// CUMULATIVE tiers and the worse of the two classifications is parameter 22's. A hard stop there
// binds unless a lower parameter already stopped hard; a soft stop binds when nothing else stopped.
import { Classification, Param, Tier, Verdict } from "../abi/codes";
import { ProgramKind } from "../abi/workflow-codes";
import { REQUEST_ENTRY_ID } from "../engine/request-layout";
import { findEntry } from "../library/lookup";
import { maxPlannedWindowAbu, NO_END, planAdd, planReset, trackAvailable, trackOf } from "./cumulative-history";
import {
  cumulativeHardMaxAbu,
  cumulativeHasHardMax,
  cumulativeHasSoftMax,
  cumulativeSoftMaxAbu,
  cumulativeWindowS,
  readCumulativeLimit,
} from "./cumulative-limit";
import { concentrationOf, requestAmountAbu, requestVolumeUl } from "./cumulative";
import { infusing, PRIMARY_REQUEST, primaryProgress, primaryRateUlPerHour, primaryVtbiUl, state } from "./state";

const UNITS_PER_UL: u64 = 3600000;

/** The last planned-window total and its classification (cumulativeClassify). */
export let plannedWindowAbu: u64 = 0;
export let plannedClassification: u32 = Classification.NOT_CHECKED;
export let plannedTier: u32 = Tier.NONE;
export let plannedLimitAbu: u64 = 0;

/** Units left of the running primary's VTBI, NO_END when it has none. */
function primaryUnitsLeft(): u64 {
  if (primaryVtbiUl == 0) return NO_END;
  const total = primaryVtbiUl * UNITS_PER_UL;
  return primaryProgress >= total ? 0 : total - primaryProgress;
}

/**
 * A primary at `rate` for `units` (NO_END: until stopped) at the primary's concentration. The KVO that
 * follows a VTBI is not planned: it is not what the clinician programmed but what the pump does when
 * the program is over (at most 1 mL/h), and the stop during delivery holds it to the hard maximum.
 */
function planPrimary(rate: u64, units: u64, amountAbu: u64, volumeUl: u64): void {
  planAdd(rate, units, amountAbu, volumeUl);
}

/**
 * Lays out the plan of a checked program of `kind` for the drug of `request` and returns that drug's
 * entry id, 0 when the drug has no cumulative limit (nothing to check). `rate` is the rate it runs
 * at (a bolus's own rate), `volumeUl` its VTBI or bolus volume (0: none), `ownVtbi` whether a
 * titration brings a VTBI of its own.
 */
function layOutPlan(kind: u32, request: usize, rate: u64, volumeUl: u64, ownVtbi: bool): u32 {
  planReset();
  const entryId = load<u32>(request + REQUEST_ENTRY_ID);
  const entry: usize = entryId == 0 ? 0 : findEntry(entryId);
  if (!readCumulativeLimit(entry) || !concentrationOf(request, entry)) return 0;
  const amountAbu = requestAmountAbu;
  const concentrationVolumeUl = requestVolumeUl;
  if (kind == ProgramKind.PRIMARY) {
    planPrimary(rate, volumeUl == 0 ? NO_END : volumeUl * UNITS_PER_UL, amountAbu, concentrationVolumeUl);
  } else if (kind == ProgramKind.TITRATION) {
    const units = ownVtbi ? volumeUl * UNITS_PER_UL : primaryUnitsLeft();
    planPrimary(rate, units, amountAbu, concentrationVolumeUl);
  } else if (kind == ProgramKind.BOLUS || kind == ProgramKind.LOADING_DOSE) {
    // From the primary container: it ends at the primary VTBI if that comes first, then the primary resumes.
    const primaryLeft = primaryUnitsLeft();
    const bolusUnits = volumeUl * UNITS_PER_UL;
    const given = bolusUnits < primaryLeft ? bolusUnits : primaryLeft;
    planAdd(rate, given, amountAbu, concentrationVolumeUl);
    const after = primaryLeft == NO_END ? NO_END : primaryLeft - given;
    planPrimary(primaryRateUlPerHour, after, amountAbu, concentrationVolumeUl);
  } else if (kind == ProgramKind.SECONDARY) {
    planAdd(rate, volumeUl * UNITS_PER_UL, amountAbu, concentrationVolumeUl);
    // A secondary of the running drug itself: the primary resumes after it, counted too.
    if (entryId == load<u32>(PRIMARY_REQUEST + REQUEST_ENTRY_ID) && concentrationOf(PRIMARY_REQUEST, entry)) {
      planPrimary(primaryRateUlPerHour, primaryUnitsLeft(), requestAmountAbu, requestVolumeUl);
    }
  }
  return entryId;
}

/** Worse of two classifications: hard over soft over within. */
function severity(classification: u32): u32 {
  if (classification == Classification.ABOVE_HARD_MAX || classification == Classification.BELOW_HARD_MIN) return 3;
  if (classification == Classification.ABOVE_SOFT_MAX || classification == Classification.BELOW_SOFT_MIN) return 2;
  if (classification == Classification.WITHIN || classification == Classification.NO_LIMIT) return 1;
  return 0;
}

/**
 * The checked program's planned window maximum for its drug, classified (plannedWindowAbu,
 * plannedClassification, plannedTier, plannedLimitAbu); false when the drug has no cumulative limit.
 */
export function cumulativeClassify(
  kind: u32,
  request: usize,
  rate: u64,
  volumeUl: u64,
  ownVtbi: bool,
  nowMs: u64,
): bool {
  plannedClassification = Classification.NOT_CHECKED;
  plannedTier = Tier.NONE;
  plannedLimitAbu = 0;
  plannedWindowAbu = 0;
  const entryId = layOutPlan(kind, request, rate, volumeUl, ownVtbi);
  if (entryId == 0) return false;
  const value = maxPlannedWindowAbu(trackOf(entryId), cumulativeWindowS, nowMs);
  plannedWindowAbu = value;
  if (cumulativeHasHardMax && value > cumulativeHardMaxAbu) {
    plannedClassification = Classification.ABOVE_HARD_MAX;
    plannedTier = Tier.HARD_MAX;
    plannedLimitAbu = cumulativeHardMaxAbu;
  } else if (cumulativeHasSoftMax && value > cumulativeSoftMaxAbu) {
    plannedClassification = Classification.ABOVE_SOFT_MAX;
    plannedTier = Tier.SOFT_MAX;
    plannedLimitAbu = cumulativeSoftMaxAbu;
  } else {
    plannedClassification = Classification.WITHIN;
  }
  return true;
}

/** True when the worse classification is the workflow's (the slot is to be rewritten). */
export function plannedIsWorse(engineClassification: u32): bool {
  return severity(plannedClassification) > severity(engineClassification);
}

/** The verdict after parameter 22 takes `classification`, given the verdict and binding parameter before. */
export function verdictWithCumulative(verdict: u32, bindingParam: u32, classification: u32): u32 {
  const level = severity(classification);
  if (level == 3) return Verdict.HARD_STOP;
  if (level == 2 && verdict == Verdict.GO) return Verdict.SOFT_STOP;
  return verdict;
}

/** Parameter 22 binds when it raised the verdict, or stops as hard as a higher-ID parameter that bound. */
export function cumulativeBinds(verdictBefore: u32, bindingParam: u32, classification: u32): bool {
  const level = severity(classification);
  if (level == 3) return verdictBefore != Verdict.HARD_STOP || bindingParam > <u32>Param.CUMULATIVE;
  if (level == 2) return verdictBefore == Verdict.GO;
  return false;
}

/** A drug with a cumulative limit that the pump could not track now (both tracks hold other drugs). */
export function cumulativeUntrackable(request: usize, nowMs: u64): bool {
  const entryId = load<u32>(request + REQUEST_ENTRY_ID);
  const entry: usize = entryId == 0 ? 0 : findEntry(entryId);
  if (!readCumulativeLimit(entry)) return false;
  // While infusing, the running primary's track is kept even before it delivered anything.
  const kept: u32 = infusing(state) ? load<u32>(PRIMARY_REQUEST + REQUEST_ENTRY_ID) : 0;
  return !trackAvailable(entryId, nowMs, kept);
}
