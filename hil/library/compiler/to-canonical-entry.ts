// One authored entry → its canonical form: dosing unit and basis, care-area references,
// concentrations, and the limit blocks that apply to this kind of entry (REQ-LIB-014).
import {
  AmountUnit,
  DoseBasis,
  InfusionType,
  MAX_ADVISORY_BYTES,
  MAX_NAME_BYTES,
  TimeUnit,
} from "../../../firmware/abi/codes.ts";
import type { AuthorEntry, DoseBasisName, InfusionTypeName } from "./authoring.ts";
import {
  ALL_ENTRY_LIMIT_KEYS,
  ENTRY_LIMIT_KEYS,
  type CanonicalEntry,
  type EntryLimits,
  type TierValues,
} from "./canonical.ts";
import { toCanonicalDefaults, type DefaultKey, type DefaultsContext } from "./defaults.ts";
import { toCanonicalBand } from "./patient-band.ts";
import { bandRecord, defaultRecords, withRecords } from "./band-default-records.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { toInfusionOptions } from "./infusion-options.ts";
import { convertLimitBlock } from "./limit-block.ts";
import { Rule } from "./rules.ts";
import { checkText } from "./text.ts";
import { toCanonicalConcentration } from "./to-canonical-concentration.ts";
import { toCumulativeRecord } from "./cumulative.ts";
import { toPcaRecords } from "./pca.ts";
import {
  AMOUNT_UNITS,
  amountKind,
  parseUnit,
  type AmountKind,
  type ParsedUnit,
  type UnitExpectation,
} from "./units.ts";

export const INFUSION_TYPES: Readonly<Record<InfusionTypeName, InfusionType>> = {
  continuous: InfusionType.CONTINUOUS,
  intermittent: InfusionType.INTERMITTENT,
  fluid: InfusionType.FLUID,
  pca: InfusionType.PCA,
};
export const DOSE_BASES: Readonly<Record<DoseBasisName, DoseBasis>> = {
  none: DoseBasis.NONE,
  weight: DoseBasis.WEIGHT,
  bsa: DoseBasis.BSA,
};

type LimitKey = (typeof ALL_ENTRY_LIMIT_KEYS)[number];
const DOSE_LIMITS: readonly LimitKey[] = [
  "dose",
  "bolusDose",
  "loadingDose",
  "doseAbsolute",
  "bolusDoseAbsolute",
  "loadingDoseAbsolute",
];

/** Why a limit block does not apply to this entry (REQ-LIB-014), or undefined when it does. */
function notApplicable(key: LimitKey, type: InfusionType, basis: DoseBasis): string | undefined {
  if (type === InfusionType.FLUID && DOSE_LIMITS.includes(key))
    return `a fluid has no dose, so ${key} limits are never checked; remove them`;
  if (key === "duration" && type !== InfusionType.INTERMITTENT)
    return "duration limits apply only to intermittent entries; remove them or make the entry intermittent";
  if (key === "doseAbsolute" && basis === DoseBasis.NONE)
    return 'an absolute dose cap applies only to weight- or BSA-based entries; use dose.hardMax for an entry with doseBasis "none"';
  if ((key === "bolusDoseAbsolute" || key === "loadingDoseAbsolute") && basis === DoseBasis.NONE) {
    return `an absolute ${key === "bolusDoseAbsolute" ? "bolus" : "loading"} dose cap applies only to weight- or BSA-based entries; use ${key === "bolusDoseAbsolute" ? "bolusDose" : "loadingDose"}.hardMax for an entry with doseBasis "none"`;
  }
  if (key === "bolusDuration" && type === InfusionType.FLUID)
    return "a fluid has no bolus, so bolusDuration limits are never checked; remove them";
  return undefined;
}

function expectation(key: LimitKey, kind: AmountKind | undefined, basis: DoseBasis): UnitExpectation {
  switch (key) {
    case "dose":
      return { dimension: "doseRate", kind, basis };
    case "doseAbsolute":
      return { dimension: "doseRate", kind, basis: DoseBasis.NONE };
    case "bolusDoseAbsolute":
    case "loadingDoseAbsolute":
      return { dimension: "dose", kind, basis: DoseBasis.NONE };
    case "bolusDuration":
      return { dimension: "duration" };
    case "bolusDose":
    case "loadingDose":
      return { dimension: "dose", kind, basis };
    case "rate":
    case "bolusRate":
      return { dimension: "rate" };
    case "vtbi":
      return { dimension: "volume" };
    case "duration":
      return { dimension: "duration" };
  }
}

/** The dosing unit, checked against the infusion type and dose basis; undefined for a fluid or on error. */
function checkDoseUnit(
  entry: AuthorEntry,
  path: string,
  type: InfusionType,
  basis: DoseBasis,
  errors: ErrorList,
): ParsedUnit | undefined {
  if (type === InfusionType.FLUID) {
    if (entry.doseUnit !== undefined)
      errors.add(pointer(path, "doseUnit"), Rule.FLUID_FIELDS, "a fluid has no dosing unit; remove doseUnit");
    if (basis !== DoseBasis.NONE)
      errors.add(
        pointer(path, "doseBasis"),
        Rule.FLUID_FIELDS,
        'a fluid is dosed by rate and volume only; set doseBasis to "none"',
      );
    if ((entry.concentrations ?? []).length > 0)
      errors.add(pointer(path, "concentrations"), Rule.FLUID_FIELDS, "a fluid has no concentrations; remove them");
    return undefined;
  }
  if (entry.doseUnit === undefined) {
    errors.add(
      pointer(path, "doseUnit"),
      Rule.DOSE_UNIT_REQUIRED,
      'a drug entry needs a dosing unit such as "mcg/kg/min"; add doseUnit',
    );
    return undefined;
  }
  const unit = parseUnit(entry.doseUnit);
  if (unit?.dimension !== "doseRate") {
    errors.add(
      pointer(path, "doseUnit"),
      Rule.UNIT_MISMATCH,
      `"${entry.doseUnit}" is not a dose rate AMOUNT[/kg|/m2]/(h|min)`,
    );
    return undefined;
  }
  if (unit.basis !== basis) {
    errors.add(
      pointer(path, "doseUnit"),
      Rule.UNIT_MISMATCH,
      `doseUnit "${entry.doseUnit}" does not match doseBasis "${entry.doseBasis}" (weight: AMOUNT/kg/TIME, bsa: AMOUNT/m2/TIME, none: AMOUNT/TIME); fix one of them`,
    );
  }
  return unit;
}

export function toCanonicalEntry(
  entry: AuthorEntry,
  path: string,
  careAreaIds: number[],
  errors: ErrorList,
): CanonicalEntry {
  const type = INFUSION_TYPES[entry.infusionType];
  const basis = DOSE_BASES[entry.doseBasis];
  // The generic name is not stored in the image, but lint and dry-run match drugs by it.
  checkText(entry.drug, MAX_NAME_BYTES, "the generic name", pointer(path, "drug"), errors);
  checkText(entry.displayName, MAX_NAME_BYTES, "the display name", pointer(path, "displayName"), errors);
  const options = toInfusionOptions(entry, path, type, errors);
  const doseUnit = checkDoseUnit(entry, path, type, basis, errors);
  const kind = doseUnit === undefined ? undefined : amountKind(doseUnit);

  const concentrations = type === InfusionType.FLUID ? [] : (entry.concentrations ?? []);
  if (type !== InfusionType.FLUID && concentrations.length === 0) {
    errors.add(
      pointer(path, "concentrations"),
      Rule.CONCENTRATION_REQUIRED,
      'a drug entry needs at least one concentration, e.g. { "amount": "400", "amountUnit": "mg", "volume": "250", "volumeUnit": "mL" }',
    );
  }
  const canonicalConcentrations = concentrations.map((c, i) =>
    toCanonicalConcentration(c, pointer(pointer(path, "concentrations"), i), kind, errors),
  );
  if (entry.advisory !== undefined)
    checkText(entry.advisory, MAX_ADVISORY_BYTES, "the advisory", pointer(path, "advisory"), errors, false);

  const limits = {} as EntryLimits;
  for (const key of ALL_ENTRY_LIMIT_KEYS) {
    const block = entry.limits?.[key];
    // The format-2 limits are left out when absent, so a library without them stays format 1.
    if (block === undefined && !(ENTRY_LIMIT_KEYS as readonly string[]).includes(key)) continue;
    const blockPath = pointer(pointer(path, "limits"), key);
    const reason = block === undefined ? undefined : notApplicable(key, type, basis);
    if (reason !== undefined) errors.add(blockPath, Rule.LIMIT_NOT_APPLICABLE, reason);
    limits[key] =
      reason === undefined ? convertLimitBlock(block, blockPath, expectation(key, kind, basis), errors) : {};
  }

  // Format-3 limit records of the entry's extension, ascending by kind (docs/library-image.md §10).
  const cumulativeRecord = toCumulativeRecord(entry.cumulative, path, type, kind, errors);
  // Issue 11: the band and the defaults (entry, then each concentration's own, which replace the
  // entry's value by value at the pump; each is checked against the hard limits it will meet).
  const defaultsContext = (key: DefaultKey): TierValues | undefined =>
    key === "dosePerAdmin" ? undefined : limits[key];
  const context: DefaultsContext = { type, basis, kind, limitsOf: defaultsContext };
  const defaults = toCanonicalDefaults(entry.defaults, pointer(path, "defaults"), context, errors);
  concentrations.forEach((c, i) => {
    const own = toCanonicalDefaults(
      c.defaults,
      pointer(pointer(pointer(path, "concentrations"), i), "defaults"),
      context,
      errors,
    );
    const concentration = canonicalConcentrations[i];
    if (own !== undefined && concentration !== undefined) {
      const records = withRecords(concentration.records, defaultRecords(own));
      if (records !== undefined) concentration.records = records;
    }
  });
  // Issue 15: PCA limits of the entry and of each concentration (which replace the entry's by kind).
  concentrations.forEach((c, i) => {
    const own = toPcaRecords(c.pca, pointer(pointer(path, "concentrations"), i), type, kind, basis, errors);
    const concentration = canonicalConcentrations[i];
    if (own.length > 0 && concentration !== undefined) {
      const records = withRecords(concentration.records, own);
      if (records !== undefined) concentration.records = records;
    }
  });
  const pcaRecords = toPcaRecords(entry.pca, path, type, kind, basis, errors);
  const patientBand = toCanonicalBand(entry.patientBand, pointer(path, "patientBand"), errors);
  const records = withRecords(undefined, [
    ...(cumulativeRecord === undefined ? [] : [cumulativeRecord]),
    ...pcaRecords,
    ...bandRecord(patientBand),
    ...defaultRecords(defaults),
  ]);

  return {
    ...(records === undefined ? {} : { records }),
    id: entry.id,
    name: entry.displayName,
    infusionType: type,
    doseBasis: basis,
    highAlert: entry.highAlert,
    ...options,
    careAreaIds,
    doseAmountUnit: doseUnit?.amount === undefined ? AmountUnit.NONE : AMOUNT_UNITS[doseUnit.amount].code,
    doseTimeUnit:
      doseUnit === undefined ? TimeUnit.NONE : doseUnit.time === "min" ? TimeUnit.PER_MINUTE : TimeUnit.PER_HOUR,
    advisory: entry.advisory ?? "",
    limits,
    concentrations: canonicalConcentrations,
  };
}
