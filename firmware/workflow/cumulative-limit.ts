// The cumulative limit of a library entry (record kind 21 CUMULATIVE, docs/library-image.md §10), as
// the workflow reads it: the window in s and the soft and hard maxima in ABU. Module-level results,
// as elsewhere in the firmware: nothing is allocated. Verified images only (the record's mask holds
// SMAX and/or HMAX, its window argument is a multiple of 60 in 60 … 86,400).
import { LimitKind } from "../abi/limit-kinds";
import { Tier } from "../abi/codes";
import { entryRecordCount, entryRecordList } from "../library/limit-record-layout";
import { ENTRY_ID } from "../library/entry-layout";
import { limitRecord, recordArgument, recordMask, recordValue } from "../limits/limit-records";

export let cumulativeWindowS: u64 = 0;
export let cumulativeHasSoftMax = false;
export let cumulativeSoftMaxAbu: u64 = 0;
export let cumulativeHasHardMax = false;
export let cumulativeHardMaxAbu: u64 = 0;

// PCA (issue 15, decision 0034): the programmed window maximum of a PCA entry is its cumulative hard
// maximum — the same accountant counts basal, patient doses, clinician boluses and loading doses.
let pcaEntryId: u32 = 0;
let pcaWindowS: u64 = 0;
let pcaWindowMaxAbu: u64 = 0;

/** From a PCA program's check on (0: none): entry `entryId` is held to `maxAbu` per `windowS`. */
export function setPcaWindowLimit(entryId: u32, windowS: u64, maxAbu: u64): void {
  pcaEntryId = entryId;
  pcaWindowS = windowS;
  pcaWindowMaxAbu = maxAbu;
}

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
  if (entry != 0 && pcaEntryId != 0 && load<u32>(entry + ENTRY_ID) == pcaEntryId) {
    cumulativeWindowS = pcaWindowS;
    cumulativeHasHardMax = true;
    cumulativeHardMaxAbu = pcaWindowMaxAbu;
    return true;
  }
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
