// The cumulative limit of a library entry (record kind 21 CUMULATIVE, docs/library-image.md §10), as
// the workflow reads it: the window in s and the soft and hard maxima in ABU. Module-level results,
// as elsewhere in the firmware: nothing is allocated. Verified images only (the record's mask holds
// SMAX and/or HMAX, its window argument is a multiple of 60 in 60 … 86,400).
import { LimitKind } from "../abi/limit-kinds";
import { Tier } from "../abi/codes";
import { entryRecordCount, entryRecordList } from "../library/limit-record-layout";
import { limitRecord, recordArgument, recordMask, recordValue } from "../limits/limit-records";

export let cumulativeWindowS: u64 = 0;
export let cumulativeHasSoftMax = false;
export let cumulativeSoftMaxAbu: u64 = 0;
export let cumulativeHasHardMax = false;
export let cumulativeHardMaxAbu: u64 = 0;

/** Mask bit i ↔ tier i + 1 (HMIN, SMIN, SMAX, HMAX): the slots of SMAX and HMAX. */
const SOFT_MAX_SLOT: u32 = <u32>Tier.SOFT_MAX - 1;
const HARD_MAX_SLOT: u32 = <u32>Tier.HARD_MAX - 1;

function clear(): void {
  cumulativeWindowS = 0;
  cumulativeHasSoftMax = false;
  cumulativeSoftMaxAbu = 0;
  cumulativeHasHardMax = false;
  cumulativeHardMaxAbu = 0;
}

/** The CUMULATIVE record of `entry` (0: none), in the entry's extension. */
export function cumulativeRecordOf(entry: usize): usize {
  if (entry == 0) return 0;
  const count = entryRecordCount(entry);
  if (count == 0) return 0;
  return limitRecord(entryRecordList(entry), count, LimitKind.CUMULATIVE);
}

/** Reads the CUMULATIVE record of `entry` (a record pointer, 0 for none); false when it has none. */
export function readCumulativeLimit(entry: usize): bool {
  clear();
  const record = cumulativeRecordOf(entry);
  if (record == 0) return false;
  const mask = recordMask(record);
  cumulativeWindowS = <u64>recordArgument(record);
  cumulativeHasSoftMax = (mask & (1 << SOFT_MAX_SLOT)) != 0;
  cumulativeSoftMaxAbu = recordValue(record, SOFT_MAX_SLOT);
  cumulativeHasHardMax = (mask & (1 << HARD_MAX_SLOT)) != 0;
  cumulativeHardMaxAbu = recordValue(record, HARD_MAX_SLOT);
  return true;
}
