// Request buffer, 104 bytes at REQUEST_OFFSET (docs/abi.md §4). Values are u64 little-endian.
//
//   0         4      5      6     7     8             12       16                              104
//   +---------+------+------+-----+-----+-------------+--------+--------------------------------+
//   |entryId  |area  |conc  |mode |rsvd |presenceMask |rsvd    | 11 × u64 values, bit b at 16+8b|
//   | u32     | u8   | u8   | u8  | 0   | u32, ≤ bit10| 0      | rate dose dur vtbi wt bsa ...  |
//   +---------+------+------+-----+-----+-------------+--------+--------------------------------+
import { Field, FIELD_COUNT, REQUEST_OFFSET } from "../abi/codes";

import { REQUEST_VALUES } from "../abi/request-layout";
export {
  REQUEST_CARE_AREA_ID,
  REQUEST_CONCENTRATION_INDEX,
  REQUEST_ENTRY_ID,
  REQUEST_MODE,
  REQUEST_PRESENCE_MASK,
  REQUEST_RESERVED_12,
  REQUEST_RESERVED_7,
  REQUEST_VALUES,
} from "../abi/request-layout";

/** Presence bits 0 .. FIELD_COUNT − 1 are defined; the rest must be 0. */
export const PRESENCE_VALID_BITS: u32 = (1 << FIELD_COUNT) - 1;

// @ts-ignore: decorator
@inline export function fieldBit(field: Field): u32 {
  return (<u32>1) << (<u32>field);
}

/** The request value of a field (meaningful only when its presence bit is set). */
// @ts-ignore: decorator
@inline export function requestValue(field: Field): u64 {
  return load<u64>(<usize>REQUEST_OFFSET + REQUEST_VALUES + ((<usize>field) << 3));
}
