// Runs one scenario on a fresh pump of the target (docs/hil.md §1): its steps in order until one
// does not pass (the steps after it depend on what it should have done, so they are not run and
// the message says so), then its verdict, duration and transcript.
import { DoseUnitTracker, type DoseUnits } from "./dose-units.ts";
import { HilDriver } from "./driver.ts";
import { ReturnToIdleError } from "./return-to-idle.ts";
import { describeStep } from "./step-kinds.ts";
import { executeStep, type EventWindow } from "./execute-step.ts";
import { ScenarioResources } from "./scenario-resources.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import type {
  PumpLog,
  ScenarioResult,
  StepNotRun,
  StepResult,
  StepSample,
  TranscriptLine,
  Verdict,
} from "../model/result-model.ts";
import type { LoadedScenario } from "../model/scenario.ts";
import type { Target } from "./target.ts";

export interface ScenarioRun {
  result: ScenarioResult;
  transcript: TranscriptLine[];
  /** Seeds the scenario used, by name ("<scenario id> step <n>"). */
  seeds: Record<string, number>;
  /** The pump's event log as the scenario left it, where the target can read it without the line. */
  pumpLog?: PumpLog;
}

const notRun = (index: number, count: number): string =>
  index >= count ? "" : `; ${index + 1 === count ? `step ${count} was` : `steps ${index + 1}–${count} were`} not run`;

const RAISED: ReadonlySet<EventType> = new Set([EventType.ALARM_RAISED, EventType.FAULT_RAISED]);

/**
 * Where the target stands after a step (REQ-RPT-014): its time, and the motor rate and delivered
 * volume when the target can measure them (read from the rig control directly: a target without
 * one simply has no value, the step is not blocked). Alarms and faults raised since `from`.
 */
async function sample(driver: HilDriver, from: number): Promise<StepSample> {
  const at: StepSample = { elapsedMs: driver.elapsedMs() };
  const rig = driver.session.rig;
  try {
    if (rig.motorRateUlPerHour !== undefined) at.motorRateUlPerHour = await rig.motorRateUlPerHour();
    if (rig.deliveredUl !== undefined) at.deliveredUl = Number(await rig.deliveredUl());
  } catch {
    // A target that is gone cannot be measured; the step's own verdict already says so.
  }
  const raised = driver
    .events(from)
    .filter((e) => RAISED.has(e.type))
    .map((e) => `${EventType[e.type] ?? e.type} detail ${e.detail}`);
  if (raised.length > 0) at.raised = raised;
  return at;
}

const stepsNotRun = (steps: LoadedScenario["scenario"]["steps"], ran: number): StepNotRun[] =>
  steps.slice(ran).map((step, i) => ({ index: ran + i + 1, description: describeStep(step) }));

export function scenarioVerdict(steps: readonly StepResult[]): Verdict {
  if (steps.some((s) => s.verdict === "fail")) return "fail";
  return steps.some((s) => s.verdict === "blocked") ? "blocked" : "pass";
}

export async function runScenario(
  loaded: LoadedScenario,
  target: Target,
  onStep: (step: StepResult) => void = () => undefined,
  doseUnits?: DoseUnits,
): Promise<ScenarioRun> {
  const { scenario } = loaded;
  const base = {
    id: scenario.id,
    title: scenario.title,
    file: loaded.file,
    fileSha256: loaded.fileSha256,
    requirements: scenario.requirements,
    hazards: scenario.hazards,
  };
  const seeds: Record<string, number> = {};
  const steps: StepResult[] = [];
  let driver: HilDriver;
  try {
    driver = await HilDriver.open(target);
  } catch (error) {
    const message = `the target could not give a fresh pump: ${(error as Error).message}${notRun(1, scenario.steps.length)}`;
    const step: StepResult = {
      index: 1,
      description: describeStep(scenario.steps[0]),
      expected: [],
      observed: [],
      verdict: "fail",
      message,
    };
    onStep(step);
    const notRunSteps = stepsNotRun(scenario.steps, 1);
    return {
      result: {
        ...base,
        steps: [step],
        ...(notRunSteps.length === 0 ? {} : { notRun: notRunSteps }),
        verdict: "fail",
        durationMs: 0,
      },
      transcript: [],
      seeds,
    };
  }
  if (driver.session.returnToIdle !== undefined) {
    // A pump the previous scenario left busy is brought back to IDLE first. When the pump answers
    // but cannot be idled (ReturnToIdleError), this scenario is blocked with the reason (its
    // preconditions do not hold); when the line itself fails (the pump gone), it fails.
    let preambleError: unknown;
    try {
      await driver.session.returnToIdle(driver);
    } catch (error) {
      preambleError = error;
    }
    if (preambleError !== undefined) {
      const preambleVerdict: Verdict = preambleError instanceof ReturnToIdleError ? "blocked" : "fail";
      const message = `the return to idle before the scenario failed: ${(preambleError as Error).message}${notRun(0, scenario.steps.length)}`;
      const step: StepResult = {
        index: 1,
        description: describeStep(scenario.steps[0]),
        expected: [],
        observed: [],
        verdict: preambleVerdict,
        message,
      };
      onStep(step);
      const durationMs = driver.elapsedMs();
      const transcript = driver.transcript().map((text) => ({ scenarioId: scenario.id, text }));
      await driver.close();
      const notRunSteps = stepsNotRun(scenario.steps, 1);
      return {
        result: {
          ...base,
          steps: [step],
          ...(notRunSteps.length === 0 ? {} : { notRun: notRunSteps }),
          verdict: preambleVerdict,
          durationMs,
        },
        transcript,
        seeds,
      };
    }
  }
  // Events look from here on: whatever the return to idle brought (INFUSION_STOPPED…) is not the scenario's.
  const window: EventWindow = { cursor: driver.frameCount() };
  const doseUnitTracker = new DoseUnitTracker(doseUnits);
  const resources = new ScenarioResources();
  for (const [i, step] of scenario.steps.entries()) {
    const index = i + 1;
    const doseUnit = doseUnitTracker.unitFor(step);
    const from = driver.frameCount();
    const run = await executeStep(step, {
      driver,
      window,
      useSeed: (seed) => void (seeds[`${scenario.id} step ${index}`] = seed),
      resources,
    });
    const result: StepResult = {
      index,
      description: describeStep(step),
      expected: run.expected,
      observed: run.observed,
      verdict: run.verdict,
    };
    if (run.message !== undefined)
      result.message = run.message + (run.verdict === "pass" ? "" : notRun(index, scenario.steps.length));
    if (run.mismatched !== undefined) result.mismatched = run.mismatched;
    result.after = await sample(driver, from);
    if (doseUnit !== undefined) result.doseUnit = doseUnit;
    steps.push(result);
    onStep(result);
    if (run.verdict !== "pass") break;
  }
  await resources.closeAll(); // the gateway (docs/hil.md §9) lets go of the line first
  const durationMs = driver.elapsedMs();
  const transcript = driver.transcript().map((text) => ({ scenarioId: scenario.id, text }));
  const log = driver.session.pumpLog?.();
  await driver.close();
  const notRunSteps = stepsNotRun(scenario.steps, steps.length);
  const result: ScenarioResult = {
    ...base,
    steps,
    ...(notRunSteps.length === 0 ? {} : { notRun: notRunSteps }),
    verdict: scenarioVerdict(steps),
    durationMs,
  };
  const pumpLog: PumpLog | undefined =
    log === undefined
      ? undefined
      : {
          scenarioId: scenario.id,
          fileSha256: loaded.fileSha256,
          overwrittenCount: log.overwrittenCount,
          records: log.records.map((r) => Buffer.from(r).toString("hex")),
        };
  return { result, transcript, seeds, ...(pumpLog === undefined ? {} : { pumpLog }) };
}
