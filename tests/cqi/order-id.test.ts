// Issue 14's "order id where present" (REQ-GW-014, REQ-WF-104): at ingest each record's order_id is
// the id of the ORDER_BOUND whose sequence gives the handle the record carries — from the same page,
// or from an earlier page by one events-table lookup per page. Real parts: the GW-003 scenario's log
// from the virtual pump (an order bound by AUTO_PROGRAM, started at the pump's keys, link loss and
// restore), a real DuckDB file.
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { emptyTally, ingestPage } from "../../hil/cqi/ingest-page.ts";
import { CqiStore } from "../../hil/cqi/store.ts";
import { runSuite } from "../../hil/runner/run-suite.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { orderIdsOf } from "../../simulator/pump/order-record.ts";
import { FIRMWARE, scenarios, virtualTarget } from "../hil/helpers.ts";
import { tempDir } from "../simulator/helpers.ts";

const TEMP = tempDir("ders-cqi-order-");
let raws: Uint8Array[] = [];

beforeAll(async () => {
  const result = await runSuite({
    target: virtualTarget(),
    scenarios: scenarios("hil/scenarios/GW-003-local-start-order-handle-link-loss.json"),
    firmware: FIRMWARE,
    requirements: [],
    hazards: [],
  });
  raws = result.pumpLogs![0].records.map((hex) => Uint8Array.from(Buffer.from(hex, "hex")));
});

/** Ingests the log in pages of `pageSize`; the stored order ids by sequence and the order lookups made. */
async function ingestInPages(name: string, pageSize: number) {
  const store = await CqiStore.open(join(TEMP.path, `${name}.duckdb`));
  const rows = vi.spyOn(store, "rows");
  try {
    const tally = emptyTally(0);
    for (let i = 0; i < raws.length; i += pageSize)
      await ingestPage(store, "pump-1", "test", raws.slice(i, i + pageSize), 0, tally);
    const lookups = rows.mock.calls.filter(([sql]) => sql.includes("record_type")).length;
    rows.mockRestore();
    const stored = await store.rows("SELECT sequence, order_id FROM events ORDER BY sequence");
    return { stored: stored.map((r) => [Number(r.sequence), r.order_id]), lookups };
  } finally {
    store.close();
  }
}

describe("REQ-GW-014 REQ-WF-104 order_id filled at ingest", () => {
  it("REQ-GW-014 REQ-WF-104: one page: records 1–3 (power-on, libraries) have none, every record from ORDER_BOUND on names ORD-GW7, no lookup", async () => {
    const { stored, lookups } = await ingestInPages("one-page", 1000);
    expect(stored.length).toBe(raws.length);
    expect(stored.length).toBeGreaterThan(8);
    expect(stored.slice(0, 3)).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
    expect(stored.slice(3).every(([, id]) => id === "ORD-GW7")).toBe(true);
    expect(lookups).toBe(0);
  });

  it("REQ-GW-014: pages of 2 records give the same order ids as orderIdsOf over the whole log, one lookup per page whose handle was bound earlier", async () => {
    const reference = orderIdsOf(raws.map((raw) => decodeRecord(raw)));
    const { stored, lookups } = await ingestInPages("pages", 2);
    expect(stored).toEqual(
      raws.map((raw) => {
        const sequence = decodeRecord(raw).sequence;
        return [sequence, reference.get(sequence) ?? null];
      }),
    );
    // ORDER_BOUND is record 4 (page 2, records 3–4): pages 3 … n each look the handle up once.
    expect(lookups).toBe(Math.ceil(raws.length / 2) - 2);
  });
});
