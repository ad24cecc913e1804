// Schema validation of one scenario file (docs/schema/hil-scenario.schema.json, JSON Schema
// 2020-12, ajv), turning ajv's errors into one readable message per JSON path: the pointer of the
// offending value (a missing or unknown key included) and how to fix it.
import { readFileSync } from "node:fs";
import Ajv2020, { type ErrorObject } from "ajv/dist/2020.js";
import { SCHEMA_PATH, U64_MAX, U64_PATTERN } from "./scenario-schema.ts";

export interface ScenarioError {
  /** The scenario file, as given. */
  file: string;
  /** JSON pointer of the offending value, e.g. /steps/3/args/dose ("" for the whole file). */
  path: string;
  message: string;
}

const SCHEMA_URL = new URL(`../../${SCHEMA_PATH}`, import.meta.url);
// The schema file is the single source: editors read it, and so does the runner.
const schema: object = JSON.parse(readFileSync(SCHEMA_URL, "utf8"));
// strictRequired off: the step schema names its keys in `required` of if/anyOf branches, by design.
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
const validate = ajv.compile(schema);

const join = (path: string, key: string): string => `${path}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;

function single(error: ErrorObject): { path: string; message: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: join(error.instancePath, String(params.missingProperty)), message: "is required" };
    case "additionalProperties": {
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const hint = allowed.length === 0 ? "nothing is allowed here" : `allowed: ${allowed.join(", ")}`;
      return {
        path: join(error.instancePath, String(params.additionalProperty)),
        message: `is not a known key here; ${hint} (check the spelling)`,
      };
    }
    case "minProperties": {
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return { path: error.instancePath, message: `is empty: give at least one of ${allowed.join(", ")}` };
    }
    case "enum":
      return {
        path: error.instancePath,
        message: `${JSON.stringify(error.data)} is not one of: ${(params.allowedValues as unknown[]).join(", ")}`,
      };
    case "pattern":
      return { path: error.instancePath, message: `${JSON.stringify(error.data)} does not match ${params.pattern}` };
    default:
      return { path: error.instancePath, message: error.message ?? `breaks schema keyword ${error.keyword}` };
  }
}

/** An anyOf over alternatives: one message naming what would have been accepted. */
function alternatives(anyOf: ErrorObject, branches: ErrorObject[]): { path: string; message: string } {
  // A u64 written as digits that only fails for its size: say so, rather than "write a decimal string".
  const u64 = branches.some(
    (e) => e.keyword === "pattern" && (e.params as { pattern: string }).pattern === U64_PATTERN,
  );
  if (
    u64 &&
    typeof anyOf.data === "string" &&
    /^[1-9][0-9]*$/.test(anyOf.data) &&
    BigInt(anyOf.data) > BigInt(U64_MAX)
  ) {
    return {
      path: anyOf.instancePath,
      message: `${JSON.stringify(anyOf.data)} is too large: a 64-bit value is at most "${U64_MAX}" (2^64 − 1)`,
    };
  }
  const missing = branches
    .filter((e) => e.keyword === "required")
    .map((e) => String((e.params as { missingProperty: string }).missingProperty));
  if (missing.length === branches.length && missing.length > 0)
    return { path: anyOf.instancePath, message: `needs one of the keys: ${missing.join(", ")}` };
  const names = branches.flatMap((e) =>
    e.keyword === "enum" ? ((e.params as { allowedValues: unknown[] }).allowedValues as string[]) : [],
  );
  const numeric = branches.some(
    (e) => e.keyword === "type" && /integer|number/.test(String((e.params as { type: unknown }).type)),
  );
  const accepted = [
    names.length > 0 ? `one of: ${names.join(", ")}` : "",
    numeric ? "a non-negative integer" : "",
    branches.some((e) => e.keyword === "pattern") ? "a decimal string" : "",
  ].filter((part) => part !== "");
  return {
    path: anyOf.instancePath,
    message: `${JSON.stringify(anyOf.data)} is not valid here; write ${accepted.join(" or ") || "a value the schema accepts"}`,
  };
}

/** Every schema violation of a parsed scenario, one per path, in document order; [] when it matches. */
export function schemaErrors(file: string, json: unknown): ScenarioError[] {
  if (validate(json)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== "if");
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === "anyOf").map((e) => e.instancePath));
  const out = new Map<string, string>();
  for (const error of errors) {
    if (error.keyword === "anyOf") {
      // A branch that got further (an object whose own value is wrong) says more than the alternatives.
      if (errors.some((e) => e.instancePath.startsWith(`${error.instancePath}/`))) continue;
      // ajv gives each failed alternative's own error at the same path, next to the anyOf itself.
      const branches = errors.filter(
        (e) => e.instancePath === error.instancePath && e.keyword !== "anyOf" && e.keyword !== "additionalProperties",
      );
      const { path, message } = alternatives(error, branches);
      out.set(path, message);
    } else if (!anyOfPaths.has(error.instancePath) || error.keyword === "additionalProperties") {
      const { path, message } = single(error);
      if (!out.has(path)) out.set(path, message);
    }
  }
  return [...out].map(([path, message]) => ({ file, path, message }));
}
