// Host-reported sensor faults (docs/host-contract.md §5): each bit that changes is logged with the
// alarm priority it implies, which also queues an EVENT frame. The mask lives in RAM only: after a
// power cycle the host reports its sensors again.
import { Status } from "../abi/codes";
import { logFault } from "../eventlog/append";
import { AlarmPriority, EventType, SENSOR_FAULT_COUNT, SENSOR_FAULT_MASK_VALID, SensorFault } from "../abi/event-types";

let faultMask: u32 = 0;

export function sensorFaultMask(): u32 {
  return faultMask;
}

export function clearSensorFaults(): void {
  faultMask = 0;
}

export function alarmPriorityOf(faultBit: u32): AlarmPriority {
  return faultBit == <u32>SensorFault.LOW_BATTERY ? AlarmPriority.MEDIUM : AlarmPriority.HIGH;
}

/** Applies the new mask bit by bit (lowest first); bits above 4 refuse the whole call. */
export function setSensorFaultMask(mask: i32): i32 {
  if ((<u32>mask & ~<u32>SENSOR_FAULT_MASK_VALID) != 0) return Status.BAD_REQUEST;
  for (let bit: u32 = 0; bit < <u32>SENSOR_FAULT_COUNT; bit++) {
    const flag: u32 = 1 << bit;
    const wanted = <u32>mask & flag;
    if ((faultMask & flag) == wanted) continue;
    faultMask = (faultMask & ~flag) | wanted;
    logFault(wanted != 0 ? EventType.FAULT_RAISED : EventType.FAULT_CLEARED, bit, alarmPriorityOf(bit), faultMask);
  }
  return Status.OK;
}
