// The cumulative limit of a library entry (record kind 21 CUMULATIVE, docs/library-image.md), as the
// workflow reads it: the window in s and the soft and hard maxima in ABU. Module-level results, as
// elsewhere in the firmware: nothing is allocated.

export let cumulativeWindowS: u64 = 0;
export let cumulativeHasSoftMax = false;
export let cumulativeSoftMaxAbu: u64 = 0;
export let cumulativeHasHardMax = false;
export let cumulativeHardMaxAbu: u64 = 0;

function clear(): void {
  cumulativeWindowS = 0;
  cumulativeHasSoftMax = false;
  cumulativeSoftMaxAbu = 0;
  cumulativeHasHardMax = false;
  cumulativeHardMaxAbu = 0;
}

/** Reads the CUMULATIVE record of `entry` (a record pointer, 0 for none); false when it has none. */
export function readCumulativeLimit(entry: usize): bool {
  clear();
  if (entry == 0) return false;
  // The entry's limit-record list arrives with the format-3 infrastructure (issue 11, stream A).
  return false;
}
