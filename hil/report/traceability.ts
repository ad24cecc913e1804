// The report's traceability matrices (REQ-RPT-006), a pure function of a RunResult:
//   requirement → scenarios citing it → combined result (requirements no scenario covers are listed);
//   hazard → risk controls (requirement IDs) → scenarios verifying each control → combined result,
//   together with the scenarios that cite the hazard itself. A hazard passes only when every one of
//   its controls has a scenario and all its scenarios pass: a control no scenario verifies makes it
//   "partial" (a failed or blocked scenario still outweighs that), and such controls are listed.
// Unit and property tests (REQ-RPT-015) count as verification beside the scenarios: a test whose
// name cites a requirement ID links to that requirement with its verdict, so what only tests verify
// is no longer shown as uncovered, and what neither verifies stands out. A filtered run (--filter)
// leaves out the requirements and hazards nothing of the run attempted: it did not try them.
// Order follows the RunResult's requirement, hazard and scenario lists, so the output is stable.
import type {
  HazardRef,
  RequirementRef,
  RunResult,
  ScenarioResult,
  TestCaseRef,
  Verdict,
} from "../model/result-model.ts";

/** A combined result: the worst verdict of the scenarios, or "not-covered" when there are none. */
export type Coverage = Verdict | "not-covered";

/** A hazard's result: as Coverage, plus "partial" when its scenarios pass but some control has none. */
export type HazardCoverage = Coverage | "partial";

export interface ScenarioLink {
  id: string;
  verdict: Verdict;
}

export interface TestLink {
  file: string;
  name: string;
  verdict: Verdict;
}

export interface RequirementRow {
  id: string;
  title: string;
  source: string;
  scenarios: ScenarioLink[];
  /** Unit/property tests citing the requirement in their names (empty without --tests-json). */
  tests: TestLink[];
  /** Worst verdict of its scenarios and tests; "not-covered" when it has neither. */
  result: Coverage;
}

export interface ControlRow {
  requirementId: string;
  /** False when the control names a requirement the run's requirement list does not hold. */
  known: boolean;
  scenarios: ScenarioLink[];
  tests: TestLink[];
  result: Coverage;
}

export interface HazardRow {
  id: string;
  title: string;
  source: string;
  controls: ControlRow[];
  /** Scenarios that cite the hazard ID directly. */
  citingScenarios: ScenarioLink[];
  /** Risk controls (requirement IDs) that no scenario of this run verifies, in the hazard's order. */
  uncoveredControls: string[];
  /**
   * Direct citations and control verifications together: the worst verdict; "partial" instead of
   * "pass" when a control is in uncoveredControls; "not-covered" when no scenario is linked at all.
   */
  result: HazardCoverage;
}

export interface TraceabilityMatrix {
  requirements: RequirementRow[];
  hazards: HazardRow[];
  /** Requirement IDs that no scenario of this run cites. */
  requirementsWithoutScenario: string[];
  /** Requirement IDs that neither a scenario nor a given test verifies. */
  requirementsUncovered: string[];
  /** On a filtered run: how many requirements and hazards were left out as not attempted. */
  leftOut?: { requirements: number; hazards: number };
  /** Hazards with a risk control no scenario or given test verifies, and those controls. */
  hazardsWithUncoveredControls: { hazardId: string; controls: string[] }[];
  /** IDs a scenario cites that the run's requirement or hazard lists do not define. */
  unknownCitations: { scenarioId: string; id: string }[];
}

const SEVERITY: Readonly<Record<Verdict, number>> = { pass: 0, blocked: 1, fail: 2 };

export function combine(verdicts: readonly Verdict[]): Coverage {
  if (verdicts.length === 0) return "not-covered";
  return verdicts.reduce((worst, v) => (SEVERITY[v] > SEVERITY[worst] ? v : worst));
}

const link = (s: ScenarioResult): ScenarioLink => ({ id: s.id, verdict: s.verdict });

function scenariosCiting(
  scenarios: readonly ScenarioResult[],
  id: string,
  field: "requirements" | "hazards",
): ScenarioLink[] {
  return scenarios.filter((s) => s[field].includes(id)).map(link);
}

type TestIndex = ReadonlyMap<string, TestLink[]>;

function indexTests(cases: readonly TestCaseRef[]): TestIndex {
  const index = new Map<string, TestLink[]>();
  for (const c of cases) {
    for (const id of c.requirements) {
      const list = index.get(id);
      const entry = { file: c.file, name: c.name, verdict: c.verdict };
      if (list === undefined) index.set(id, [entry]);
      else list.push(entry);
    }
  }
  return index;
}

function requirementRow(ref: RequirementRef, scenarios: readonly ScenarioResult[], tests: TestIndex): RequirementRow {
  const linked = scenariosCiting(scenarios, ref.id, "requirements");
  const byTests = tests.get(ref.id) ?? [];
  return {
    id: ref.id,
    title: ref.title,
    source: ref.source,
    scenarios: linked,
    tests: byTests,
    result: combine([...linked, ...byTests].map((s) => s.verdict)),
  };
}

function hazardRow(
  ref: HazardRef,
  scenarios: readonly ScenarioResult[],
  known: ReadonlySet<string>,
  tests: TestIndex,
): HazardRow {
  const controls = ref.controls.map((requirementId): ControlRow => {
    const linked = scenariosCiting(scenarios, requirementId, "requirements");
    const byTests = tests.get(requirementId) ?? [];
    return {
      requirementId,
      known: known.has(requirementId),
      scenarios: linked,
      tests: byTests,
      result: combine([...linked, ...byTests].map((s) => s.verdict)),
    };
  });
  const citingScenarios = scenariosCiting(scenarios, ref.id, "hazards");
  const all = new Map<string, Verdict>();
  for (const s of [...citingScenarios, ...controls.flatMap((c) => c.scenarios)]) all.set(s.id, s.verdict);
  for (const t of controls.flatMap((c) => c.tests)) all.set(`test ${t.file} ${t.name}`, t.verdict);
  const uncoveredControls = controls
    .filter((c) => c.scenarios.length === 0 && c.tests.length === 0)
    .map((c) => c.requirementId);
  const combined = combine([...all.values()]);
  const result: HazardCoverage = combined === "pass" && uncoveredControls.length > 0 ? "partial" : combined;
  return { id: ref.id, title: ref.title, source: ref.source, controls, citingScenarios, uncoveredControls, result };
}

export function traceabilityMatrix(result: RunResult): TraceabilityMatrix {
  const requirementIds = new Set(result.requirements.map((r) => r.id));
  const hazardIds = new Set(result.hazards.map((h) => h.id));
  const tests = indexTests(result.tests?.cases ?? []);
  const filtered = result.filters !== undefined;
  const allRequirements = result.requirements.map((ref) => requirementRow(ref, result.scenarios, tests));
  const requirements = filtered ? allRequirements.filter((r) => r.result !== "not-covered") : allRequirements;
  const unknownCitations = result.scenarios.flatMap((s) => [
    ...s.requirements.filter((id) => !requirementIds.has(id)).map((id) => ({ scenarioId: s.id, id })),
    ...s.hazards.filter((id) => !hazardIds.has(id)).map((id) => ({ scenarioId: s.id, id })),
  ]);
  const allHazards = result.hazards.map((ref) => hazardRow(ref, result.scenarios, requirementIds, tests));
  const hazards = filtered ? allHazards.filter((h) => h.result !== "not-covered") : allHazards;
  return {
    requirements,
    hazards,
    requirementsWithoutScenario: requirements.filter((r) => r.scenarios.length === 0).map((r) => r.id),
    requirementsUncovered: requirements.filter((r) => r.result === "not-covered").map((r) => r.id),
    ...(filtered
      ? {
          leftOut: {
            requirements: allRequirements.length - requirements.length,
            hazards: allHazards.length - hazards.length,
          },
        }
      : {}),
    hazardsWithUncoveredControls: hazards
      .filter((h) => h.uncoveredControls.length > 0)
      .map((h) => ({ hazardId: h.id, controls: h.uncoveredControls })),
    unknownCitations,
  };
}
