// Rule severities for lint (REQ-LC-011): the defaults of lint-rules.ts, overridden by a config
// file ({ "severity": { "<rule-id>": "error" | "warning" | "off" } }) and then by
// `--severity <rule-id>=<level>` flags. Unknown rule ids and levels are usage errors (exit 2),
// so a typo never silently leaves a rule at its default.
import { parseJsonText } from "../../compiler/json-text.ts";
import { CommandError } from "../lifecycle/cli-support.ts";
import { LINT_RULE_BY_ID, LINT_RULES, type SeverityLevel } from "./lint-rules.ts";

const LEVELS: readonly SeverityLevel[] = ["error", "warning", "off"];

export type Severities = ReadonlyMap<string, SeverityLevel>;

export function defaultSeverities(): Map<string, SeverityLevel> {
  return new Map(LINT_RULES.map((rule) => [rule.id, rule.severity]));
}

function checked(ruleId: string, level: unknown, where: string): [string, SeverityLevel] {
  if (!LINT_RULE_BY_ID.has(ruleId)) {
    throw new CommandError(`${where}: unknown lint rule "${ruleId}"; rules: ${LINT_RULES.map((r) => r.id).join(", ")}`);
  }
  if (typeof level !== "string" || !LEVELS.includes(level as SeverityLevel)) {
    throw new CommandError(
      `${where}: severity of "${ruleId}" must be error, warning or off, got ${JSON.stringify(level)}`,
    );
  }
  return [ruleId, level as SeverityLevel];
}

/** "rule-id=level" from a --severity flag. */
export function parseSeverityFlag(text: string): [string, SeverityLevel] {
  const at = text.lastIndexOf("=");
  if (at <= 0)
    throw new CommandError(
      `--severity ${text}: write <rule-id>=<error|warning|off>, e.g. --severity soft-equals-hard=off`,
    );
  return checked(text.slice(0, at), text.slice(at + 1), `--severity ${text}`);
}

/** The overrides in a config file's text. */
export function parseSeverityConfig(text: string, path: string): [string, SeverityLevel][] {
  // The library's strict reader: a rule named twice is an error, not "the last one wins".
  const parsed = parseJsonText(text, path);
  if (!parsed.ok) {
    throw new CommandError(
      parsed.errors.map((e) => `${path} ${e.path === "" ? "/" : e.path}: ${e.message} [${e.rule}]`).join("\n") +
        "; see docs/library-tools.md for the config format",
    );
  }
  const json = parsed.json;
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(json))
    throw new CommandError(`${path}: must be an object such as { "severity": { "soft-equals-hard": "off" } }`);
  for (const key of Object.keys(json)) {
    if (key !== "severity" && key !== "$comment")
      throw new CommandError(`${path}: unknown key "${key}"; only "severity" (and "$comment") are allowed`);
  }
  if (json.severity === undefined) return [];
  if (!isObject(json.severity))
    throw new CommandError(`${path}: "severity" must be an object of rule id → error|warning|off`);
  return Object.entries(json.severity).map(([id, level]) => checked(id, level, `${path} /severity/${id}`));
}

/** Defaults, then the config file's overrides, then the flags'. */
export function resolveSeverities(config: [string, SeverityLevel][], flags: [string, SeverityLevel][]): Severities {
  const severities = defaultSeverities();
  for (const [id, level] of [...config, ...flags]) severities.set(id, level);
  return severities;
}
