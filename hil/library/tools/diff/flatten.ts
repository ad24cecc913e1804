// One care area or entry → its reviewable fields in a fixed order, each with the text a reviewer
// reads ("25 mcg/kg/min") and, for limits, which way is looser and the exact canonical value, so
// the diff can say whether a change loosens or tightens (REQ-LC-012).
import type {
  AuthorCareArea,
  AuthorDefaults,
  AuthorEntry,
  AuthorLimitBlock,
  AuthorPatientBand,
  AuthorPcaLimits,
} from "../../compiler/authoring.ts";
import { parseDecimal } from "../../compiler/decimal.ts";
import { exactOf, type Exact } from "../lifecycle/exact-value.ts";
import { amountKind, parseUnit } from "../../compiler/units.ts";
import { OVERRIDE_KEYS } from "../../compiler/record-limits.ts";

/**
 * max: higher is looser; min: higher is tighter; permission: true is looser; safeguard: true is
 * tighter (weight confirmation); plain: no direction.
 */
export type FieldKind = "max" | "min" | "permission" | "safeguard" | "plain";

export interface FlatValue {
  text: string;
  kind: FieldKind;
  /** Canonical value, for max and min fields. */
  exact?: Exact;
  /** Values compare only within one class: dimension, amount kind and basis of the unit. */
  unitClass?: string;
  /**
   * A tier the entry's block has and a concentration's own block (issue 11 §2) does not: not in
   * force for that concentration, because its block replaces the entry's entirely.
   */
  replaced?: true;
}

export type Flat = Map<string, FlatValue>;

const TIERS = ["hardMin", "softMin", "softMax", "hardMax"] as const;
/** Every block of an entry's `limits` (and of a concentration's `overrides`), in kind order. */
const ENTRY_BLOCKS = OVERRIDE_KEYS;

function percentExact(text: string): Exact | undefined {
  const decimal = parseDecimal(text);
  return decimal === undefined ? undefined : { numerator: decimal.digits, denominator: 10n ** BigInt(decimal.scale) };
}

function unitClass(unitText: string): string | undefined {
  const unit = parseUnit(unitText);
  return unit === undefined ? undefined : `${unit.dimension}|${amountKind(unit) ?? ""}|${unit.basis ?? ""}`;
}

function limit(value: string, unit: string, kind: "max" | "min"): FlatValue {
  return { text: `${value} ${unit}`, kind, exact: exactOf(value, unit), unitClass: unitClass(unit) };
}

function plain(flat: Flat, field: string, value: string | number | boolean | undefined): void {
  if (value !== undefined) flat.set(field, { text: String(value), kind: "plain" });
}

function permission(flat: Flat, field: string, value: boolean | undefined): void {
  flat.set(field, { text: value === true ? "yes" : "no", kind: "permission" });
}

function block(flat: Flat, prefix: string, b: AuthorLimitBlock | undefined): void {
  if (b === undefined) return;
  for (const tier of TIERS) {
    const value = b[tier];
    if (value !== undefined) flat.set(`${prefix}.${tier}`, limit(value, b.unit, tier.endsWith("Max") ? "max" : "min"));
  }
}

/**
 * A concentration's own block (issue 11 §2): its tiers, and each tier of the entry's block it
 * drops marked `replaced` (no longer in force for that concentration).
 */
function ownBlock(
  flat: Flat,
  prefix: string,
  own: AuthorLimitBlock | undefined,
  entry: AuthorLimitBlock | undefined,
): void {
  if (own === undefined) return;
  for (const tier of TIERS) {
    const value = own[tier];
    if (value !== undefined)
      flat.set(`${prefix}.${tier}`, limit(value, own.unit, tier.endsWith("Max") ? "max" : "min"));
    if (value !== undefined || entry?.[tier] === undefined) continue;
    flat.set(`${prefix}.${tier}`, {
      text: "none (the entry's block is replaced)",
      kind: tier.endsWith("Max") ? "max" : "min",
      replaced: true,
    });
  }
}

export function flattenArea(area: AuthorCareArea): Flat {
  const flat: Flat = new Map();
  plain(flat, "code", area.code);
  plain(flat, "name", area.name);
  permission(flat, "basicInfusionAllowed", area.basicInfusionAllowed);
  if (area.maxRate !== undefined) flat.set("maxRate", limit(area.maxRate.value, area.maxRate.unit, "max"));
  if (area.maxVtbi !== undefined) flat.set("maxVtbi", limit(area.maxVtbi.value, area.maxVtbi.unit, "max"));
  block(flat, "weight", area.weight);
  block(flat, "bsa", area.bsa);
  if (area.weightConfirmation !== undefined)
    flat.set("weightConfirmation", { text: area.weightConfirmation ? "yes" : "no", kind: "safeguard" });
  return flat;
}

export function flattenEntry(entry: AuthorEntry): Flat {
  const flat: Flat = new Map();
  plain(flat, "drug", entry.drug);
  plain(flat, "displayName", entry.displayName);
  plain(flat, "highAlert", entry.highAlert ? "yes" : "no");
  plain(flat, "infusionType", entry.infusionType);
  permission(flat, "secondaryAllowed", entry.secondaryAllowed);
  if (entry.maxTitrationStepPercent !== undefined) {
    const step = entry.maxTitrationStepPercent;
    flat.set("maxTitrationStepPercent", {
      text: `${step} %`,
      kind: "max",
      exact: percentExact(step),
      unitClass: "percent",
    });
  }
  plain(flat, "doseBasis", entry.doseBasis);
  plain(flat, "doseUnit", entry.doseUnit);
  plain(flat, "careAreas", [...entry.careAreas].sort().join(", "));
  (entry.concentrations ?? []).forEach((c, k) => {
    const text =
      c.custom === true
        ? `custom (${c.amountUnit})`
        : `${c.amount ?? "?"} ${c.amountUnit} / ${c.volume ?? "?"} ${c.volumeUnit ?? "mL"}`;
    plain(flat, `concentrations[${k}]`, text);
    block(flat, `concentrations[${k}].limits`, c.limits);
    for (const key of ENTRY_BLOCKS)
      ownBlock(flat, `concentrations[${k}].overrides.${key}`, c.overrides?.[key], entry.limits?.[key]);
    plain(flat, `concentrations[${k}].advisory`, c.advisory);
    defaults(flat, `concentrations[${k}].defaults`, c.defaults);
    pca(flat, `concentrations[${k}].pca`, c.pca);
    plain(flat, `concentrations[${k}].codes`, c.codes?.join(", "));
  });
  // Issue 13: the codes an order may carry; a change decides which orders reach this entry.
  plain(flat, "codes", entry.codes?.join(", "));
  plain(flat, "advisory", entry.advisory);
  for (const key of ENTRY_BLOCKS) block(flat, `limits.${key}`, entry.limits?.[key]);
  const cumulative = entry.cumulative;
  if (cumulative !== undefined) {
    // The same maximum over a longer window is tighter: the window reads like a minimum.
    flat.set("cumulative.window", limit(cumulative.window.value, cumulative.window.unit, "min"));
    block(flat, "cumulative", { unit: cumulative.unit, softMax: cumulative.softMax, hardMax: cumulative.hardMax });
  }
  pca(flat, "pca", entry.pca);
  band(flat, entry.patientBand);
  defaults(flat, "defaults", entry.defaults);
  return flat;
}

/** Issue 15: the PCA blocks; each is a range the pump admits, so a higher max or lower min loosens. */
const PCA_BLOCKS = ["dose", "lockout", "maxDosesPerHour", "clinicianBolus", "windowMax1h", "windowMax4h"] as const;
function pca(flat: Flat, prefix: string, limits: AuthorPcaLimits | undefined): void {
  for (const key of PCA_BLOCKS) block(flat, `${prefix}.${key}`, limits?.[key]);
}

/** An age in days as an exact value ("years" are 365 days, docs/library-format.md). */
function ageExact(value: string, unit: string): Exact | undefined {
  const decimal = parseDecimal(value);
  const days = unit === "years" ? 365n : unit === "days" ? 1n : undefined;
  return decimal === undefined || days === undefined
    ? undefined
    : { numerator: decimal.digits * days, denominator: 10n ** BigInt(decimal.scale) };
}

/**
 * The patient band (issue 11 §3): a higher min or a lower max offers the entry to fewer patients
 * (tighter); a band added tightens, removed loosens.
 */
function band(flat: Flat, patientBand: AuthorPatientBand | undefined): void {
  const weight = patientBand?.weight;
  if (weight?.min !== undefined) flat.set("patientBand.weight.min", limit(weight.min, weight.unit, "min"));
  if (weight?.max !== undefined) flat.set("patientBand.weight.max", limit(weight.max, weight.unit, "max"));
  const age = patientBand?.age;
  for (const end of ["min", "max"] as const) {
    const value = age?.[end];
    if (age === undefined || value === undefined) continue;
    flat.set(`patientBand.age.${end}`, {
      text: `${value} ${age.unit}`,
      kind: end,
      exact: ageExact(value, age.unit),
      unitClass: "age",
    });
  }
}

/** Defaults (issue 11 §4): reviewable values with no looser or tighter direction. */
function defaults(flat: Flat, prefix: string, values: AuthorDefaults | undefined): void {
  for (const key of ["dose", "rate", "duration", "vtbi", "dosePerAdmin"] as const) {
    const quantity = values?.[key];
    if (quantity !== undefined) plain(flat, `${prefix}.${key}`, `${quantity.value} ${quantity.unit}`);
  }
}
