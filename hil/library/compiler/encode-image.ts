// CanonicalLibrary → binary library image, format version 1, 2 or 3 (docs/library-image.md).
//
//   +----------------------+ 0     header, 96 bytes: magic, versions, counts, sizes, name, SHA-256(body)
//   | header               |
//   +----------------------+ 96    body offset 0
//   | care-area table      |       96 bytes per area, ascending id
//   | entry index          |       8 bytes per entry: entryId, recordOffset
//   | entry records        |       40 + 8k bytes [+ extension 8 + 40n] + concentrations (16 + 8k
//   |                      |       [+ 40n] each); flags byte 6 (bit 0 high-alert, bit 1 secondary
//   |                      |       allowed, bit 2 extended), u16 step % at 18
//   | string pool          |       area names, then per entry: display name, advisory, its
//   |                      |       concentrations' advisories in concentration order
//   +----------------------+ 96 + bodySize
//
// Deterministic: areas and entries are sorted by id, concentrations keep their authored order
// (a request selects one by index), and nothing depends on time or environment.
import { createHash } from "node:crypto";
import {
  ENTRY_FLAG_EXTENDED,
  ENTRY_FLAG_HIGH_ALERT,
  ENTRY_FLAG_SECONDARY_ALLOWED,
} from "../../../firmware/abi/entry-flags.ts";
import { LimitKind } from "../../../firmware/abi/limit-kinds.ts";
import {
  AREA_FLAG_BASIC_INFUSION,
  AREA_FLAG_WEIGHT_CONFIRMATION,
  IMAGE_FORMAT_WEIGHT_CONFIRMATION,
} from "../../../firmware/abi/care-area-flags.ts";
import {
  CARE_AREA_RECORD_SIZE,
  CONCENTRATION_RECORD_FIXED_SIZE,
  ENTRY_INDEX_RECORD_SIZE,
  ENTRY_EXTENSION_HEADER_SIZE,
  ENTRY_RECORD_FIXED_SIZE,
  IMAGE_FORMAT_VERSION_MIN,
  IMAGE_FORMAT_VERSION_RECORDS,
  LIMIT_RECORD_SIZE,
  IMAGE_HEADER_SIZE,
  IMAGE_MAGIC,
  TIER_BIT_HARD_MAX,
  TIER_BIT_HARD_MIN,
  TIER_BIT_SOFT_MAX,
  TIER_BIT_SOFT_MIN,
} from "../../../firmware/abi/codes.ts";
import { TIER_KEYS } from "./authoring.ts";
import { ByteWriter } from "./byte-writer.ts";
import {
  ENTRY_LIMIT_KEYS,
  FORMAT_2_LIMIT_BYTE,
  FORMAT_2_LIMIT_KEYS,
  type CanonicalCareArea,
  type CanonicalEntry,
  type CanonicalLibrary,
  type CanonicalLimitRecord,
  type TierValues,
} from "./canonical.ts";
import { canonicalProblems } from "./canonical-check.ts";

const TIER_BITS = [TIER_BIT_HARD_MIN, TIER_BIT_SOFT_MIN, TIER_BIT_SOFT_MAX, TIER_BIT_HARD_MAX];
const utf8 = new TextEncoder();
// Entry flags bits and the "no limit" step value (docs/library-image.md §4).
const NO_TITRATION_STEP_LIMIT = 0;

function tierMask(tiers: TierValues): number {
  return TIER_KEYS.reduce((mask, key, i) => (tiers[key] === undefined ? mask : mask | TIER_BITS[i]), 0);
}

/** Present tier values in HMIN, SMIN, SMAX, HMAX order. */
function tierValues(tiers: TierValues): bigint[] {
  return TIER_KEYS.flatMap((key) => (tiers[key] === undefined ? [] : [tiers[key] as bigint]));
}

/**
 * The entry's limit blocks in tier-mask-word bit order (docs/library-image.md §4): byte b's low
 * nibble is ENTRY_LIMIT_KEYS[b], the high nibbles of bytes 4, 5, 6 the format-2 limits.
 */
function maskWordBlocks(entry: CanonicalEntry): TierValues[] {
  const blocks: TierValues[] = [];
  ENTRY_LIMIT_KEYS.forEach((key, byte) => {
    blocks.push(entry.limits[key]);
    const high = FORMAT_2_LIMIT_KEYS.find((k) => FORMAT_2_LIMIT_BYTE[k] === byte);
    blocks.push(high === undefined ? {} : (entry.limits[high] ?? {}));
  });
  return blocks;
}

const FORMAT_2 = 2;

/** The entry uses a format-3 feature: limit records in its extension or on a concentration. */
export function usesFormat3(entry: CanonicalEntry): boolean {
  return (entry.records ?? []).length > 0 || entry.concentrations.some((c) => (c.records ?? []).length > 0);
}

/**
 * The lowest format that holds the library, so older libraries keep their bytes: 3 with any limit
 * record, else 2 with any format-2 limit, else 1 (docs/library-image.md §4, §10).
 */
function formatVersionOf(entries: readonly CanonicalEntry[]): number {
  if (entries.some(usesFormat3)) return IMAGE_FORMAT_VERSION_RECORDS;
  const usesFormat2 = entries.some((e) => FORMAT_2_LIMIT_KEYS.some((key) => tierMask(e.limits[key] ?? {}) !== 0));
  return usesFormat2 ? FORMAT_2 : IMAGE_FORMAT_VERSION_MIN;
}

/** Format 3 when a care area asks for weight confirmation (a flag formats 1 and 2 do not have). */
function areaFormatVersionOf(areas: readonly CanonicalCareArea[]): number {
  return areas.some((a) => a.weightConfirmation === true) ? IMAGE_FORMAT_WEIGHT_CONFIRMATION : IMAGE_FORMAT_VERSION_MIN;
}

function recordSize(entry: CanonicalEntry): number {
  const limitValues = maskWordBlocks(entry).reduce((n, block) => n + tierValues(block).length, 0);
  const entryRecords = (entry.records ?? []).length;
  const extension = entryRecords === 0 ? 0 : ENTRY_EXTENSION_HEADER_SIZE + LIMIT_RECORD_SIZE * entryRecords;
  const concentrations = entry.concentrations.reduce(
    (n, c) =>
      n +
      CONCENTRATION_RECORD_FIXED_SIZE +
      8 * tierValues(c.limits).length +
      LIMIT_RECORD_SIZE * (c.records ?? []).length,
    0,
  );
  return ENTRY_RECORD_FIXED_SIZE + 8 * limitValues + extension + concentrations;
}

/** The string pool in its documented order, with each string's pool offset. */
class StringPool {
  readonly writer = new ByteWriter();

  /** Appends `text`; returns its offset and byte length. */
  add(text: string): { offset: number; length: number } {
    const bytes = utf8.encode(text);
    const offset = this.writer.length;
    this.writer.raw(bytes);
    return { offset, length: bytes.length };
  }
}

function writeTiers(out: ByteWriter, tiers: TierValues): void {
  for (const value of tierValues(tiers)) out.u64(value);
}

function writeCareArea(out: ByteWriter, area: CanonicalCareArea, pool: StringPool): void {
  const name = pool.add(area.name);
  out.u8(area.id);
  out.u8(
    (area.basicInfusionAllowed ? AREA_FLAG_BASIC_INFUSION : 0) |
      (area.weightConfirmation === true ? AREA_FLAG_WEIGHT_CONFIRMATION : 0),
  );
  out.u8((area.maxRateUlPerHour === undefined ? 0 : 1) | (area.maxVtbiUl === undefined ? 0 : 2));
  out.u8(tierMask(area.weightG));
  out.u8(tierMask(area.bsaM2X10000));
  out.zeros(1);
  out.u16(name.length);
  out.u32(name.offset);
  out.zeros(4);
  out.u64(area.maxRateUlPerHour ?? 0n);
  out.u64(area.maxVtbiUl ?? 0n);
  // Fixed four slots per block here (absent tier: 0), unlike entry records which pack set bits.
  for (const block of [area.weightG, area.bsaM2X10000]) for (const key of TIER_KEYS) out.u64(block[key] ?? 0n);
}

/** One 40-byte limit record; an ADVISORY's text goes to the pool here, so pool order follows record order. */
function writeLimitRecord(out: ByteWriter, record: CanonicalLimitRecord, pool: StringPool): void {
  let argument = record.argument;
  let values = record.values;
  if (record.kind === LimitKind.ADVISORY) {
    const text = pool.add(record.text ?? "");
    argument = text.length;
    values = [BigInt(text.offset), 0n, 0n, 0n];
  }
  if (record.codes !== undefined) {
    // Issue 13: each code is the pool's next string; argument byte i its length, value i its offset.
    const slots = [0n, 0n, 0n, 0n];
    argument = 0;
    record.codes.forEach((code, i) => {
      const text = pool.add(code);
      argument |= text.length << (8 * i);
      slots[i] = BigInt(text.offset);
    });
    argument >>>= 0;
    values = slots as unknown as readonly [bigint, bigint, bigint, bigint];
  }
  out.u8(record.kind);
  out.u8(record.mask);
  out.zeros(2);
  out.u32(argument);
  for (const value of values) out.u64(value);
}

function writeEntry(out: ByteWriter, entry: CanonicalEntry, pool: StringPool): void {
  const name = pool.add(entry.name);
  const advisory = entry.advisory === "" ? { offset: 0, length: 0 } : pool.add(entry.advisory);
  const records = entry.records ?? [];
  out.u32(entry.id);
  out.u8(entry.infusionType);
  out.u8(entry.doseBasis);
  out.u8(
    (entry.highAlert ? ENTRY_FLAG_HIGH_ALERT : 0) |
      (entry.secondaryAllowed === true ? ENTRY_FLAG_SECONDARY_ALLOWED : 0) |
      (records.length > 0 ? ENTRY_FLAG_EXTENDED : 0),
  );
  out.u8(entry.concentrations.length);
  out.u64(entry.careAreaIds.reduce((mask, id) => mask | (1n << BigInt(id)), 0n));
  out.u8(entry.doseAmountUnit);
  out.u8(entry.doseTimeUnit);
  out.u16(entry.maxTitrationStepPercent ?? NO_TITRATION_STEP_LIMIT);
  out.u32(name.offset);
  out.u16(name.length);
  out.u16(advisory.length);
  out.u32(advisory.offset);
  const blocks = maskWordBlocks(entry);
  for (let byte = 0; byte < blocks.length; byte += 2)
    out.u8(tierMask(blocks[byte]) | (tierMask(blocks[byte + 1]) << 4));
  for (const block of blocks) writeTiers(out, block);
  if (records.length > 0) {
    out.u16(records.length);
    out.zeros(ENTRY_EXTENSION_HEADER_SIZE - 2);
    for (const record of records) writeLimitRecord(out, record, pool);
  }
  for (const c of entry.concentrations) {
    const concentrationRecords = c.records ?? [];
    out.u8(c.kind);
    out.u8(tierMask(c.limits));
    out.u8(c.amountUnit);
    out.u8(concentrationRecords.length); // reserved 0 in formats 1 and 2, the record count in 3
    out.u32(Number(c.volumeUl));
    out.u64(c.amountAbu);
    writeTiers(out, c.limits);
    for (const record of concentrationRecords) writeLimitRecord(out, record, pool);
  }
}

/** The image of `library`; throws only when `library` breaks a canonical invariant (a caller's bug). */
export function encodeImage(library: CanonicalLibrary): Uint8Array {
  const problems = canonicalProblems(library);
  if (problems.length > 0) throw new Error(`encodeImage: invalid CanonicalLibrary:\n  ${problems.join("\n  ")}`);
  const areas = [...library.careAreas].sort((a, b) => a.id - b.id);
  const entries = [...library.entries].sort((a, b) => a.id - b.id);

  const body = new ByteWriter();
  const pool = new StringPool();
  for (const area of areas) writeCareArea(body, area, pool);
  let recordOffset = areas.length * CARE_AREA_RECORD_SIZE + entries.length * ENTRY_INDEX_RECORD_SIZE;
  for (const entry of entries) {
    body.u32(entry.id);
    body.u32(recordOffset);
    recordOffset += recordSize(entry);
  }
  for (const entry of entries) writeEntry(body, entry, pool);
  if (body.length !== recordOffset)
    throw new Error(`encodeImage: records end at ${body.length}, index expected ${recordOffset}`);
  const stringPoolOffset = body.length;
  body.raw(pool.writer.toBytes());
  const bodyBytes = body.toBytes();

  const image = new ByteWriter();
  image.u32(IMAGE_MAGIC);
  image.u16(Math.max(formatVersionOf(entries), areaFormatVersionOf(areas)));
  image.u16(IMAGE_HEADER_SIZE);
  image.u32(library.version);
  image.u8(library.status);
  image.u8(areas.length);
  image.zeros(2);
  image.u32(entries.length);
  image.u32(bodyBytes.length);
  image.u32(stringPoolOffset);
  image.zeros(4);
  image.padded(utf8.encode(library.name), 32);
  image.raw(createHash("sha256").update(bodyBytes).digest());
  image.raw(bodyBytes);
  return image.toBytes();
}
