// The hazard analysis (docs/hazards, format in docs/hazards/README.md) is complete and consistent:
// every hazard has a risk control made of defined requirements and a verification made of existing
// tests or scenarios, and the verification is of those controls — each listed test or scenario
// cites at least one of the hazard's controls (a scenario may cite the hazard instead), and each
// control is cited by at least one listed test or scenario.
import type { HazardEntry, HazardFormatProblem } from "../../hil/trace/hazard-format.ts";
import type { ScenarioCitation } from "./scenario-check.ts";

export interface HazardCheckInput {
  hazards: HazardEntry[];
  formatProblems: HazardFormatProblem[];
  requirementIds: ReadonlySet<string>;
  /** The text of a test file by repository path, undefined when it does not exist. */
  readTest: (path: string) => string | undefined;
  scenarios: ScenarioCitation[];
}

type HazardItem<K extends string> = { hazard: string } & Record<K, string>;

export interface HazardProblems {
  format: string[];
  duplicateIds: string[];
  withoutControl: string[];
  withoutVerification: string[];
  unknownControls: HazardItem<"id">[];
  missingTests: HazardItem<"path">[];
  unknownScenarios: HazardItem<"id">[];
  verificationCitingNoControl: HazardItem<"item">[];
  controlsNotVerified: HazardItem<"id">[];
}

const cites = (text: string, id: string): boolean => new RegExp(`\\b${id}\\b`).test(text);

export function findHazardProblems(input: HazardCheckInput): HazardProblems {
  const problems = noHazardProblems();
  problems.format.push(...input.formatProblems.map((p) => `${p.source}: ${p.hazard} ${p.problem}`));
  const seen = new Set<string>();
  const scenarios = new Map(input.scenarios.map((s) => [s.id, s]));
  for (const h of input.hazards) {
    if (seen.has(h.id)) problems.duplicateIds.push(h.id);
    seen.add(h.id);
    if (h.controls.length === 0) problems.withoutControl.push(h.id);
    if (h.verificationTests.length + h.verificationScenarios.length === 0) problems.withoutVerification.push(h.id);
    for (const id of h.controls) if (!input.requirementIds.has(id)) problems.unknownControls.push({ hazard: h.id, id });

    // What each verification item cites: a test file's text, a scenario's requirement IDs.
    const verified = new Set<string>();
    for (const path of h.verificationTests) {
      const text = input.readTest(path);
      if (text === undefined) {
        problems.missingTests.push({ hazard: h.id, path });
        continue;
      }
      const cited = h.controls.filter((id) => cites(text, id));
      if (cited.length === 0) problems.verificationCitingNoControl.push({ hazard: h.id, item: path });
      for (const id of cited) verified.add(id);
    }
    for (const scenarioId of h.verificationScenarios) {
      const scenario = scenarios.get(scenarioId);
      if (scenario === undefined) {
        problems.unknownScenarios.push({ hazard: h.id, id: scenarioId });
        continue;
      }
      const cited = h.controls.filter((id) => scenario.requirements.includes(id));
      if (cited.length === 0 && !scenario.hazards.includes(h.id))
        problems.verificationCitingNoControl.push({ hazard: h.id, item: scenarioId });
      for (const id of cited) verified.add(id);
    }
    const anyVerification = h.verificationTests.length + h.verificationScenarios.length > 0;
    if (anyVerification)
      for (const id of h.controls) if (!verified.has(id)) problems.controlsNotVerified.push({ hazard: h.id, id });
  }
  return problems;
}

/** A fresh, empty problem set (fresh arrays: findHazardProblems fills its own). */
function noHazardProblems(): HazardProblems {
  return {
    format: [],
    duplicateIds: [],
    withoutControl: [],
    withoutVerification: [],
    unknownControls: [],
    missingTests: [],
    unknownScenarios: [],
    verificationCitingNoControl: [],
    controlsNotVerified: [],
  };
}

export const NO_HAZARD_PROBLEMS: HazardProblems = noHazardProblems();
