// Alarms (docs/workflow.md §7): each has a fixed priority and the pump rate it implies. Sensor
// alarms mirror the host's fault inputs (bits 0–3 and 6, logged as FAULT_RAISED/CLEARED by
// workflow/sensor-inputs.ts); workflow alarms (bits 4–5, and 7: runtime integrity, raised by
// activation/integrity.ts) are latched here and logged as ALARM_RAISED/CLEARED. NO_LIBRARY (bit 8)
// is not latched: it is read from the library state, so it stands exactly while no library is
// active and needs no wiring to every place that activates or drops one (its records are the
// library's own: POWER_ON flags, LIBRARY_ACTIVATED, LIBRARY_REJECTED).
import { AlarmPriority, EventType, SensorFault } from "../abi/event-types";
import { libraryActive } from "../library/state";
import { Alarm, ALARM_COUNT, ImpliedRate } from "../abi/workflow-codes";
import { logAlarm } from "./log";
import { alarmMask, setAlarmMask } from "./state";

/**
 * Sensor alarms: the low four bits, the same bit numbers as the setSensorFaults mask, and the NV
 * storage fault (mask bit 4, added in ABI 5 after the workflow alarms had taken bits 4–5) at bit 6.
 */
export const SENSOR_ALARMS: u32 = 0xf | (1 << Alarm.NV_STORAGE);
/** Alarms whose implied rate is STOP. */
export const STOPPING_ALARMS: u32 =
  (1 << Alarm.OCCLUSION) | (1 << Alarm.AIR_IN_LINE) | (1 << Alarm.DOOR_OPEN) | (1 << Alarm.NV_STORAGE) | (1 << Alarm.INTEGRITY);

/** The alarm bits a setSensorFaults mask stands for. */
export function sensorAlarmsOf(faultMask: u32): u32 {
  return (faultMask & 0xf) | (((faultMask >> <u32>SensorFault.NV_STORAGE) & 1) << <u32>Alarm.NV_STORAGE);
}

export function alarmPriority(alarm: u32): u32 {
  if ((STOPPING_ALARMS & (<u32>1 << alarm)) != 0) return AlarmPriority.HIGH;
  if (alarm == <u32>Alarm.LOW_BATTERY || alarm == <u32>Alarm.VTBI_COMPLETE || alarm == <u32>Alarm.NO_LIBRARY) return AlarmPriority.MEDIUM;
  return AlarmPriority.LOW;
}

export function alarmImpliedRate(alarm: u32): u32 {
  if ((STOPPING_ALARMS & (<u32>1 << alarm)) != 0) return ImpliedRate.STOP;
  if (alarm == <u32>Alarm.VTBI_COMPLETE) return ImpliedRate.KVO;
  return ImpliedRate.CONTINUE;
}

/** Every active alarm: the latched and mirrored bits, and NO_LIBRARY while no library is active. */
export function activeAlarmMask(): u32 {
  return libraryActive ? alarmMask : alarmMask | (<u32>1 << <u32>Alarm.NO_LIBRARY);
}

/** Highest priority among the active alarms, AlarmPriority.NONE when there are none. */
export function highestAlarmPriority(): u32 {
  const active = activeAlarmMask();
  let highest: u32 = AlarmPriority.NONE;
  for (let alarm: u32 = 0; alarm < <u32>ALARM_COUNT; alarm++) {
    if ((active & (<u32>1 << alarm)) == 0) continue;
    const priority = alarmPriority(alarm);
    if (priority > highest) highest = priority;
  }
  return highest;
}

export function stoppingAlarmActive(): bool {
  return (alarmMask & STOPPING_ALARMS) != 0;
}

/** The host's new fault mask becomes the sensor alarm bits. */
export function mirrorSensorFaults(faultMask: u32): void {
  setAlarmMask((alarmMask & ~SENSOR_ALARMS) | sensorAlarmsOf(faultMask));
}

/** Latches a workflow alarm; logged once per raise. */
export function raiseAlarm(alarm: u32, rateUlPerHour: u64): void {
  const bit: u32 = 1 << alarm;
  if ((alarmMask & bit) != 0) return;
  setAlarmMask(alarmMask | bit);
  logAlarm(EventType.ALARM_RAISED, alarm, alarmPriority(alarm), alarmImpliedRate(alarm), rateUlPerHour);
}

/** Clears the latched workflow alarms in `bits`; each one cleared is logged. */
export function clearAlarms(bits: u32, rateUlPerHour: u64): void {
  const clearing = alarmMask & bits & ~SENSOR_ALARMS;
  for (let alarm: u32 = 0; alarm < <u32>ALARM_COUNT; alarm++) {
    if ((clearing & (<u32>1 << alarm)) == 0) continue;
    setAlarmMask(alarmMask & ~(<u32>1 << alarm));
    logAlarm(EventType.ALARM_CLEARED, alarm, alarmPriority(alarm), alarmImpliedRate(alarm), rateUlPerHour);
  }
}
