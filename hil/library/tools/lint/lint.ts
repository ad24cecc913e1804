// Lint a library (REQ-LC-011): the compiler's own errors first (a library that does not compile
// is an error whatever the config), then every lint rule on a schema-valid file, each finding
// given its configured severity and sorted by path, then rule, for deterministic output.
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import { compileLibrary } from "../../compiler/compile.ts";
import type { LibraryError } from "../../compiler/errors.ts";
import { ownValue } from "../../compiler/own-key.ts";
import { SCHEMA_RULE_PREFIX } from "../../compiler/rules.ts";
import { COMPILE_RULE_PREFIX, LINT_RULE_BY_ID, type Finding, type RawFinding, type Severity } from "./lint-rules.ts";
import {
  customConcentrationNoHardMin,
  hardMaxTenfold,
  highAlertNoHardMax,
  pcaUnbounded,
  overrideDropsHardTier,
  placeholderMinimum,
  softEqualsHard,
} from "./rules-limits.ts";
import {
  advisoryDuplicate,
  advisoryEmpty,
  careAreaNoWeightLimits,
  doseUnitInconsistent,
  noAbsoluteCap,
  overlappingWeightBands,
} from "./rules-structure.ts";
import { confusableNames } from "./rules-confusable.ts";
import { defaultSeverities, type Severities } from "./severity-config.ts";

const RULE_CHECKS: readonly ((library: AuthorLibrary) => RawFinding[])[] = [
  highAlertNoHardMax,
  hardMaxTenfold,
  customConcentrationNoHardMin,
  placeholderMinimum,
  softEqualsHard,
  doseUnitInconsistent,
  noAbsoluteCap,
  careAreaNoWeightLimits,
  overlappingWeightBands,
  confusableNames,
  overrideDropsHardTier,
  advisoryEmpty,
  advisoryDuplicate,
  pcaUnbounded,
];

const COMPILE_WHY =
  "the compiler refuses this library (docs/library-format.md §6): it cannot be compiled, approved or loaded until fixed";

export interface LintReport {
  findings: Finding[];
  errorCount: number;
  warningCount: number;
}

const TIER_RANK: Readonly<Record<string, number>> = { hardMin: 1, softMin: 2, softMax: 3, hardMax: 4 };

/** JSON Pointers in a fixed order: array indexes as numbers, tiers low to high, other keys by name. */
export function comparePaths(a: string, b: string): number {
  const as = a.split("/");
  const bs = b.split("/");
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    if (as[i] === bs[i]) continue;
    if (/^\d+$/.test(as[i]) && /^\d+$/.test(bs[i])) return Number(as[i]) - Number(bs[i]);
    const rankA = ownValue(TIER_RANK, as[i]);
    const rankB = ownValue(TIER_RANK, bs[i]);
    if (rankA !== undefined && rankB !== undefined) return rankA - rankB;
    return as[i] < bs[i] ? -1 : 1;
  }
  return as.length - bs.length;
}

function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      comparePaths(a.path, b.path) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      (a.message < b.message ? -1 : 1),
  );
}

export function compileFindings(errors: LibraryError[]): Finding[] {
  return errors.map((e) => ({
    rule: COMPILE_RULE_PREFIX + e.rule,
    severity: "error" as Severity,
    path: e.path,
    message: e.message,
    why: COMPILE_WHY,
  }));
}

export function report(findings: Finding[]): LintReport {
  const sorted = sortFindings(findings);
  return {
    findings: sorted,
    errorCount: sorted.filter((f) => f.severity === "error").length,
    warningCount: sorted.filter((f) => f.severity === "warning").length,
  };
}

/** Lints a parsed library file with the given severities (defaults when omitted). */
export function lintLibrary(json: unknown, severities: Severities = defaultSeverities()): LintReport {
  const compiled = compileLibrary(json);
  const findings = compiled.ok ? [] : compileFindings(compiled.errors);
  // The rules need the file's structure; after a schema error they would read missing fields.
  const structureOk = compiled.ok || !compiled.errors.some((e) => e.rule.startsWith(SCHEMA_RULE_PREFIX));
  if (structureOk) {
    for (const check of RULE_CHECKS) {
      for (const raw of check(json as AuthorLibrary)) {
        const severity = severities.get(raw.rule) ?? "off";
        if (severity === "off") continue;
        findings.push({
          rule: raw.rule,
          severity,
          path: raw.path,
          message: raw.message,
          why: LINT_RULE_BY_ID.get(raw.rule)?.why ?? "",
        });
      }
    }
  }
  return report(findings);
}
