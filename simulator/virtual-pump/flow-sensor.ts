// The pump's flow sensor and the flow fault switches (issue 15 §2, docs/workflow.md §7.5, decision
// 0043), in one place for every rig that has one: the virtual pump (virtual-pump.ts) and the QEMU
// rig (hil/rigs/qemu-mcu-rig.ts) measure and report with this code, so both send the same
// REPORT_FLOW values at the same pump times.
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { encodeReportFlow } from "../client/workflow-messages.ts";
import { FLOW_FAULT_NAMES, type FlowFaultName } from "./faults.ts";

/** What a free-flowing set adds to the motor's rate (gravity through an unclamped set), µL/h. */
export const FREE_FLOW_EXTRA_UL_PER_HOUR = 120_000;

/** What really flows at motor rate `motorUlPerHour` with the active flow faults. */
export function measuredFlowUlPerHour(motorUlPerHour: number, faults: ReadonlySet<FlowFaultName>): number {
  if (faults.has("free-flow")) return motorUlPerHour + FREE_FLOW_EXTRA_UL_PER_HOUR;
  if (faults.has("over-delivery")) return Math.floor((motorUlPerHour * 3) / 2) + 1_000;
  return motorUlPerHour;
}

/** The sensor's one REPORT_FLOW request at motor rate `motorUlPerHour`: the local port's code and payload. */
export function flowReport(
  motorUlPerHour: number,
  faults: ReadonlySet<FlowFaultName>,
): { code: number; payload: Uint8Array } {
  const measured = measuredFlowUlPerHour(motorUlPerHour, faults);
  return { code: Command.REPORT_FLOW, payload: encodeReportFlow(measured, faults.has("free-flow")) };
}

/**
 * The switches a rig command `flow <names>` turns, one at a time in FLOW_FAULT_NAMES order (the sensor
 * reports after each): the names whose state differs from `active`.
 */
export function flowSwitchChanges(
  active: ReadonlySet<FlowFaultName>,
  wanted: readonly FlowFaultName[],
): { fault: FlowFaultName; active: boolean }[] {
  return FLOW_FAULT_NAMES.filter((name) => wanted.includes(name) !== active.has(name)).map((fault) => ({
    fault,
    active: wanted.includes(fault),
  }));
}
