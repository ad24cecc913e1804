// Finding records in the active image (REQ-ENG-002). Only called while a verified library is active.
import { CARE_AREA_RECORD_SIZE } from "../abi/codes";
import { AREA_ID_LIMIT } from "./care-area-layout";
import { INDEX_ENTRY_ID, INDEX_RECORD_OFFSET, INDEX_ROW_SHIFT } from "./entry-layout";
import { activeEntryCount, bodyPtr, careAreaIdBitmap, careAreaTablePtr, entryIndexPtr } from "./state";

/** Address of the care-area record with this id, or 0 when there is none. */
export function findCareArea(careAreaId: u32): usize {
  if (careAreaId >= AREA_ID_LIMIT) return 0;
  const idBit = <u64>1 << <u64>careAreaId;
  if ((careAreaIdBitmap & idBit) == 0) return 0;
  // Ids ascend through the table, so the row is the number of smaller ids present.
  const row = <usize>popcnt<u64>(careAreaIdBitmap & (idBit - 1));
  return careAreaTablePtr + row * CARE_AREA_RECORD_SIZE;
}

/**
 * Address of the entry record with this id, or 0: binary search on the ascending index
 * (O(log n), REQ-ENG-002). A branchy search measured faster here than a conditional-move one:
 * speculation overlaps the cache misses of successive probes.
 */
export function findEntry(entryId: u32): usize {
  let low: usize = 0;
  let high: usize = activeEntryCount;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const row = entryIndexPtr + (middle << INDEX_ROW_SHIFT);
    const rowId = load<u32>(row, INDEX_ENTRY_ID);
    if (rowId < entryId) {
      low = middle + 1;
    } else if (rowId > entryId) {
      high = middle;
    } else {
      return bodyPtr + <usize>load<u32>(row, INDEX_RECORD_OFFSET);
    }
  }
  return 0;
}
