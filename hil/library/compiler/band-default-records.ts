// Patient bands and defaults as format-3 limit records (docs/library-image.md §10): PATIENT_BAND
// (entry list; mask bit 0 min weight g, 1 max weight g, 2 min age days, 3 max age days), DEFAULTS
// (bit 0 dose, 1 rate, 2 duration, 3 VTBI) and DEFAULT_DOSE_PER_ADMIN (bit 0), each value in its
// slot and 0n where the bit is clear. A list stays strictly ascending by kind.
import { LimitKind } from "../../../firmware/abi/limit-kinds.ts";
import type { CanonicalDefaults, CanonicalLimitRecord, CanonicalPatientBand } from "./canonical.ts";

type Slots = [bigint | undefined, bigint | undefined, bigint | undefined, bigint | undefined];

function record(kind: LimitKind, slots: Slots): CanonicalLimitRecord | undefined {
  const mask = slots.reduce<number>((m, value, i) => (value === undefined ? m : m | (1 << i)), 0);
  if (mask === 0) return undefined;
  const values = slots.map((value) => value ?? 0n) as unknown as readonly [bigint, bigint, bigint, bigint];
  return { kind, mask, argument: 0, values };
}

export function bandRecord(band: CanonicalPatientBand | undefined): CanonicalLimitRecord[] {
  const made =
    band === undefined
      ? undefined
      : record(LimitKind.PATIENT_BAND, [band.minWeightG, band.maxWeightG, band.minAgeDays, band.maxAgeDays]);
  return made === undefined ? [] : [made];
}

export function defaultRecords(defaults: CanonicalDefaults | undefined): CanonicalLimitRecord[] {
  if (defaults === undefined) return [];
  return [
    record(LimitKind.DEFAULTS, [defaults.dose, defaults.rateUlPerHour, defaults.durationS, defaults.vtbiUl]),
    record(LimitKind.DEFAULT_DOSE_PER_ADMIN, [defaults.dosePerAdmin, undefined, undefined, undefined]),
  ].filter((r): r is CanonicalLimitRecord => r !== undefined);
}

/** `list` and `added` merged, ascending by kind; undefined when both are empty (no extension). */
export function withRecords(
  list: readonly CanonicalLimitRecord[] | undefined,
  added: readonly CanonicalLimitRecord[],
): CanonicalLimitRecord[] | undefined {
  const all = [...(list ?? []), ...added].sort((a, b) => a.kind - b.kind);
  return all.length === 0 ? undefined : all;
}

/** The band an entry's records hold (for the overlap rule), undefined without one. */
export function bandOf(records: readonly CanonicalLimitRecord[] | undefined): CanonicalPatientBand | undefined {
  const band = records?.find((r) => r.kind === LimitKind.PATIENT_BAND);
  if (band === undefined) return undefined;
  const out: CanonicalPatientBand = {};
  const at = (bit: number): bigint | undefined => ((band.mask & (1 << bit)) === 0 ? undefined : band.values[bit]);
  if (at(0) !== undefined) out.minWeightG = at(0);
  if (at(1) !== undefined) out.maxWeightG = at(1);
  if (at(2) !== undefined) out.minAgeDays = at(2);
  if (at(3) !== undefined) out.maxAgeDays = at(3);
  return out;
}
