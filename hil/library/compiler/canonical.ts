// The compiled form of a drug library: every value an integer in its canonical unit
// (docs/units.md). The compiler produces it from JSON; encode-image.ts turns it into the binary
// image (docs/library-image.md); test generators build it directly.
import type {
  AmountUnit,
  ConcentrationKind,
  DoseBasis,
  InfusionType,
  LibraryStatus,
  TimeUnit,
} from "../../../firmware/abi/codes.ts";
import { LimitKind } from "../../../firmware/abi/limit-kinds.ts";

/** Four optional tiers; present ones are ordered hardMin ≤ softMin ≤ softMax ≤ hardMax. */
export interface TierValues {
  hardMin?: bigint;
  softMin?: bigint;
  softMax?: bigint;
  hardMax?: bigint;
}

export interface CanonicalCareArea {
  /** 0 .. 63 */
  id: number;
  code: string;
  name: string;
  basicInfusionAllowed: boolean;
  maxRateUlPerHour?: bigint;
  maxVtbiUl?: bigint;
  weightG: TierValues;
  bsaM2X10000: TierValues;
  /** Present (true) only when the area asks for the weight twice; care-area flags bit 1. */
  weightConfirmation?: true;
}

/** An entry's patient band (PATIENT_BAND record, docs/library-image.md): inclusive, absent = unbounded. */
export interface CanonicalPatientBand {
  minWeightG?: bigint;
  maxWeightG?: bigint;
  minAgeDays?: bigint;
  maxAgeDays?: bigint;
}

/** Typical values (DEFAULTS, DEFAULT_DOSE_PER_ADMIN records), each in its canonical unit. */
export interface CanonicalDefaults {
  /** ABU per basis per hour. */
  dose?: bigint;
  rateUlPerHour?: bigint;
  durationS?: bigint;
  vtbiUl?: bigint;
  /** ABU per basis. */
  dosePerAdmin?: bigint;
}

/**
 * A format-3 limit record (docs/library-image.md §10). Lists are strictly ascending by kind; a
 * library with any record is written as image format 3.
 */
export interface CanonicalLimitRecord {
  kind: LimitKind;
  /** Bits 0–3: for a limit kind the tiers HMIN, SMIN, SMAX, HMAX; 0 for ADVISORY. */
  mask: number;
  /** u32; 0 unless the kind defines it (CUMULATIVE: the window in s). ADVISORY: set by the encoder. */
  argument: number;
  /** Value i belongs to mask bit i; an absent bit's value is 0n. ADVISORY: set by the encoder. */
  values: readonly [bigint, bigint, bigint, bigint];
  /** ADVISORY only: the text, stored in the string pool (value 0 its offset, argument its length). */
  text?: string;
  /**
   * ENTRY_CODES and CONCENTRATION_CODES only (issue 13): the codes, each stored in the string pool
   * (value i its offset, argument byte i its length, mask bits 0 … n − 1). Set by the encoder.
   */
  codes?: readonly string[];
}

/** A limit record of `kind` holding `tiers` (mask bit i ↔ HMIN, SMIN, SMAX, HMAX). */
export function tierRecord(kind: LimitKind, tiers: TierValues, argument = 0): CanonicalLimitRecord {
  const keys = ["hardMin", "softMin", "softMax", "hardMax"] as const;
  const mask = keys.reduce((m, key, i) => (tiers[key] === undefined ? m : m | (1 << i)), 0);
  const values = keys.map((key) => tiers[key] ?? 0n) as unknown as readonly [bigint, bigint, bigint, bigint];
  return { kind, mask, argument, values };
}

/** External codes as a limit record (kind ENTRY_CODES or CONCENTRATION_CODES); mask and slots are the encoder's. */
export function codesRecord(
  kind: LimitKind.ENTRY_CODES | LimitKind.CONCENTRATION_CODES,
  codes: readonly string[],
): CanonicalLimitRecord {
  return { kind, mask: (1 << codes.length) - 1, argument: 0, values: [0n, 0n, 0n, 0n], codes };
}

/** A concentration's advisory as a limit record (kind ADVISORY). */
export function advisoryRecord(text: string): CanonicalLimitRecord {
  return { kind: LimitKind.ADVISORY, mask: 0, argument: 0, values: [0n, 0n, 0n, 0n], text };
}

export interface CanonicalConcentration {
  kind: ConcentrationKind;
  /** Display only. */
  amountUnit: AmountUnit;
  /** 0n for a custom concentration. */
  amountAbu: bigint;
  /** 0n for a custom concentration. */
  volumeUl: bigint;
  /** ABU per mL; only a custom concentration has tiers (hardMin required). */
  limits: TierValues;
  /** Format 3: the concentration's limit records, ascending by kind; absent or empty: none. */
  records?: CanonicalLimitRecord[];
}

/** Entry limit blocks, keyed in the image's tier-mask order (EntryLimit). */
export interface EntryLimits {
  dose: TierValues;
  rate: TierValues;
  duration: TierValues;
  vtbi: TierValues;
  bolusDose: TierValues;
  bolusRate: TierValues;
  loadingDose: TierValues;
  /** Only hardMax may be set. */
  doseAbsolute: TierValues;
  // Image format 2 (docs/library-image.md §4); absent or empty in a library format 1 can hold.
  /** ABU, no basis: the bolus amount for any patient size. */
  bolusDoseAbsolute?: TierValues;
  /** s: how long a bolus or loading dose runs. */
  bolusDuration?: TierValues;
  /** ABU, no basis: the loading amount for any patient size. */
  loadingDoseAbsolute?: TierValues;
}

export const ENTRY_LIMIT_KEYS = [
  "dose",
  "rate",
  "duration",
  "vtbi",
  "bolusDose",
  "bolusRate",
  "loadingDose",
  "doseAbsolute",
] as const satisfies readonly (keyof EntryLimits)[];

/**
 * The format-2 limits, EntryLimit 8, 9, 10: the high nibbles of the BOLUS_DOSE, BOLUS_RATE and
 * LOADING_DOSE mask bytes (docs/library-image.md §4).
 */
export const FORMAT_2_LIMIT_KEYS = [
  "bolusDoseAbsolute",
  "bolusDuration",
  "loadingDoseAbsolute",
] as const satisfies readonly (keyof EntryLimits)[];
/** The mask byte whose high nibble holds each format-2 limit. */
export const FORMAT_2_LIMIT_BYTE: Readonly<Record<(typeof FORMAT_2_LIMIT_KEYS)[number], number>> = {
  bolusDoseAbsolute: 4,
  bolusDuration: 5,
  loadingDoseAbsolute: 6,
};
export const ALL_ENTRY_LIMIT_KEYS = [...ENTRY_LIMIT_KEYS, ...FORMAT_2_LIMIT_KEYS] as const;

export interface CanonicalEntry {
  id: number;
  /** Display name, tall-man lettering kept. */
  name: string;
  infusionType: InfusionType;
  doseBasis: DoseBasis;
  highAlert: boolean;
  /** May run as a secondary (piggyback) infusion; never on a continuous entry. Absent: false. */
  secondaryAllowed?: boolean;
  /**
   * Largest change of the running rate (equally the dose) in one titration, in percent of the
   * running value: 1 .. MAX_TITRATION_STEP_PERCENT, continuous entries only. Absent: no limit.
   */
  maxTitrationStepPercent?: number;
  /** Care-area ids (not codes). */
  careAreaIds: number[];
  doseAmountUnit: AmountUnit;
  doseTimeUnit: TimeUnit;
  /** "" when none. */
  advisory: string;
  limits: EntryLimits;
  /** Format 3: the entry's limit records (its extension), ascending by kind; absent or empty: none. */
  records?: CanonicalLimitRecord[];
  concentrations: CanonicalConcentration[];
}

export interface CanonicalLibrary {
  name: string;
  version: number;
  status: LibraryStatus;
  careAreas: CanonicalCareArea[];
  entries: CanonicalEntry[];
}
