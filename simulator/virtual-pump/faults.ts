// Fault injection as plain named switches (STYLE: LoopKit mock pump): the pump's sensor faults by
// name, mapped to the bits of setSensorFaults (docs/host-contract.md §5), and a schedule of faults
// and power losses at chosen simulated times. Times count from the virtual pump's start (its own
// virtual clock), not from the firmware's clock, which resumes from NV.
import { SensorFault } from "../../firmware/abi/event-types.ts";

export const FAULT_NAMES = {
  occlusion: SensorFault.OCCLUSION,
  "air-in-line": SensorFault.AIR_IN_LINE,
  "door-open": SensorFault.DOOR_OPEN,
  "low-battery": SensorFault.LOW_BATTERY,
} as const;

export type FaultName = keyof typeof FAULT_NAMES;

export const isFaultName = (name: string): name is FaultName => Object.hasOwn(FAULT_NAMES, name);

/**
 * Flow faults (issue 15 §2, docs/workflow.md §7.5): not sensor bits but what the virtual flow
 * sensor measures and reports with REPORT_FLOW — the mechanism delivering half as much again as
 * the motor's rate plus 1 mL/h ("over-delivery"), or the set out of the motor's control
 * ("free-flow"). The delivery meter weighs what really flows.
 */
export const FLOW_FAULT_NAMES = ["over-delivery", "free-flow"] as const;
export type FlowFaultName = (typeof FLOW_FAULT_NAMES)[number];
export const isFlowFaultName = (name: string): name is FlowFaultName =>
  (FLOW_FAULT_NAMES as readonly string[]).includes(name);

export type ScheduledAction =
  | { atMs: number; kind: "fault"; fault: FaultName; active: boolean }
  | { atMs: number; kind: "flow-fault"; fault: FlowFaultName; active: boolean }
  | { atMs: number; kind: "power-loss" };

const FAULT_SPEC = /^([a-z-]+)@(\d+)(?:-(\d+))?$/;

/** "occlusion@5000" raises at 5,000 ms; "occlusion@5000-8000" also clears it at 8,000 ms. */
export function parseFaultSpec(spec: string): ScheduledAction[] | { error: string } {
  const match = FAULT_SPEC.exec(spec);
  const names = [...Object.keys(FAULT_NAMES), ...FLOW_FAULT_NAMES];
  const usage = `write <fault>@<ms> or <fault>@<fromMs>-<toMs>, <fault> one of ${names.join(", ")}`;
  if (match === null) return { error: `"${spec}" is not a fault: ${usage}` };
  const [, name, fromText, toText] = match;
  if (!isFaultName(name) && !isFlowFaultName(name)) return { error: `unknown fault "${name}": ${usage}` };
  const action = (atMs: number, active: boolean): ScheduledAction =>
    isFaultName(name)
      ? { atMs, kind: "fault", fault: name, active }
      : { atMs, kind: "flow-fault", fault: name as FlowFaultName, active };
  const fromMs = Number(fromText);
  const actions: ScheduledAction[] = [action(fromMs, true)];
  if (toText !== undefined) {
    const toMs = Number(toText);
    if (toMs <= fromMs) return { error: `"${spec}": the fault must clear after it is raised (${toMs} ≤ ${fromMs})` };
    actions.push(action(toMs, false));
  }
  if (!actions.every((a) => Number.isSafeInteger(a.atMs))) return { error: `"${spec}": time out of range` };
  return actions;
}

/** Actions in time order (stable: same time keeps the given order), consumed as the clock passes them. */
export class ActionSchedule {
  private readonly pending: ScheduledAction[];

  constructor(actions: ScheduledAction[]) {
    this.pending = actions
      .map((action, index) => ({ action, index }))
      .sort((a, b) => a.action.atMs - b.action.atMs || a.index - b.index)
      .map(({ action }) => action);
  }

  /** Time of the next action, if any. */
  nextAtMs(): number | undefined {
    return this.pending[0]?.atMs;
  }

  /** Removes and returns the actions due at or before nowMs. */
  takeDue(nowMs: number): ScheduledAction[] {
    let count = 0;
    while (count < this.pending.length && this.pending[count].atMs <= nowMs) count++;
    return this.pending.splice(0, count);
  }
}
