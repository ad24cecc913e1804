// Care-area table rules (docs/library-image.md §2).
import {
  CARE_AREA_RECORD_SIZE,
  MAX_BSA_M2X10000,
  MAX_NAME_BYTES,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
} from "../abi/codes";
import {
  AREA_BSA_TIER_MASK,
  AREA_BSA_TIERS_M2X10000,
  AREA_CAP_MASK,
  AREA_CAP_MAX_RATE,
  AREA_CAP_MAX_VTBI,
  AREA_FLAG_BASIC_INFUSION,
  AREA_FLAG_WEIGHT_CONFIRMATION,
  AREA_FLAGS,
  AREA_ID,
  AREA_ID_LIMIT,
  AREA_MAX_RATE_UL_PER_HOUR,
  AREA_MAX_VTBI_UL,
  AREA_NAME_LENGTH,
  AREA_NAME_OFFSET,
  AREA_RESERVED_12,
  AREA_RESERVED_5,
  AREA_WEIGHT_TIER_MASK,
  AREA_WEIGHT_TIERS_G,
  IMAGE_FORMAT_WEIGHT_CONFIRMATION,
} from "./care-area-layout";
import { takeString } from "./verify-strings";
import { fixedTiersValid } from "./verify-tiers";

/**
 * Bit n set: the table of `count` rows at tablePtr has a care area with id n. Only for a table
 * that passed careAreaTableValid (ids below AREA_ID_LIMIT, ascending).
 */
export function careAreaIdBitmapOf(tablePtr: usize, count: u32): u64 {
  let bitmap: u64 = 0;
  for (let row: u32 = 0; row < count; row++)
    bitmap |= (<u64>1) << (<u64>load<u8>(tablePtr + <usize>row * CARE_AREA_RECORD_SIZE + AREA_ID));
  return bitmap;
}

/** An optional cap: 1 .. maxValue when its capMask bit is set, else 0. */
function capValid(capMask: u32, capBit: u32, value: u64, maxValue: u64): bool {
  if ((capMask & capBit) == 0) return value == 0;
  return value >= 1 && value <= maxValue;
}

/** The flags a care area may carry in an image of `formatVersion` (weight confirmation: format 3). */
function allowedAreaFlags(formatVersion: u32): u32 {
  return formatVersion >= <u32>IMAGE_FORMAT_WEIGHT_CONFIRMATION
    ? (<u32>AREA_FLAG_BASIC_INFUSION) | (<u32>AREA_FLAG_WEIGHT_CONFIRMATION)
    : <u32>AREA_FLAG_BASIC_INFUSION;
}

/** The caller has checked that the table lies inside the body, before the string pool. */
export function careAreaTableValid(tablePtr: usize, count: u32, formatVersion: u32): bool {
  const allowedFlags = allowedAreaFlags(formatVersion);
  let previousId: i32 = -1;
  for (let row: u32 = 0; row < count; row++) {
    const area = tablePtr + <usize>row * CARE_AREA_RECORD_SIZE;
    const id = <i32>load<u8>(area + AREA_ID);
    if (id >= <i32>AREA_ID_LIMIT || id <= previousId) return false;
    previousId = id;
    if (((<u32>load<u8>(area + AREA_FLAGS)) & ~allowedFlags) != 0) return false;
    const capMask = <u32>load<u8>(area + AREA_CAP_MASK);
    if ((capMask & ~(AREA_CAP_MAX_RATE | AREA_CAP_MAX_VTBI)) != 0) return false;
    if (load<u8>(area + AREA_RESERVED_5) != 0 || load<u32>(area + AREA_RESERVED_12) != 0) return false;
    const nameLength = <u32>load<u16>(area + AREA_NAME_LENGTH);
    if (nameLength < 1 || nameLength > <u32>MAX_NAME_BYTES) return false;
    if (!takeString(load<u32>(area + AREA_NAME_OFFSET), nameLength)) return false;
    const maxRate = load<u64>(area + AREA_MAX_RATE_UL_PER_HOUR);
    if (!capValid(capMask, AREA_CAP_MAX_RATE, maxRate, <u64>MAX_RATE_UL_PER_HOUR)) return false;
    const maxVtbi = load<u64>(area + AREA_MAX_VTBI_UL);
    if (!capValid(capMask, AREA_CAP_MAX_VTBI, maxVtbi, <u64>MAX_VOLUME_UL)) return false;
    const weightMask = <u32>load<u8>(area + AREA_WEIGHT_TIER_MASK);
    if (!fixedTiersValid(weightMask, area + AREA_WEIGHT_TIERS_G, <u64>MAX_WEIGHT_G)) return false;
    const bsaMask = <u32>load<u8>(area + AREA_BSA_TIER_MASK);
    if (!fixedTiersValid(bsaMask, area + AREA_BSA_TIERS_M2X10000, <u64>MAX_BSA_M2X10000)) return false;
  }
  return true;
}
