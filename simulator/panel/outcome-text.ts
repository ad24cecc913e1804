// The pump's answers in words for the panel's message line: the result name as the protocol names
// it, and what the clinician can do next. The words explain the firmware's codes; they decide nothing.
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { resultName, statusName, verdictName } from "../client/names.ts";
import type { Outcome } from "../client/pump-commands.ts";

const stateName = (code: number): string => PumpState[code] ?? `state ${code}`;

/** Why the pump refused, in words, from its result and detail. */
export function refusalText(result: number, detail: number): string {
  switch (result) {
    case Result.START_BLOCKED:
      return detail === 2
        ? "START_BLOCKED: a hard stop can never be started; change the program or cancel it"
        : "START_BLOCKED: a soft stop needs an override with a reason first, or change the program";
    case Result.NOT_OVERRIDABLE:
      return detail === 2
        ? "NOT_OVERRIDABLE: a hard stop cannot be overridden; change the program or cancel it"
        : detail === 0xff
          ? "NOT_OVERRIDABLE: there is no program to override"
          : `NOT_OVERRIDABLE: the pending program's verdict is ${verdictName(detail)}${detail === 1 ? " (already overridden)" : ""}`;
    case Result.LIMIT_HARD_STOP:
      return `LIMIT_HARD_STOP: the patient's ${detail === 0 ? "weight" : "body surface area"} is beyond the care area's hard limit; nothing was kept`;
    case Result.ENGINE_STATUS:
      return `ENGINE_STATUS ${statusName(detail)}: the pump cannot check these values (a value missing, out of range, or not allowed in this mode)`;
    case Result.OUT_OF_STATE:
      return `OUT_OF_STATE: not possible while the pump is ${stateName(detail)}`;
    case Result.ALARM_ACTIVE:
      return "ALARM_ACTIVE: a stopping alarm stands; clear its cause first";
    case Result.ENTRY_NOT_IN_CARE_AREA:
      return "ENTRY_NOT_IN_CARE_AREA: the library does not offer this drug in the selected care area";
    case Result.NO_ALARM_TO_SILENCE:
      return "NO_ALARM_TO_SILENCE: no alarm is active";
    case Result.NOT_ALLOWED:
      return "NOT_ALLOWED: the library does not allow this here";
    default:
      return `${resultName(result)} (detail ${detail})`;
  }
}

export function outcomeText<T>(what: string, outcome: Outcome<T>): { ok: boolean; text: string } {
  if (outcome.ok) return { ok: true, text: `${what}: done` };
  return { ok: false, text: `${what}: refused by the pump: ${refusalText(outcome.result, outcome.detail)}` };
}
