// Format-3 limit records (docs/library-image.md §10), read with every rule of the format checked,
// transcribed from the document's kind table (not from the firmware's rule table).
//
// Record, 40 bytes: 0 kind | 1 mask | 2 reserved u16 | 4 argument u32 | 8 four u64 values
// Entry extension: 0 recordCount u16 (1..32) | 2 reserved 6 bytes | 8 records
import {
  Basis,
  InfusionKind,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
} from "./constants.ts";
import { ensure, type Reader } from "./image-reader.ts";
import type { StringRef } from "./image-entry.ts";

export const RECORD_BYTES = 40;
export const MAX_RECORDS = 32;
const MAX_AGE_DAYS = 54_750n;
const MAX_ADVISORY_BYTES = 1024;

export interface OracleRecord {
  kind: number;
  mask: number;
  argument: number;
  /** Value i belongs to mask bit i (0n when absent). */
  values: readonly [bigint, bigint, bigint, bigint];
}

/** Records by kind (at most one per kind per list). */
export type RecordList = ReadonlyMap<number, OracleRecord>;
export const NO_RECORDS: RecordList = new Map();

type ListName = "entry" | "concentration";

/** One row of the kind table: which lists, which mask bits, tiers or not, argument, value maxima. */
interface KindRule {
  lists: readonly ListName[];
  /** Mask bits the kind may set; "zero" for a mask that must be 0. */
  maskBits: number | "zero";
  tiered: boolean;
  argument: "zero" | "window" | "string" | "codes";
  /** Maximum of value slot 0..3. */
  maxima: readonly bigint[];
  drugOnly?: boolean;
  intermittentOnly?: boolean;
  basisOnly?: boolean;
  /** min ≤ max within the pairs (0, 1) and (2, 3). */
  pairs?: boolean;
  /** PCA entries only (issue 15). */
  pcaOnly?: boolean;
}

const four = (max: bigint): bigint[] => [max, max, max, max];
const override = (max: bigint, maskBits = 0xf): KindRule => ({
  lists: ["concentration"],
  maskBits,
  tiered: true,
  argument: "zero",
  maxima: four(max),
  drugOnly: true,
});

/** docs/library-image.md §10, the kind table. Kinds missing here are unknown (IMAGE_STRUCTURE). */
/** A PCA limit (issue 15): four tiers in either list, on PCA entries only. */
const pca = (max: bigint): KindRule => ({
  lists: ["entry", "concentration"],
  maskBits: 0xf,
  tiered: true,
  argument: "zero",
  maxima: four(max),
  pcaOnly: true,
});

export const KIND_RULES: ReadonlyMap<number, KindRule> = new Map<number, KindRule>([
  [1, override(MAX_LIMIT_VALUE)], // DOSE
  [2, override(MAX_RATE_UL_PER_HOUR)], // RATE
  [3, override(MAX_DURATION_S)], // DURATION
  [4, override(MAX_VOLUME_UL)], // VTBI
  [5, override(MAX_LIMIT_VALUE)], // BOLUS_DOSE
  [6, override(MAX_RATE_UL_PER_HOUR)], // BOLUS_RATE
  [7, override(MAX_LIMIT_VALUE)], // LOADING_DOSE
  [8, override(MAX_LIMIT_VALUE, 0x8)], // DOSE_ABSOLUTE: HMAX only
  [9, override(MAX_LIMIT_VALUE)], // BOLUS_DOSE_ABSOLUTE
  [10, override(MAX_DURATION_S)], // BOLUS_DURATION
  [11, override(MAX_LIMIT_VALUE)], // LOADING_DOSE_ABSOLUTE
  [12, pca(MAX_LIMIT_VALUE)], // PCA_DOSE, ABU per basis
  [13, pca(86_400n)], // PCA_LOCKOUT, s
  [14, pca(60n)], // PCA_MAX_DOSES_PER_HOUR
  [15, pca(MAX_LIMIT_VALUE)], // PCA_CLINICIAN_BOLUS, ABU per basis
  [22, pca(MAX_LIMIT_VALUE)], // PCA_WINDOW_MAX_1H, ABU
  [23, pca(MAX_LIMIT_VALUE)], // PCA_WINDOW_MAX_4H, ABU
  [
    16, // DOSE_PER_ADMIN
    {
      lists: ["entry", "concentration"],
      maskBits: 0xf,
      tiered: true,
      argument: "zero",
      maxima: four(MAX_LIMIT_VALUE),
      drugOnly: true,
      intermittentOnly: true,
    },
  ],
  [
    17, // DOSE_PER_ADMIN_ABSOLUTE
    {
      lists: ["entry", "concentration"],
      maskBits: 0xf,
      tiered: true,
      argument: "zero",
      maxima: four(MAX_LIMIT_VALUE),
      drugOnly: true,
      intermittentOnly: true,
      basisOnly: true,
    },
  ],
  [
    18, // BOLUS_DOSE_RATE
    {
      lists: ["entry", "concentration"],
      maskBits: 0xf,
      tiered: true,
      argument: "zero",
      maxima: four(MAX_LIMIT_VALUE),
      drugOnly: true,
    },
  ],
  [
    19, // LOADING_DOSE_RATE
    {
      lists: ["entry", "concentration"],
      maskBits: 0xf,
      tiered: true,
      argument: "zero",
      maxima: four(MAX_LIMIT_VALUE),
      drugOnly: true,
    },
  ],
  [
    20, // PERIPHERAL_MAX_CONCENTRATION
    {
      lists: ["entry", "concentration"],
      maskBits: 0x8,
      tiered: true,
      argument: "zero",
      maxima: four(MAX_LIMIT_VALUE),
      drugOnly: true,
    },
  ],
  [
    21, // CUMULATIVE (issue 11): entry list only, SMAX and/or HMAX, the window in s as the argument
    {
      lists: ["entry"],
      maskBits: 0xc,
      tiered: true,
      argument: "window",
      maxima: four(MAX_LIMIT_VALUE),
      drugOnly: true,
    },
  ],
  [
    24, // DEFAULTS: values, not tiers; bit 0 dose, 1 rate µL/h, 2 duration s, 3 VTBI µL
    {
      lists: ["entry", "concentration"],
      maskBits: 0xf,
      tiered: false,
      argument: "zero",
      maxima: [MAX_LIMIT_VALUE, MAX_RATE_UL_PER_HOUR, MAX_DURATION_S, MAX_VOLUME_UL],
    },
  ],
  [
    25, // DEFAULT_DOSE_PER_ADMIN: bit 0 only, ABU per basis; intermittent drug entries
    {
      lists: ["entry", "concentration"],
      maskBits: 0x1,
      tiered: false,
      argument: "zero",
      maxima: four(MAX_LIMIT_VALUE),
      drugOnly: true,
      intermittentOnly: true,
    },
  ],
  [
    28, // PATIENT_BAND: min/max weight g, min/max age days, min ≤ max
    {
      lists: ["entry"],
      maskBits: 0xf,
      tiered: false,
      argument: "zero",
      maxima: [MAX_WEIGHT_G, MAX_WEIGHT_G, MAX_AGE_DAYS, MAX_AGE_DAYS],
      pairs: true,
    },
  ],
  // Issue 13: 26 ENTRY_CODES (entry list), 27 CONCENTRATION_CODES (concentration list): 1 … 4 codes.
  [26, { lists: ["entry"], maskBits: 0xf, tiered: false, argument: "codes", maxima: [] }],
  [27, { lists: ["concentration"], maskBits: 0xf, tiered: false, argument: "codes", maxima: [] }],
  [30, { lists: ["concentration"], maskBits: "zero", tiered: false, argument: "string", maxima: [] }], // ADVISORY
]);
// Quantities other streams' kinds use (weight, age): kept here so their rows read like the table.
export const BAND_MAXIMA = [MAX_WEIGHT_G, MAX_WEIGHT_G, MAX_AGE_DAYS, MAX_AGE_DAYS] as const;

export interface EntryShape {
  infusionType: number;
  doseBasis: number;
}

/**
 * Reads `count` records at `offset` of list `list`; string references (ADVISORY) are appended to
 * `strings` in record order. Returns the records by kind.
 */
export function readRecords(
  body: Reader,
  offset: number,
  count: number,
  list: ListName,
  shape: EntryShape,
  strings: StringRef[],
  what: string,
): RecordList {
  const records = new Map<number, OracleRecord>();
  let previousKind = 0;
  for (let i = 0; i < count; i++) {
    const at = offset + i * RECORD_BYTES;
    const kind = body.u8(at);
    const where = `${what} record ${i} (kind ${kind})`;
    ensure(kind > previousKind, `${where} kinds not strictly ascending`);
    previousKind = kind;
    const rule = KIND_RULES.get(kind);
    ensure(rule !== undefined, `${where} unknown kind`);
    ensure(rule.lists.includes(list), `${where} not allowed in the ${list} list`);
    ensure(!rule.drugOnly || shape.infusionType !== InfusionKind.FLUID, `${where} on a fluid`);
    ensure(!rule.intermittentOnly || shape.infusionType === InfusionKind.INTERMITTENT, `${where} not intermittent`);
    ensure(!rule.basisOnly || shape.doseBasis !== Basis.NONE, `${where} needs a weight or BSA basis`);
    ensure(!rule.pcaOnly || shape.infusionType === InfusionKind.PCA, `${where} not a PCA entry`);
    const mask = body.u8(at + 1);
    body.requireZero(at + 2, 2, `${where} reserved 2`);
    const argument = body.u32(at + 4);
    const values = [0, 1, 2, 3].map((slot) => body.u64(at + 8 + 8 * slot)) as unknown as OracleRecord["values"];
    if (rule.argument === "codes") {
      // Mask bits 0 … n − 1, argument byte i = length of code i (1 … 32), value i = its pool offset.
      ensure([1, 3, 7, 15].includes(mask), `${where} codes mask not contiguous from bit 0`);
      for (let slot = 0; slot < 4; slot++) {
        const length = (argument >>> (8 * slot)) & 0xff;
        if (((mask >> slot) & 1) === 0) {
          ensure(length === 0 && values[slot] === 0n, `${where} absent code ${slot} not 0`);
          continue;
        }
        ensure(length >= 1 && length <= 32, `${where} code ${slot} length`);
        ensure(values[slot] <= 0xffffffffn, `${where} code ${slot} offset`);
        strings.push({ offset: Number(values[slot]), length, what: `${where} code ${slot}`, ascii: true });
      }
    } else if (rule.argument === "string") {
      ensure(mask === 0, `${where} advisory mask not 0`);
      ensure(argument >= 1 && argument <= MAX_ADVISORY_BYTES, `${where} advisory length`);
      ensure(values[1] === 0n && values[2] === 0n && values[3] === 0n, `${where} advisory values 1-3 not 0`);
      ensure(values[0] <= 0xffffffffn, `${where} advisory offset`);
      strings.push({ offset: Number(values[0]), length: argument, what: `${where} advisory` });
    } else {
      if (rule.argument === "window") {
        ensure(argument >= 60 && argument <= 86_400 && argument % 60 === 0, `${where} window`);
      } else {
        ensure(argument === 0, `${where} argument not 0`);
      }
      ensure(mask !== 0 && (mask & ~(rule.maskBits as number)) === 0, `${where} mask`);
      let previous = 0n;
      for (let slot = 0; slot < 4; slot++) {
        const value = values[slot];
        if (((mask >> slot) & 1) === 0) {
          ensure(value === 0n, `${where} absent value ${slot} not 0`);
          continue;
        }
        ensure(value <= rule.maxima[slot], `${where} value ${slot} above its maximum`);
        if (rule.tiered) {
          ensure(value >= previous, `${where} tiers out of order`);
          previous = value;
        }
      }
      if (rule.pairs) {
        ensure((mask & 3) !== 3 || values[0] <= values[1], `${where} pair 0-1 min above max`);
        ensure((mask & 12) !== 12 || values[2] <= values[3], `${where} pair 2-3 min above max`);
      }
    }
    records.set(kind, { kind, mask, argument, values });
  }
  return records;
}

/** The record of `kind` that applies: the concentration's, else the entry's (docs/library-image.md §10). */
export function effectiveRecord(entry: RecordList, concentration: RecordList, kind: number): OracleRecord | undefined {
  return concentration.get(kind) ?? entry.get(kind);
}

/** A record's values as tiers (HMIN, SMIN, SMAX, HMAX; undefined where the mask bit is clear). */
export function recordTiers(record: OracleRecord | undefined): readonly (bigint | undefined)[] {
  if (record === undefined) return [undefined, undefined, undefined, undefined];
  return record.values.map((v, slot) => ((record.mask >> slot) & 1 ? v : undefined));
}
