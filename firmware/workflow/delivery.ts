// Delivery accounting (docs/workflow.md §6). Progress counts µL × 3,600,000 — µL·ms per hour — so
// rate (µL/h) × elapsed (ms) adds exactly, with no remainder lost between ticks. A tick that
// crosses the end of a segment (VTBI reached, bolus given, secondary bag empty) is split at the
// exact millisecond it ends, the clock is advanced to it, the transition is logged then, and the
// rest of the tick runs the next segment.
import { advanceClock, clockNowMs } from "../clock/clock";
import { EventType } from "../abi/event-types";
import { clearAlarms, raiseAlarm } from "./alarms";
import { Alarm, KVO_RATE_UL_PER_HOUR, PcaBolusEnd, PumpState, Segment } from "../abi/workflow-codes";
import { pcaBolusEnded } from "./pca-segment";
import { logInfusion } from "./log";
import { containerUnitsLeft, drawsFromContainer, superviseContainer } from "./reservoir";
import { beginPass, passUnitsAllowed, passUnitsToMinute, recordPass, stopAtCumulativeLimit } from "./cumulative";
import {
  bolusProgress,
  bolusRateUlPerHour,
  bolusVolumeUl,
  PRIMARY_REQUEST,
  primaryProgress,
  primaryRateUlPerHour,
  primaryVtbiUl,
  SECONDARY_REQUEST,
  secondaryProgress,
  secondaryRateUlPerHour,
  secondaryVtbiUl,
  segment,
  setBolus,
  setProgress,
  setSegment,
  state,
  totalProgress,
  containerProgress,
  containerVolumeUl,
  setContainer,
} from "./state";

/** Progress units per µL: milliseconds per hour. */
export const UNITS_PER_UL: u64 = 3600000;
const NO_END: u64 = 0xffffffffffffffff;

export function kvoRateUlPerHour(): u64 {
  return primaryRateUlPerHour < <u64>KVO_RATE_UL_PER_HOUR ? primaryRateUlPerHour : <u64>KVO_RATE_UL_PER_HOUR;
}

/** The rate of the active segment, whatever the state. */
export function segmentRateUlPerHour(): u64 {
  if (segment == Segment.PRIMARY) return primaryRateUlPerHour;
  if (segment == Segment.BOLUS) return bolusRateUlPerHour;
  if (segment == Segment.SECONDARY) return secondaryRateUlPerHour;
  if (segment == Segment.KVO) return kvoRateUlPerHour();
  return 0;
}

/** What the motor runs at now: the segment's rate while RUNNING, else 0. */
export function motorRateUlPerHour(): u64 {
  return state == PumpState.RUNNING ? segmentRateUlPerHour() : 0;
}

/** Whole µL of `progress` (floor): what a record or the display shows as delivered. */
export function progressUl(progress: u64): u64 {
  return progress / UNITS_PER_UL;
}

function primaryUnitsLeft(): u64 {
  return primaryVtbiUl == 0 ? NO_END : primaryVtbiUl * UNITS_PER_UL - primaryProgress;
}

/** Units until the active segment ends, NO_END when it never does. */
function unitsToSegmentEnd(): u64 {
  if (segment == Segment.PRIMARY) return primaryUnitsLeft();
  if (segment == Segment.BOLUS) {
    // The bolus comes from the primary container: it also ends when that container's VTBI is reached.
    const bolusLeft = bolusVolumeUl * UNITS_PER_UL - bolusProgress;
    const primaryLeft = primaryUnitsLeft();
    return bolusLeft < primaryLeft ? bolusLeft : primaryLeft;
  }
  if (segment == Segment.SECONDARY) return secondaryVtbiUl * UNITS_PER_UL - secondaryProgress;
  return NO_END;
}

/** Adds `units` to the counters of the active segment and to the total. */
function addProgress(units: u64): void {
  let primary = primaryProgress;
  let bolus = bolusProgress;
  let secondary = secondaryProgress;
  if (segment == Segment.PRIMARY) primary += units;
  else if (segment == Segment.BOLUS) {
    primary += units;
    bolus += units;
  } else if (segment == Segment.SECONDARY) secondary += units;
  if (drawsFromContainer()) setContainer(containerVolumeUl, containerProgress + units);
  setProgress(primary, bolus, secondary, totalProgress + units);
  // The drug's history (a tracked pass never spans a minute boundary): counted at the pass's start.
  recordPass(units, clockNowMs());
}

/** The active segment just ended: the next one, logged at the current clock. */
function endSegment(): void {
  if (segment == Segment.BOLUS) {
    const givenUl = progressUl(bolusProgress);
    const rate = bolusRateUlPerHour;
    logInfusion(EventType.BOLUS_ENDED, PRIMARY_REQUEST, givenUl, rate, 0);
    // An ended bolus has nothing left, whatever ended it: the primary VTBI may have cut it short
    // (issue 10 §3, REQ-WF-032).
    setBolus(0, 0);
    if (primaryVtbiUl != 0 && primaryProgress >= primaryVtbiUl * UNITS_PER_UL) {
      pcaBolusEnded(givenUl, rate, PcaBolusEnd.VTBI);
      return vtbiComplete();
    }
    // PCA (issue 15): a patient dose that pre-empted a clinician bolus gives the segment back to it.
    if (pcaBolusEnded(givenUl, rate, PcaBolusEnd.COMPLETE)) return;
    setSegment(Segment.PRIMARY);
  } else if (segment == Segment.SECONDARY) {
    logInfusion(EventType.SECONDARY_ENDED, SECONDARY_REQUEST, progressUl(secondaryProgress), secondaryRateUlPerHour, 0);
    // The primary resumes at its own rate (REQ-WF-031); the clinician is told, at low priority.
    setSegment(Segment.PRIMARY);
    raiseAlarm(Alarm.SECONDARY_COMPLETE, primaryRateUlPerHour);
  } else if (segment == Segment.PRIMARY) {
    vtbiComplete();
  }
}

function vtbiComplete(): void {
  setSegment(Segment.KVO);
  raiseAlarm(Alarm.VTBI_COMPLETE, kvoRateUlPerHour());
}

/** tick(elapsedMs): advances the clock, delivering while RUNNING; a status. */
export function deliverAndAdvance(elapsedMs: i32): i32 {
  if (elapsedMs < 0) return advanceClock(elapsedMs);
  let remainingMs: u64 = <u64>elapsedMs;
  // Each pass ends a segment, empties the primary container (which stops the motor), reaches a
  // minute boundary while a drug with a cumulative limit runs, stops before that limit, or uses the
  // whole rest; there are at most three segment ends in a row (bolus → primary VTBI → KVO) and one
  // minute boundary per 60,000 ms, so the loop is bounded.
  while (remainingMs > 0 && state == PumpState.RUNNING) {
    const rate = segmentRateUlPerHour();
    if (rate == 0) break;
    const units = rate * remainingMs; // rate < 2^24, ms < 2^31
    const segmentLeft = unitsToSegmentEnd();
    const containerLeft = containerUnitsLeft();
    const left = segmentLeft < containerLeft ? segmentLeft : containerLeft;
    const now = clockNowMs();
    beginPass(now);
    const minuteLeft = passUnitsToMinute(now, rate);
    const allowed = passUnitsAllowed(now);
    if (units < left && units <= minuteLeft && units <= allowed) {
      addProgress(units);
      // The clock first: a near-empty record carries the time the volume was reached (the tick's end).
      advanceClock(<i32>remainingMs);
      remainingMs = 0;
      superviseContainer(progressUl(totalProgress), rate);
      break;
    }
    if (allowed < left && allowed < minuteLeft) {
      // The cumulative hard maximum comes first (docs/workflow.md §6.3): delivery runs for the whole
      // milliseconds that stay within it, and the motor stops there — one millisecond more would cross.
      const stopMs = allowed / rate;
      addProgress(rate * stopMs);
      advanceClock(<i32>stopMs);
      remainingMs -= stopMs;
      stopAtCumulativeLimit(clockNowMs(), progressUl(totalProgress));
      break;
    }
    if (minuteLeft < left) {
      // A minute boundary first: the window may roll there, so the next pass re-reads the allowance.
      const toMinuteMs = minuteLeft / rate;
      addProgress(minuteLeft);
      advanceClock(<i32>toMinuteMs);
      remainingMs -= toMinuteMs;
      superviseContainer(progressUl(totalProgress), rate);
      continue;
    }
    // Milliseconds until the end, rounded up; the segment receives exactly what it was owed.
    const endMs = (left + rate - 1) / rate;
    addProgress(left);
    advanceClock(<i32>endMs);
    remainingMs -= endMs;
    if (left == segmentLeft) endSegment();
    superviseContainer(progressUl(totalProgress), motorRateUlPerHour());
  }
  return advanceClock(<i32>remainingMs);
}

/** The latched completion alarms are cleared when the infusion they belong to ends. */
export function clearCompletionAlarms(): void {
  clearAlarms((1 << Alarm.VTBI_COMPLETE) | (1 << Alarm.SECONDARY_COMPLETE), motorRateUlPerHour());
}
