// The checks of a `send` step (docs/hil.md §3): each field the scenario expects, in the order it
// wrote them, against the observation of the pump's answer. A field the answer does not carry
// (a refusal has no verdict, an OK answer no detail) is observed as "none" with the reason.
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { resultName } from "../../simulator/client/names.ts";
import type { CommandSpec, Observation } from "./commands.ts";
import {
  checkField,
  checkFields,
  ENGINE_FIELDS,
  SEND_FIELDS,
  SNAPSHOT_FIELDS,
  type Check,
  type Observed,
} from "../model/fields.ts";
import type { SendExpect } from "../model/scenario.ts";

/** What a scenario expects of a `send` step that says nothing: that the pump accepted it. */
export const DEFAULT_SEND_EXPECT: SendExpect = { result: "OK" };

export function checkSend(expect: SendExpect, seen: Observation, command: CommandSpec): Check[] {
  const refused = seen.result !== Result.OK ? `refused ${resultName(seen.result)}` : undefined;
  const checks: Check[] = [];
  for (const [key, value] of Object.entries(expect) as [keyof SendExpect, unknown][]) {
    if (value === undefined) continue;
    if (key === "snapshot") {
      checks.push(
        ...checkFields(
          "snapshot.",
          SNAPSHOT_FIELDS,
          value as Record<string, unknown>,
          seen.snapshot,
          refused ?? "the answer has no snapshot",
        ),
      );
    } else if (key === "response") {
      checks.push(
        ...checkFields(
          "response.",
          command.response,
          value as Record<string, unknown>,
          seen.response,
          refused ?? "not in this answer",
        ),
      );
    } else {
      let observed: Observed;
      let absent = refused ?? "not in this answer";
      if (key === "result") observed = seen.result;
      else if (key === "detail") {
        observed = seen.detail;
        absent = "an OK answer has no detail";
      } else if (key === "state") observed = seen.snapshot?.state as Observed;
      else if (key in ENGINE_FIELDS) observed = seen.engine?.[key] as Observed;
      checks.push(checkField(key, SEND_FIELDS[key], value, observed, absent));
    }
  }
  return checks;
}
