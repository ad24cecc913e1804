// Limit records of image format 3 (docs/library-image.md §10): where an entry's and a
// concentration's record lists are. Offsets and kinds are defined once in abi/limit-kinds.ts.
//
// EXTENDED entry record (flags bit 2):
//   | fixed 40 | 8k limit values | extension: recordCount u16 | 6 × 0 | n × 40-byte records | concentrations |
// Concentration record (format 3, byte 3 = recordCount):
//   | fixed 16 | 8k limit values | n × 40-byte records |
// Limit record, 40 bytes:
//   0     1     2       4          8
//   +-----+-----+-------+----------+-----------------------------------------+
//   |kind |mask |rsvd 0 |argument  | 4 × u64 values (value i ↔ mask bit i)   |
//   | u8  | u8  | u16   | u32      | absent bit's value 0                     |
//   +-----+-----+-------+----------+-----------------------------------------+
import { ENTRY_EXTENSION_HEADER_SIZE, LIMIT_RECORD_SIZE } from "../abi/codes";
import { ENTRY_FLAG_EXTENDED as FLAG_EXTENDED } from "../abi/entry-flags";
import { CONCENTRATION_RECORD_COUNT, EXTENSION_RECORD_COUNT, EXTENSION_RECORDS } from "../abi/limit-kinds";
import {
  CONCENTRATION_LIMIT_VALUES,
  CONCENTRATION_TIER_MASK,
  ENTRY_FLAGS,
  ENTRY_LIMIT_VALUES,
  ENTRY_TIER_MASKS,
} from "./entry-layout";

export {
  CONCENTRATION_RECORD_COUNT,
  EXTENSION_RECORD_COUNT,
  EXTENSION_RECORDS,
  EXTENSION_RESERVED_2,
  LIMIT_RECORD_ARGUMENT,
  LIMIT_RECORD_KIND,
  LIMIT_RECORD_MASK,
  LIMIT_RECORD_RESERVED_2,
  LIMIT_RECORD_VALUES,
} from "../abi/limit-kinds";

export const ENTRY_FLAG_EXTENDED: u32 = FLAG_EXTENDED;
export const RECORD_SIZE: usize = <usize>LIMIT_RECORD_SIZE;

/** Address of an entry's extension (right after its limit values); meaningful only when EXTENDED. */
// @ts-ignore: decorator
@inline export function entryExtension(entry: usize): usize {
  return entry + ENTRY_LIMIT_VALUES + ((<usize>popcnt<u64>(load<u64>(entry + ENTRY_TIER_MASKS))) << 3);
}

/** How many limit records an entry's extension holds; 0 when the entry is not EXTENDED. */
// @ts-ignore: decorator
@inline export function entryRecordCount(entry: usize): u32 {
  if (((<u32>load<u8>(entry + ENTRY_FLAGS)) & ENTRY_FLAG_EXTENDED) == 0) return 0;
  return <u32>load<u16>(entryExtension(entry) + EXTENSION_RECORD_COUNT);
}

/** Address of an entry's first limit record (when entryRecordCount > 0). */
// @ts-ignore: decorator
@inline export function entryRecordList(entry: usize): usize {
  return entryExtension(entry) + EXTENSION_RECORDS;
}

/** Address of an entry's first concentration record: after its limit values and any extension. */
// @ts-ignore: decorator
@inline export function firstConcentrationRecord(entry: usize): usize {
  const extension = entryExtension(entry);
  if (((<u32>load<u8>(entry + ENTRY_FLAGS)) & ENTRY_FLAG_EXTENDED) == 0) return extension;
  return (
    extension + <usize>ENTRY_EXTENSION_HEADER_SIZE + <usize>load<u16>(extension + EXTENSION_RECORD_COUNT) * RECORD_SIZE
  );
}

/** How many limit records follow a concentration's limit values (0 in formats 1 and 2). */
// @ts-ignore: decorator
@inline export function concentrationRecordCount(record: usize): u32 {
  return <u32>load<u8>(record + CONCENTRATION_RECORD_COUNT);
}

/** Address of a concentration's first limit record (when concentrationRecordCount > 0). */
// @ts-ignore: decorator
@inline export function concentrationRecordList(record: usize): usize {
  return (
    record + CONCENTRATION_LIMIT_VALUES + ((<usize>popcnt<u32>(<u32>load<u8>(record + CONCENTRATION_TIER_MASK))) << 3)
  );
}

/** Byte size of the concentration record at `record`, its limit records included. */
// @ts-ignore: decorator
@inline export function concentrationRecordSizeAt(record: usize): usize {
  return concentrationRecordList(record) - record + <usize>concentrationRecordCount(record) * RECORD_SIZE;
}

/** Address of concentration record `index` of an entry. */
export function concentrationRecordAt(entry: usize, index: u32): usize {
  return concentrationRecordFrom(firstConcentrationRecord(entry), index);
}

/** Address of concentration record `index`, counting from the first one at `first` (inlined on the engine's path). */
// @ts-ignore: decorator
@inline export function concentrationRecordFrom(first: usize, index: u32): usize {
  let record = first;
  for (let i: u32 = 0; i < index; i++) record += concentrationRecordSizeAt(record);
  return record;
}
