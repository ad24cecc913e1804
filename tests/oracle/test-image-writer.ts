// The one test-side image writer, written from docs/library-image.md (not the project's compiler,
// and importing nothing from firmware/ or hil/library/) so the oracle and the firmware can be
// tested against hand-specified images, including ones the compiler would refuse to write (a
// fluid with a dose limit, ids out of order, …). Layouts: see image.ts.
import { createHash } from "node:crypto";
import { HEADER_BYTES, INDEX_ROW_BYTES } from "./constants.ts";
import { HIGH_NIBBLE_LIMITS, LIMIT_ORDER, type LimitKey } from "./model.ts";

export interface SpecTiers {
  hmin?: bigint;
  smin?: bigint;
  smax?: bigint;
  hmax?: bigint;
}
export interface SpecArea {
  id: number;
  name: string;
  basic?: boolean;
  maxRateUlPerHour?: bigint;
  maxVtbiUl?: bigint;
  weightG?: SpecTiers;
  bsaM2X10000?: SpecTiers;
}
/** A format-3 limit record (docs/library-image.md §10), written as given (no rule applied). */
export interface SpecRecord {
  kind: number;
  mask: number;
  /** Default 0. */
  argument?: number;
  /** Four u64 values (default 0n each). */
  values?: readonly bigint[];
  /** ADVISORY: the text, placed in the pool here; value 0 := its offset and argument := its length. */
  text?: string;
  /** ENTRY_CODES / CONCENTRATION_CODES: the codes, placed in the pool here; value i := offset, argument byte i := length. */
  codes?: readonly string[];
  /** Bytes 2–3 (reserved), for negative tests; default 0. */
  reserved?: number;
}
export interface SpecConcentration {
  custom?: boolean;
  amountUnit?: number;
  amountAbu?: bigint;
  volumeUl?: bigint;
  limits?: SpecTiers;
  /** Format 3: the records after the concentration's limit values (count in byte 3). */
  records?: SpecRecord[];
}
export interface SpecEntry {
  id: number;
  name: string;
  /** 0 continuous, 1 intermittent, 2 fluid */
  type: number;
  /** 0 none, 1 weight, 2 BSA */
  basis: number;
  highAlert?: boolean;
  /** Flags bit 1. */
  secondaryAllowed?: boolean;
  /** u16 at offset 18; absent: 0 (no limit). */
  maxTitrationStepPercent?: number;
  areas: number[];
  amountUnit?: number;
  timeUnit?: number;
  advisory?: string;
  limits?: Partial<Record<LimitKey, SpecTiers>>;
  /** Format 3: the entry's extension records; present (even empty) sets flags bit 2 EXTENDED. */
  records?: SpecRecord[];
  concentrations?: SpecConcentration[];
}
export interface SpecLibrary {
  name: string;
  version: number;
  status: number;
  /** Header formatVersion; default: 3 with any records, else 2 with a format-2 limit, else 1. */
  formatVersion?: number;
  areas: SpecArea[];
  entries: SpecEntry[];
}

const utf8 = new TextEncoder();

class Bytes {
  readonly out: number[] = [];
  u8(v: number): this {
    this.out.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(Math.floor(v / 0x10000));
  }
  u64(v: bigint): this {
    return this.u32(Number(v & 0xffffffffn)).u32(Number(v >> 32n));
  }
  raw(bytes: Iterable<number>): this {
    for (const b of bytes) this.out.push(b);
    return this;
  }
}

const TIER_KEYS = ["hmin", "smin", "smax", "hmax"] as const;
const maskOf = (t: SpecTiers = {}): number => TIER_KEYS.reduce((m, k, i) => (t[k] === undefined ? m : m | (1 << i)), 0);
const presentValues = (t: SpecTiers = {}): bigint[] => TIER_KEYS.flatMap((k) => (t[k] === undefined ? [] : [t[k]!]));

/** Recomputes the body digest of an image in place (after a test has changed its bytes). */
export function rehash(image: Uint8Array): Uint8Array {
  image.set(createHash("sha256").update(image.subarray(HEADER_BYTES)).digest(), 64);
  return image;
}

export function writeTestImage(spec: SpecLibrary): Uint8Array {
  const pool = new Bytes();
  const place = (text: string): { offset: number; length: number } => {
    const encoded = utf8.encode(text);
    const offset = pool.out.length;
    pool.raw(encoded);
    return { offset, length: encoded.length };
  };
  const areas = new Bytes();
  for (const a of spec.areas) {
    const name = place(a.name);
    const capMask = (a.maxRateUlPerHour !== undefined ? 1 : 0) | (a.maxVtbiUl !== undefined ? 2 : 0);
    areas
      .u8(a.id)
      .u8(a.basic ? 1 : 0)
      .u8(capMask)
      .u8(maskOf(a.weightG))
      .u8(maskOf(a.bsaM2X10000))
      .u8(0);
    areas
      .u16(name.length)
      .u32(name.offset)
      .u32(0)
      .u64(a.maxRateUlPerHour ?? 0n)
      .u64(a.maxVtbiUl ?? 0n);
    for (const k of TIER_KEYS) areas.u64(a.weightG?.[k] ?? 0n);
    for (const k of TIER_KEYS) areas.u64(a.bsaM2X10000?.[k] ?? 0n);
  }
  const records = spec.entries.map((e) => entryRecord(e, place));
  const indexBytes = spec.entries.length * INDEX_ROW_BYTES;
  const body = new Bytes().raw(areas.out);
  let offset = areas.out.length + indexBytes;
  spec.entries.forEach((e, i) => {
    body.u32(e.id).u32(offset);
    offset += records[i].length;
  });
  for (const r of records) body.raw(r);
  const stringPoolOffset = body.out.length;
  body.raw(pool.out);
  const bodyBytes = Uint8Array.from(body.out);
  const name = utf8.encode(spec.name);
  // Format 2 exactly when an entry has a format-2 limit (docs/library-image.md §1, §4); 3 with records (§10).
  const format2 = spec.entries.some((e) => Object.values(HIGH_NIBBLE_LIMITS).some((k) => maskOf(e.limits?.[k]) !== 0));
  const format3 = spec.entries.some((e) => e.records !== undefined || (e.concentrations ?? []).some((c) => c.records));
  const header = new Bytes()
    .raw([0x44, 0x45, 0x52, 0x53])
    .u16(spec.formatVersion ?? (format3 ? 3 : format2 ? 2 : 1))
    .u16(HEADER_BYTES)
    .u32(spec.version)
    .u8(spec.status);
  header.u8(spec.areas.length).u16(0).u32(spec.entries.length).u32(bodyBytes.length).u32(stringPoolOffset).u32(0);
  header
    .raw(name)
    .raw(new Array(32 - name.length).fill(0))
    .raw(new Array(32).fill(0));
  return rehash(Uint8Array.from([...header.out, ...bodyBytes]));
}

function entryRecord(e: SpecEntry, place: (text: string) => { offset: number; length: number }): number[] {
  const name = place(e.name);
  const advisory = e.advisory ? place(e.advisory) : { offset: 0, length: 0 };
  const concentrations = e.concentrations ?? [];
  const areaMask = e.areas.reduce((m, id) => m | (1n << BigInt(id)), 0n);
  const flags = (e.highAlert ? 1 : 0) | (e.secondaryAllowed ? 2 : 0) | (e.records !== undefined ? 4 : 0);
  const r = new Bytes().u32(e.id).u8(e.type).u8(e.basis).u8(flags).u8(concentrations.length).u64(areaMask);
  r.u8(e.amountUnit ?? 0)
    .u8(e.timeUnit ?? 0)
    .u16(e.maxTitrationStepPercent ?? 0)
    .u32(name.offset)
    .u16(name.length)
    .u16(advisory.length)
    .u32(advisory.offset);
  // Byte i: LIMIT_ORDER[i] in the low nibble, a format-2 limit in the high nibble; values in bit order.
  const high = (i: number) => (HIGH_NIBBLE_LIMITS[i] === undefined ? undefined : e.limits?.[HIGH_NIBBLE_LIMITS[i]]);
  LIMIT_ORDER.forEach((key, i) => r.u8(maskOf(e.limits?.[key]) | (maskOf(high(i)) << 4)));
  LIMIT_ORDER.forEach((key, i) => {
    for (const v of presentValues(e.limits?.[key])) r.u64(v);
    for (const v of presentValues(high(i))) r.u64(v);
  });
  if (e.records !== undefined) {
    // Extension: recordCount u16, 6 reserved bytes, the records.
    r.u16(e.records.length).u16(0).u32(0);
    for (const record of e.records) writeRecord(r, record, place);
  }
  for (const c of concentrations) {
    r.u8(c.custom ? 1 : 0)
      .u8(maskOf(c.limits))
      .u8(c.amountUnit ?? 0)
      .u8(c.records?.length ?? 0)
      .u32(Number(c.volumeUl ?? 0n))
      .u64(c.amountAbu ?? 0n);
    for (const v of presentValues(c.limits)) r.u64(v);
    for (const record of c.records ?? []) writeRecord(r, record, place);
  }
  return r.out;
}

//  0 kind | 1 mask | 2 reserved u16 | 4 argument u32 | 8 four u64 values
function writeRecord(r: Bytes, record: SpecRecord, place: (text: string) => { offset: number; length: number }): void {
  const values = [0, 1, 2, 3].map((i) => record.values?.[i] ?? 0n);
  let argument = record.argument ?? 0;
  if (record.text !== undefined) {
    const text = place(record.text);
    values[0] = BigInt(text.offset);
    argument = record.argument ?? text.length;
  }
  if (record.codes !== undefined) {
    let lengths = 0;
    record.codes.forEach((code, i) => {
      const text = place(code);
      values[i] = BigInt(text.offset);
      lengths |= text.length << (8 * i);
    });
    argument = record.argument ?? lengths >>> 0;
  }
  r.u8(record.kind)
    .u8(record.mask)
    .u16(record.reserved ?? 0)
    .u32(argument);
  for (const v of values) r.u64(v);
}

/** The worked example of docs/library-image.md §8 as a spec. */
export const TINY_SPEC: SpecLibrary = {
  name: "Tiny",
  version: 3,
  status: 2,
  areas: [{ id: 0, name: "ICU", maxRateUlPerHour: 500_000n }],
  entries: [
    {
      id: 7,
      name: "DOPamine",
      type: 0,
      basis: 1,
      highAlert: true,
      areas: [0],
      amountUnit: 3,
      timeUnit: 2,
      limits: { dose: { smax: 1_200_000_000n, hmax: 1_500_000_000n } },
      concentrations: [{ amountUnit: 2, volumeUl: 250_000n, amountAbu: 400_000_000_000n }],
    },
  ],
};
