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
import {
  CANONICAL_KEY,
  checkDefaultWithin,
  DEFAULT_KEYS,
  toCanonicalDefaults,
  type DefaultKey,
  type DefaultsContext,
} from "./defaults.ts";
import {
  entryRecordLimits,
  limitExpectation,
  limitNotApplicable,
  overrideRecords,
  type AnyLimitKey,
  type BlockContext,
} from "./record-limits.ts";
import { toCanonicalBand } from "./patient-band.ts";
import { bandRecord, defaultRecords, withRecords } from "./band-default-records.ts";
import { concentrationCodesRecords, entryCodesRecords } from "./external-codes.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { toInfusionOptions } from "./infusion-options.ts";
import { convertLimitBlock } from "./limit-block.ts";
import { Rule } from "./rules.ts";
import { advisoryRecord, type CanonicalLimitRecord } from "./canonical.ts";
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
    const reason = block === undefined ? undefined : limitNotApplicable(key, type, basis);
    if (reason !== undefined) errors.add(blockPath, Rule.LIMIT_NOT_APPLICABLE, reason);
    limits[key] =
      reason === undefined ? convertLimitBlock(block, blockPath, limitExpectation(key, kind, basis), errors) : {};
  }
  // Issue 11: the blocks that exist only as records (dose per administration, bolus and loading
  // dose rates, peripheral maximum concentration), and each concentration's own blocks and advisory.
  const blockContext: BlockContext = { type, basis, kind };
  const recordLimits = entryRecordLimits(entry.limits, pointer(path, "limits"), blockContext, errors);
  const entryBlock = (key: AnyLimitKey): TierValues | undefined =>
    key in limits ? limits[key as keyof EntryLimits] : recordLimits.tiers[key as keyof typeof recordLimits.tiers];
  const concentrationBlocks = concentrations.map((c, i) => {
    const at = pointer(pointer(path, "concentrations"), i);
    const own = overrideRecords(c.overrides, pointer(at, "overrides"), blockContext, errors);
    const records: CanonicalLimitRecord[] = [...own.records];
    if (c.advisory !== undefined) {
      const before = errors.count;
      checkText(c.advisory, MAX_ADVISORY_BYTES, "the concentration's advisory", pointer(at, "advisory"), errors, false);
      if (errors.count === before && c.advisory !== "") records.push(advisoryRecord(c.advisory));
    }
    const concentration = canonicalConcentrations[i];
    const merged = withRecords(concentration?.records, records);
    if (concentration !== undefined && merged !== undefined) concentration.records = merged;
    return own.tiers;
  });

  // Format-3 limit records of the entry's extension, ascending by kind (docs/library-image.md §10).
  const cumulativeRecord = toCumulativeRecord(entry.cumulative, path, type, kind, errors);
  // Issue 11: the band and the defaults (entry, then each concentration's own, which replace the
  // entry's value by value at the pump; each is checked against the hard limits it will meet).
  const context: DefaultsContext = { type, basis, kind, limitsOf: entryBlock };
  const defaults = toCanonicalDefaults(entry.defaults, pointer(path, "defaults"), context, errors);
  concentrations.forEach((c, i) => {
    // A concentration's default meets that concentration's own block when it has one (REQ-LIB-042).
    const overrides = concentrationBlocks[i];
    const effective = (key: DefaultKey): TierValues | undefined => overrides[key] ?? entryBlock(key);
    const own = toCanonicalDefaults(
      c.defaults,
      pointer(pointer(pointer(path, "concentrations"), i), "defaults"),
      { ...context, limitsOf: effective },
      errors,
    );
    // The entry's default stands for this concentration when it has none of its own, so it must
    // lie within this concentration's own block too.
    for (const key of DEFAULT_KEYS) {
      const value = defaults?.[CANONICAL_KEY[key]];
      const quantity = entry.defaults?.[key];
      if (value === undefined || quantity === undefined || c.defaults?.[key] !== undefined) continue;
      const block = overrides[key];
      if (block === undefined) continue;
      checkDefaultWithin(
        key,
        value,
        quantity,
        block,
        pointer(pointer(pointer(path, "defaults"), key), "value"),
        errors,
        ` of concentration ${i} (its own block, which replaces the entry's)`,
      );
    }
    const concentration = canonicalConcentrations[i];
    if (concentration !== undefined) {
      const records = withRecords(concentration.records, [
        ...defaultRecords(own),
        ...concentrationCodesRecords(c.codes),
      ]);
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
    ...recordLimits.records,
    ...(cumulativeRecord === undefined ? [] : [cumulativeRecord]),
    ...pcaRecords,
    ...bandRecord(patientBand),
    ...defaultRecords(defaults),
    ...entryCodesRecords(entry),
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
