// START, PAUSE, RESUME, STOP, ACK_ALARMS and the pump's response to alarms (docs/workflow.md §6–§7).
// Nothing restarts by itself: after a pause, an alarm or a power cycle delivery needs a clinician's
// RESUME or START (REQ-WF-040).
import { Classification, Field, NO_CONCENTRATION, Verdict } from "../abi/codes";
import { clockNowMs } from "../clock/clock";
import { cumulativeClassify, cumulativeUntrackable, plannedClassification } from "./cumulative-check";
import { REQUEST_CONCENTRATION_INDEX, REQUEST_ENTRY_ID } from "../engine/request-layout";
import { EventType } from "../abi/event-types";
import { sensorFaultMask } from "../faults/sensor-faults";
import { libraryActive } from "../library/state";
import { Result } from "../abi/protocol-codes";
import { clearAlarms, mirrorSensorFaults, raiseAlarm, sensorAlarmsOf, stoppingAlarmActive } from "./alarms";
import { stoppingAlarmsIn } from "../faults/alarm-table";
import { Alarm, ProgramKind, PumpState, Segment, SilenceSource, StopCause } from "../abi/workflow-codes";
import { clearCompletionAlarms, motorRateUlPerHour, progressUl, UNITS_PER_UL } from "./delivery";
import { clearEscalationHistory, noteAlarmStop, noteResumeAfterAlarm, takeEscalationDue } from "./escalation";
import { silenceOnStop } from "./silence";
import { logInfusion } from "./log";
import {
  adoptCandidateDoseVolume,
  kvoForWindow,
  lockoutMs,
  pcaDoseAbu,
  pcaPrimary,
  pcaWindowMaxAbu,
  resetPcaState,
  setKvoForWindow,
} from "./pca-state";
import { logPca } from "./pca-segment";
import { setPcaWindowLimit } from "./cumulative-limit";
import { flowWithinTolerance } from "./flow";
import { LocalOnlyDetail } from "../abi/auto-program-layout";
import { orderBound, refuseRemoteConfirmation, requestIsLocal, unbindOrder } from "./order";
import { DONE, refuse } from "./outcome";
import {
  hasPending,
  PENDING_PAYLOAD,
  PENDING_REQUEST,
  pendingBolusVolumeUl,
  pendingKind,
  pendingRateUlPerHour,
  pendingStartable,
  pendingVerdict,
  pendingVtbiUl,
  logStartRefused,
  resolveByCancel,
  resolveByStart,
} from "./pending";
import { blockSetsVolume, copyRequest, requestValueAt, setRequestValue } from "./request";
import {
  alarmMask,
  infusing,
  PRIMARY_REQUEST,
  bolusProgress,
  primaryProgress,
  primaryVtbiUl,
  resetWorkflowState,
  secondaryProgress,
  SECONDARY_REQUEST,
  segment,
  setBolus,
  setPrimary,
  setProgress,
  setPrimaryRate,
  setSecondary,
  setSegment,
  setState,
  state,
  totalProgress,
} from "./state";

/** INFUSION_PAUSED detail for a pause forced by an alarm: this bit | the alarm. */
const PAUSED_BY_ALARM: u32 = 0x100;

/** RUNNING, PAUSED or ALARM: a library activation is refused then (docs/decisions/0009). */
export function workflowInfusing(): bool {
  return infusing(state);
}

/** START: confirms the pending program — a first program, a titration, a bolus or a secondary. */
export function start(): u32 {
  // Defence in depth: whatever dropped the library also reset the workflow, but nothing may start without one.
  if (!libraryActive) return refuse(Result.NO_LIBRARY, 0);
  // Issue 13: a remote command never starts an order's program; only the pump's keys do (docs/decisions/0036).
  if (orderBound() && !requestIsLocal()) return refuseRemoteConfirmation(LocalOnlyDetail.START);
  if (!hasPending()) return refuse(Result.OUT_OF_STATE, state);
  if (!pendingStartable()) {
    logStartRefused();
    return refuse(Result.START_BLOCKED, pendingVerdict() == Verdict.HARD_STOP ? 2 : 1);
  }
  const kind = pendingKind();
  // Everything but a first program changes the primary in force: the VTBI may have completed since
  // the check (KVO), and then there is nothing left to titrate or give a bolus from.
  if (kind != ProgramKind.PRIMARY && segment != Segment.PRIMARY) return refuse(Result.OUT_OF_STATE, state);
  // A bolus or secondary starts delivery now, so it needs the pump actually running.
  if (
    (kind == ProgramKind.BOLUS || kind == ProgramKind.LOADING_DOSE || kind == ProgramKind.SECONDARY) &&
    state != PumpState.RUNNING
  ) {
    return refuse(Result.OUT_OF_STATE, state);
  }
  if (kind == ProgramKind.PRIMARY && stoppingAlarmActive()) return refuse(Result.ALARM_ACTIVE, alarmMask);
  const rate = pendingRateUlPerHour();
  const vtbi = pendingVtbiUl();
  const bolusVolume = pendingBolusVolumeUl();
  const refusal = cumulativeStartRefusal(
    kind,
    rate,
    kind == ProgramKind.BOLUS || kind == ProgramKind.LOADING_DOSE ? bolusVolume : vtbi,
  );
  if (refusal != DONE) return refusal;
  if (kind == ProgramKind.PRIMARY) {
    copyRequest(PENDING_REQUEST, PRIMARY_REQUEST);
    resolveByStart();
    setPrimary(rate, vtbi);
    setProgress(0, 0, 0, 0);
    setSegment(Segment.PRIMARY);
    setState(PumpState.RUNNING);
    logInfusion(EventType.INFUSION_STARTED, PRIMARY_REQUEST, vtbi, rate, 0);
    // A PCA program (issue 15): its lockout and dose count start empty; the window history does not.
    resetPcaState();
    if (pcaPrimary()) {
      adoptCandidateDoseVolume();
      logPca(EventType.PCA_STARTED, pcaDoseAbu(), pcaWindowMaxAbu(), rate, <u32>(lockoutMs() / 1000), 0);
    }
  } else if (kind == ProgramKind.TITRATION) {
    const keepsTarget = !blockSetsVolume(PENDING_PAYLOAD);
    copyRequest(PENDING_REQUEST, PRIMARY_REQUEST);
    resolveByStart();
    if (keepsTarget) {
      // No VTBI of its own: the same target, counted on from what has really been given. The
      // request in force keeps the target too, not the volume that was left at check time.
      setPrimaryRate(rate);
      if (primaryVtbiUl != 0) setRequestValue(PRIMARY_REQUEST, Field.VTBI_UL, primaryVtbiUl);
    } else {
      // A new VTBI counts from now; the fraction of a µL already under way stays counted.
      const carried = primaryProgress % UNITS_PER_UL;
      setPrimary(rate, vtbi);
      setProgress(carried, bolusProgress, secondaryProgress, totalProgress);
    }
    logInfusion(EventType.TITRATION_APPLIED, PRIMARY_REQUEST, primaryVtbiUl, rate, keepsTarget ? 1 : 0);
  } else if (kind == ProgramKind.SECONDARY) {
    copyRequest(PENDING_REQUEST, SECONDARY_REQUEST);
    resolveByStart();
    setSecondary(
      load<u32>(SECONDARY_REQUEST + REQUEST_ENTRY_ID),
      <u32>load<u8>(SECONDARY_REQUEST + REQUEST_CONCENTRATION_INDEX),
      rate,
      vtbi,
    );
    setSegment(Segment.SECONDARY);
    logInfusion(EventType.SECONDARY_STARTED, SECONDARY_REQUEST, vtbi, rate, 0);
  } else {
    const bolusRate = requestValueAt(PENDING_REQUEST, Field.BOLUS_RATE_UL_PER_HOUR);
    resolveByStart();
    setBolus(bolusRate, bolusVolume);
    setSegment(Segment.BOLUS);
    logInfusion(EventType.BOLUS_STARTED, PRIMARY_REQUEST, bolusVolume, bolusRate, kind);
  }
  return DONE;
}

/**
 * START and the cumulative limit (docs/workflow.md §6.3): the drug's history must have a track
 * (CUMULATIVE_HISTORY_FULL otherwise), and a titration, bolus or secondary — checked while the
 * running program went on delivering — is checked again against the history as it is now: a
 * planned window above the hard maximum refuses the START as a hard stop (START_BLOCKED / 2, logged
 * START_REFUSED); the program stays pending, to be edited or cancelled.
 */
function cumulativeStartRefusal(kind: u32, rate: u64, volumeUl: u64): u32 {
  const now = clockNowMs();
  if (cumulativeUntrackable(PENDING_REQUEST, now)) return refuse(Result.CUMULATIVE_HISTORY_FULL, 0);
  if (kind == ProgramKind.PRIMARY) return DONE;
  const ownVtbi = kind != ProgramKind.TITRATION || blockSetsVolume(PENDING_PAYLOAD);
  if (
    cumulativeClassify(kind, PENDING_REQUEST, rate, volumeUl, ownVtbi, now) &&
    plannedClassification == <u32>Classification.ABOVE_HARD_MAX
  ) {
    logStartRefused();
    return refuse(Result.START_BLOCKED, 2);
  }
  return DONE;
}

export function pause(): u32 {
  if (state != PumpState.RUNNING) return refuse(Result.OUT_OF_STATE, state);
  setState(PumpState.PAUSED);
  logInfusion(EventType.INFUSION_PAUSED, PRIMARY_REQUEST, progressUl(totalProgress), 0, 0);
  return DONE;
}

/** RESUME: after a pause, or after an alarm whose cause is gone. */
export function resume(): u32 {
  if (state != PumpState.PAUSED && state != PumpState.ALARM) return refuse(Result.OUT_OF_STATE, state);
  if (stoppingAlarmActive()) return refuse(Result.ALARM_ACTIVE, alarmMask);
  if (state == PumpState.ALARM) noteResumeAfterAlarm();
  setState(PumpState.RUNNING);
  logInfusion(EventType.INFUSION_RESUMED, PRIMARY_REQUEST, progressUl(totalProgress), motorRateUlPerHour(), segment);
  return DONE;
}

/** STOP: ends the infusion; the care area, patient and drug stay selected for the next program. */
export function stop(): u32 {
  if (!infusing(state)) return refuse(Result.OUT_OF_STATE, state);
  endInfusion(StopCause.CLINICIAN);
  // STOP silences and clears (§7.2, REQ-WF-110): what still stands is muted for the silence period.
  silenceOnStop(requestIsLocal() ? <u32>SilenceSource.LOCAL : <u32>SilenceSource.REMOTE);
  return DONE;
}

function endInfusion(cause: u32): void {
  // Judged against the rate the motor ran at until now: the last report was measured at it.
  const flowWithin = flowWithinTolerance();
  resolveByCancel();
  const deliveredUl = progressUl(totalProgress);
  setState(PumpState.DRUG_SELECTED);
  setSegment(Segment.NONE);
  logInfusion(EventType.INFUSION_STOPPED, PRIMARY_REQUEST, deliveredUl, 0, cause);
  clearCompletionAlarms();
  // The infusion stopped at its cumulative limit does not continue: its alarm ends with it.
  clearAlarms((1 << Alarm.CUMULATIVE_LIMIT) | (1 << Alarm.PCA_WINDOW_MAX) | (1 << Alarm.PCA_DOSE_COUNT), 0);
  resetPcaState();
  // Flow over-delivery ends with the infusion only when the flow is within the tolerance now (§7.5).
  if (flowWithin) clearAlarms(1 << Alarm.FLOW_OVER_DELIVERY, 0);
  clearEscalationHistory();
  setPrimary(0, 0);
  setBolus(0, 0);
  setSecondary(0, NO_CONCENTRATION, 0, 0);
  setProgress(0, 0, 0, 0);
  unbindOrder(); // the order's infusion is over; INFUSION_STOPPED above still carried its handle
}

/** ACK_ALARMS: the clinician acknowledges the latched notices (VTBI complete, secondary complete, escalation, link lost). */
export function acknowledgeAlarms(): u32 {
  clearAlarms(
    (1 << Alarm.VTBI_COMPLETE) |
      (1 << Alarm.SECONDARY_COMPLETE) |
      (1 << Alarm.ESCALATION) |
      (1 << Alarm.PCA_WINDOW_MAX) |
      (1 << Alarm.PCA_DOSE_COUNT) |
      (1 << Alarm.LINK_LOST),
    motorRateUlPerHour(),
  );
  // Flow over-delivery once its cause is gone (docs/workflow.md §7.5); the infusion stays at KVO.
  if (flowWithinTolerance()) clearAlarms(1 << Alarm.FLOW_OVER_DELIVERY, motorRateUlPerHour());
  // PCA (issue 15): KVO after a request at the window maximum gives way to the basal again — unless
  // a flow alarm still holds the pump at KVO.
  if (
    kvoForWindow &&
    segment == Segment.KVO &&
    (alarmMask & (1 << Alarm.FLOW_OVER_DELIVERY)) == 0 &&
    (primaryVtbiUl == 0 || primaryProgress < primaryVtbiUl * UNITS_PER_UL)
  ) {
    setSegment(Segment.PRIMARY);
    setKvoForWindow(false);
  }
  return DONE;
}

/** The host's sensor inputs changed: a stopping alarm stops the motor at once (REQ-WF-041). */
export function onSensorFaults(faultMask: u32): void {
  mirrorSensorFaults(faultMask);
  const stopping = stoppingAlarmsIn(sensorAlarmsOf(faultMask));
  if (state != PumpState.RUNNING || stopping == 0) return;
  const alarm = <u32>ctz<u32>(stopping);
  setState(PumpState.ALARM);
  logInfusion(EventType.INFUSION_PAUSED, PRIMARY_REQUEST, progressUl(totalProgress), 0, PAUSED_BY_ALARM | alarm);
  noteAlarmStop(alarm);
  superviseEscalation();
}

/**
 * The same alarm stopping the infusion again and again (docs/workflow.md §7.3, REQ-WF-111): the
 * infusion ends. Sensor stops are decided at once; stops inside a tick's delivery (empty reservoir,
 * cumulative limit) are decided by boot/tick.ts right after the delivery.
 */
export function superviseEscalation(): void {
  if (!takeEscalationDue() || !infusing(state)) return;
  endInfusion(StopCause.ESCALATION);
  raiseAlarm(Alarm.ESCALATION, 0);
}

/**
 * Engine reset, or a library activated or dropped: anything running stops and is logged (an
 * activation is refused while infusing, so in practice only the engine reset stops one);
 * everything is forgotten but the host's sensor inputs, which are still true — an occlusion must
 * keep blocking START.
 */
export function resetWorkflow(): void {
  if (infusing(state)) endInfusion(StopCause.RESET);
  else resolveByCancel();
  clearEscalationHistory();
  resetPcaState();
  setPcaWindowLimit(0, 0, 0);
  unbindOrder();
  resetWorkflowState();
  mirrorSensorFaults(sensorFaultMask());
}
