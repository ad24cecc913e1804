// Request buffer, 104 bytes at REQUEST_OFFSET (docs/abi.md §4). Values are u64 little-endian.
//
//   0         4      5      6     7     8             12       16                              104
//   +---------+------+------+-----+-----+-------------+--------+--------------------------------+
//   |entryId  |area  |conc  |mode |rsvd |presenceMask |rsvd    | 11 × u64 values, bit b at 16+8b|
//   | u32     | u8   | u8   | u8  | 0   | u32, ≤ bit10| 0      | rate dose dur vtbi wt bsa ...  |
//   +---------+------+------+-----+-----+-------------+--------+--------------------------------+
import { Field, FIELD_COUNT, MAX_AMOUNT_ABU, MAX_BSA_M2X10000, MAX_DURATION_S, MAX_LIMIT_VALUE, MAX_RATE_UL_PER_HOUR, MAX_VOLUME_UL, MAX_WEIGHT_G, REQUEST_OFFSET } from "../abi/codes";

import { REQUEST_VALUES } from "../abi/request-layout";
export {
  REQUEST_CARE_AREA_ID, REQUEST_CONCENTRATION_INDEX, REQUEST_ENTRY_ID, REQUEST_MODE, REQUEST_PRESENCE_MASK, REQUEST_RESERVED_12,
  REQUEST_RESERVED_7, REQUEST_VALUES,
} from "../abi/request-layout";

/** Presence bits 0 .. FIELD_COUNT − 1 are defined; the rest must be 0. */
export const PRESENCE_VALID_BITS: u32 = (1 << FIELD_COUNT) - 1;

/** Largest accepted value per field, in Field order (docs/engine.md §5, check 4). */
export const FIELD_MAXIMA: usize = memory.data<u64>([
  MAX_RATE_UL_PER_HOUR, // RATE_UL_PER_HOUR
  MAX_LIMIT_VALUE, // DOSE
  MAX_DURATION_S, // DURATION_S
  MAX_VOLUME_UL, // VTBI_UL
  MAX_WEIGHT_G, // WEIGHT_G
  MAX_BSA_M2X10000, // BSA_M2X10000
  MAX_LIMIT_VALUE, // BOLUS_DOSE
  MAX_RATE_UL_PER_HOUR, // BOLUS_RATE_UL_PER_HOUR
  MAX_LIMIT_VALUE, // LOADING_DOSE
  MAX_AMOUNT_ABU, // CUSTOM_AMOUNT_ABU
  MAX_VOLUME_UL, // CUSTOM_VOLUME_UL
]);

// @ts-ignore: decorator
@inline export function fieldBit(field: Field): u32 {
  return <u32>1 << <u32>field;
}

/** The request value of a field (meaningful only when its presence bit is set). */
// @ts-ignore: decorator
@inline export function requestValue(field: Field): u64 {
  return load<u64>(<usize>REQUEST_OFFSET + REQUEST_VALUES + (<usize>field << 3));
}
