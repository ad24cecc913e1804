// The report's one-line description of a step, as written in the scenario file, e.g.
//   send PROGRAM {"mode":"DOSE","dose":"41000000","vtbiUl":"500000"}
import type { Step } from "../model/scenario.ts";

const json = (value: unknown): string => JSON.stringify(value);

export function describeStep(step: Step): string {
  if ("send" in step) return `send ${step.send}${step.args === undefined || Object.keys(step.args).length === 0 ? "" : ` ${json(step.args)}`}`;
  if ("sendRaw" in step) return `sendRaw ${step.sendRaw}`;
  if ("advance" in step) return `advance ${step.advance} ms`;
  if ("fault" in step) return `fault set [${step.fault.set.join(", ")}]`;
  if ("powerCycle" in step) return "powerCycle";
  if ("line" in step) return `line ${json(step.line)}`;
  if ("expectEvent" in step) return `expectEvent ${json(step.expectEvent)}`;
  if ("expectLog" in step) return `expectLog last ${step.expectLog.types.length}: ${step.expectLog.types.join(", ")}`;
  if ("expectMotor" in step) return `expectMotor ${json(step.expectMotor)} µL/h`;
  if ("reservoir" in step) return `reservoir ${step.reservoir.ul} µL`;
  if ("provisionKey" in step) return `provisionKey ${step.provisionKey}`;
  if ("transferLibrary" in step) {
    const { file, sha256, chunkBytes, activate } = step.transferLibrary;
    return `transferLibrary ${file} sha256 ${sha256}${chunkBytes === undefined ? "" : ` chunkBytes ${chunkBytes}`}${activate ? " and activate" : " without activating"}`;
  }
  if ("expectDelivered" in step) return `expectDelivered ${step.expectDelivered.ul} ± ${step.expectDelivered.toleranceUl ?? 0} µL`;
  if ("expectState" in step) return `expectState ${json(step.expectState)}`;
  return `expectLink ${json(step.expectLink)}`;
}
