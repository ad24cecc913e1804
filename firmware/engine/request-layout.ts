// Request buffer, 136 bytes at REQUEST_OFFSET (docs/abi.md §4, ABI 7). Values are u64 little-endian.
//
//   0         4      5      6     7     8             12       16                              136
//   +---------+------+------+-----+-----+-------------+--------+--------------------------------+
//   |entryId  |area  |conc  |mode |rsvd |presenceMask |rsvd    | 15 × u64 values, bit b at 16+8b|
//   | u32     | u8   | u8   | u8  | 0   | u32, ≤ bit14| 0      | rate dose dur vtbi wt bsa ...  |
//   +---------+------+------+-----+-----+-------------+--------+--------------------------------+
import { Field, REQUEST_OFFSET } from "../abi/codes";

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
  REQUEST_PCA_CLINICIAN_BOLUS,
  REQUEST_PCA_DOSE,
  REQUEST_PCA_LOCKOUT_S,
  REQUEST_PCA_MAX_DOSES,
  REQUEST_PCA_WINDOW_MAX_ABU,
} from "../abi/request-layout";

/** The fields of ABI 6: presence bits 0 .. 10. */
const BASE_FIELD_BITS: u32 = (1 << 11) - 1;

/** Stream A (issue 11): DOSE_AMOUNT (bit 11, amount programming) and LINE_ACCESS (bit 12). */
const AMOUNT_AND_LINE_FIELD_BITS: u32 = (1 << Field.DOSE_AMOUNT) | (1 << Field.LINE_ACCESS);

/** Stream B (issue 11): AGE_DAYS (bit 13), enabled by its feature. */
const AGE_FIELD_BITS: u32 = 1 << Field.AGE_DAYS;

/** Issue 15: PCA (bit 14), the PCA block after the request (docs/abi.md §4.1). */
const PCA_FIELD_BITS: u32 = 1 << Field.PCA;

/** Presence bits a request may set; the rest must be 0, else BAD_REQUEST. */
export const PRESENCE_VALID_BITS: u32 = BASE_FIELD_BITS | AMOUNT_AND_LINE_FIELD_BITS | AGE_FIELD_BITS | PCA_FIELD_BITS;

// @ts-ignore: decorator
@inline export function fieldBit(field: Field): u32 {
  return (<u32>1) << (<u32>field);
}

/** The request value of a field (meaningful only when its presence bit is set). */
// @ts-ignore: decorator
@inline export function requestValue(field: Field): u64 {
  return load<u64>(<usize>REQUEST_OFFSET + REQUEST_VALUES + ((<usize>field) << 3));
}
