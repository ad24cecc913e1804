// Event record, EVENT_LOG_RECORD_SIZE = 64 bytes, little-endian (docs/event-log.md §3).
//
//   0        4      6       8          16       20      24  25  26  27  28  29  30  31  32       40       48       56      60
//   +--------+------+-------+----------+--------+-------+---+---+---+---+---+---+---+---+--------+--------+--------+-------+-----+
//   |sequence|type  |status |time ms   |library |entry  |ca |out|par|tie|rsn|mod|con|alm|value   |limit   |rate    |detail |CRC  |
//   |u32     |u16   |u16    |u64       |version |id u32 |u8 |u8 |u8 |u8 |u8 |u8 |u8 |u8 |u64     |u64     |u64 µL/h|u32    |-32  |
//   +--------+------+-------+----------+--------+-------+---+---+---+---+---+---+---+---+--------+--------+--------+-------+-----+
// The CRC-32 covers bytes 0..59; a slot whose CRC or sequence does not match is never returned.

import { LIBRARY_DETAIL_LENGTH_BITS } from "../abi/record-layout";
export {
  REC_ALARM_PRIORITY,
  REC_BLOCK,
  REC_BLOCK_WORD,
  REC_CARE_AREA_ID,
  REC_CONCENTRATION_INDEX,
  REC_CRC,
  REC_DETAIL,
  REC_ENTRY_ID,
  REC_LIBRARY_VERSION,
  REC_LIMIT,
  REC_MODE,
  REC_OUTCOME,
  REC_PARAM,
  REC_RATE_UL_PER_HOUR,
  REC_REASON,
  REC_SEQUENCE,
  REC_STATUS,
  REC_TIER,
  REC_TIME_MS,
  REC_TYPE,
  REC_VALUE,
} from "../abi/record-layout";

/** Library records' detail: file length in bits 0–23, slot in bits 24–31. */
export const LIBRARY_DETAIL_LENGTH_MASK: u32 = ((<u32>1) << LIBRARY_DETAIL_LENGTH_BITS) - 1;
export const LIBRARY_DETAIL_SLOT_SHIFT: u32 = LIBRARY_DETAIL_LENGTH_BITS;
