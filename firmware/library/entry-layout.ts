// Entry index, entry records and concentration records (docs/library-image.md §3–§4).
//
// Index row, 8 bytes, ascending entryId:     | entryId u32 | recordOffset u32 (body offset) |
//
// Entry record, 40 + 8k bytes + concentrations:
//   0        4     5     6     7      8            16    17    18   20      24     26     28      32        40
//   +--------+-----+-----+-----+------+------------+-----+-----+----+-------+------+------+-------+---------+----------+
//   |entryId |type |basis|flags|concN |careAreaMask|amtU |timeU|step|nameOfs|nameL |advL  |advOfs |tierMasks|k × u64   |
//   | u32    | u8  | u8  | u8  | u8   | u64        | u8  | u8  |u16 | u32   | u16  | u16  | u32   | 8 × u8  |limits    |
//   +--------+-----+-----+-----+------+------------+-----+-----+----+-------+------+------+-------+---------+----------+
//   flags: bit 0 high-alert, bit 1 secondary allowed (never on a continuous entry), bits 2–7 zero.
//   step: maxTitrationStepPercent, 0 = no limit, 1 .. MAX_TITRATION_STEP_PERCENT on a continuous entry only.
//   tierMasks bytes, in order: DOSE, RATE, DURATION, VTBI, BOLUS_DOSE, BOLUS_RATE, LOADING_DOSE,
//   DOSE_ABSOLUTE in the low nibbles; format 2 adds BOLUS_DOSE_ABSOLUTE, BOLUS_DURATION and
//   LOADING_DOSE_ABSOLUTE in the high nibbles of bytes 4, 5, 6. Limit values are one u64 per set
//   bit of the 64-bit mask word, in bit order, so a format-1 record reads the same in format 2.
//
// Concentration record, 16 + 8k bytes:
//   0     1      2      3    4           8             16
//   +-----+------+------+----+-----------+-------------+-----------------+
//   |kind |tierMk|amtU  |rsvd|volumeUl   |amountAbu    |k × u64 ABU/mL   |
//   | u8  | u8   | u8   | u8 | u32       | u64         |limits           |
//   +-----+------+------+----+-----------+-------------+-----------------+
import {
  ENTRY_FLAG_HIGH_ALERT as FLAG_HIGH_ALERT,
  ENTRY_FLAG_SECONDARY_ALLOWED as FLAG_SECONDARY_ALLOWED,
} from "../abi/entry-flags";

export const INDEX_ENTRY_ID = 0;
export const INDEX_RECORD_OFFSET = 4;
export const INDEX_ROW_SHIFT = 3; // 8-byte rows
/** Entry ids are 1 .. 2^31 − 1. */
export const MAX_ENTRY_ID: u32 = 0x7fffffff;

export const ENTRY_ID = 0;
export const ENTRY_INFUSION_TYPE = 4;
export const ENTRY_DOSE_BASIS = 5;
export const ENTRY_FLAGS = 6;
export const ENTRY_CONCENTRATION_COUNT = 7;
export const ENTRY_CARE_AREA_MASK = 8;
export const ENTRY_DOSE_AMOUNT_UNIT = 16;
export const ENTRY_DOSE_TIME_UNIT = 17;
export const ENTRY_MAX_TITRATION_STEP_PERCENT = 18;
export const ENTRY_NAME_OFFSET = 20;
export const ENTRY_NAME_LENGTH = 24;
export const ENTRY_ADVISORY_LENGTH = 26;
export const ENTRY_ADVISORY_OFFSET = 28;
export const ENTRY_TIER_MASKS = 32;
export const ENTRY_LIMIT_VALUES = 40;

export const ENTRY_FLAG_HIGH_ALERT: u32 = FLAG_HIGH_ALERT;
/** The entry may run as a secondary (piggyback) infusion; intermittent and fluid entries only. */
export const ENTRY_FLAG_SECONDARY_ALLOWED: u32 = FLAG_SECONDARY_ALLOWED;
/** Flag bits an image may set; the others are reserved and must be 0 (docs/library-image.md §4). */
export const ENTRY_FLAGS_VALID_BITS: u32 = ENTRY_FLAG_HIGH_ALERT | ENTRY_FLAG_SECONDARY_ALLOWED;

export const CONCENTRATION_KIND = 0;
export const CONCENTRATION_TIER_MASK = 1;
export const CONCENTRATION_AMOUNT_UNIT = 2;
export const CONCENTRATION_RESERVED_3 = 3;
export const CONCENTRATION_VOLUME_UL = 4;
export const CONCENTRATION_AMOUNT_ABU = 8;
export const CONCENTRATION_LIMIT_VALUES = 16;

/** A tier mask has four bits (docs/library-image.md §5). */
export const TIER_MASK_VALID_BITS: u32 = 0x0f;
/** Entry tier-mask word bits that are reserved (must be 0) in a format-1 image: every high nibble. */
export const ENTRY_TIER_MASKS_RESERVED_BITS_FORMAT_1: u64 = 0xf0f0f0f0f0f0f0f0;
/** Reserved in format 2: the high nibbles of bytes 0–3 and 7 (4, 5, 6 hold the format-2 limits). */
export const ENTRY_TIER_MASKS_RESERVED_BITS: u64 = 0xf0000000f0f0f0f0;

/** Bit position of entry limit `limit` (EntryLimit)'s four-bit tier mask in the tier-mask word. */
// @ts-ignore: decorator
@inline export function entryLimitShift(limit: u32): u64 {
  // EntryLimit 0–7: low nibble of byte `limit`; 8–10: high nibble of byte `limit − 4`.
  return limit < 8 ? (<u64>limit) << 3 : ((<u64>(limit - 4)) << 3) + 4;
}

/** The four-bit tier mask of entry limit `limit` in the tier-mask word `tierMasks`. */
// @ts-ignore: decorator
@inline export function entryLimitMask(tierMasks: u64, limit: u32): u32 {
  return (<u32>(tierMasks >>> entryLimitShift(limit))) & TIER_MASK_VALID_BITS;
}

/** Byte offset of the limit values of entry limit `limit` (EntryLimit) in an entry record. */
// @ts-ignore: decorator
@inline export function entryLimitValuesOffset(tierMasks: u64, limit: u32): usize {
  // Values of the mask bits below this limit's come first: count them.
  const earlierBits = ((<u64>1) << entryLimitShift(limit)) - 1;
  return <usize>ENTRY_LIMIT_VALUES + ((<usize>popcnt<u64>(tierMasks & earlierBits)) << 3);
}

/** Byte size of a concentration record with tier mask `tierMask`. */
// @ts-ignore: decorator
@inline export function concentrationRecordSize(tierMask: u32): usize {
  return <usize>CONCENTRATION_LIMIT_VALUES + ((<usize>popcnt<u32>(tierMask)) << 3);
}
