// The engine's binding limit in the words of the library: "DOSE hard max 40 units/kg/h". The
// engine reports the parameter, tier and limit in canonical units; the limit is converted back,
// exactly, into the unit the library wrote it in (docs/units.md).
import { Param, Tier } from "../../../../firmware/abi/codes.ts";
import type { AuthorCareArea, AuthorEntry, AuthorEntryLimits } from "../../compiler/authoring.ts";
import { describeQuotient } from "../../compiler/decimal.ts";
import { parseUnit } from "../../compiler/units.ts";

export const PARAM_NAMES: readonly string[] = Object.keys(Param).filter((k) => Number.isNaN(Number(k)));

const TIER_TEXT: Readonly<Record<number, string>> = {
  [Tier.HARD_MIN]: "hard min",
  [Tier.SOFT_MIN]: "soft min",
  [Tier.SOFT_MAX]: "soft max",
  [Tier.HARD_MAX]: "hard max",
};

/** The unit the library wrote the limit of `param` in. */
function authoredUnit(param: Param, entry: AuthorEntry, area: AuthorCareArea, concentration: number): string {
  const limits = entry.limits ?? {};
  const effective = (name: keyof AuthorEntryLimits): string | undefined =>
    entry.concentrations?.[concentration]?.overrides?.[name]?.unit ?? limits[name]?.unit;
  switch (param) {
    case Param.WEIGHT:
      return area.weight?.unit ?? "kg";
    case Param.BSA:
      return area.bsa?.unit ?? "m2";
    case Param.CONCENTRATION:
      return entry.concentrations?.[concentration]?.limits?.unit ?? "mg/mL";
    case Param.DOSE:
      return limits.dose?.unit ?? entry.doseUnit ?? "";
    case Param.DOSE_ABSOLUTE:
      return limits.doseAbsolute?.unit ?? "";
    case Param.RATE:
    case Param.AREA_MAX_RATE:
    case Param.BOLUS_RATE:
      return "mL/h";
    case Param.VTBI:
    case Param.AREA_MAX_VTBI:
      return "mL";
    case Param.DURATION:
      return limits.duration?.unit ?? "min";
    case Param.BOLUS_DOSE:
      return limits.bolusDose?.unit ?? "";
    case Param.LOADING_DOSE:
      return limits.loadingDose?.unit ?? "";
    // The per-dose cap when the entry has one, else the hourly cap the dose counted against.
    case Param.BOLUS_DOSE_ABSOLUTE:
      return limits.bolusDoseAbsolute?.unit ?? limits.doseAbsolute?.unit ?? "";
    case Param.LOADING_DOSE_ABSOLUTE:
      return limits.loadingDoseAbsolute?.unit ?? limits.doseAbsolute?.unit ?? "";
    // ABI 7 parameters (issue 11): the effective block, the concentration's own when it has one.
    case Param.DOSE_PER_ADMIN:
      return effective("dosePerAdmin") ?? "";
    case Param.DOSE_PER_ADMIN_ABSOLUTE:
      return effective("dosePerAdminAbsolute") ?? "";
    case Param.BOLUS_DOSE_RATE:
      return effective("bolusDoseRate") ?? "";
    case Param.LOADING_DOSE_RATE:
      return effective("loadingDoseRate") ?? "";
    case Param.PERIPHERAL_CONCENTRATION:
      return effective("peripheralMaxConcentration") ?? "";
    case Param.CUMULATIVE:
      return entry.cumulative?.unit ?? "";
    // Issue 15 (PCA): the dose and clinician bolus in the PCA block's units; dry-run orders carry no PCA settings.
    case Param.PCA_DOSE:
      return entry.pca?.dose?.unit ?? "";
    case Param.PCA_CLINICIAN_BOLUS:
      return entry.pca?.clinicianBolus?.unit ?? "";
    case Param.PCA_LOCKOUT:
      return entry.pca?.lockout?.unit ?? "min";
    case Param.PCA_MAX_DOSES_PER_HOUR:
      return "doses";
    case Param.PCA_WINDOW_MAX:
    case Param.PCA_BASAL_IN_WINDOW:
      return entry.pca?.windowMax1h?.unit ?? entry.pca?.windowMax4h?.unit ?? "";
  }
}

export interface Binding {
  param: string;
  tier: string;
  /** e.g. "40 units/kg/h" */
  limit: string;
  /** The limit in the parameter's canonical unit (decimal text of the integer), e.g. "40000". */
  limitCanonical: string;
  /** For DERIVED_OUT_OF_RANGE: the delivered rate the engine derived, e.g. "12000 mL/h". */
  derivedRate?: string;
}

/** The unit's dimension and basis, so an expected limit compares only with a limit of its kind. */
export function unitKey(unitText: string): string | undefined {
  const unit = parseUnit(unitText);
  return unit === undefined ? undefined : `${unit.dimension}${unit.basis ?? ""}`;
}

/** Binding tier names as the report writes them. */
export function tierText(tier: number): string {
  return TIER_TEXT[tier] ?? `tier ${tier}`;
}

export function describeBinding(
  param: number,
  tier: number,
  limitValue: bigint,
  entry: AuthorEntry,
  area: AuthorCareArea,
  concentration: number,
): Binding {
  const unitText = authoredUnit(param as Param, entry, area, concentration);
  const unit = parseUnit(unitText);
  const limit =
    unit === undefined ? `${limitValue} (canonical units)` : `${describeQuotient(limitValue, unit.factor)} ${unitText}`;
  return { param: Param[param] ?? String(param), tier: tierText(tier), limit, limitCanonical: limitValue.toString() };
}

/** The unit key of the unit the library wrote the limit of `param` in (see unitKey). */
export function bindingUnitKey(
  param: number,
  entry: AuthorEntry,
  area: AuthorCareArea,
  concentration: number,
): string | undefined {
  return unitKey(authoredUnit(param as Param, entry, area, concentration));
}
