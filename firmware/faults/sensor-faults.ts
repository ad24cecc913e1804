// Host-reported sensor faults (docs/host-contract.md §5): the mask of those active now, and the
// alarm priority each implies. The mask lives in RAM only: after a power cycle the host reports its
// sensors again. Logging a change and the pump's reaction are the workflow's (workflow/sensor-inputs.ts).
import { AlarmPriority, SENSOR_FAULT_MASK_VALID } from "../abi/event-types";
import { alarmOfSensorFault, alarmPriority } from "./alarm-table";

let faultMask: u32 = 0;

export function sensorFaultMask(): u32 {
  return faultMask;
}

export function clearSensorFaults(): void {
  faultMask = 0;
}

export function alarmPriorityOf(faultBit: u32): AlarmPriority {
  return <AlarmPriority>alarmPriority(alarmOfSensorFault(faultBit));
}

/** Only the bits of SENSOR_FAULT_MASK_VALID name a fault; a mask with any other bit is refused as a whole. */
export function sensorFaultMaskValid(mask: i32): bool {
  return ((<u32>mask) & ~(<u32>SENSOR_FAULT_MASK_VALID)) == 0;
}

/** Sets (active) or clears one fault bit; returns the mask after the change. */
export function setSensorFault(faultBit: u32, active: bool): u32 {
  const flag: u32 = 1 << faultBit;
  faultMask = active ? faultMask | flag : faultMask & ~flag;
  return faultMask;
}
