// The primary container (docs/workflow.md §7.4): SET_CONTAINER gives its volume; the pump counts
// what it draws from it (primary, bolus and KVO — not a secondary, which hangs its own bag). With
// no more than min(RESERVOIR_NEAR_EMPTY_UL, a tenth of the volume) left it raises
// RESERVOIR_NEAR_EMPTY (low, delivery continues); at the exact millisecond the last µL is drawn it
// stops the motor and raises RESERVOIR_EMPTY (high). Only a new SET_CONTAINER (a new bag) clears them.
import { ErrorDetail, Result } from "../abi/protocol-codes";
import { EventType } from "../abi/event-types";
import { MAX_VOLUME_UL } from "../abi/codes";
import { Alarm, PumpState, RESERVOIR_NEAR_EMPTY_UL, Segment } from "../abi/workflow-codes";
import { clearAlarms, raiseAlarm } from "./alarms";
import { logInfusion } from "./log";
import { noteAlarmStop } from "./escalation";
import { DONE, refuse } from "./outcome";
import { containerProgress, containerVolumeUl, PRIMARY_REQUEST, segment, setContainer, setState, state } from "./state";

const UNITS_PER_UL: u64 = 3600000;
const NOT_TRACKED: u64 = 0xffffffffffffffff;
/** INFUSION_PAUSED detail of a stop by an alarm (as infusion.ts): this bit | the alarm. */
const PAUSED_BY_ALARM: u32 = 0x100;

/** SET_CONTAINER: a new primary container of `volumeUl` (0: stop tracking); its alarms clear. */
export function setContainerVolume(volumeUl: u64, motorRateUlPerHour: u64): u32 {
  if (volumeUl > <u64>MAX_VOLUME_UL) return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
  setContainer(volumeUl, 0);
  clearAlarms((1 << Alarm.RESERVOIR_NEAR_EMPTY) | (1 << Alarm.RESERVOIR_EMPTY), motorRateUlPerHour);
  return DONE;
}

/** True when the active segment draws from the tracked primary container. */
export function drawsFromContainer(): bool {
  return containerVolumeUl != 0 && segment != Segment.SECONDARY && segment != Segment.NONE;
}

/** Progress units left in the primary container for the active segment; NOT_TRACKED when it does not draw from one. */
export function containerUnitsLeft(): u64 {
  if (!drawsFromContainer()) return NOT_TRACKED;
  const total = containerVolumeUl * UNITS_PER_UL;
  return containerProgress >= total ? 0 : total - containerProgress;
}

/** After delivery: near-empty and empty. Empty stops the motor (→ ALARM); `deliveredUl` is the infusion's total. */
export function superviseContainer(deliveredUl: u64, motorRateUlPerHour: u64): void {
  if (!drawsFromContainer()) return;
  const left = containerUnitsLeft();
  const tenth = containerVolumeUl / 10;
  const nearUl = tenth < <u64>RESERVOIR_NEAR_EMPTY_UL ? tenth : <u64>RESERVOIR_NEAR_EMPTY_UL;
  if (left <= nearUl * UNITS_PER_UL) raiseAlarm(Alarm.RESERVOIR_NEAR_EMPTY, motorRateUlPerHour);
  if (left != 0 || state != PumpState.RUNNING) return;
  setState(PumpState.ALARM);
  raiseAlarm(Alarm.RESERVOIR_EMPTY, 0);
  logInfusion(
    EventType.INFUSION_PAUSED,
    PRIMARY_REQUEST,
    deliveredUl,
    0,
    PAUSED_BY_ALARM | (<u32>Alarm.RESERVOIR_EMPTY),
  );
  // A stop like any other for escalation (§7.3): a fourth empty bag within 10 minutes escalates.
  noteAlarmStop(Alarm.RESERVOIR_EMPTY);
}
