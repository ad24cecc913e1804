// Training exercises (docs/training.md, docs/schema/training-exercise.schema.json): read, checked
// against the schema and then against the library they name (the care area, the drug and its
// concentration must exist there). Every error names the file and the JSON path.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

export const EXERCISE_SCHEMA_PATH = "docs/schema/training-exercise.schema.json";

export type OverrideReasonName =
  "CONFIRMED_WITH_PRESCRIBER" | "PATIENT_SPECIFIC_PROTOCOL" | "CLINICAL_CONDITION" | "PHARMACY_VERIFIED" | "EMERGENCY";

export interface ExpectedStart {
  drug: number;
  concentration: number;
  rateMlPerHour: string;
  vtbiMl?: string;
  tolerancePercent: number;
  override?: { reasons: OverrideReasonName[] };
}

export interface Exercise {
  id: string;
  title: string;
  careArea: string;
  library: string;
  order: { text: string; bag: string; notes?: string[] };
  patient: { description: string; weight?: { value: string; unit: "kg" | "g" | "lb" } };
  hazards: { kind: string; explanation: string }[];
  expected: { start: ExpectedStart | null; timeLimitS: number };
}

/** What the exercise needs of its library: care area ids by code, entries by id. */
export interface LibraryFacts {
  careAreaIds: Map<string, number>;
  entries: Map<number, { displayName: string; careAreas: string[]; concentrationCount: number }>;
}

export class ExerciseError extends Error {}

const schema: object = JSON.parse(readFileSync(new URL(`../../${EXERCISE_SCHEMA_PATH}`, import.meta.url), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true, strictTypes: false }).compile(schema);

interface LibraryJson {
  careAreas: { id: number; code: string }[];
  entries: { id: number; displayName: string; careAreas: string[]; concentrations?: unknown[] }[];
}

export function libraryFacts(libraryJson: LibraryJson): LibraryFacts {
  return {
    careAreaIds: new Map(libraryJson.careAreas.map((area) => [area.code, area.id])),
    entries: new Map(
      libraryJson.entries.map((e) => [
        e.id,
        { displayName: e.displayName, careAreas: e.careAreas, concentrationCount: e.concentrations?.length ?? 0 },
      ]),
    ),
  };
}

/** Checks one exercise's text; throws ExerciseError naming `file` and the path of the first problem. */
export function parseExercise(text: string, file: string, facts: (libraryPath: string) => LibraryFacts): Exercise {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ExerciseError(`${file}: not JSON: ${(error as Error).message}`);
  }
  if (!validate(json)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`);
    throw new ExerciseError(`${file}: does not match ${EXERCISE_SCHEMA_PATH}: ${problems.join("; ")}`);
  }
  const exercise = json as Exercise;
  const expectedId = `EX-${basename(file, ".json")}`;
  if (exercise.id !== expectedId) throw new ExerciseError(`${file}: /id is ${exercise.id}, expected ${expectedId}`);
  const library = facts(exercise.library);
  if (!library.careAreaIds.has(exercise.careArea))
    throw new ExerciseError(
      `${file}: /careArea ${exercise.careArea} is not a care area of ${exercise.library} (${[...library.careAreaIds.keys()].join(", ")})`,
    );
  const start = exercise.expected.start;
  if (start !== null) {
    const entry = library.entries.get(start.drug);
    if (entry === undefined)
      throw new ExerciseError(`${file}: /expected/start/drug ${start.drug} is not an entry of ${exercise.library}`);
    if (!entry.careAreas.includes(exercise.careArea))
      throw new ExerciseError(
        `${file}: /expected/start/drug ${start.drug} (${entry.displayName}) is not offered in ${exercise.careArea}`,
      );
    const valid =
      entry.concentrationCount === 0 ? start.concentration === 255 : start.concentration < entry.concentrationCount;
    if (!valid)
      throw new ExerciseError(
        `${file}: /expected/start/concentration ${start.concentration}: ${entry.displayName} has ${entry.concentrationCount === 0 ? "none (a fluid: write 255)" : `indexes 0 … ${entry.concentrationCount - 1}`}`,
      );
  }
  return exercise;
}

/** Reads a library JSON once per path. */
export function libraryFactsReader(): (libraryPath: string) => LibraryFacts {
  const cache = new Map<string, LibraryFacts>();
  return (path) => {
    let facts = cache.get(path);
    if (facts === undefined) {
      try {
        facts = libraryFacts(JSON.parse(readFileSync(path, "utf8")) as LibraryJson);
      } catch (error) {
        throw new ExerciseError(`library ${path}: ${(error as Error).message}`);
      }
      cache.set(path, facts);
    }
    return facts;
  };
}

/** The exercises of a file or a folder (its *.json, in name order). */
export function loadExercises(path: string): Exercise[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => name.endsWith(".json"))
        .sort()
        .map((name) => join(path, name))
    : [path];
  if (files.length === 0) throw new ExerciseError(`${path}: no exercise files (*.json)`);
  const facts = libraryFactsReader();
  return files.map((file) => parseExercise(readFileSync(file, "utf8"), file, facts));
}
