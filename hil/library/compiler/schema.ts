// JSON Schema validation (REQ-LIB-001) with ajv, turning ajv's errors into LibraryErrors whose
// path points at the offending field itself (a missing or unknown property included).
import { readFileSync } from "node:fs";
import Ajv2020, { type ErrorObject } from "ajv/dist/2020.js";
import { pointer, type LibraryError } from "./errors.ts";
import { SCHEMA_RULE_PREFIX } from "./rules.ts";

export const SCHEMA_URL = new URL("../../../docs/schema/drug-library.schema.json", import.meta.url);

// The schema file is the single source: editors read it, and so does the compiler.
const schema: object = JSON.parse(readFileSync(SCHEMA_URL, "utf8"));
const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictTypes: false });
const validate = ajv.compile(schema);

/** How to fix a pattern or type error, by the $defs name whose pattern the value must match. */
const HINTS: Readonly<Record<string, string>> = {
  decimal: 'write the value as a decimal string such as "12.5" or "0.05" (no sign, exponent or leading ".")',
  unit: 'use a unit spelled as in docs/library-format.md, e.g. "mcg/kg/min", "units/h", "mg/mL", "mL/h", "mL", "min", "kg", "m2"',
  doseUnit:
    'use AMOUNT[/kg|/m2]/(h|min), e.g. "mcg/kg/min" or "units/h", AMOUNT one of g mg mcg ng units milliunits mEq mmol',
};
const defs = (
  schema as { $defs: Record<string, { pattern?: string; properties?: Record<string, { pattern?: string }> }> }
).$defs;
const HINT_BY_PATTERN = new Map(Object.entries(HINTS).map(([def, hint]) => [defs[def].pattern, hint]));
HINT_BY_PATTERN.set(
  defs.careArea.properties?.code.pattern,
  "a code uses letters, digits, '_', '.' and '-' and starts with a letter or digit",
);

// ajv reports schemaPath relative to the referenced definition, so the hint is found by the
// pattern of the schema that failed (verbose mode gives it).
function hintFor(error: ErrorObject): string {
  const hint = HINT_BY_PATTERN.get((error.parentSchema as { pattern?: string } | undefined)?.pattern);
  return hint === undefined ? "" : `; ${hint}`;
}

function toLibraryError(error: ErrorObject): LibraryError {
  const rule = SCHEMA_RULE_PREFIX + error.keyword;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: pointer(error.instancePath, String(params.missingProperty)), rule, message: "is required" };
    case "additionalProperties": {
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).join(", ");
      return {
        path: pointer(error.instancePath, String(params.additionalProperty)),
        rule,
        message: `is not a known property here; allowed: ${allowed} (check the spelling)`,
      };
    }
    case "enum":
      return {
        path: error.instancePath,
        rule,
        message: `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      };
    case "const":
      return { path: error.instancePath, rule, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case "type":
    case "pattern":
      return {
        path: error.instancePath,
        rule,
        message: `${error.keyword === "pattern" ? `${JSON.stringify(error.data)} is not valid` : error.message}${hintFor(error)}`,
      };
    default:
      return { path: error.instancePath, rule, message: error.message ?? `breaks schema keyword ${error.keyword}` };
  }
}

/** All schema violations of `json`, in ajv's (document) order; [] when it matches. */
export function schemaErrors(json: unknown): LibraryError[] {
  if (validate(json)) return [];
  return (validate.errors ?? []).map(toLibraryError);
}
