// setSensorFaults (docs/host-contract.md §5): the host's sensor inputs. Each bit that changes,
// lowest first, is logged as FAULT_RAISED/CLEARED with the alarm priority it implies (which also
// queues an EVENT frame); then the workflow reacts — a stopping alarm stops the motor at once.
import { Status } from "../abi/codes";
import { EventType, SENSOR_FAULT_COUNT } from "../abi/event-types";
import { logFault } from "../eventlog/append";
import { alarmPriorityOf, sensorFaultMask, sensorFaultMaskValid, setSensorFault } from "../faults/sensor-faults";
import { onSensorFaults } from "./infusion";

/** Applies the new mask bit by bit; a bit outside SENSOR_FAULT_MASK_VALID refuses the whole call (nothing changes). */
export function applySensorFaults(mask: i32): i32 {
  if (!sensorFaultMaskValid(mask)) return Status.BAD_REQUEST;
  for (let bit: u32 = 0; bit < <u32>SENSOR_FAULT_COUNT; bit++) {
    const active = ((<u32>mask) & ((<u32>1) << bit)) != 0;
    if (((sensorFaultMask() >>> bit) & 1) == (active ? 1 : 0)) continue;
    const maskAfter = setSensorFault(bit, active);
    logFault(active ? EventType.FAULT_RAISED : EventType.FAULT_CLEARED, bit, alarmPriorityOf(bit), maskAfter);
  }
  onSensorFaults(sensorFaultMask());
  return Status.OK;
}
