// HIL scenario files (hil/scenarios/*.json, docs/hil.md §1) cite requirement and hazard IDs; every
// cited ID must be defined in docs/requirements or docs/hazards. The runner validates the rest of
// a scenario against its schema; this check reads only the `id`, `requirements` and `hazards`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ScenarioCitation {
  path: string;
  id: string;
  requirements: string[];
  hazards: string[];
}

export interface ScenarioFile {
  path: string;
  text: string;
}

export interface ScenarioProblems {
  unreadable: { path: string; reason: string }[];
  unknownRequirements: { path: string; id: string }[];
  unknownHazards: { path: string; id: string }[];
}

export function readScenarioFiles(root = "hil/scenarios"): ScenarioFile[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => ({ path: `${root}/${name}`, text: readFileSync(join(root, name), "utf8") }));
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Parses the citations; a file that is not JSON or lacks the fields is reported, not thrown. */
export function scenarioCitations(files: ScenarioFile[]): {
  citations: ScenarioCitation[];
  unreadable: ScenarioProblems["unreadable"];
} {
  const citations: ScenarioCitation[] = [];
  const unreadable: ScenarioProblems["unreadable"] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(file.text);
    } catch (error) {
      unreadable.push({ path: file.path, reason: `not JSON: ${(error as Error).message}` });
      continue;
    }
    const record = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
    const hazards = record.hazards ?? [];
    if (typeof record.id !== "string" || !isStringArray(record.requirements) || !isStringArray(hazards)) {
      unreadable.push({
        path: file.path,
        reason: "needs a string id, a requirements array of IDs and (optionally) a hazards array of IDs",
      });
      continue;
    }
    citations.push({ path: file.path, id: record.id, requirements: record.requirements, hazards });
  }
  return { citations, unreadable };
}

export function findScenarioProblems(
  files: ScenarioFile[],
  requirementIds: ReadonlySet<string>,
  hazardIds: ReadonlySet<string>,
): ScenarioProblems {
  const { citations, unreadable } = scenarioCitations(files);
  return {
    unreadable,
    unknownRequirements: citations.flatMap((c) =>
      c.requirements.filter((id) => !requirementIds.has(id)).map((id) => ({ path: c.path, id })),
    ),
    unknownHazards: citations.flatMap((c) =>
      c.hazards.filter((id) => !hazardIds.has(id)).map((id) => ({ path: c.path, id })),
    ),
  };
}
