// Issue 14's "order id where present": the order id of each record of a page, from the ORDER_BOUND
// record whose sequence gives the handle the record carries (docs/event-log.md §3.7,
// simulator/pump/order-record.ts). An ORDER_BOUND in the page itself needs no query; a handle bound
// in an earlier page is looked up once per page, all such handles in one query of the events table.
import { ORDER_HANDLE_MODULUS, ORDER_HANDLE_NONE } from "../../firmware/abi/auto-program-layout.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { decodeRecord, type EventRecord } from "../../simulator/pump/event-record.ts";
import { orderIdsOf, recordOrderHandle } from "../../simulator/pump/order-record.ts";
import type { CqiStore } from "./store.ts";

/** Order ids by sequence for `records` (ascending); records without a known order are absent. */
export async function pageOrderIds(
  store: CqiStore,
  pumpId: string,
  records: readonly EventRecord[],
): Promise<Map<number, string>> {
  const ids = orderIdsOf(records);
  const unresolved = new Set<number>();
  for (const record of records) {
    const handle = recordOrderHandle(record);
    if (handle !== ORDER_HANDLE_NONE && !ids.has(record.sequence)) unresolved.add(handle);
  }
  if (unresolved.size === 0) return ids;
  // Every earlier ORDER_BOUND that gives one of those handles, oldest first: orderIdsOf keeps the nearest.
  const rows = await store.rows(
    `SELECT raw_hex FROM events WHERE pump_id = ? AND record_type = ? AND sequence < ?
       AND (sequence - 1) % ${ORDER_HANDLE_MODULUS} + 1 IN (${[...unresolved].join(", ")}) ORDER BY sequence`,
    [pumpId, EventType.ORDER_BOUND, records[0].sequence],
  );
  if (rows.length === 0) return ids;
  const earlier = rows.map((row) => decodeRecord(new Uint8Array(Buffer.from(String(row.raw_hex), "hex"))));
  return orderIdsOf([...earlier, ...records]);
}
