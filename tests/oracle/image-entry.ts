// Parses one entry record (docs/library-image.md §4) with every rule of the format checked.
//
//   0 entryId u32 | 4 infusionType | 5 doseBasis | 6 flags | 7 concentrationCount
//   8 careAreaMask u64 | 16 doseAmountUnit | 17 doseTimeUnit | 18 maxTitrationStepPercent u16
//  20 nameOffset u32 | 24 nameLength u16 | 26 advisoryLength u16 | 28 advisoryOffset u32
//  32 tierMasks[8] | 40 limit values (u64 per set bit) | concentration records (16 + 8k each)
import {
  Basis,
  EntryFlag,
  InfusionKind,
  MAX_AMOUNT_ABU,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_TITRATION_STEP_PERCENT,
  MAX_VOLUME_UL,
} from "./constants.ts";
import { ensure, readMaskedTiers, type Reader } from "./image-reader.ts";
import { MAX_RECORDS, NO_RECORDS, readRecords, RECORD_BYTES, type EntryShape } from "./image-records.ts";
import {
  HIGH_NIBBLE_LIMITS,
  LIMIT_ORDER,
  NO_TIERS,
  type LimitKey,
  type OracleConcentration,
  type OracleEntry,
  type Tiers,
} from "./model.ts";

const LIMIT_MAX: Record<LimitKey, bigint> = {
  dose: MAX_LIMIT_VALUE,
  rate: MAX_RATE_UL_PER_HOUR,
  duration: MAX_DURATION_S,
  vtbi: MAX_VOLUME_UL,
  bolusDose: MAX_LIMIT_VALUE,
  bolusRate: MAX_RATE_UL_PER_HOUR,
  loadingDose: MAX_LIMIT_VALUE,
  doseAbsolute: MAX_LIMIT_VALUE,
  bolusDoseAbsolute: MAX_LIMIT_VALUE,
  bolusDuration: MAX_DURATION_S,
  loadingDoseAbsolute: MAX_LIMIT_VALUE,
};
const FLUID_EMPTY: readonly LimitKey[] = [
  "dose",
  "bolusDose",
  "loadingDose",
  "doseAbsolute",
  "bolusDoseAbsolute",
  "bolusDuration",
  "loadingDoseAbsolute",
];
const HMAX_BIT = 8;
const MAX_AMOUNT_UNIT_CODE = 8;
const MAX_TIME_UNIT_CODE = 2;

/** A string reference, checked against the pool layout by the caller. */
export interface StringRef {
  offset: number;
  length: number;
  what: string;
  /** Issue 13: an external code, printable ASCII 0x21–0x7E only. */
  ascii?: boolean;
}

export interface ParsedEntry {
  entry: OracleEntry;
  /** Body offset one past the record. */
  end: number;
  strings: StringRef[];
}

export function parseEntry(
  body: Reader,
  offset: number,
  indexId: number,
  areaIds: ReadonlySet<number>,
  formatVersion: number,
): ParsedEntry {
  const what = `entry ${indexId}`;
  ensure(body.u32(offset) === indexId, `${what} id differs from index`);
  const infusionType = body.u8(offset + 4);
  const doseBasis = body.u8(offset + 5);
  const fluid = infusionType === InfusionKind.FLUID;
  ensure(infusionType <= InfusionKind.PCA, `${what} infusionType`);
  ensure(doseBasis <= Basis.BSA && (!fluid || doseBasis === Basis.NONE), `${what} doseBasis`);
  const flags = body.u8(offset + 6);
  // Bit 2 EXTENDED exists from format 3 on (docs/library-image.md §10); the rest are 0.
  const flagBits = EntryFlag.HIGH_ALERT | EntryFlag.SECONDARY_ALLOWED | (formatVersion >= 3 ? EntryFlag.EXTENDED : 0);
  ensure((flags & ~flagBits) === 0, `${what} flags reserved bits`);
  const continuous = infusionType === InfusionKind.CONTINUOUS;
  const secondaryAllowed = (flags & EntryFlag.SECONDARY_ALLOWED) !== 0;
  ensure(!(continuous && secondaryAllowed), `${what} continuous with secondary allowed`);
  ensure(!(infusionType === InfusionKind.PCA && secondaryAllowed), `${what} PCA with secondary allowed`);
  const concentrationCount = body.u8(offset + 7);
  ensure(
    fluid ? concentrationCount === 0 : concentrationCount >= 1 && concentrationCount <= 16,
    `${what} concentrationCount`,
  );
  const careAreaMask = body.u64(offset + 8);
  ensure(careAreaMask !== 0n, `${what} careAreaMask empty`);
  for (let bit = 0; bit < 64; bit++) {
    if ((careAreaMask >> BigInt(bit)) & 1n) ensure(areaIds.has(bit), `${what} names care area ${bit} not in table`);
  }
  const amountUnit = body.u8(offset + 16);
  const timeUnit = body.u8(offset + 17);
  // "0 for a fluid" and "0 none (fluid)" read as: 0 exactly when the entry is a fluid. A drug's
  // dosing unit always has an amount and a time (docs/units.md "Dose basis"), so it needs a code.
  ensure(fluid ? amountUnit === 0 : amountUnit >= 1 && amountUnit <= MAX_AMOUNT_UNIT_CODE, `${what} doseAmountUnit`);
  ensure(fluid ? timeUnit === 0 : timeUnit >= 1 && timeUnit <= MAX_TIME_UNIT_CODE, `${what} doseTimeUnit`);
  const maxTitrationStepPercent = body.u16(offset + 18);
  ensure(maxTitrationStepPercent <= MAX_TITRATION_STEP_PERCENT, `${what} maxTitrationStepPercent above 1000`);
  ensure(continuous || maxTitrationStepPercent === 0, `${what} titration step on a non-continuous entry`);
  const strings = readStrings(body, offset, what);

  const limits = {} as Record<LimitKey, Tiers>;
  let cursor = offset + 40;
  const readBlock = (key: LimitKey, mask: number): void => {
    if (key === "doseAbsolute") ensure((mask & ~HMAX_BIT) === 0, `${what} doseAbsolute mask beyond HMAX`);
    if (fluid && FLUID_EMPTY.includes(key)) ensure(mask === 0, `${what} fluid has ${key} limits`);
    const read = readMaskedTiers(body, cursor, mask, LIMIT_MAX[key], `${what} ${key}`);
    limits[key] = read.tiers;
    cursor += read.bytes;
  };
  LIMIT_ORDER.forEach((key, i) => {
    const byte = body.u8(offset + 32 + i);
    readBlock(key, byte & 0x0f);
    const high = HIGH_NIBBLE_LIMITS[i];
    if (high === undefined || formatVersion < 2) ensure((byte & 0xf0) === 0, `${what} ${key} tier mask has bits 4-7`);
    else readBlock(high, byte >> 4);
  });
  for (const key of Object.values(HIGH_NIBBLE_LIMITS)) limits[key] ??= NO_TIERS;
  const shape: EntryShape = { infusionType, doseBasis };
  let records = NO_RECORDS;
  if ((flags & EntryFlag.EXTENDED) !== 0) {
    const count = body.u16(cursor);
    ensure(count >= 1 && count <= MAX_RECORDS, `${what} extension recordCount`);
    body.requireZero(cursor + 2, 6, `${what} extension reserved`);
    records = readRecords(body, cursor + 8, count, "entry", shape, strings, `${what} extension`);
    cursor += 8 + count * RECORD_BYTES;
  }
  const concentrations: OracleConcentration[] = [];
  for (let c = 0; c < concentrationCount; c++) {
    const parsed = parseConcentration(body, cursor, `${what} concentration ${c}`, formatVersion, shape, strings);
    concentrations.push(parsed.concentration);
    cursor = parsed.end;
  }
  const highAlert = (flags & EntryFlag.HIGH_ALERT) !== 0;
  const entry = {
    id: indexId,
    infusionType,
    doseBasis,
    highAlert,
    secondaryAllowed,
    maxTitrationStepPercent,
    careAreaMask,
    limits,
    records,
    concentrations,
  };
  return { entry, end: cursor, strings };
}

function readStrings(body: Reader, offset: number, what: string): StringRef[] {
  const nameOffset = body.u32(offset + 20);
  const nameLength = body.u16(offset + 24);
  const advisoryLength = body.u16(offset + 26);
  const advisoryOffset = body.u32(offset + 28);
  ensure(nameLength >= 1 && nameLength <= 255, `${what} nameLength`);
  ensure(advisoryLength <= 1024, `${what} advisoryLength`);
  ensure(advisoryLength > 0 || advisoryOffset === 0, `${what} advisoryOffset without advisory`);
  const strings = [{ offset: nameOffset, length: nameLength, what: `${what} name` }];
  if (advisoryLength > 0) strings.push({ offset: advisoryOffset, length: advisoryLength, what: `${what} advisory` });
  return strings;
}

//  0 kind | 1 concentrationTierMask | 2 amountUnit | 3 reserved (format 3: recordCount) | 4 volumeUl u32
//  8 amountAbu u64 | 16 limits | format 3: recordCount × 40-byte limit records
function parseConcentration(
  body: Reader,
  offset: number,
  what: string,
  formatVersion: number,
  shape: EntryShape,
  strings: StringRef[],
): { concentration: OracleConcentration; end: number } {
  const kind = body.u8(offset);
  const mask = body.u8(offset + 1);
  ensure(kind <= 1, `${what} kind`);
  ensure(body.u8(offset + 2) <= MAX_AMOUNT_UNIT_CODE, `${what} amountUnit`);
  const recordCount = body.u8(offset + 3);
  if (formatVersion < 3) ensure(recordCount === 0, `${what} reserved 3 not zero`);
  else ensure(recordCount <= MAX_RECORDS, `${what} recordCount`);
  const volumeUl = BigInt(body.u32(offset + 4));
  const amountAbu = body.u64(offset + 8);
  const custom = kind === 1;
  if (custom) {
    ensure((mask & 1) === 1, `${what} custom without HMIN`);
    ensure(volumeUl === 0n && amountAbu === 0n, `${what} custom with amount or volume`);
  } else {
    ensure(mask === 0, `${what} fixed with limits`);
    ensure(volumeUl >= 1n && volumeUl <= MAX_VOLUME_UL, `${what} volumeUl`);
    ensure(amountAbu >= 1n && amountAbu <= MAX_AMOUNT_ABU, `${what} amountAbu`);
  }
  const read = readMaskedTiers(body, offset + 16, mask, MAX_LIMIT_VALUE, what);
  const recordsAt = offset + 16 + read.bytes;
  const records = readRecords(body, recordsAt, recordCount, "concentration", shape, strings, what);
  return {
    concentration: { custom, amountAbu, volumeUl, limitsAbuPerMl: read.tiers, records },
    end: recordsAt + recordCount * RECORD_BYTES,
  };
}
