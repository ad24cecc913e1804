// The HIL run's result model: what the runner produces and every report writer consumes
// (docs/hil.md). Plain data, JSON-safe (no bigint, no Date): numbers are integers, values that can
// exceed 2^53 are decimal strings. Everything a report needs is here, so writers are pure functions
// of a RunResult and reports are byte-identical for identical inputs (no wall-clock time inside,
// unless a run asked for `wallTimeMs`).

export type Verdict = "pass" | "fail" | "blocked";

export interface StepResult {
  /** 1-based position in the scenario. */
  index: number;
  /** The step as written in the scenario file, one line, e.g. `send PROGRAM {"mode":"DOSE",...}`. */
  description: string;
  /** What the scenario expected, one line per checked field (empty for steps that check nothing). */
  expected: string[];
  /** What was observed for the same fields, in the same order. */
  observed: string[];
  verdict: Verdict;
  /** Why a step failed or was blocked (one line), absent when it passed. */
  message?: string;
}

export interface ScenarioResult {
  /** Stable id from the file, e.g. "SC-WF-010-heparin-hard-stop". */
  id: string;
  title: string;
  /** Path relative to the repository root, forward slashes; a file outside the repository: its file name alone (docs/hil.md §4). */
  file: string;
  /** SHA-256 of the scenario file's bytes, lower-case hex. */
  fileSha256: string;
  requirements: string[];
  hazards: string[];
  steps: StepResult[];
  verdict: Verdict;
  /** Simulated (virtual target) or measured (real rig) time the scenario took, ms. */
  durationMs: number;
  /**
   * Wall-clock ms the runner spent on the scenario, present only when the run was asked to record
   * it (`--wall-time`, docs/hil.md §4): it differs from run to run, so reports holding it are no
   * longer byte-identical.
   */
  wallTimeMs?: number;
}

export interface Anomaly {
  scenarioId: string;
  stepIndex: number;
  /** "fail" or "blocked", and the step's message. */
  verdict: Exclude<Verdict, "pass">;
  message: string;
}

export interface TranscriptLine {
  scenarioId: string;
  /** The decoded frame, as simulator/client/transcript.ts writes it. */
  text: string;
}

export interface RequirementRef {
  id: string;
  title: string;
  /** docs/requirements/<file>.md */
  source: string;
}

export interface HazardRef {
  id: string;
  title: string;
  /** Requirement IDs that are the risk controls of this hazard. */
  controls: string[];
  source: string;
}

export interface RunResult {
  tool: { name: string; version: string; node: string };
  target: { kind: "virtual"; tty: string } | { kind: "port"; path: string; baudRate: number };
  firmware: { buildId: string; abiVersion: number; wasmSha256: string };
  library: { name: string; version: number; sha256: string };
  /** Every seed used (line impairments, generated values), so a run can be replayed. */
  seeds: Record<string, number>;
  /** From SOURCE_DATE_EPOCH only (ISO 8601, UTC); absent otherwise. Never the wall clock. */
  timestamp?: string;
  scenarios: ScenarioResult[];
  requirements: RequirementRef[];
  hazards: HazardRef[];
  anomalies: Anomaly[];
  transcript: TranscriptLine[];
  summary: { scenarios: number; passed: number; failed: number; blocked: number; steps: number };
}
