// Escalation of repeated alert → stop → restart cycles (docs/workflow.md §7.3). "The same alert" is
// the same stopping alarm bit — a sensor alarm (the lowest one of the mask that stopped the motor),
// the empty reservoir or the cumulative limit (REQ-WF-111): a cycle is a stop of the RUNNING
// infusion by it followed by RESUME. The stop times of the last ESCALATION_CYCLES
// resumed cycles are kept per alarm; a further stop by that alarm no more than ESCALATION_WINDOW_MS
// after the oldest of them (equal is within) escalates. The history belongs to one infusion.
import { clockNowMs } from "../clock/clock";
import { ALARM_COUNT, ESCALATION_CYCLES, ESCALATION_WINDOW_MS, NO_ALARM } from "../abi/workflow-codes";

/** Per alarm: ESCALATION_CYCLES stop times (u64 ms), oldest first. */
const STOP_TIMES: usize = memory.data(<i32>ALARM_COUNT * ESCALATION_CYCLES * 8, 8);
/** Per alarm: how many of its STOP_TIMES are filled (0 … ESCALATION_CYCLES). */
const CYCLE_COUNTS: usize = memory.data(<i32>ALARM_COUNT, 1);

let stoppedBy: u32 = NO_ALARM;
/** The last stop escalates; infusion.ts superviseEscalation ends the infusion (REQ-WF-111). */
let escalationDue = false;
let stoppedAtMs: u64 = 0;

function timeAt(alarm: u32, index: u32): usize {
  return STOP_TIMES + ((<usize>(alarm * <u32>ESCALATION_CYCLES + index)) << 3);
}

/** A stopping alarm just stopped the running infusion: true when this stop escalates. */
export function noteAlarmStop(alarm: u32): bool {
  const now = clockNowMs();
  stoppedBy = alarm;
  stoppedAtMs = now;
  escalationDue =
    <u32>load<u8>(CYCLE_COUNTS + alarm) >= <u32>ESCALATION_CYCLES &&
    now - load<u64>(timeAt(alarm, 0)) <= <u64>ESCALATION_WINDOW_MS;
  return escalationDue;
}

/** True once after a stop that escalates (cleared by reading it). */
export function takeEscalationDue(): bool {
  const due = escalationDue;
  escalationDue = false;
  return due;
}

/** RESUME after an alarm stop: that cycle is complete, its stop time joins the alarm's history. */
export function noteResumeAfterAlarm(): void {
  if (stoppedBy == NO_ALARM) return;
  const alarm = stoppedBy;
  let count = <u32>load<u8>(CYCLE_COUNTS + alarm);
  if (count == <u32>ESCALATION_CYCLES) {
    for (let i: u32 = 1; i < count; i++) store<u64>(timeAt(alarm, i - 1), load<u64>(timeAt(alarm, i)));
    count--;
  }
  store<u64>(timeAt(alarm, count), stoppedAtMs);
  store<u8>(CYCLE_COUNTS + alarm, <u8>(count + 1));
  stoppedBy = NO_ALARM;
  escalationDue = false;
}

/** The infusion ended (or was reset): its cycles no longer count. */
export function clearEscalationHistory(): void {
  for (let alarm: u32 = 0; alarm < <u32>ALARM_COUNT; alarm++) store<u8>(CYCLE_COUNTS + alarm, 0);
  stoppedBy = NO_ALARM;
  escalationDue = false;
}
