// Finding records in the active image (REQ-ENG-002). Only called while a verified library is active.
import { CARE_AREA_RECORD_SIZE } from "../abi/codes";
import { crc32 } from "../crypto/crc32";
import { AREA_ID_LIMIT } from "./care-area-layout";
import { INDEX_ENTRY_ID, INDEX_RECORD_OFFSET, INDEX_ROW_SHIFT } from "./entry-layout";
import { activeEntryCount, bodyPtr, careAreaIdBitmap, careAreaTablePtr, entryIndexPtr } from "./state";

/**
 * Entry-id buckets, built at load time so a lookup starts from a narrow slice of the index instead
 * of the whole of it: bucket b holds the ids whose (id − first id) >> bucketShift is b, and
 * BUCKET_STARTS[b] is the first index row of bucket b (row count after the last). The table is
 * firmware-owned static data (32 KiB of the 64 KiB window, docs/abi.md §2), the same size for
 * any library: with evenly spread ids a bucket holds about n / 8192 rows, so a 10,000-entry
 * library needs one or two probes; the binary search inside a bucket keeps any library, however
 * large or clustered its ids, at O(log n).
 */
const BUCKET_COUNT_SHIFT: u32 = 13;
const BUCKET_COUNT: u32 = 1 << BUCKET_COUNT_SHIFT;
const BUCKET_STARTS: usize = memory.data((BUCKET_COUNT + 1) << 2, 16);
/** The bucket table's extent, and its CRC-32 taken when it was built: the runtime integrity check compares the two (docs/decisions/0021). */
export const BUCKET_TABLE: usize = BUCKET_STARTS;
export const BUCKET_TABLE_BYTES: u32 = (BUCKET_COUNT + 1) << 2;
export let bucketTableCrc: u32 = 0;
let firstEntryId: u32 = 0;
/** Last id − first id; ids outside that span are not in the library. */
let entryIdSpan: u32 = 0;
let bucketShift: u32 = 0;

/** Builds the buckets for the active index (ids ascend strictly, verified); O(n + buckets). */
export function buildEntryBuckets(): void {
  const count = activeEntryCount;
  firstEntryId = count == 0 ? 0 : load<u32>(entryIndexPtr, INDEX_ENTRY_ID);
  const lastEntryId =
    count == 0 ? 0 : load<u32>(entryIndexPtr + ((<usize>(count - 1)) << INDEX_ROW_SHIFT), INDEX_ENTRY_ID);
  entryIdSpan = lastEntryId - firstEntryId;
  // Smallest shift that maps the whole span into BUCKET_COUNT buckets.
  const spanBits: u32 = 32 - clz<u32>(entryIdSpan);
  bucketShift = spanBits > BUCKET_COUNT_SHIFT ? spanBits - BUCKET_COUNT_SHIFT : 0;
  let row: u32 = 0;
  for (let bucket: u32 = 0; bucket <= BUCKET_COUNT; bucket++) {
    while (
      row < count &&
      (load<u32>(entryIndexPtr + ((<usize>row) << INDEX_ROW_SHIFT), INDEX_ENTRY_ID) - firstEntryId) >>> bucketShift <
        bucket
    )
      row++;
    store<u32>(BUCKET_STARTS + ((<usize>bucket) << 2), row);
  }
  bucketTableCrc = crc32(BUCKET_STARTS, BUCKET_TABLE_BYTES);
}

/** Address of the care-area record with this id, or 0 when there is none. */
export function findCareArea(careAreaId: u32): usize {
  if (careAreaId >= AREA_ID_LIMIT) return 0;
  const idBit = (<u64>1) << (<u64>careAreaId);
  if ((careAreaIdBitmap & idBit) == 0) return 0;
  // Ids ascend through the table, so the row is the number of smaller ids present.
  const row = <usize>popcnt<u64>(careAreaIdBitmap & (idBit - 1));
  return careAreaTablePtr + row * CARE_AREA_RECORD_SIZE;
}

/**
 * Address of the entry record with this id, or 0: binary search on the ascending index within the
 * id's bucket (O(log n), REQ-ENG-002). A branchy search measured faster here than a
 * conditional-move one: speculation overlaps the cache misses of successive probes.
 */
export function findEntry(entryId: u32): usize {
  if (activeEntryCount == 0) return 0; // no library (its buckets may be a dropped library's)
  const offset = entryId - firstEntryId; // wraps above the span for ids below the first
  if (offset > entryIdSpan) return 0;
  const bucket = <usize>(offset >>> bucketShift);
  let low = <usize>load<u32>(BUCKET_STARTS + (bucket << 2));
  let high = <usize>load<u32>(BUCKET_STARTS + (bucket << 2), 4);
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

/** Address of the entry record in index row `row` (0 .. activeEntryCount − 1): for scans by something other than id. */
export function entryAtRow(row: u32): usize {
  return bodyPtr + <usize>load<u32>(entryIndexPtr + ((<usize>row) << INDEX_ROW_SHIFT), INDEX_RECORD_OFFSET);
}
