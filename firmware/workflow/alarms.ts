// Alarms (docs/workflow.md §7): each has a fixed priority and the pump rate it implies, read from
// the one alarm table (faults/alarm-table.ts); the governing alarm is the highest of them. Sensor
// alarms mirror the host's fault inputs (bits 0–3 and 6, logged as FAULT_RAISED/CLEARED by
// workflow/sensor-inputs.ts); workflow alarms (bits 4–5, 9 escalation, 10–11 reservoir, and 7:
// runtime integrity, raised by activation/integrity.ts) are latched here and logged as ALARM_RAISED/CLEARED. NO_LIBRARY (bit 8)
// is not latched: it is read from the library state, so it stands exactly while no library is
// active and needs no wiring to every place that activates or drops one (its records are the
// library's own: POWER_ON flags, LIBRARY_ACTIVATED, LIBRARY_REJECTED).
import { AlarmPriority, EventType, SensorFault } from "../abi/event-types";
import { libraryActive } from "../library/state";
import { alarmImpliedRate, alarmPriority, governingAlarmOf, stoppingAlarmsIn } from "../faults/alarm-table";
import { Alarm, ALARM_COUNT, NO_ALARM } from "../abi/workflow-codes";
import { logAlarm } from "./log";
import { alarmMask, setAlarmMask, setSilencedMask, silencedMask } from "./state";

/**
 * Sensor alarms: the low four bits, the same bit numbers as the setSensorFaults mask, and the NV
 * storage fault (mask bit 4, added in ABI 5 after the workflow alarms had taken bits 4–5) at bit 6.
 */
export const SENSOR_ALARMS: u32 = 0xf | (1 << Alarm.NV_STORAGE);

/** The alarm bits a setSensorFaults mask stands for. */
export function sensorAlarmsOf(faultMask: u32): u32 {
  return (faultMask & 0xf) | (((faultMask >> (<u32>SensorFault.NV_STORAGE)) & 1) << (<u32>Alarm.NV_STORAGE));
}

/** Every active alarm: the latched and mirrored bits, and NO_LIBRARY while no library is active. */
export function activeAlarmMask(): u32 {
  return libraryActive ? alarmMask : alarmMask | ((<u32>1) << (<u32>Alarm.NO_LIBRARY));
}

/** The alarm that governs now (faults/alarm-table.ts governingAlarmOf), NO_ALARM when none stands. */
export function governingAlarm(): u32 {
  return governingAlarmOf(activeAlarmMask());
}

/** Priority of the governing alarm: the highest among the active ones, AlarmPriority.NONE when there are none. */
export function highestAlarmPriority(): u32 {
  const governing = governingAlarm();
  return governing == NO_ALARM ? AlarmPriority.NONE : alarmPriority(governing);
}

export function stoppingAlarmActive(): bool {
  return stoppingAlarmsIn(alarmMask) != 0;
}

/** Active alarms muted by SILENCE_ALARMS (workflow/silence.ts). */
export function silencedActiveMask(): u32 {
  return silencedMask & activeAlarmMask();
}

/** The host's new fault mask becomes the sensor alarm bits; a fault raised anew sounds even if it had been silenced. */
export function mirrorSensorFaults(faultMask: u32): void {
  const next = sensorAlarmsOf(faultMask);
  const raised = next & ~alarmMask;
  setSilencedMask(silencedMask & ~raised);
  setAlarmMask((alarmMask & ~SENSOR_ALARMS) | next);
}

/** Latches a workflow alarm; logged once per raise; it sounds even if it had been silenced before. */
export function raiseAlarm(alarm: u32, rateUlPerHour: u64): void {
  const bit: u32 = 1 << alarm;
  if ((alarmMask & bit) != 0) return;
  setAlarmMask(alarmMask | bit);
  setSilencedMask(silencedMask & ~bit);
  logAlarm(EventType.ALARM_RAISED, alarm, alarmPriority(alarm), alarmImpliedRate(alarm), rateUlPerHour);
}

/** Clears the latched workflow alarms in `bits`; each one cleared is logged. */
export function clearAlarms(bits: u32, rateUlPerHour: u64): void {
  const clearing = alarmMask & bits & ~SENSOR_ALARMS;
  for (let alarm: u32 = 0; alarm < <u32>ALARM_COUNT; alarm++) {
    if ((clearing & ((<u32>1) << alarm)) == 0) continue;
    setAlarmMask(alarmMask & ~((<u32>1) << alarm));
    setSilencedMask(silencedMask & ~((<u32>1) << alarm));
    logAlarm(EventType.ALARM_CLEARED, alarm, alarmPriority(alarm), alarmImpliedRate(alarm), rateUlPerHour);
  }
}
