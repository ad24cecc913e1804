// The order's frame and its journal flush overlap (decisions/0046, REQ-GW-070, REQ-GW-071): the order
// reaches its pump while its record is being flushed, the accept acknowledgement (CA) waits for the
// flush, and a gateway killed before the flush ended loses nothing — the record was in the file
// before the frame left, the restarted gateway sends the order on, and the EHR's second copy (it
// never had its CA) is a duplicate that reaches no pump. Real localhost TCP and a real journal file;
// the flush is held by the journal's sync hook and the pump is a double (unit level).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fdatasync } from "node:fs";
import { startGateway, type GatewayHandle } from "../../gateway/service/start.ts";
import { Journal, type JournalSync } from "../../gateway/service/journal.ts";
import { buildRgv } from "./ehr-side.ts";
import { BCMA, bedside, FakeEhr, PumpDouble, RawConnection, scan, sendOrder, tempDir } from "./harness.ts";

const NOW = Date.UTC(2026, 11, 5, 10, 1, 0);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A flush that waits until released (or for ever: the machine is gone before it ends). */
function heldSync(): { sync: JournalSync; release(): void; held: number } {
  const waiting: (() => void)[] = [];
  const state = {
    held: 0,
    sync: ((fd, done) => {
      state.held++;
      waiting.push(() => fdatasync(fd, done));
    }) as JournalSync,
    release: () => waiting.splice(0).forEach((go) => go()),
  };
  return state;
}

async function gateway(ehr: FakeEhr, stateDir: string, pump: PumpDouble, sync?: JournalSync): Promise<GatewayHandle> {
  const gw = await startGateway({
    pumps: [{ id: "PUMP-A", path: "/dev/null-a", careAreaId: 0 }],
    listenPort: 0,
    scanPort: 0,
    ehr: { host: "127.0.0.1", port: ehr.port },
    bcma: BCMA,
    stateDir,
    pollMs: 3_600_000,
    ehrRetryMs: 20,
    now: () => NOW,
    openPump: () => pump,
    journalSync: sync,
  });
  return gw;
}

const msa1 = (m: { getSegment(id: string): { getField(n: number): { toString(): string } } | undefined }) =>
  m.getSegment("MSA")?.getField(1).toString();

describe("REQ-GW-070 REQ-GW-071 REQ-GW-072 the order's frame overlaps its journal flush; nothing is lost", () => {
  it("REQ-GW-070: the order reaches its pump while its record is flushed; its CA waits for the flush", async () => {
    const ehr = await new FakeEhr().start();
    cleanups.push(() => ehr.stop());
    const dir = tempDir("gw-overlap-");
    cleanups.push(() => dir.remove());
    const flush = heldSync();
    const pump = new PumpDouble();
    const gw = await gateway(ehr, dir.path, pump, flush.sync);
    cleanups.push(() => gw.close());
    await scan(gw.scanPort, bedside("BED-1"));
    const connection = await RawConnection.open(gw.port);
    cleanups.push(() => connection.close());
    connection.frame(buildRgv());
    while (pump.orders.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    // The record is in the file before the frame left: a crash of the process now cannot lose it.
    expect(readFileSync(join(dir.path, "queue.jsonl"), "utf8")).toContain('"k":"order","key":"|ORD-1"');
    expect(flush.held).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(connection.replies).toEqual([]); // no CA while the flush is held
    flush.release();
    expect(msa1(await connection.reply(0))).toBe("CA");
    // The RRG's own record is flushed before it is sent, as before.
    while (ehr.of("RRG").length === 0) {
      flush.release();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(msa1(ehr.of("RRG")[0])).toBe("AA");
  });

  it("REQ-GW-071: killed after the frame and before the flush: the restart sends the order on once; the EHR's second copy is a duplicate", async () => {
    const ehr = await new FakeEhr().start();
    cleanups.push(() => ehr.stop());
    const dir = tempDir("gw-overlap-");
    cleanups.push(() => dir.remove());
    const never = heldSync(); // the flush never ends: the process dies first
    const first = new PumpDouble();
    first.hold = new Promise(() => undefined); // and the pump's answer never comes back to it
    const dying = await gateway(ehr, dir.path, first, never.sync);
    await scan(dying.scanPort, bedside("BED-1"));
    const connection = await RawConnection.open(dying.port);
    connection.frame(buildRgv());
    while (first.orders.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    // The process dies: its connections go, nothing more is written, its CA was never sent.
    dying.reporter.stop();
    dying.sender.stop();
    connection.close();
    expect(connection.replies).toEqual([]);
    const pump = new PumpDouble();
    const restarted = await gateway(ehr, dir.path, pump);
    cleanups.push(() => restarted.close());
    await restarted.gateway.idle();
    expect(pump.orders.map((o) => o.orderId)).toEqual(["ORD-1"]);
    // The EHR had no CA, so it sends the order again: accepted as a duplicate, not sent again.
    expect(msa1(await sendOrder(restarted.port, buildRgv()))).toBe("CA");
    await restarted.gateway.idle();
    expect(pump.orders).toHaveLength(1);
    await restarted.sender.drained();
    const rrgs = ehr.of("RRG");
    expect(rrgs.map(msa1)).toEqual(["AA", "AA"]); // the order's outcome, and again for the duplicate
    expect(new Set(rrgs.map((m) => m.header.getField(10).toString())).size).toBe(2);
  });

  it("REQ-GW-072: an outbound message waits for its own record's flush, not for delivery marks written after it", async () => {
    const dir = tempDir("gw-overlap-");
    cleanups.push(() => dir.remove());
    const flush = heldSync();
    const journal = Journal.open(join(dir.path, "queue.jsonl"), flush.sync);
    cleanups.push(() => journal.close());
    const turn = () => new Promise((resolve) => setTimeout(resolve, 5));
    journal.queueOutbound("GW1", "first");
    journal.queueOutbound("GW2", "second");
    let second = false;
    const waiting = journal.outboundDurable("GW2").then(() => void (second = true));
    await turn();
    expect(second).toBe(false); // its own record is not on disk yet
    flush.release();
    await waiting;
    journal.markSent("GW1"); // a delivery mark, not yet flushed
    let again = false;
    void journal.outboundDurable("GW2").then(() => void (again = true));
    let everything = false;
    void journal.durable().then(() => void (everything = true));
    await turn();
    expect(again).toBe(true);
    expect(everything).toBe(false); // the mark itself still waits for its flush
    flush.release();
    await turn();
    expect(everything).toBe(true);
  });
});
