// Issue 13: which entry and concentrations of the active library carry an external code (the drug
// identifier of an AUTO_PROGRAM order; docs/library-image.md §10 kinds 26 and 27). A full scan of the
// entries: orders are rare and the scan is bounded by the verified image, and an index built at
// activation would be another table for the integrity check to cover. Verified images only.
import { IMAGE_HEADER_SIZE } from "../abi/codes";
import { LimitKind, MAX_CODES_PER_RECORD } from "../abi/limit-kinds";
import { ENTRY_CONCENTRATION_COUNT, INDEX_RECORD_OFFSET, INDEX_ROW_SHIFT } from "./entry-layout";
import { HEADER_STRING_POOL_OFFSET } from "./header-layout";
import {
  concentrationRecordCount,
  concentrationRecordList,
  concentrationRecordSizeAt,
  entryRecordCount,
  entryRecordList,
  firstConcentrationRecord,
  LIMIT_RECORD_ARGUMENT,
  LIMIT_RECORD_KIND,
  LIMIT_RECORD_MASK,
  LIMIT_RECORD_VALUES,
  RECORD_SIZE,
} from "./limit-record-layout";
import { activeEntryCount, bodyPtr, entryIndexPtr } from "./state";

/** How many entries carry the code (on the entry or on a concentration): 0, 1, or more. */
export let codeEntryMatches: u32 = 0;
/** The entry record of the (first) match, 0 when none. */
export let codeEntry: usize = 0;
/** Bit c: concentration c of that entry is a candidate (every concentration when the entry carries the code). */
export let codeConcentrationMask: u32 = 0;
/** The code is the entry's own (ENTRY_CODES), not only a concentration's. */
export let codeOnEntry = false;

/** Looks the code of `length` bytes at `code` up in the active library; results in the exports above. */
export function findCode(code: usize, length: u32): void {
  codeEntryMatches = 0;
  codeEntry = 0;
  codeConcentrationMask = 0;
  codeOnEntry = false;
  const pool = bodyPtr + <usize>load<u32>(bodyPtr - <usize>IMAGE_HEADER_SIZE + HEADER_STRING_POOL_OFFSET);
  for (let row: u32 = 0; row < activeEntryCount; row++) {
    const entry = bodyPtr + <usize>load<u32>(entryIndexPtr + ((<usize>row) << INDEX_ROW_SHIFT), INDEX_RECORD_OFFSET);
    const onEntry = listCarries(
      entryRecordList(entry),
      entryRecordCount(entry),
      LimitKind.ENTRY_CODES,
      pool,
      code,
      length,
    );
    let mask: u32 = 0;
    const count = <u32>load<u8>(entry + ENTRY_CONCENTRATION_COUNT);
    let record = firstConcentrationRecord(entry);
    for (let c: u32 = 0; c < count; c++) {
      const list = concentrationRecordList(record);
      if (listCarries(list, concentrationRecordCount(record), LimitKind.CONCENTRATION_CODES, pool, code, length))
        mask |= 1 << c;
      record += concentrationRecordSizeAt(record);
    }
    if (!onEntry && mask == 0) continue;
    codeEntryMatches++;
    if (codeEntryMatches > 1) continue; // ambiguous: the first match stays for the record, the caller refuses
    codeEntry = entry;
    codeOnEntry = onEntry;
    codeConcentrationMask = onEntry ? (count >= 32 ? 0xffffffff : (1 << count) - 1) : mask;
  }
}

/** The list's record of `kind` (codes) holds a code equal to the `length` bytes at `code`. */
function listCarries(list: usize, count: u32, kind: u32, pool: usize, code: usize, length: u32): bool {
  for (let i: u32 = 0; i < count; i++) {
    const record = list + <usize>i * RECORD_SIZE;
    const recordKind = <u32>load<u8>(record + LIMIT_RECORD_KIND);
    if (recordKind > kind) return false; // ascending kinds
    if (recordKind != kind) continue;
    const mask = <u32>load<u8>(record + LIMIT_RECORD_MASK);
    const lengths = load<u32>(record + LIMIT_RECORD_ARGUMENT);
    for (let slot: u32 = 0; slot < <u32>MAX_CODES_PER_RECORD; slot++) {
      if ((mask & (1 << slot)) == 0) break;
      if (((lengths >>> (slot << 3)) & 0xff) != length) continue;
      const text = pool + <usize>load<u64>(record + LIMIT_RECORD_VALUES + ((<usize>slot) << 3));
      if (bytesEqual(text, code, length)) return true;
    }
    return false;
  }
  return false;
}

function bytesEqual(a: usize, b: usize, length: u32): bool {
  for (let i: u32 = 0; i < length; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}
