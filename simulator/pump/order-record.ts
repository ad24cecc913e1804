// Issue 13: reading orders out of the event log (docs/event-log.md §3.7). ORDER_BOUND and
// ORDER_PATIENT carry text in bytes 20 … 51; every record written while an order is bound carries
// the order's handle at offset 6, derived from the ORDER_BOUND record's sequence.
import { ORDER_HANDLE_MODULUS, ORDER_HANDLE_NONE, ORDER_TEXT_SIZE } from "../../firmware/abi/auto-program-layout.ts";
import { EventType } from "../../firmware/abi/event-types.ts";

import { libraryRecordFields, type EventRecord } from "./event-record.ts";

/** Record types whose offset 6 is a status, never an order handle. */
const STATUS_TYPES: ReadonlySet<EventType> = new Set([
  EventType.POWER_ON,
  EventType.LIBRARY_ACTIVATED,
  EventType.LIBRARY_REJECTED,
  EventType.PROGRAM_CHECK,
  EventType.KEY_PROVISIONED,
  EventType.INTEGRITY_FAILED,
]);

/** The handle an ORDER_BOUND record with this sequence gives its order: ((q − 1) mod 65,535) + 1. */
export const orderHandleOf = (sequence: number): number => ((sequence - 1) % ORDER_HANDLE_MODULUS) + 1;

/** The order handle a record carries (0: none, or a record whose offset 6 is a status). */
export const recordOrderHandle = (record: EventRecord): number =>
  STATUS_TYPES.has(record.type) ? ORDER_HANDLE_NONE : record.status;

/** The text of an ORDER_BOUND, ORDER_PATIENT or AUTO_PROGRAM_REFUSED record (bytes 20 … 51, zero-padded). */
export function orderRecordText(record: EventRecord): string {
  const hex = libraryRecordFields(record).block.slice(0, 2 * ORDER_TEXT_SIZE);
  const bytes = Buffer.from(hex, "hex");
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString("latin1");
}

/**
 * The order id of every record that carries a handle, found in the nearest ORDER_BOUND before it
 * whose sequence gives that handle; records without one (or whose ORDER_BOUND left the ring) map to
 * nothing. `records` ascend by sequence.
 */
export function orderIdsOf(records: readonly EventRecord[]): Map<number, string> {
  const byHandle = new Map<number, string>();
  const ids = new Map<number, string>();
  for (const record of records) {
    if (record.type === EventType.ORDER_BOUND) byHandle.set(orderHandleOf(record.sequence), orderRecordText(record));
    const handle = recordOrderHandle(record);
    const id = handle === ORDER_HANDLE_NONE ? undefined : byHandle.get(handle);
    if (id !== undefined) ids.set(record.sequence, id);
  }
  return ids;
}
