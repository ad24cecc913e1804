// An entry's patient band (issue 11 §3, docs/library-format.md §4.3): the weight and age range the
// entry is meant for, both ends inclusive. The pump offers and accepts the entry only for a
// patient inside it (docs/workflow.md §8.4, docs/engine.md §5). Two entries of one drug with
// bands in one care area must not overlap: the pump could not tell which to offer.
import { MAX_AGE_DAYS, MAX_WEIGHT_G } from "../../../firmware/abi/codes.ts";
import type { AuthorEntry, AuthorPatientBand } from "./authoring.ts";
import type { CanonicalPatientBand } from "./canonical.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { convertValue } from "./quantity.ts";
import { Rule } from "./rules.ts";
import { parseUnit, type ParsedUnit } from "./units.ts";

/** Age units: a day, and a year of exactly 365 days (so 150 years is MAX_AGE_DAYS). */
const AGE_UNITS: Readonly<Record<string, bigint>> = { days: 1n, years: 365n };
const MAX_AGE = { value: BigInt(MAX_AGE_DAYS), name: "MAX_AGE_DAYS" };
const MAX_WEIGHT = { value: BigInt(MAX_WEIGHT_G), name: "MAX_WEIGHT_G" };

function ageUnit(text: string): ParsedUnit | undefined {
  const factor = Object.hasOwn(AGE_UNITS, text) ? AGE_UNITS[text] : undefined;
  // "duration" only for the shape of ParsedUnit; messages name the canonical unit as days below.
  return factor === undefined ? undefined : { text, dimension: "duration", factor };
}

/** One range (weight in g, age in days); undefined ends are unbounded. */
function convertRange(
  range: { unit: string; min?: string; max?: string },
  path: string,
  unit: ParsedUnit | undefined,
  max: { value: bigint; name: string },
  errors: ErrorList,
): [bigint | undefined, bigint | undefined] {
  if (unit === undefined) {
    errors.add(pointer(path, "unit"), Rule.UNIT_MISMATCH, `unknown unit "${range.unit}"`);
    return [undefined, undefined];
  }
  const convert = (key: "min" | "max"): bigint | undefined =>
    range[key] === undefined ? undefined : convertValue(range[key], unit, pointer(path, key), errors, { max });
  const low = convert("min");
  const high = convert("max");
  if (range.min === undefined && range.max === undefined)
    errors.add(path, Rule.BAND_EMPTY, "a band range needs min, max or both; remove the range to leave it unbounded");
  if (low !== undefined && high !== undefined && low > high)
    errors.add(
      pointer(path, "max"),
      Rule.TIER_ORDER,
      `max ${range.max} is below min ${range.min}; a band needs min ≤ max`,
    );
  return [low, high];
}

/** The canonical band of `band` at `path`; undefined when absent. */
export function toCanonicalBand(
  band: AuthorPatientBand | undefined,
  path: string,
  errors: ErrorList,
): CanonicalPatientBand | undefined {
  if (band === undefined) return undefined;
  const out: CanonicalPatientBand = {};
  if (band.weight !== undefined) {
    const unit = parseUnit(band.weight.unit);
    const [min, max] = convertRange(
      band.weight,
      pointer(path, "weight"),
      unit?.dimension === "weight" ? unit : undefined,
      MAX_WEIGHT,
      errors,
    );
    if (min !== undefined) out.minWeightG = min;
    if (max !== undefined) out.maxWeightG = max;
  }
  if (band.age !== undefined) {
    const [min, max] = convertRange(band.age, pointer(path, "age"), ageUnit(band.age.unit), MAX_AGE, errors);
    if (min !== undefined) out.minAgeDays = min;
    if (max !== undefined) out.maxAgeDays = max;
  }
  if (band.weight === undefined && band.age === undefined)
    errors.add(path, Rule.BAND_EMPTY, "a patient band needs a weight or an age range; remove patientBand otherwise");
  return out;
}

/** [low, high] of one dimension, unbounded ends as 0 and the maximum. */
function span(low: bigint | undefined, high: bigint | undefined, max: bigint): [bigint, bigint] {
  return [low ?? 0n, high ?? max];
}

/** Two bands share a patient: their weight ranges and their age ranges both intersect. */
export function bandsOverlap(a: CanonicalPatientBand, b: CanonicalPatientBand): boolean {
  const intersect = ([aLow, aHigh]: [bigint, bigint], [bLow, bHigh]: [bigint, bigint]): boolean =>
    aLow <= bHigh && bLow <= aHigh;
  return (
    intersect(span(a.minWeightG, a.maxWeightG, MAX_WEIGHT.value), span(b.minWeightG, b.maxWeightG, MAX_WEIGHT.value)) &&
    intersect(span(a.minAgeDays, a.maxAgeDays, MAX_AGE.value), span(b.minAgeDays, b.maxAgeDays, MAX_AGE.value))
  );
}

export interface BandedEntry {
  entry: AuthorEntry;
  path: string;
  band: CanonicalPatientBand;
}

/**
 * Rule band-overlap: two entries of one drug (same generic name, compared without case) with
 * bands, offered in one care area, whose bands share a patient. Entries without a band are for
 * every patient and are not compared (an adult library keeps e.g. two norepinephrine entries in
 * different dosing units).
 */
export function checkBandOverlaps(banded: readonly BandedEntry[], errors: ErrorList): void {
  banded.forEach((a, i) => {
    for (const b of banded.slice(0, i)) {
      if (a.entry.drug.trim().toLowerCase() !== b.entry.drug.trim().toLowerCase()) continue;
      const shared = a.entry.careAreas.filter((code) => b.entry.careAreas.includes(code));
      if (shared.length === 0 || !bandsOverlap(a.band, b.band)) continue;
      errors.add(
        pointer(a.path, "patientBand"),
        Rule.BAND_OVERLAP,
        `the patient band of entry ${a.entry.id} overlaps that of entry ${b.entry.id} (both ${a.entry.drug}) in care area ${shared.join(", ")}; a patient in both could be given either: make the bands disjoint, e.g. max 39.999 kg and min 40 kg`,
      );
    }
  });
}
