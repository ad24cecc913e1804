// The lint rules: library-build mistakes that compile but that real hospitals ship (docs/library-
// tools.md §1, REQ-LC-001..010). Each has a stable id, a default severity and the reason it
// matters, printed with every finding so a reviewer knows why it is flagged.

export type Severity = "error" | "warning";
export type SeverityLevel = Severity | "off";

export interface LintRule {
  id: string;
  severity: Severity;
  /** Why the pattern is dangerous, in a reviewer's words. */
  why: string;
}

export const LINT_RULES = [
  {
    id: "high-alert-no-hard-max",
    severity: "error",
    why: "a high-alert drug without a hard maximum has no limit a clinician cannot override; overdoses of these drugs cause the most harm (ISMP)",
  },
  {
    id: "hard-max-tenfold",
    severity: "error",
    why: "a hard max at or above 10× the usual dose lets a tenfold keying error (an extra zero, a moved decimal point) run without a hard stop; the usual dose is the entry's smallest default dose (issue 11), else the soft max (else the soft min)",
  },
  {
    id: "custom-concentration-no-hard-min",
    severity: "error",
    why: "a custom concentration is typed at the pump; without a positive hard min a mistyped tiny concentration multiplies every rate (the compiler refuses it too, REQ-LIB-005)",
  },
  {
    id: "placeholder-minimum",
    severity: "warning",
    why: "a minimum of 0, or at most 1/1000 of the block's max, is a placeholder an editor demanded; it stops no realistic underdose and reads as if it did",
  },
  {
    id: "soft-equals-hard",
    severity: "warning",
    why: "a soft limit equal to the hard limit on the same side can never fire: every value beyond it is already a hard stop, so the soft warning the library promises does not exist",
  },
  {
    id: "dose-unit-inconsistent",
    severity: "warning",
    why: "the same drug dosed in different units across entries invites unit confusion (mcg vs mg, per kg vs absolute); ISMP asks for one standard dosing unit per drug",
  },
  {
    id: "no-absolute-cap",
    severity: "warning",
    why: "a weight- or BSA-based dose scales with the patient size entered; a weight keyed in grams or pounds multiplies the dose unless a doseAbsolute cap bounds the total",
  },
  {
    id: "care-area-no-weight-limits",
    severity: "error",
    why: "weight hard limits are what stop a weight keyed in the wrong unit (lb for kg, g for kg) before it scales every weight-based dose",
  },
  {
    id: "overlapping-weight-bands",
    severity: "error",
    why: "the format has no per-entry weight band: two weight-based entries of one drug in one care area both accept every weight the area allows, so nothing at the pump keeps a patient on the right band's limits",
  },
  {
    id: "confusable-names",
    severity: "error",
    why: "names that look alike (HYDROmorphone and hydromorphone on different drugs, a Cyrillic or Greek letter for a Latin one, 'rn' for 'm', the same display name on two drugs) let a clinician pick the wrong drug and let a duplicate entry pass as another drug (UTS #39 confusable skeleton after case folding)",
  },
  {
    id: "pca-unbounded",
    severity: "warning",
    why: "a PCA entry whose patient dose or window maximum has no hard maximum cannot be programmed with it: the pump refuses such a PCA program (PCA_NOT_BOUNDED, issue 15), so nobody gives a PCA dose no one bounded",
  },
  {
    id: "override-drops-hard-tier",
    severity: "warning",
    why: "a concentration's own limit block replaces the entry's block entirely (issue 11 §2): a hard minimum or maximum the entry's block has and the concentration's lacks is no limit at all when that concentration is programmed",
  },
  {
    id: "advisory-empty",
    severity: "warning",
    why: "an empty advisory shows a blank clinical message at the pump; leave the field out instead",
  },
  {
    id: "advisory-duplicate",
    severity: "warning",
    why: "the same advisory on entries of different drugs is usually a copy-paste error: one of them shows another drug's warning",
  },
] as const satisfies readonly LintRule[];

export type LintRuleId = (typeof LINT_RULES)[number]["id"];

export const LINT_RULE_BY_ID: ReadonlyMap<string, LintRule> = new Map(LINT_RULES.map((r) => [r.id, r]));

/** Compiler errors (the library does not compile) are findings of this rule, always errors. */
export const COMPILE_RULE_PREFIX = "compile:";

/** One finding before severities are applied. */
export interface RawFinding {
  rule: LintRuleId;
  /** JSON Pointer into the library file; a missing field's path is where it belongs. */
  path: string;
  message: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  path: string;
  message: string;
  why: string;
}
