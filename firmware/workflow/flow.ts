// Flow supervision (docs/workflow.md §7.5, issue 15 §2): the host may report the flow it measures
// on the line (REPORT_FLOW). The pump compares the last report with the rate its motor runs at now:
// more than the tolerance above it is over-delivery. Over-delivery that lasts longer than
// FLOW_OVER_DELIVERY_MS — or at once when the host reports free flow — raises FLOW_OVER_DELIVERY
// (high, KVO): a running infusion drops to the keep-vein-open rate. The condition is evaluated at
// every report and at the end of every tick; tick.ts splits a tick at the millisecond the time
// runs out, so the alarm is raised exactly then. A report is compared with the motor rate it was
// measured at: once the motor's rate changes (STOP, KVO, a new segment) the last report is stale
// and the pump waits for the next one. Without reports nothing is supervised.
import { clockNowMs } from "../clock/clock";
import { EventType } from "../abi/event-types";
import { ErrorDetail, Result } from "../abi/protocol-codes";
import { NO_PARAM, Verdict } from "../abi/codes";
import {
  Alarm,
  FLOW_FLAGS_VALID,
  FLOW_OVER_DELIVERY_MS,
  FLOW_TOLERANCE_FLOOR_UL_PER_HOUR,
  FLOW_TOLERANCE_PERCENT,
  FlowAlarmCause,
  FlowFlag,
  Segment,
} from "../abi/workflow-codes";
import {
  REC_DETAIL,
  REC_LIMIT,
  REC_OUTCOME,
  REC_PARAM,
  REC_RATE_UL_PER_HOUR,
  REC_VALUE,
} from "../eventlog/record-layout";
import { beginRecord, commitRecord } from "../eventlog/ring";
import { writeRequestIdentity } from "../engine/check-record";
import { raiseAlarm } from "./alarms";
import { motorRateUlPerHour } from "./delivery";
import { DONE, refuse } from "./outcome";
import { alarmMask, infusing, PRIMARY_REQUEST, setBolus, setSegment, state } from "./state";

const NO_DEADLINE: i64 = -1;

/** The last report: measured flow (µL/h) and the free-flow flag; nothing is supervised before the first. */
let reported = false;
let measuredUlPerHour: u64 = 0;
let freeFlow = false;
/** The motor's rate when the last report came: the report is fresh while the motor still runs at it. */
let reportMotorUlPerHour: u64 = 0;
/** Over-delivery found at the last evaluation, and since when (pump ms). */
let over = false;
let overSinceMs: u64 = 0;

/** Power-on and engine reset: no report yet. */
export function resetFlowSupervision(): void {
  reported = false;
  measuredUlPerHour = 0;
  freeFlow = false;
  reportMotorUlPerHour = 0;
  over = false;
  overSinceMs = 0;
}

/**
 * The largest flow within the tolerance at motor rate `motor`: motor + max(floor, ⌊motor × P / 100⌋).
 * A measured flow above it is over-delivery (equal is within). motor < 2^24, so no overflow.
 */
export function flowToleranceUlPerHour(motor: u64): u64 {
  const proportional = (motor * <u64>FLOW_TOLERANCE_PERCENT) / 100;
  const floor = <u64>FLOW_TOLERANCE_FLOOR_UL_PER_HOUR;
  return motor + (proportional > floor ? proportional : floor);
}

/** The last report was measured at the motor's rate now. */
function reportFresh(): bool {
  return reported && reportMotorUlPerHour == motorRateUlPerHour();
}

/** The last report, fresh, shows free flow or over-delivery against the motor's rate now. */
function overNow(): bool {
  return reportFresh() && (freeFlow || measuredUlPerHour > flowToleranceUlPerHour(reportMotorUlPerHour));
}

/** The cause of the alarm is gone: a fresh report within the tolerance and without free flow. */
export function flowWithinTolerance(): bool {
  return reportFresh() && !freeFlow && measuredUlPerHour <= flowToleranceUlPerHour(reportMotorUlPerHour);
}

/** REPORT_FLOW: the measured flow (µL/h) and flags; evaluated at once. */
export function reportFlow(measured: u64, flags: u32): u32 {
  if ((flags & ~(<u32>FLOW_FLAGS_VALID)) != 0) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  reported = true;
  measuredUlPerHour = measured;
  freeFlow = (flags & FlowFlag.FREE_FLOW) != 0;
  reportMotorUlPerHour = motorRateUlPerHour();
  superviseFlow();
  return DONE;
}

/** Each evaluation: starts or ends the over-delivery period, and raises the alarm when it is due. */
export function superviseFlow(): void {
  const now = clockNowMs();
  if (!overNow()) {
    over = false;
    return;
  }
  if (!over) {
    over = true;
    overSinceMs = now;
  }
  if (freeFlow) flowAlarm(FlowAlarmCause.FREE_FLOW);
  else if (now - overSinceMs > <u64>FLOW_OVER_DELIVERY_MS) flowAlarm(FlowAlarmCause.SUSTAINED);
}

/**
 * Milliseconds from now to the first one at which over-delivery has lasted longer than allowed
 * (FLOW_OVER_DELIVERY_MS + 1 after it began), when that is still to come; NO_DEADLINE otherwise.
 */
export function flowDeadlineInMs(): i64 {
  if (!over || (alarmMask & ((<u32>1) << (<u32>Alarm.FLOW_OVER_DELIVERY))) != 0) return NO_DEADLINE;
  const deadline = overSinceMs + <u64>FLOW_OVER_DELIVERY_MS + 1;
  const now = clockNowMs();
  return deadline > now ? <i64>(deadline - now) : NO_DEADLINE;
}

/** The alarm, once: logged with what was measured; a running (or paused) infusion goes to KVO. */
function flowAlarm(cause: u32): void {
  if ((alarmMask & ((<u32>1) << (<u32>Alarm.FLOW_OVER_DELIVERY))) != 0) return;
  const motor = motorRateUlPerHour();
  const ptr = beginRecord(EventType.FLOW_OVER_DELIVERY);
  if (ptr != 0) {
    if (infusing(state)) writeRequestIdentity(ptr, PRIMARY_REQUEST);
    store<u8>(ptr + REC_OUTCOME, <u8>Verdict.NONE);
    store<u8>(ptr + REC_PARAM, <u8>NO_PARAM);
    store<u64>(ptr + REC_VALUE, measuredUlPerHour);
    store<u64>(ptr + REC_RATE_UL_PER_HOUR, motor);
    store<u64>(ptr + REC_LIMIT, flowToleranceUlPerHour(motor));
    store<u32>(ptr + REC_DETAIL, cause);
    commitRecord(ptr);
  }
  if (infusing(state)) {
    // KVO, whatever ran: a bolus ends (the clinician gives it again once the line is safe), a
    // secondary is abandoned; the primary's program stays in force for the record, not for the motor.
    setBolus(0, 0);
    setSegment(Segment.KVO);
  }
  raiseAlarm(Alarm.FLOW_OVER_DELIVERY, motorRateUlPerHour());
}
