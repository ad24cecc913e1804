// Default (typical) values of an entry or a concentration (issue 11 §4, docs/library-format.md
// §4.4): dose, rate, duration, VTBI and dose per administration, each in the unit of the limit it
// sits under. The pump returns them at drug selection and with every engine result so the
// clinician is offered the typical value. A default must lie within that quantity's hard limits:
// a typical value the pump would hard-stop is a library error, not a suggestion.
import { DoseBasis, InfusionType } from "../../../firmware/abi/codes.ts";
import type { AuthorDefaults } from "./authoring.ts";
import type { CanonicalDefaults, TierValues } from "./canonical.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { checkedUnit } from "./limit-block.ts";
import { convertValue, MAXIMA, type Maximum } from "./quantity.ts";
import { Rule } from "./rules.ts";
import type { AmountKind, UnitExpectation } from "./units.ts";

export type DefaultKey = keyof AuthorDefaults;
export const DEFAULT_KEYS: readonly DefaultKey[] = ["dose", "rate", "duration", "vtbi", "dosePerAdmin"];
export const CANONICAL_KEY: Readonly<Record<DefaultKey, keyof CanonicalDefaults>> = {
  dose: "dose",
  rate: "rateUlPerHour",
  duration: "durationS",
  vtbi: "vtbiUl",
  dosePerAdmin: "dosePerAdmin",
};

export interface DefaultsContext {
  type: InfusionType;
  basis: DoseBasis;
  kind: AmountKind | undefined;
  /** The hard limits each default must lie within (the entry's, or the concentration's own). */
  limitsOf(key: DefaultKey): TierValues | undefined;
}

function notApplicable(key: DefaultKey, type: InfusionType): string | undefined {
  if (type === InfusionType.FLUID && (key === "dose" || key === "dosePerAdmin"))
    return `a fluid has no dose, so a ${key} default is never offered; remove it`;
  if (key === "duration" && type !== InfusionType.INTERMITTENT)
    return "a duration default applies only to intermittent entries; remove it";
  if (key === "dosePerAdmin" && type !== InfusionType.INTERMITTENT)
    return "a dose per administration applies only to intermittent entries; remove it";
  return undefined;
}

function expectation(key: DefaultKey, context: DefaultsContext): { expect: UnitExpectation; max: Maximum } {
  switch (key) {
    case "dose":
      return { expect: { dimension: "doseRate", kind: context.kind, basis: context.basis }, max: MAXIMA.limit };
    case "dosePerAdmin":
      return { expect: { dimension: "dose", kind: context.kind, basis: context.basis }, max: MAXIMA.limit };
    case "rate":
      return { expect: { dimension: "rate" }, max: MAXIMA.rate };
    case "duration":
      return { expect: { dimension: "duration" }, max: MAXIMA.duration };
    case "vtbi":
      return { expect: { dimension: "volume" }, max: MAXIMA.volume };
  }
}

/**
 * A default `value` (authored as `quantity`) lies within the hard limits `limits` of its quantity,
 * else default-outside-hard-limits at `at`; `whose` names the block when it is not the entry's own
 * (a concentration's override, REQ-LIB-042).
 */
export function checkDefaultWithin(
  key: DefaultKey,
  value: bigint,
  quantity: { value: string; unit: string },
  limits: TierValues,
  at: string,
  errors: ErrorList,
  whose = "",
): void {
  const what = `${key === "dosePerAdmin" ? "the dose per administration" : key}${whose}`;
  if (limits.hardMin !== undefined && value < limits.hardMin)
    errors.add(
      at,
      Rule.DEFAULT_OUTSIDE_HARD_LIMITS,
      `the default ${quantity.value} ${quantity.unit} is below the hard min of ${what}; a default must be a value the pump accepts`,
    );
  else if (limits.hardMax !== undefined && value > limits.hardMax)
    errors.add(
      at,
      Rule.DEFAULT_OUTSIDE_HARD_LIMITS,
      `the default ${quantity.value} ${quantity.unit} is above the hard max of ${what}; a default must be a value the pump accepts`,
    );
}

/** The canonical defaults of `defaults` at `path`; undefined when absent or empty. */
export function toCanonicalDefaults(
  defaults: AuthorDefaults | undefined,
  path: string,
  context: DefaultsContext,
  errors: ErrorList,
): CanonicalDefaults | undefined {
  if (defaults === undefined) return undefined;
  const out: CanonicalDefaults = {};
  for (const key of DEFAULT_KEYS) {
    const quantity = defaults[key];
    if (quantity === undefined) continue;
    const at = pointer(path, key);
    const reason = notApplicable(key, context.type);
    if (reason !== undefined) {
      errors.add(at, Rule.DEFAULT_NOT_APPLICABLE, reason);
      continue;
    }
    const { expect, max } = expectation(key, context);
    const unit = checkedUnit(quantity.unit, pointer(at, "unit"), expect, errors);
    if (unit === undefined) continue;
    const value = convertValue(quantity.value, unit, pointer(at, "value"), errors, { max, positive: true });
    if (value === undefined) continue;
    checkDefaultWithin(key, value, quantity, context.limitsOf(key) ?? {}, pointer(at, "value"), errors);
    out[CANONICAL_KEY[key]] = value;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}
