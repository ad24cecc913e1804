// Runs one step of a scenario (docs/hil.md §2) and judges it: pass when every checked field
// matches, fail on a mismatch or when the pump does not answer, blocked when the step needs rig
// control the target lacks. Each checked field gives one expected and one observed line; what a
// step of each kind does is in the table of step-kinds.ts.
import type { Check } from "../model/fields.ts";
import type { Verdict } from "../model/result-model.ts";
import type { Step, StepKey } from "../model/scenario.ts";
import { RigControlMissingError } from "./driver.ts";
import type { StepContext } from "./step-context.ts";
export type { EventWindow, StepContext } from "./step-context.ts";
import { kindOf, STEP_KINDS, type StepKind } from "./step-kinds.ts";

export interface StepRun {
  verdict: Verdict;
  expected: string[];
  observed: string[];
  message?: string;
  /** Indices into expected/observed of the fields that did not match (a failed check only). */
  mismatched?: number[];
}

export async function executeStep(step: Step, context: StepContext): Promise<StepRun> {
  const kind = STEP_KINDS[kindOf(step)] as StepKind<StepKey>;
  if (kind.acting) context.window.cursor = context.driver.frameCount();
  let checks: Check[];
  try {
    checks = await kind.check(step as never, context);
  } catch (error) {
    if (error instanceof RigControlMissingError)
      return { verdict: "blocked", expected: [], observed: [], message: `blocked: this step ${error.message}` };
    return {
      verdict: "fail",
      expected: [],
      observed: [],
      message: `the step could not complete: ${(error as Error).message}`,
    };
  }
  const expected = checks.map((c) => c.expected);
  const observed = checks.map((c) => c.observed);
  const failed = checks.filter((c) => !c.ok);
  if (failed.length === 0) return { verdict: "pass", expected, observed };
  const mismatched = checks.flatMap((c, i) => (c.ok ? [] : [i]));
  const first = failed[0];
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more)` : "";
  return {
    verdict: "fail",
    expected,
    observed,
    mismatched,
    message: `expected ${first.expected}, observed ${first.observed}${more}`,
  };
}
