// Entry index and entry-record rules (docs/library-image.md §3–§4). Every read is preceded by a
// check that it lies before the string pool, so no byte outside the image is ever touched.
import {
  AmountUnit,
  CONCENTRATION_RECORD_FIXED_SIZE,
  ConcentrationKind,
  ENTRY_EXTENSION_HEADER_SIZE,
  IMAGE_FORMAT_VERSION_RECORDS,
  MAX_LIMIT_RECORDS,
  DoseBasis,
  ENTRY_INDEX_RECORD_SIZE,
  ENTRY_LIMIT_COUNT,
  ENTRY_RECORD_FIXED_SIZE,
  EntryLimit,
  InfusionType,
  INFUSION_TYPE_LAST,
  MAX_ADVISORY_BYTES,
  MAX_AMOUNT_ABU,
  MAX_CONCENTRATIONS,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_NAME_BYTES,
  MAX_RATE_UL_PER_HOUR,
  MAX_TITRATION_STEP_PERCENT,
  MAX_VOLUME_UL,
  TIER_BIT_HARD_MAX,
  TIER_BIT_HARD_MIN,
  TimeUnit,
} from "../abi/codes";
import {
  CONCENTRATION_AMOUNT_ABU,
  CONCENTRATION_AMOUNT_UNIT,
  CONCENTRATION_KIND,
  CONCENTRATION_LIMIT_VALUES,
  CONCENTRATION_TIER_MASK,
  CONCENTRATION_VOLUME_UL,
  concentrationRecordSize,
  ENTRY_ADVISORY_LENGTH,
  ENTRY_ADVISORY_OFFSET,
  ENTRY_CARE_AREA_MASK,
  ENTRY_CONCENTRATION_COUNT,
  ENTRY_DOSE_AMOUNT_UNIT,
  ENTRY_DOSE_BASIS,
  ENTRY_DOSE_TIME_UNIT,
  ENTRY_FLAG_SECONDARY_ALLOWED,
  ENTRY_FLAGS,
  ENTRY_FLAGS_VALID_BITS,
  ENTRY_ID,
  ENTRY_INFUSION_TYPE,
  ENTRY_LIMIT_VALUES,
  ENTRY_MAX_TITRATION_STEP_PERCENT,
  MAX_ENTRY_ID,
  ENTRY_NAME_LENGTH,
  ENTRY_NAME_OFFSET,
  ENTRY_TIER_MASKS,
  ENTRY_TIER_MASKS_RESERVED_BITS,
  ENTRY_TIER_MASKS_RESERVED_BITS_FORMAT_1,
  entryLimitMask,
  entryLimitValuesOffset,
  INDEX_ENTRY_ID,
  INDEX_RECORD_OFFSET,
  TIER_MASK_VALID_BITS,
} from "./entry-layout";
import {
  CONCENTRATION_RECORD_COUNT,
  ENTRY_FLAG_EXTENDED,
  EXTENSION_RECORD_COUNT,
  EXTENSION_RECORDS,
  EXTENSION_RESERVED_2,
  RECORD_SIZE,
} from "./limit-record-layout";
import { limitRecordsValid, RULE_LIST_CONCENTRATION, RULE_LIST_ENTRY } from "./verify-limit-records";
import { takeString } from "./verify-strings";
import { compactTiersValid } from "./verify-tiers";

// Largest limit value per entry limit parameter, in EntryLimit order (docs/library-image.md §4).
export const ENTRY_LIMIT_MAXIMA: usize = memory.data<u64>([
  MAX_LIMIT_VALUE, // DOSE
  MAX_RATE_UL_PER_HOUR, // RATE
  MAX_DURATION_S, // DURATION
  MAX_VOLUME_UL, // VTBI
  MAX_LIMIT_VALUE, // BOLUS_DOSE
  MAX_RATE_UL_PER_HOUR, // BOLUS_RATE
  MAX_LIMIT_VALUE, // LOADING_DOSE
  MAX_LIMIT_VALUE, // DOSE_ABSOLUTE
  MAX_LIMIT_VALUE, // BOLUS_DOSE_ABSOLUTE
  MAX_DURATION_S, // BOLUS_DURATION
  MAX_LIMIT_VALUE, // LOADING_DOSE_ABSOLUTE
]);

/** Bytes of ENTRY_LIMIT_MAXIMA: a decision table the integrity check covers (docs/decisions/0021). */
export const ENTRY_LIMIT_MAXIMA_BYTES: u32 = (<u32>ENTRY_LIMIT_COUNT) << 3;

/** Tier-mask bytes that must be empty for a fluid (no drug amount). */
const FLUID_EMPTY_MASKS: u64 =
  ((<u64>0xff) << ((<u64>EntryLimit.DOSE) << 3)) |
  ((<u64>0xff) << ((<u64>EntryLimit.BOLUS_DOSE) << 3)) |
  ((<u64>0xff) << ((<u64>EntryLimit.LOADING_DOSE) << 3)) |
  ((<u64>0xff) << ((<u64>EntryLimit.DOSE_ABSOLUTE) << 3)) |
  ((<u64>0xf0) << ((<u64>EntryLimit.BOLUS_RATE) << 3)); // BOLUS_DURATION: a fluid has no bolus

/** Any DOSE_ABSOLUTE tier other than HMAX. */
const DOSE_ABSOLUTE_NON_HMAX: u64 = (<u64>(0xff & ~TIER_BIT_HARD_MAX)) << ((<u64>EntryLimit.DOSE_ABSOLUTE) << 3);

const INVALID: u32 = 0; // no record can end at body offset 0: the care-area table is there

/**
 * Checks the index and the records it points to. Records start right after the index and are
 * contiguous in index order, ending exactly at `stringPoolOffset`.
 */
export function entriesValid(
  bodyPtr: usize,
  indexOffset: u32,
  entryCount: u32,
  stringPoolOffset: u32,
  areaBitmap: u64,
  formatVersion: u32,
): bool {
  // A format-1 image has no format-2 limits: their mask bits are reserved there (library-image.md §7).
  const reservedMaskBits =
    formatVersion == 1 ? ENTRY_TIER_MASKS_RESERVED_BITS_FORMAT_1 : ENTRY_TIER_MASKS_RESERVED_BITS;
  let cursor = indexOffset + entryCount * ENTRY_INDEX_RECORD_SIZE;
  let previousId: u32 = 0;
  for (let i: u32 = 0; i < entryCount; i++) {
    const row = bodyPtr + indexOffset + i * ENTRY_INDEX_RECORD_SIZE;
    const entryId = load<u32>(row + INDEX_ENTRY_ID);
    if (entryId <= previousId || entryId > MAX_ENTRY_ID) return false; // ids 1 .. 2^31 − 1, ascending
    previousId = entryId;
    if (load<u32>(row + INDEX_RECORD_OFFSET) != cursor) return false;
    cursor = entryRecordEnd(bodyPtr, cursor, stringPoolOffset, entryId, areaBitmap, reservedMaskBits, formatVersion);
    if (cursor == INVALID) return false;
  }
  return cursor == stringPoolOffset;
}

/** Body offset just past a valid entry record at `offset`, or INVALID. */
function entryRecordEnd(
  bodyPtr: usize,
  offset: u32,
  endOffset: u32,
  entryId: u32,
  areaBitmap: u64,
  reservedMaskBits: u64,
  formatVersion: u32,
): u32 {
  if (endOffset - offset < <u32>ENTRY_RECORD_FIXED_SIZE) return INVALID; // offset ≤ endOffset holds here
  const entry = bodyPtr + offset;
  if (load<u32>(entry + ENTRY_ID) != entryId) return INVALID;
  const infusionType = <i32>load<u8>(entry + ENTRY_INFUSION_TYPE);
  if (infusionType > INFUSION_TYPE_LAST) return INVALID;
  const fluid = infusionType == InfusionType.FLUID;
  const doseBasis = <i32>load<u8>(entry + ENTRY_DOSE_BASIS);
  if (doseBasis > DoseBasis.BSA || (fluid && doseBasis != DoseBasis.NONE)) return INVALID;
  if (!infusionOptionsValid(entry, infusionType, formatVersion)) return INVALID;
  const concentrationCount = <u32>load<u8>(entry + ENTRY_CONCENTRATION_COUNT);
  if (fluid ? concentrationCount != 0 : concentrationCount < 1 || concentrationCount > <u32>MAX_CONCENTRATIONS)
    return INVALID;
  const areaMask = load<u64>(entry + ENTRY_CARE_AREA_MASK);
  if (areaMask == 0 || (areaMask & ~areaBitmap) != 0) return INVALID;
  if (!displayUnitsValid(entry, fluid)) return INVALID;
  if (!entryStringsValid(entry)) return INVALID;

  const tierMasks = load<u64>(entry + ENTRY_TIER_MASKS);
  if ((tierMasks & reservedMaskBits) != 0) return INVALID;
  if ((tierMasks & DOSE_ABSOLUTE_NON_HMAX) != 0) return INVALID;
  if (fluid && (tierMasks & FLUID_EMPTY_MASKS) != 0) return INVALID;
  const valuesEnd = <usize>ENTRY_LIMIT_VALUES + ((<usize>popcnt<u64>(tierMasks)) << 3);
  if (<usize>(endOffset - offset) < valuesEnd) return INVALID;
  for (let limit: u32 = 0; limit < <u32>ENTRY_LIMIT_COUNT; limit++) {
    const mask = entryLimitMask(tierMasks, limit);
    const valuesPtr = entry + entryLimitValuesOffset(tierMasks, limit);
    if (!compactTiersValid(mask, valuesPtr, load<u64>(ENTRY_LIMIT_MAXIMA + ((<usize>limit) << 3)))) return INVALID;
  }

  let cursor = offset + <u32>valuesEnd;
  // Format 3: the extension of limit records (docs/library-image.md §10).
  if (((<u32>load<u8>(entry + ENTRY_FLAGS)) & ENTRY_FLAG_EXTENDED) != 0) {
    cursor = extensionEnd(bodyPtr, cursor, endOffset, infusionType, doseBasis);
    if (cursor == INVALID) return INVALID;
  }
  for (let c: u32 = 0; c < concentrationCount; c++) {
    cursor = concentrationRecordEnd(bodyPtr, cursor, endOffset, formatVersion, infusionType, doseBasis);
    if (cursor == INVALID) return INVALID;
  }
  return cursor;
}

/** Body offset just past a valid entry extension at `offset` (1 .. 32 records), or INVALID. */
function extensionEnd(bodyPtr: usize, offset: u32, endOffset: u32, infusionType: i32, doseBasis: i32): u32 {
  if (endOffset - offset < <u32>ENTRY_EXTENSION_HEADER_SIZE) return INVALID;
  const extension = bodyPtr + offset;
  const count = <u32>load<u16>(extension + EXTENSION_RECORD_COUNT);
  if (count < 1 || count > <u32>MAX_LIMIT_RECORDS) return INVALID;
  // Reserved bytes 2–7.
  if (load<u16>(extension + EXTENSION_RESERVED_2) != 0 || load<u32>(extension + EXTENSION_RESERVED_2 + 2) != 0)
    return INVALID;
  const size = <u32>ENTRY_EXTENSION_HEADER_SIZE + count * <u32>RECORD_SIZE;
  if (endOffset - offset < size) return INVALID;
  if (!limitRecordsValid(extension + EXTENSION_RECORDS, count, RULE_LIST_ENTRY, infusionType, doseBasis))
    return INVALID;
  return offset + size;
}

/**
 * Flags and titration step: only the high-alert and secondary-allowed bits; no secondary for a
 * continuous entry; a step limit of 1 .. MAX_TITRATION_STEP_PERCENT % on a continuous entry only.
 */
function infusionOptionsValid(entry: usize, infusionType: i32, formatVersion: u32): bool {
  const flags = <u32>load<u8>(entry + ENTRY_FLAGS);
  // EXTENDED is a format-3 bit: reserved (0) in formats 1 and 2.
  const validBits =
    formatVersion >= <u32>IMAGE_FORMAT_VERSION_RECORDS
      ? ENTRY_FLAGS_VALID_BITS | ENTRY_FLAG_EXTENDED
      : ENTRY_FLAGS_VALID_BITS;
  if ((flags & ~validBits) != 0) return false;
  const continuous = infusionType == InfusionType.CONTINUOUS;
  // A PCA infusion runs alone (issue 15): no secondary, no titration step (it is not titrated).
  if ((continuous || infusionType == InfusionType.PCA) && (flags & ENTRY_FLAG_SECONDARY_ALLOWED) != 0) return false;
  const stepPercent = <u32>load<u16>(entry + ENTRY_MAX_TITRATION_STEP_PERCENT);
  if (stepPercent > <u32>MAX_TITRATION_STEP_PERCENT) return false;
  return continuous || stepPercent == 0;
}

/** Display-only unit codes: none for a fluid, a real amount and time unit for a drug. */
function displayUnitsValid(entry: usize, fluid: bool): bool {
  const amountUnit = <i32>load<u8>(entry + ENTRY_DOSE_AMOUNT_UNIT);
  const timeUnit = <i32>load<u8>(entry + ENTRY_DOSE_TIME_UNIT);
  if (fluid) return amountUnit == AmountUnit.NONE && timeUnit == TimeUnit.NONE;
  return (
    amountUnit >= AmountUnit.G &&
    amountUnit <= AmountUnit.MMOL &&
    timeUnit >= TimeUnit.PER_HOUR &&
    timeUnit <= TimeUnit.PER_MINUTE
  );
}

/** Display name, then the advisory if any: the next strings of the pool. */
function entryStringsValid(entry: usize): bool {
  const nameLength = <u32>load<u16>(entry + ENTRY_NAME_LENGTH);
  if (nameLength < 1 || nameLength > <u32>MAX_NAME_BYTES) return false;
  if (!takeString(load<u32>(entry + ENTRY_NAME_OFFSET), nameLength)) return false;
  const advisoryLength = <u32>load<u16>(entry + ENTRY_ADVISORY_LENGTH);
  const advisoryOffset = load<u32>(entry + ENTRY_ADVISORY_OFFSET);
  if (advisoryLength == 0) return advisoryOffset == 0;
  if (advisoryLength > <u32>MAX_ADVISORY_BYTES) return false;
  return takeString(advisoryOffset, advisoryLength);
}

/** Body offset just past a valid concentration record at `offset`, or INVALID. */
function concentrationRecordEnd(
  bodyPtr: usize,
  offset: u32,
  endOffset: u32,
  formatVersion: u32,
  infusionType: i32,
  doseBasis: i32,
): u32 {
  if (endOffset - offset < <u32>CONCENTRATION_RECORD_FIXED_SIZE) return INVALID;
  const record = bodyPtr + offset;
  const kind = <i32>load<u8>(record + CONCENTRATION_KIND);
  const mask = <u32>load<u8>(record + CONCENTRATION_TIER_MASK);
  if (<i32>load<u8>(record + CONCENTRATION_AMOUNT_UNIT) > AmountUnit.MMOL) return INVALID;
  // Byte 3: reserved (0) in formats 1 and 2, the limit-record count in format 3.
  const recordCount = <u32>load<u8>(record + CONCENTRATION_RECORD_COUNT);
  if (formatVersion < <u32>IMAGE_FORMAT_VERSION_RECORDS ? recordCount != 0 : recordCount > <u32>MAX_LIMIT_RECORDS)
    return INVALID;
  const volumeUl = <u64>load<u32>(record + CONCENTRATION_VOLUME_UL);
  const amountAbu = load<u64>(record + CONCENTRATION_AMOUNT_ABU);
  if (kind == ConcentrationKind.FIXED) {
    if (mask != 0) return INVALID;
    if (volumeUl < 1 || volumeUl > <u64>MAX_VOLUME_UL) return INVALID;
    if (amountAbu < 1 || amountAbu > <u64>MAX_AMOUNT_ABU) return INVALID;
  } else if (kind == ConcentrationKind.CUSTOM) {
    if ((mask & TIER_BIT_HARD_MIN) == 0) return INVALID; // a custom concentration needs a hard minimum
    if (volumeUl != 0 || amountAbu != 0) return INVALID;
  } else {
    return INVALID;
  }
  if ((mask & ~TIER_MASK_VALID_BITS) != 0) return INVALID;
  const size = concentrationRecordSize(mask);
  if (<usize>(endOffset - offset) < size) return INVALID;
  if (!compactTiersValid(mask, record + CONCENTRATION_LIMIT_VALUES, <u64>MAX_LIMIT_VALUE)) return INVALID;
  const recordsSize = <usize>recordCount * RECORD_SIZE;
  if (<usize>(endOffset - offset) - size < recordsSize) return INVALID;
  if (!limitRecordsValid(record + size, recordCount, RULE_LIST_CONCENTRATION, infusionType, doseBasis)) return INVALID;
  return offset + <u32>(size + recordsSize);
}
