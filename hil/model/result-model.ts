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
  /** Indices into expected/observed of the fields that did not match; only on a failed check. */
  mismatched?: number[];
  /** The target as the step left it (REQ-RPT-014); absent when the target could not say. */
  after?: StepSample;
  /**
   * The author dose-rate unit ("mcg/kg/min") of the drug entry the step's doses belong to, from
   * the library the pump runs (REQ-RPT-013); absent when the step sends no dose or the library is
   * not known to the runner. The report shows the step's dose integers in it.
   */
  doseUnit?: string;
}

/**
 * Time made visible (REQ-RPT-014): where the target stood when a step ended. Simulated time on the
 * virtual target, measured on a rig; the motor rate and delivered volume only where the target can
 * measure them (the virtual pump's motor and delivery meter; a rig's flow sensor and balance).
 */
export interface StepSample {
  /** Time since the scenario's fresh pump, ms. */
  elapsedMs: number;
  motorRateUlPerHour?: number;
  /** Whole µL delivered since the scenario's fresh pump. */
  deliveredUl?: number;
  /** ALARM_RAISED / FAULT_RAISED events the pump sent during the step, as "ALARM_RAISED detail 4". */
  raised?: string[];
}

/** A step the scenario has but the run did not reach (an earlier step did not pass). */
export interface StepNotRun {
  index: number;
  description: string;
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
  /** Steps after the one that did not pass, not run; absent when every step ran. */
  notRun?: StepNotRun[];
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

/**
 * The event log of one scenario's pump as it ended (virtual target only: read from the pump's NV,
 * no protocol traffic), for the CQI database (`npm run cqi -- collect --hil`, docs/cqi.md). Written
 * to pump-logs.json beside report.json, not into it.
 */
export interface PumpLog {
  scenarioId: string;
  /** The scenario file's SHA-256: a changed scenario is another pump to the CQI store. */
  fileSha256: string;
  /** Records the pump's ring had overwritten (docs/event-log.md §4). */
  overwrittenCount: number;
  /** Each 64-byte record as lower-case hex, oldest first (docs/event-log.md §3). */
  records: string[];
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

/** One unit or property test that cites requirement IDs in its name (vitest's JSON report). */
export interface TestCaseRef {
  /** The test file, relative to the repository root, forward slashes. */
  file: string;
  /** The test's full name (describe titles and its own title). */
  name: string;
  verdict: Verdict;
  /** REQ-<AREA>-<NNN> IDs in its name, in order of first appearance. */
  requirements: string[];
}

/** The unit/property test results the run was given (--tests-json), REQ-RPT-015. */
export interface TestEvidence {
  /** The JSON file's name (not its path: the report does not depend on where it lay). */
  file: string;
  /** SHA-256 of its bytes, lower-case hex. */
  sha256: string;
  /** Tests in it, and how many of them passed. */
  total: number;
  passed: number;
  /** The tests that cite a requirement, in file then name order. */
  cases: TestCaseRef[];
}

/** Who and what ran the run (REQ-RPT-016): the source revision and the operator. */
export interface RunIdentity {
  /** `git rev-parse HEAD` of the tool's checkout; absent outside a git checkout. */
  commit?: string;
  /** Whether `git status --porcelain` listed changes (tracked or untracked) at the run. */
  dirty?: boolean;
  /** --operator, as given. */
  operator?: string;
}

export interface RunResult {
  tool: { name: string; version: string; node: string };
  /** Each scenario's pump log, on the virtual target only (PumpLog); absent on a rig. */
  pumpLogs?: PumpLog[];
  target:
    | { kind: "virtual"; tty: string }
    | {
        kind: "port";
        path: string;
        baudRate: number;
        /** With --rig: the plug-in module as given and what the rig said it is (RigPlugin.identity, REQ-RPT-016). */
        rig?: { module: string; identity?: Record<string, string> };
      };
  /** memoryProfile: the name of the memory profile HELLO reports (docs/decisions/0041), e.g. "standard" or "mcu". */
  firmware: { buildId: string; abiVersion: number; memoryProfile: string; wasmSha256: string };
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
  /** --filter texts; present only on a filtered run (the matrix then leaves out what it did not attempt). */
  filters?: string[];
  /** Unit/property test results (--tests-json); absent when none were given. */
  tests?: TestEvidence;
  /** Source revision and operator; absent parts were not known. */
  identity?: RunIdentity;
}
