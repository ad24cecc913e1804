// Finds and reads scenario files (docs/hil.md §1): every *.json under the folders given (sorted by
// path, so the run order never depends on the directory listing) and the files given. Each must be
// JSON, match the schema, and pass the checks a schema cannot express: the id is SC-<file name>,
// ids are unique, expected fields belong to the command sent, library files to send exist. Any error stops the run before it
// starts (exit 2), each naming its file and JSON path.
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { readRegularFile } from "../library/compiler/file-kind.ts";
import { basename, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseLibraryText } from "../library/compiler/json-text.ts";
import { COMMANDS } from "./commands.ts";
import { ENGINE_FIELDS } from "../model/fields.ts";
import type { LoadedScenario, Scenario, SendStep } from "../model/scenario.ts";
import { schemaErrors, type ScenarioError } from "./validate-scenario.ts";

export type { ScenarioError } from "./validate-scenario.ts";

export const REPOSITORY_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export type LoadResult = { ok: true; scenarios: LoadedScenario[] } | { ok: false; errors: ScenarioError[] };

/** "hil/scenarios/x.json (step 4)" style text for people: the pointer plus the 1-based step it is in. */
export function formatScenarioError(error: ScenarioError): string {
  const step = /^\/steps\/(\d+)/.exec(error.path);
  return `${error.file}: ${error.path === "" ? "(whole file)" : error.path}${step === null ? "" : ` (step ${Number(step[1]) + 1})`}: ${error.message}`;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function listJson(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => {
      const child = join(path, name);
      return statSync(child).isDirectory() ? listJson(child) : name.endsWith(".json") ? [child] : [];
    });
}

/** Checks the schema cannot express, on a scenario that matches it. */
function semanticErrors(file: string, scenario: Scenario): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const expectedId = `SC-${basename(file, ".json")}`;
  if (scenario.id !== expectedId)
    errors.push({
      file,
      path: "/id",
      message: `is "${scenario.id}" but the file name makes it "${expectedId}": rename one of them`,
    });
  scenario.steps.forEach((step, i) => {
    if (
      "expectLog" in step &&
      step.expectLog.last !== undefined &&
      step.expectLog.last !== step.expectLog.types.length
    ) {
      errors.push({
        file,
        path: `/steps/${i}/expectLog/last`,
        message: `is ${step.expectLog.last} but types lists ${step.expectLog.types.length} records`,
      });
    }
    if ("transferLibrary" in step) {
      // The schema's pattern already keeps the path relative, without "." or ".." segments.
      const library = step.transferLibrary.file;
      if (!isFile(join(REPOSITORY_ROOT, library))) {
        errors.push({
          file,
          path: `/steps/${i}/transferLibrary/file`,
          message: `"${library}" is not a file (the path is from the repository root)`,
        });
      }
    }
    if (!("send" in step) || step.expect === undefined) return;
    const command = COMMANDS[(step as SendStep).send];
    const at = `/steps/${i}/expect`;
    const refuse = (path: string, message: string): void => void errors.push({ file, path: `${at}/${path}`, message });
    for (const key of Object.keys(step.expect)) {
      if (key in ENGINE_FIELDS && !command.engine) {
        refuse(
          key,
          `${step.send} answers without an engine result; only CHECK_PROGRAM, PROGRAM, TITRATE, BOLUS and SECONDARY have one`,
        );
      }
      if ((key === "state" || key === "snapshot") && !command.snapshot)
        refuse(key, `${step.send} answers without a state snapshot; check it with an expectState step`);
    }
    const offered = Object.keys(command.response);
    for (const key of Object.keys(step.expect.response ?? {})) {
      if (!(key in command.response)) {
        refuse(
          `response/${key}`,
          `is not a field of the ${step.send} answer; ${offered.length === 0 ? "it has none here" : `it has: ${offered.join(", ")}`}`,
        );
      }
    }
  });
  return errors;
}

/**
 * How the report names a scenario file (docs/hil.md §4): inside `root` (the repository) its path
 * from there, with "/"; outside it its file name alone — never a path that climbs out of the
 * checkout ("../../tmp/x.json") or an absolute one, which would differ from machine to machine. The
 * name is unique in a run, since the id is made from it and ids are unique; fileSha256 says which
 * file it was.
 */
export function reportedPath(file: string, root = REPOSITORY_ROOT): string {
  const fromRoot = relative(resolve(root), resolve(file));
  const outside = fromRoot === ".." || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot);
  return outside ? basename(file) : fromRoot.split(sep).join("/");
}

/** Reads every scenario under `paths`; `root` decides how the report names each file (reportedPath). */
export function loadScenarios(paths: readonly string[], root = REPOSITORY_ROOT): LoadResult {
  const errors: ScenarioError[] = [];
  const files: string[] = [];
  for (const path of paths) {
    try {
      for (const file of listJson(path)) files.push(file);
    } catch (error) {
      errors.push({
        file: path,
        path: "",
        message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      });
    }
  }
  const scenarios: LoadedScenario[] = [];
  const seen = new Map<string, string>();
  for (const file of [...new Set(files)]) {
    let bytes: Buffer;
    try {
      bytes = readRegularFile(file);
    } catch (error) {
      errors.push({ file, path: "", message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    // The library's strict reader: a second "expect" in a step is an error, not a silent override.
    const parsed = parseLibraryText(bytes);
    if (!parsed.ok) {
      for (const e of parsed.errors)
        errors.push({
          file,
          path: e.path,
          message: e.rule === "json-syntax" ? `is not JSON: ${e.message}` : `${e.message} [${e.rule}]`,
        });
      continue;
    }
    const json = parsed.json;
    const problems = schemaErrors(file, json);
    if (problems.length === 0) for (const problem of semanticErrors(file, json as Scenario)) problems.push(problem);
    if (problems.length > 0) {
      for (const problem of problems) errors.push(problem);
      continue;
    }
    const scenario = json as Scenario;
    const other = seen.get(scenario.id);
    if (other !== undefined) errors.push({ file, path: "/id", message: `"${scenario.id}" is also the id of ${other}` });
    seen.set(scenario.id, file);
    scenarios.push({
      scenario,
      file: reportedPath(file, root),
      fileSha256: createHash("sha256").update(bytes).digest("hex"),
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (scenarios.length === 0)
    return { ok: false, errors: [{ file: paths.join(", "), path: "", message: "holds no scenario file (*.json)" }] };
  return { ok: true, scenarios: scenarios.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) };
}
