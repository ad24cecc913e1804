// Verifies a library image exactly as docs/library-image.md §7 orders it (size, magic, version,
// size, digest, structure) and parses it into the oracle's model.
//
// Header:  0 magic "DERS" | 4 formatVersion u16 | 6 headerSize u16 | 8 libraryVersion u32
//         12 libraryStatus | 13 careAreaCount | 14 reserved u16 | 16 entryCount u32 | 20 bodySize u32
//         24 stringPoolOffset u32 | 28 reserved u32 | 32 libraryName[32] | 64 bodyDigest[32]
// Body:    care areas (96 B each) | entry index (8 B each) | entry records | string pool
import { createHash } from "node:crypto";
import {
  CARE_AREA_BYTES,
  HEADER_BYTES,
  INDEX_ROW_BYTES,
  LIBRARY_REGION_BYTES,
  MAX_BSA_M2X10000,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
  OracleStatus,
} from "./constants.ts";
import { parseEntry, type StringRef } from "./image-entry.ts";
import { ensure, Reader, requireTiers, requireUtf8, StructureError } from "./image-reader.ts";
import type { OracleCareArea, OracleEntry, OracleLibrary, Tiers } from "./model.ts";

export interface ImageVerdict {
  status: number;
  library?: OracleLibrary;
  /** The broken structural rule, when status is IMAGE_STRUCTURE (oracle diagnostics only). */
  rule?: string;
}

const MAGIC = [0x44, 0x45, 0x52, 0x53];
const MAX_ENTRY_COUNT = 1_000_000;
const MAX_ENTRY_ID = 0x7fffffff;

export function verifyImage(image: Uint8Array): ImageVerdict {
  if (image.length < HEADER_BYTES || image.length > LIBRARY_REGION_BYTES) return { status: OracleStatus.IMAGE_SIZE };
  const header = new Reader(image);
  if (!MAGIC.every((b, i) => image[i] === b)) return { status: OracleStatus.IMAGE_MAGIC };
  // Formats 1, 2 and 3 are admitted; format 1 has no format-2 limits, formats 1 and 2 no limit
  // records (docs/library-image.md §7, §10).
  const formatVersion = header.u16(4);
  if (formatVersion < 1 || formatVersion > 3 || header.u16(6) !== HEADER_BYTES)
    return { status: OracleStatus.IMAGE_VERSION };
  if (header.u32(20) !== image.length - HEADER_BYTES) return { status: OracleStatus.IMAGE_SIZE };
  const body = image.subarray(HEADER_BYTES);
  const digest = createHash("sha256").update(body).digest();
  if (!digest.equals(image.subarray(64, 96))) return { status: OracleStatus.IMAGE_DIGEST };
  try {
    return { status: OracleStatus.OK, library: parseStructure(header, new Reader(body), formatVersion) };
  } catch (error) {
    if (error instanceof StructureError) return { status: OracleStatus.IMAGE_STRUCTURE, rule: error.message };
    throw error;
  }
}

function parseStructure(header: Reader, body: Reader, formatVersion: number): OracleLibrary {
  const version = header.u32(8);
  ensure(version >= 1 && version <= MAX_ENTRY_ID, "libraryVersion");
  ensure(header.u8(12) <= 2, "libraryStatus");
  const careAreaCount = header.u8(13);
  ensure(careAreaCount >= 1 && careAreaCount <= 64, "careAreaCount");
  header.requireZero(14, 2, "header reserved 14");
  const entryCount = header.u32(16);
  ensure(entryCount <= MAX_ENTRY_COUNT, "entryCount");
  const stringPoolOffset = header.u32(24);
  header.requireZero(28, 4, "header reserved 28");
  checkLibraryName(header.slice(32, 32));

  const strings: StringRef[] = [];
  const careAreas = new Map<number, OracleCareArea>();
  let previousAreaId = -1;
  for (let i = 0; i < careAreaCount; i++) {
    const parsed = parseCareArea(body, i * CARE_AREA_BYTES, previousAreaId, formatVersion);
    careAreas.set(parsed.area.id, parsed.area);
    previousAreaId = parsed.area.id;
    strings.push(parsed.name);
  }

  const indexStart = careAreaCount * CARE_AREA_BYTES;
  let recordEnd = indexStart + entryCount * INDEX_ROW_BYTES;
  ensure(recordEnd <= body.length, "entry index beyond body");
  const areaIds = new Set(careAreas.keys());
  const entries = new Map<number, OracleEntry>();
  let previousId = 0;
  for (let i = 0; i < entryCount; i++) {
    const id = body.u32(indexStart + i * INDEX_ROW_BYTES);
    ensure(id >= 1 && id <= MAX_ENTRY_ID && id > previousId, "entry index ids ascending 1..2^31-1");
    ensure(body.u32(indexStart + i * INDEX_ROW_BYTES + 4) === recordEnd, "entry records not contiguous");
    const parsed = parseEntry(body, recordEnd, id, areaIds, formatVersion);
    entries.set(id, parsed.entry);
    strings.push(...parsed.strings);
    recordEnd = parsed.end;
    previousId = id;
  }
  ensure(recordEnd === stringPoolOffset, "records do not end at stringPoolOffset");
  checkStringPool(body, stringPoolOffset, strings);
  return { version, careAreas, entries };
}

/** UTF-8, 1..32 bytes, then only 0 padding. */
function checkLibraryName(field: Uint8Array): void {
  const end = field.indexOf(0) === -1 ? field.length : field.indexOf(0);
  ensure(end >= 1, "libraryName empty");
  ensure(
    field.subarray(end).every((b) => b === 0),
    "libraryName padding not zero",
  );
  requireUtf8(field.subarray(0, end), "libraryName");
}

//  0 id | 1 flags | 2 capMask | 3 weightTierMask | 4 bsaTierMask | 5 reserved | 6 nameLength u16
//  8 nameOffset u32 | 12 reserved u32 | 16 maxRate u64 | 24 maxVtbi u64 | 32 weight[4] u64 | 64 bsa[4] u64
function parseCareArea(
  body: Reader,
  offset: number,
  previousId: number,
  formatVersion: number,
): { area: OracleCareArea; name: StringRef } {
  const id = body.u8(offset);
  const what = `care area ${id}`;
  ensure(id <= 63 && id > previousId, `${what} id not ascending in 0..63`);
  // Flags: bit 0 basic infusion; bit 1 weight confirmation from format 3 (library-image.md §2).
  const flags = body.u8(offset + 1);
  ensure((flags & ~(formatVersion >= 3 ? 3 : 1)) === 0, `${what} flags`);
  const capMask = body.u8(offset + 2);
  ensure((capMask & ~3) === 0, `${what} capMask`);
  body.requireZero(offset + 5, 1, `${what} reserved 5`);
  const nameLength = body.u16(offset + 6);
  ensure(nameLength >= 1 && nameLength <= 255, `${what} nameLength`);
  body.requireZero(offset + 12, 4, `${what} reserved 12`);
  const maxRate = readCap(body, offset + 16, (capMask & 1) !== 0, MAX_RATE_UL_PER_HOUR, `${what} maxRate`);
  const maxVtbi = readCap(body, offset + 24, (capMask & 2) !== 0, MAX_VOLUME_UL, `${what} maxVtbi`);
  const area: OracleCareArea = {
    id,
    weightConfirmation: (flags & 2) !== 0,
    weightG: readFixedTiers(body, offset + 32, body.u8(offset + 3), MAX_WEIGHT_G, `${what} weight`),
    bsaM2X10000: readFixedTiers(body, offset + 64, body.u8(offset + 4), MAX_BSA_M2X10000, `${what} BSA`),
  };
  if (maxRate !== undefined) area.maxRateUlPerHour = maxRate;
  if (maxVtbi !== undefined) area.maxVtbiUl = maxVtbi;
  return { area, name: { offset: body.u32(offset + 8), length: nameLength, what: `${what} name` } };
}

function readCap(body: Reader, offset: number, present: boolean, max: bigint, what: string): bigint | undefined {
  const value = body.u64(offset);
  if (!present) {
    ensure(value === 0n, `${what} absent but not 0`);
    return undefined;
  }
  ensure(value >= 1n && value <= max, `${what} out of range`);
  return value;
}

/** Care-area tiers sit in 4 fixed slots; an absent tier's slot must be 0. */
function readFixedTiers(body: Reader, offset: number, mask: number, max: bigint, what: string): Tiers {
  ensure((mask & 0xf0) === 0, `${what} tier mask has bits 4-7`);
  const values = [0, 1, 2, 3].map((t) => body.u64(offset + 8 * t));
  const tiers = values.map((v, t) => ((mask >> t) & 1 ? v : undefined)) as unknown as Tiers;
  values.forEach((v, t) => ensure((mask >> t) & 1 ? true : v === 0n, `${what} absent tier ${t} not 0`));
  requireTiers(tiers, max, what);
  return tiers;
}

/**
 * Literal reading of "stored in this order, each once, with no sharing": the strings tile the
 * pool exactly, in the order care-area names, then per entry its name, its advisory and its
 * concentrations' advisories (format 3) in concentration order.
 */
function checkStringPool(body: Reader, poolOffset: number, strings: StringRef[]): void {
  const poolLength = body.length - poolOffset;
  ensure(poolLength >= 0, "stringPoolOffset beyond body");
  let cursor = 0;
  for (const s of strings) {
    ensure(s.offset === cursor, `${s.what} not at its place in the pool`);
    ensure(s.offset + s.length <= poolLength, `${s.what} outside the pool`);
    requireUtf8(body.slice(poolOffset + s.offset, s.length), s.what);
    if (s.ascii === true)
      ensure(
        body.slice(poolOffset + s.offset, s.length).every((b) => b >= 0x21 && b <= 0x7e),
        `${s.what} not printable ASCII`,
      );
    cursor += s.length;
  }
  ensure(cursor === poolLength, "string pool has bytes no string uses");
}
