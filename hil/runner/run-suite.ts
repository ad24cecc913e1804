// A whole run (docs/hil.md §4): asks the target who it is (HELLO on a fresh pump), runs every
// scenario, and assembles the RunResult every report is written from. Nothing in it comes from
// the wall clock (unless --wall-time gives one): on the virtual target two runs of the same
// scenarios give identical results.
import { doseUnitsForPump, type DoseUnits } from "./dose-units.ts";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { HilDriver } from "./driver.ts";
import { MEMORY_PROFILE_COUNT, memoryProfileName } from "../../firmware/abi/memory-profiles.ts";
import type {
  Anomaly,
  HazardRef,
  RequirementRef,
  RunIdentity,
  RunResult,
  PumpLog,
  ScenarioResult,
  StepResult,
  TestEvidence,
} from "../model/result-model.ts";
import { runScenario } from "./run-scenario.ts";
import type { LoadedScenario } from "../model/scenario.ts";
import type { Target } from "./target.ts";

const PACKAGE = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
export const TOOL_NAME = "open-ders hil";

/** The run cannot start: exit code 2 (docs/hil.md §4). */
export class SetupError extends Error {}

export type Progress =
  | { kind: "scenario-start"; index: number; total: number; id: string; title: string }
  | { kind: "step"; index: number; total: number; id: string; stepCount: number; step: StepResult }
  | { kind: "scenario-end"; index: number; total: number; result: ScenarioResult };

export interface SuiteOptions {
  target: Target;
  scenarios: readonly LoadedScenario[];
  /** The firmware binary the run is about (virtual: the one it runs; rig: the one the rig should run). */
  firmware: Uint8Array;
  requirements: RequirementRef[];
  hazards: HazardRef[];
  /** From SOURCE_DATE_EPOCH only. */
  timestamp?: string;
  /** --filter texts of a filtered run (the matrix leaves out what the run did not attempt). */
  filters?: string[];
  /** Unit/property test results (--tests-json). */
  tests?: TestEvidence;
  /** Source revision and operator. */
  identity?: RunIdentity;
  onProgress?: (progress: Progress) => void;
  /**
   * A wall clock in ms (performance.now), given only for --wall-time: each scenario then records
   * wallTimeMs. Without it the result holds nothing from the wall clock.
   */
  wallClockMs?: () => number;
  /**
   * A library JSON's dose units and the body digest of its image (the example library's on the
   * virtual pump): used when the pump's HELLO reports that digest, so the report shows doses in the
   * entries' own units (REQ-RPT-013).
   */
  doseUnits?: { bodyDigestHex: string; units: DoseUnits };
}

/** The profile's name; an id this runner does not know is shown as it came, never guessed. */
function profileText(id: number): string {
  return id < MEMORY_PROFILE_COUNT ? memoryProfileName(id) : `unknown (id ${id})`;
}

async function identify(
  target: Target,
): Promise<{ firmware: Omit<RunResult["firmware"], "wasmSha256">; library: RunResult["library"] }> {
  let driver: HilDriver;
  try {
    driver = await HilDriver.open(target);
  } catch (error) {
    throw new SetupError(`the target could not give a pump: ${(error as Error).message}`);
  }
  try {
    const hello = await driver.hello();
    if (!hello.ok) throw new Error(`refused with result ${hello.result}`);
    const h = hello.value;
    return {
      firmware: { buildId: h.firmwareBuildId, abiVersion: h.abiVersion, memoryProfile: profileText(h.memoryProfile) },
      library: { name: h.libraryName, version: h.libraryVersion, sha256: h.libraryBodyDigest },
    };
  } catch (error) {
    throw new SetupError(`the target did not answer HELLO: ${(error as Error).message}`);
  } finally {
    await driver.close();
  }
}

export async function runSuite(options: SuiteOptions): Promise<RunResult> {
  const progress = options.onProgress ?? (() => undefined);
  const who = await identify(options.target);
  const doseUnits = doseUnitsForPump(who.library.sha256, options.doseUnits);
  const scenarios: ScenarioResult[] = [];
  const transcript: RunResult["transcript"] = [];
  const seeds: Record<string, number> = { ...options.target.seeds };
  const pumpLogs: PumpLog[] = [];
  const total = options.scenarios.length;
  for (const [i, loaded] of options.scenarios.entries()) {
    const { id, title, steps } = loaded.scenario;
    progress({ kind: "scenario-start", index: i + 1, total, id, title });
    const startedMs = options.wallClockMs?.();
    const run = await runScenario(
      loaded,
      options.target,
      (step) => progress({ kind: "step", index: i + 1, total, id, stepCount: steps.length, step }),
      doseUnits,
    );
    if (startedMs !== undefined) run.result.wallTimeMs = Math.round(options.wallClockMs!() - startedMs);
    scenarios.push(run.result);
    for (const exchange of run.transcript) transcript.push(exchange); // not push(...): 70,000 steps overflow the call stack
    Object.assign(seeds, run.seeds);
    if (run.pumpLog !== undefined) pumpLogs.push(run.pumpLog);
    progress({ kind: "scenario-end", index: i + 1, total, result: run.result });
  }
  const anomalies: Anomaly[] = scenarios.flatMap((s) =>
    s.steps.flatMap((step) =>
      step.verdict === "pass"
        ? []
        : [{ scenarioId: s.id, stepIndex: step.index, verdict: step.verdict, message: step.message ?? step.verdict }],
    ),
  );
  const count = (verdict: string): number => scenarios.filter((s) => s.verdict === verdict).length;
  return {
    tool: { name: TOOL_NAME, version: PACKAGE.version, node: process.version },
    target: options.target.description,
    firmware: { ...who.firmware, wasmSha256: createHash("sha256").update(options.firmware).digest("hex") },
    library: who.library,
    seeds,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    scenarios,
    requirements: options.requirements,
    hazards: options.hazards,
    anomalies,
    transcript,
    ...(pumpLogs.length === 0 ? {} : { pumpLogs }),
    summary: {
      scenarios: scenarios.length,
      passed: count("pass"),
      failed: count("fail"),
      blocked: count("blocked"),
      steps: scenarios.reduce((n, s) => n + s.steps.length, 0),
    },
    ...(options.filters === undefined || options.filters.length === 0 ? {} : { filters: options.filters }),
    ...(options.tests === undefined ? {} : { tests: options.tests }),
    ...(options.identity === undefined ? {} : { identity: options.identity }),
  };
}
