// Requirement traceability: which requirement IDs the docs define and which tests or HIL scenarios
// cite them. Used by the traceability test; hazards are checked in hazard-check.ts, scenario files
// in scenario-check.ts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const REQUIREMENT_ID = /\bREQ-[A-Z]+-\d{3}\b/g;
const DEFINITION = /^###\s+(REQ-[A-Z]+-\d{3})\b/;

export interface SourceText {
  path: string;
  text: string;
}

export interface TraceProblems {
  duplicateDefinitions: string[];
  untested: string[];
  unknownCitations: { id: string; path: string }[];
}

export function definedIds(docs: SourceText[]): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const doc of docs) {
    for (const line of doc.text.split("\n")) {
      const id = DEFINITION.exec(line)?.[1];
      if (id !== undefined) where.set(id, [...(where.get(id) ?? []), doc.path]);
    }
  }
  return where;
}

export function citations(tests: SourceText[]): Map<string, Set<string>> {
  const cited = new Map<string, Set<string>>();
  for (const test of tests) {
    for (const match of test.text.matchAll(REQUIREMENT_ID)) {
      const files = cited.get(match[0]) ?? new Set<string>();
      files.add(test.path);
      cited.set(match[0], files);
    }
  }
  return cited;
}

/** The requirement IDs a HIL scenario file cites in its `requirements` field. */
export interface ScenarioRequirements {
  path: string;
  requirements: string[];
}

/**
 * A requirement counts as tested when a test or a scenario cites it. Unknown IDs in scenarios are
 * reported by scenario-check.ts, not here.
 */
export function findProblems(
  docs: SourceText[],
  tests: SourceText[],
  scenarios: ScenarioRequirements[] = [],
): TraceProblems {
  const defined = definedIds(docs);
  const cited = citations(tests);
  const inScenarios = new Set(scenarios.flatMap((s) => s.requirements));
  return {
    duplicateDefinitions: [...defined].filter(([, paths]) => paths.length > 1).map(([id]) => id),
    untested: [...defined.keys()].filter((id) => !cited.has(id) && !inScenarios.has(id)).sort(),
    unknownCitations: [...cited]
      .filter(([id]) => !defined.has(id))
      .flatMap(([id, paths]) => [...paths].map((path) => ({ id, path })))
      .sort((a, b) => a.id.localeCompare(b.id) || a.path.localeCompare(b.path)),
  };
}

export function readTree(root: string, accept: (path: string) => boolean, base = process.cwd()): SourceText[] {
  const out: SourceText[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (accept(path)) out.push({ path: relative(base, path), text: readFileSync(path, "utf8") });
    }
  };
  walk(root);
  return out;
}
