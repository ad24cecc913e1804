// The rule ids a library error can carry besides "schema:<keyword>". Documented, with examples, in
// docs/library-format.md §Rules; tests assert each one. Ids are stable: tools may match on them.
export const Rule = {
  JSON_SYNTAX: "json-syntax",
  DUPLICATE_KEY: "duplicate-key",
  TIER_ORDER: "tier-order",
  UNIT_MISMATCH: "unit-mismatch",
  CUSTOM_CONCENTRATION_HARD_MIN: "custom-concentration-hard-min",
  UNKNOWN_CARE_AREA: "unknown-care-area",
  DUPLICATE_ID: "duplicate-id",
  VALUE_RANGE: "value-range",
  VALUE_RESOLUTION: "value-resolution",
  LIMIT_NOT_APPLICABLE: "limit-not-applicable",
  SECONDARY_NOT_INTERMITTENT: "secondary-not-intermittent",
  TITRATION_STEP_NOT_CONTINUOUS: "titration-step-not-continuous",
  FLUID_FIELDS: "fluid-fields",
  DOSE_UNIT_REQUIRED: "dose-unit-required",
  CONCENTRATION_REQUIRED: "concentration-required",
  CONCENTRATION_FIELDS: "concentration-fields",
  TEXT_LENGTH: "text-length",
  TEXT_ENCODING: "text-encoding",
  TEXT_CHARACTER: "text-character",
  TEXT_BLANK: "text-blank",
  NUMBER_NOT_EXACT: "number-not-exact",
  IMAGE_TOO_LARGE: "image-too-large",
  // Issue 11: patient bands and defaults.
  BAND_EMPTY: "band-empty",
  BAND_OVERLAP: "band-overlap",
  DEFAULT_OUTSIDE_HARD_LIMITS: "default-outside-hard-limits",
  DEFAULT_NOT_APPLICABLE: "default-not-applicable",
  // Issue 13: external codes.
  DUPLICATE_CODE: "duplicate-code",
} as const;

export type RuleId = (typeof Rule)[keyof typeof Rule];

/** Prefix of the rule id of a JSON Schema violation: "schema:" + the ajv keyword. */
export const SCHEMA_RULE_PREFIX = "schema:";
