// The alarm table (docs/workflow.md §7): one row per alarm bit, the priority and the rate the
// motor must take while it stands. It is the only place these are written down: the alarm logic,
// the sensor-fault records and the snapshot's governing alarm all read it, and the runtime
// integrity check covers it like every other decision table (activation/integrity-tables.ts).
import { AlarmPriority, SensorFault } from "../abi/event-types";
import { Alarm, ALARM_COUNT, ImpliedRate, NO_ALARM } from "../abi/workflow-codes";

/** Bytes per row: priority (AlarmPriority), implied rate (ImpliedRate). */
const ROW_BYTES: u32 = 2;

export const ALARM_TABLE: usize = memory.data<u8>([
  3,
  2, // 0 OCCLUSION: high, stop
  3,
  2, // 1 AIR_IN_LINE: high, stop
  3,
  2, // 2 DOOR_OPEN: high, stop
  2,
  0, // 3 LOW_BATTERY: medium, continue
  2,
  1, // 4 VTBI_COMPLETE: medium, KVO
  1,
  0, // 5 SECONDARY_COMPLETE: low, continue
  3,
  2, // 6 NV_STORAGE: high, stop
  3,
  2, // 7 INTEGRITY: high, stop
  2,
  0, // 8 NO_LIBRARY: medium, continue (nothing can run)
  3,
  2, // 9 ESCALATION: high, stop
  1,
  0, // 10 RESERVOIR_NEAR_EMPTY: low, continue
  3,
  2, // 11 RESERVOIR_EMPTY: high, stop
  0,
  0, // 12 unused
  3,
  2, // 13 CUMULATIVE_LIMIT: high, stop
  3,
  1, // 14 FLOW_OVER_DELIVERY: high, KVO
  0,
  0, // 15 unused
  2,
  1, // 16 PCA_WINDOW_MAX: medium, KVO
  1,
  0, // 17 PCA_DOSE_COUNT: low, continue (a notice)
  1,
  0, // 18 LINK_LOST: low, continue (an order's link is lost; its program runs on)
]);
export const ALARM_TABLE_BYTES: u32 = <u32>ALARM_COUNT * ROW_BYTES;

export function alarmPriority(alarm: u32): u32 {
  return alarm < <u32>ALARM_COUNT ? <u32>load<u8>(ALARM_TABLE + alarm * ROW_BYTES) : AlarmPriority.NONE;
}

export function alarmImpliedRate(alarm: u32): u32 {
  return alarm < <u32>ALARM_COUNT ? <u32>load<u8>(ALARM_TABLE + alarm * ROW_BYTES + 1) : ImpliedRate.CONTINUE;
}

/** The alarms in `mask` whose implied rate is STOP. */
export function stoppingAlarmsIn(mask: u32): u32 {
  let stopping: u32 = 0;
  for (let alarm: u32 = 0; alarm < <u32>ALARM_COUNT; alarm++) {
    if ((mask & ((<u32>1) << alarm)) != 0 && alarmImpliedRate(alarm) == ImpliedRate.STOP) stopping |= (<u32>1) << alarm;
  }
  return stopping;
}

/**
 * The alarm that governs `mask`: the highest priority, then the most restrictive implied rate
 * (stop over KVO over continue), then the lowest bit; NO_ALARM for an empty mask. The others queue
 * behind it and govern in the same order once it clears.
 */
export function governingAlarmOf(mask: u32): u32 {
  let governing: u32 = NO_ALARM;
  let governingRank: u32 = 0;
  for (let alarm: u32 = 0; alarm < <u32>ALARM_COUNT; alarm++) {
    if ((mask & ((<u32>1) << alarm)) == 0) continue;
    const rank = (alarmPriority(alarm) << 4) | alarmImpliedRate(alarm);
    if (governing == NO_ALARM || rank > governingRank) {
      governing = alarm;
      governingRank = rank;
    }
  }
  return governing;
}

/** The alarm bit a setSensorFaults bit stands for (mask bit 4, NV storage, is alarm bit 6). */
export function alarmOfSensorFault(faultBit: u32): u32 {
  return faultBit == <u32>SensorFault.NV_STORAGE ? <u32>Alarm.NV_STORAGE : faultBit;
}
