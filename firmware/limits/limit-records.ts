// Reading format-3 limit records (docs/library-image.md §10) as tier blocks. Verified images only:
// a list is ascending by kind with at most one record per kind, and every value within its
// quantity's maximum and in tier order (library/verify-limit-records.ts).
import {
  LIMIT_RECORD_ARGUMENT,
  LIMIT_RECORD_KIND,
  LIMIT_RECORD_MASK,
  LIMIT_RECORD_VALUES,
  RECORD_SIZE,
} from "../library/limit-record-layout";
import { fixedTierBlock, TierBlock } from "./tier-block";

/** Address of the record of `kind` in the list of `count` records at `list`, or 0 when there is none. */
export function limitRecord(list: usize, count: u32, kind: u32): usize {
  // Ascending kinds: stop at the first kind at or above the one sought. Lists are short (≤ 32).
  for (let i: u32 = 0; i < count; i++) {
    const record = list + <usize>i * RECORD_SIZE;
    const recordKind = <u32>load<u8>(record + LIMIT_RECORD_KIND);
    if (recordKind == kind) return record;
    if (recordKind > kind) return 0;
  }
  return 0;
}

/**
 * The record of `kind` that applies to a request: the concentration's when it has one, else the
 * entry's (a concentration record replaces the entry's block of that kind entirely), else 0.
 */
export function effectiveLimitRecord(
  entryList: usize,
  entryCount: u32,
  concentrationList: usize,
  concentrationCount: u32,
  kind: u32,
): usize {
  const own = limitRecord(concentrationList, concentrationCount, kind);
  return own != 0 ? own : limitRecord(entryList, entryCount, kind);
}

/** A record's values as a tier block (fixed storage: four slots, mask bit i ↔ slot i); no tiers for 0. */
// @ts-ignore: decorator
@inline export function recordBlock(record: usize): TierBlock {
  if (record == 0) return fixedTierBlock(0, 0);
  return fixedTierBlock(<u32>load<u8>(record + LIMIT_RECORD_MASK), record + LIMIT_RECORD_VALUES);
}

/** The record's mask byte (0 for no record). */
// @ts-ignore: decorator
@inline export function recordMask(record: usize): u32 {
  return record == 0 ? 0 : <u32>load<u8>(record + LIMIT_RECORD_MASK);
}

/** The record's value `slot` (0 .. 3); 0 when absent. */
// @ts-ignore: decorator
@inline export function recordValue(record: usize, slot: u32): u64 {
  return load<u64>(record + LIMIT_RECORD_VALUES + ((<usize>slot) << 3));
}

/** The record's argument (u32; CUMULATIVE's window, ADVISORY's length). */
// @ts-ignore: decorator
@inline export function recordArgument(record: usize): u32 {
  return load<u32>(record + LIMIT_RECORD_ARGUMENT);
}
