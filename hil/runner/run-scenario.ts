// Runs one scenario on a fresh pump of the target (docs/hil.md §1): its steps in order until one
// does not pass (the steps after it depend on what it should have done, so they are not run and
// the message says so), then its verdict, duration and transcript.
import { HilDriver } from "./driver.ts";
import { describeStep } from "./step-kinds.ts";
import { executeStep, type EventWindow } from "./execute-step.ts";
import type { ScenarioResult, StepResult, TranscriptLine, Verdict } from "../model/result-model.ts";
import type { LoadedScenario } from "../model/scenario.ts";
import type { Target } from "./target.ts";

export interface ScenarioRun {
  result: ScenarioResult;
  transcript: TranscriptLine[];
  /** Seeds the scenario used, by name ("<scenario id> step <n>"). */
  seeds: Record<string, number>;
}

const notRun = (index: number, count: number): string =>
  index >= count ? "" : `; ${index + 1 === count ? `step ${count} was` : `steps ${index + 1}–${count} were`} not run`;

export function scenarioVerdict(steps: readonly StepResult[]): Verdict {
  if (steps.some((s) => s.verdict === "fail")) return "fail";
  return steps.some((s) => s.verdict === "blocked") ? "blocked" : "pass";
}

export async function runScenario(loaded: LoadedScenario, target: Target, onStep: (step: StepResult) => void = () => undefined): Promise<ScenarioRun> {
  const { scenario } = loaded;
  const base = { id: scenario.id, title: scenario.title, file: loaded.file, fileSha256: loaded.fileSha256, requirements: scenario.requirements, hazards: scenario.hazards };
  const seeds: Record<string, number> = {};
  const steps: StepResult[] = [];
  let driver: HilDriver;
  try {
    driver = await HilDriver.open(target);
  } catch (error) {
    const message = `the target could not give a fresh pump: ${(error as Error).message}${notRun(1, scenario.steps.length)}`;
    const step: StepResult = { index: 1, description: describeStep(scenario.steps[0]), expected: [], observed: [], verdict: "fail", message };
    onStep(step);
    return { result: { ...base, steps: [step], verdict: "fail", durationMs: 0 }, transcript: [], seeds };
  }
  const window: EventWindow = { cursor: 0 };
  for (const [i, step] of scenario.steps.entries()) {
    const index = i + 1;
    const run = await executeStep(step, { driver, window, useSeed: (seed) => void (seeds[`${scenario.id} step ${index}`] = seed) });
    const result: StepResult = { index, description: describeStep(step), expected: run.expected, observed: run.observed, verdict: run.verdict };
    if (run.message !== undefined) result.message = run.message + (run.verdict === "pass" ? "" : notRun(index, scenario.steps.length));
    steps.push(result);
    onStep(result);
    if (run.verdict !== "pass") break;
  }
  const durationMs = driver.elapsedMs();
  const transcript = driver.transcript().map((text) => ({ scenarioId: scenario.id, text }));
  await driver.close();
  return { result: { ...base, steps, verdict: scenarioVerdict(steps), durationMs }, transcript, seeds };
}
