// Patient bands and defaults as docs/engine.md (§5 check 12a, §7) and docs/abi.md (§5, the defaults
// block at 528) describe them, from the documents alone: the PATIENT_BAND record bounds the
// patient (inclusive), a bounded value that is absent is MISSING_VALUE, outside is
// OUTSIDE_PATIENT_BAND; the defaults block is the entry's DEFAULTS with the concentration's values
// in their place bit by bit, then DEFAULT_DOSE_PER_ADMIN (the concentration's record, else the
// entry's).

/** Record kinds of docs/library-image.md §10 this file reads (transcribed, not imported). */
export const KIND_DEFAULTS = 24;
export const KIND_DEFAULT_DOSE_PER_ADMIN = 25;
export const KIND_PATIENT_BAND = 28;

/** The shape of a record as the oracle's image reader gives it. */
export interface BandRecordLike {
  mask: number;
  values: readonly [bigint, bigint, bigint, bigint];
}
export type RecordsLike = ReadonlyMap<number, BandRecordLike>;

export type BandOutcome = "inside" | "missing" | "outside";

/** Weight first (mask bits 0, 1), then age (bits 2, 3); absent ends are unbounded. */
export function bandOutcome(entryRecords: RecordsLike, weightG?: bigint, ageDays?: bigint): BandOutcome {
  const band = entryRecords.get(KIND_PATIENT_BAND);
  if (band === undefined) return "inside";
  const pairs: [number, bigint | undefined][] = [
    [0, weightG],
    [2, ageDays],
  ];
  for (const [low, value] of pairs) {
    const bounded = (band.mask >> low) & 0b11;
    if (bounded === 0) continue;
    if (value === undefined) return "missing";
    if ((bounded & 1) !== 0 && value < band.values[low]) return "outside";
    if ((bounded & 2) !== 0 && value > band.values[low + 1]) return "outside";
  }
  return "inside";
}

/** [mask, dose, rate, duration, VTBI, dose per administration] of docs/abi.md §5. */
export function defaultsBlock(entryRecords: RecordsLike, concentrationRecords: RecordsLike): bigint[] {
  const block = [0n, 0n, 0n, 0n, 0n, 0n];
  const own = concentrationRecords.get(KIND_DEFAULTS);
  const inherited = entryRecords.get(KIND_DEFAULTS);
  for (let bit = 0; bit < 4; bit++) {
    const from = own !== undefined && (own.mask & (1 << bit)) !== 0 ? own : inherited;
    if (from === undefined || (from.mask & (1 << bit)) === 0) continue;
    block[0] |= 1n << BigInt(bit);
    block[1 + bit] = from.values[bit];
  }
  const perAdmin =
    concentrationRecords.get(KIND_DEFAULT_DOSE_PER_ADMIN) ?? entryRecords.get(KIND_DEFAULT_DOSE_PER_ADMIN);
  if (perAdmin !== undefined && (perAdmin.mask & 1) !== 0) {
    block[0] |= 1n << 4n;
    block[5] = perAdmin.values[0];
  }
  return block;
}
