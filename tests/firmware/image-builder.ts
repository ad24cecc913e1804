// Test-side writer of library images (docs/library-image.md), independent of the library compiler
// in hil/library: small hand-written specs in, image bytes with a correct body digest out.
import { createHash } from "node:crypto";
import {
  CARE_AREA_RECORD_SIZE, ENTRY_INDEX_RECORD_SIZE, ENTRY_LIMIT_COUNT, IMAGE_HEADER_SIZE, IMAGE_MAGIC,
} from "../../firmware/abi/codes.ts";

export interface Tiers {
  hmin?: bigint;
  smin?: bigint;
  smax?: bigint;
  hmax?: bigint;
}

export interface AreaSpec {
  id: number;
  name: string;
  flags?: number;
  maxRateUlPerHour?: bigint;
  maxVtbiUl?: bigint;
  weightG?: Tiers;
  bsaM2X10000?: Tiers;
}

export interface ConcentrationSpec {
  kind: 0 | 1;
  amountUnit?: number;
  volumeUl?: number;
  amountAbu?: bigint;
  limits?: Tiers;
}

/** Entry limit blocks in EntryLimit order. */
export type LimitName = "dose" | "rate" | "duration" | "vtbi" | "bolusDose" | "bolusRate" | "loadingDose" | "doseAbsolute";
export const LIMIT_ORDER: LimitName[] = ["dose", "rate", "duration", "vtbi", "bolusDose", "bolusRate", "loadingDose", "doseAbsolute"];

export interface EntrySpec {
  id: number;
  name: string;
  infusionType: number;
  doseBasis: number;
  flags?: number;
  areaIds: number[];
  doseAmountUnit?: number;
  doseTimeUnit?: number;
  advisory?: string;
  limits?: Partial<Record<LimitName, Tiers>>;
  concentrations: ConcentrationSpec[];
}

export interface LibrarySpec {
  name: string;
  version: number;
  status: number;
  areas: AreaSpec[];
  entries: EntrySpec[];
}

const TIER_KEYS = ["hmin", "smin", "smax", "hmax"] as const;

function tierMask(t: Tiers | undefined): number {
  let mask = 0;
  TIER_KEYS.forEach((k, bit) => {
    if (t?.[k] !== undefined) mask |= 1 << bit;
  });
  return mask;
}

function presentValues(t: Tiers | undefined): bigint[] {
  return TIER_KEYS.flatMap((k) => (t?.[k] === undefined ? [] : [t[k]!]));
}

class Writer {
  bytes: number[] = [];
  u8(v: number) { this.bytes.push(v & 0xff); }
  u16(v: number) { this.u8(v); this.u8(v >>> 8); }
  u32(v: number) { this.u16(v & 0xffff); this.u16(v >>> 16); }
  u64(v: bigint) { for (let i = 0n; i < 8n; i++) this.u8(Number((BigInt.asUintN(64, v) >> (8n * i)) & 0xffn)); }
  raw(b: Uint8Array) { for (const x of b) this.u8(x); }
}

/** Recomputes the body digest of an image in place (after a test mutates the body). */
export function rehash(image: Uint8Array): Uint8Array {
  const digest = createHash("sha256").update(image.subarray(IMAGE_HEADER_SIZE)).digest();
  image.set(digest, 64);
  return image;
}

export function buildImage(spec: LibrarySpec): Uint8Array {
  const enc = new TextEncoder();
  const pool: number[] = [];
  const addString = (s: string): [number, number] => {
    const b = enc.encode(s);
    const offset = pool.length;
    pool.push(...b);
    return [offset, b.length];
  };
  const areaNames = spec.areas.map((a) => addString(a.name));
  const entryStrings = spec.entries.map((e) => {
    const name = addString(e.name);
    const advisory: [number, number] = e.advisory ? addString(e.advisory) : [0, 0];
    return { name, advisory };
  });

  const body = new Writer();
  spec.areas.forEach((a, i) => {
    const caps = (a.maxRateUlPerHour !== undefined ? 1 : 0) | (a.maxVtbiUl !== undefined ? 2 : 0);
    body.u8(a.id);
    body.u8(a.flags ?? 0);
    body.u8(caps);
    body.u8(tierMask(a.weightG));
    body.u8(tierMask(a.bsaM2X10000));
    body.u8(0);
    body.u16(areaNames[i][1]);
    body.u32(areaNames[i][0]);
    body.u32(0);
    body.u64(a.maxRateUlPerHour ?? 0n);
    body.u64(a.maxVtbiUl ?? 0n);
    for (const k of TIER_KEYS) body.u64(a.weightG?.[k] ?? 0n);
    for (const k of TIER_KEYS) body.u64(a.bsaM2X10000?.[k] ?? 0n);
  });

  const records = spec.entries.map((e, i) => {
    const w = new Writer();
    const fluid = e.infusionType === 2;
    w.u32(e.id);
    w.u8(e.infusionType);
    w.u8(e.doseBasis);
    w.u8(e.flags ?? 0);
    w.u8(e.concentrations.length);
    w.u64(e.areaIds.reduce((m, id) => m | (1n << BigInt(id)), 0n));
    w.u8(e.doseAmountUnit ?? (fluid ? 0 : 2));
    w.u8(e.doseTimeUnit ?? (fluid ? 0 : 1));
    w.u16(0);
    w.u32(entryStrings[i].name[0]);
    w.u16(entryStrings[i].name[1]);
    w.u16(entryStrings[i].advisory[1]);
    w.u32(entryStrings[i].advisory[0]);
    for (const name of LIMIT_ORDER) w.u8(tierMask(e.limits?.[name]));
    for (const name of LIMIT_ORDER) for (const v of presentValues(e.limits?.[name])) w.u64(v);
    for (const c of e.concentrations) {
      w.u8(c.kind);
      w.u8(tierMask(c.limits));
      w.u8(c.amountUnit ?? 2);
      w.u8(0);
      w.u32(c.volumeUl ?? 0);
      w.u64(c.amountAbu ?? 0n);
      for (const v of presentValues(c.limits)) w.u64(v);
    }
    return w.bytes;
  });
  if (LIMIT_ORDER.length !== ENTRY_LIMIT_COUNT) throw new Error("LIMIT_ORDER out of step with codes.ts");

  let recordOffset = spec.areas.length * CARE_AREA_RECORD_SIZE + spec.entries.length * ENTRY_INDEX_RECORD_SIZE;
  spec.entries.forEach((e, i) => {
    body.u32(e.id);
    body.u32(recordOffset);
    recordOffset += records[i].length;
  });
  for (const r of records) body.bytes.push(...r);
  const stringPoolOffset = body.bytes.length;
  body.bytes.push(...pool);

  const header = new Writer();
  header.u32(IMAGE_MAGIC);
  header.u16(1);
  header.u16(IMAGE_HEADER_SIZE);
  header.u32(spec.version);
  header.u8(spec.status);
  header.u8(spec.areas.length);
  header.u16(0);
  header.u32(spec.entries.length);
  header.u32(body.bytes.length);
  header.u32(stringPoolOffset);
  header.u32(0);
  const name = new Uint8Array(32);
  name.set(enc.encode(spec.name));
  header.raw(name);
  header.raw(new Uint8Array(32));

  const image = new Uint8Array(IMAGE_HEADER_SIZE + body.bytes.length);
  image.set(header.bytes, 0);
  image.set(body.bytes, IMAGE_HEADER_SIZE);
  return rehash(image);
}

/** The worked example of docs/library-image.md §8 as a spec. */
export const TINY_SPEC: LibrarySpec = {
  name: "Tiny",
  version: 3,
  status: 2,
  areas: [{ id: 0, name: "ICU", maxRateUlPerHour: 500_000n }],
  entries: [
    {
      id: 7,
      name: "DOPamine",
      infusionType: 0,
      doseBasis: 1,
      flags: 1,
      areaIds: [0],
      doseAmountUnit: 3,
      doseTimeUnit: 2,
      limits: { dose: { smax: 1_200_000_000n, hmax: 1_500_000_000n } },
      concentrations: [{ kind: 0, amountUnit: 2, volumeUl: 250_000, amountAbu: 400_000_000_000n }],
    },
  ],
};
