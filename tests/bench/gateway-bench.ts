// `npx tsx tests/bench/gateway-bench.ts`: the EHR gateway's speed (issue 13's targets, REQ-GW-057).
// A benchmark, not a test: it prints figures and never fails on speed.
//   1. latency: from the end of an RGV^O15 written to the gateway's socket to the AUTO_PROGRAM frame
//      complete on the pump's tty (median and p99; target median ≤ 5 ms), one order at a time; the
//      frame overlaps the journal's flush (decisions/0046), whose own cost is printed beside it;
//   2. throughput: orders per second sustained with 10 virtual pumps (target ≥ 100/s), each order
//      with its four bedside scans, and zero loss: every order answered by an RRG^O16 at the EHR
//      and every one on its pump's tty.
// Everything is real but the clock's pace: localhost TCP, the journal fsync'ed in a temporary
// directory, the virtual pumps on pseudo-terminals in this process, the EHR an @medplum/hl7 server.
import { closeSync, existsSync, fdatasync, fdatasyncSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { connect, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { startVirtualPump, type VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";
import { startGateway } from "../../gateway/service/start.ts";
import type { JournalSync } from "../../gateway/service/journal.ts";
import { buildRgv } from "../gateway/ehr-side.ts";
import { BCMA, bedside, FakeEhr, libraryWithCodes, RawConnection, tempDir } from "../gateway/harness.ts";
import { TtyProbe } from "../gateway/tty-probe.ts";

const PUMPS = 10;
const SLOW_FLUSH_MS = 15;
const LATENCY_ORDERS = 300;
const ORDERS_PER_PUMP = 100;
// ORC-9 of the orders; the gateway's clock is held a minute later so none is stale.
const NOW = Date.UTC(2026, 11, 5, 10, 1, 0);

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** One scanner connection: four lines, four OKs. */
class Scanner {
  private got = "";
  private constructor(private readonly socket: Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (c: string) => void (this.got += c));
  }
  static open(port: number): Promise<Scanner> {
    return new Promise((resolve) => {
      const s = connect({ host: "127.0.0.1", port }, () => resolve(new Scanner(s)));
    });
  }
  async scan(lines: string[]): Promise<void> {
    this.got = "";
    this.socket.write(lines.map((l) => `${l}\n`).join(""));
    while (this.got.split("\n").length <= lines.length) await new Promise((r) => setImmediate(r));
  }
  close(): void {
    this.socket.destroy();
  }
}

const image = libraryWithCodes();
const pumps: VirtualPumpHandle[] = [];
for (let i = 0; i < PUMPS; i++) pumps.push(await startVirtualPump({ libraryImage: image }));
const probes = pumps.map((p) => new TtyProbe(p));
/** What one journal flush costs where the journal lies: an order's frame no longer waits for it (decisions/0046). */
function flushCost(root: string | undefined): string {
  const dir = tempDir("gw-flush-", root);
  try {
    const fd = openSync(join(dir.path, "f"), "a");
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      writeSync(fd, `{"k":"order","n":${i}}\n`);
      const t = performance.now();
      fdatasyncSync(fd);
      times.push(performance.now() - t);
    }
    closeSync(fd);
    times.sort((a, b) => a - b);
    return `median ${percentile(times, 50).toFixed(2)}   p99 ${percentile(times, 99).toFixed(2)}`;
  } finally {
    dir.remove();
  }
}

/** Both measurements with the journal in a directory under `root`. */
async function measure(root: string | undefined, where: string, journalSync?: JournalSync): Promise<void> {
  for (const probe of probes) probe.reset();
  const ehr = await new FakeEhr().start();
  const state = tempDir("gw-bench-", root);
  const gw = await startGateway({
    pumps: pumps.map((p, i) => ({ id: `PUMP-${i}`, path: p.path, careAreaId: 0 })),
    listenPort: 0,
    scanPort: 0,
    ehr: { host: "127.0.0.1", port: ehr.port },
    bcma: BCMA,
    stateDir: state.path,
    now: () => NOW,
    journalSync,
  });

  try {
    // 1. Latency, one order at a time to PUMP-0.
    const scanner = await Scanner.open(gw.scanPort);
    const orders = await RawConnection.open(gw.port);
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_ORDERS; i++) {
      await scanner.scan(bedside("BED-0", { pump: "PUMP-0" }));
      const frame = Buffer.from(
        `\x0b${buildRgv({ orderId: `LAT-${i}`, controlId: `L${i}`, pumpId: "PUMP-0" })}\x1c\x0d`,
      );
      const seen = probes[0].autoPrograms.length;
      const sentAt = performance.now();
      orders.write(frame);
      while (probes[0].autoPrograms.length === seen) await new Promise((r) => setImmediate(r));
      latencies.push(probes[0].autoPrograms[seen] - sentAt);
      await gw.gateway.idle();
    }
    latencies.sort((a, b) => a - b);
    console.log(`journal on ${where}:`);
    if (journalSync === undefined)
      console.log(`  one journal flush (write + fdatasync of a record), 200 times (ms): ${flushCost(root)}`);
    console.log(`  latency, RGV^O15 end on the socket → AUTO_PROGRAM frame on the tty, ${LATENCY_ORDERS} orders (ms):`);
    console.log(
      `  median ${percentile(latencies, 50).toFixed(2)}   p99 ${percentile(latencies, 99).toFixed(2)}   (target median ≤ 5)`,
    );

    // 2. Throughput with 10 pumps, each a bedside scanning and ordering as fast as answered.
    await ehr.waitFor("RRG", LATENCY_ORDERS, 60_000);
    const ofThroughput = () =>
      ehr.of("RRG").filter((m) => m.getSegment("MSA")!.getField(2).toString().startsWith("T")).length;
    const framesBefore = probes.map((p) => p.autoPrograms.length);
    const started = performance.now();
    await Promise.all(
      pumps.map(async (_, n) => {
        const s = await Scanner.open(gw.scanPort);
        const c = await RawConnection.open(gw.port);
        for (let i = 0; i < ORDERS_PER_PUMP; i++) {
          await s.scan(bedside(`BED-${n}`, { pump: `PUMP-${n}` }));
          c.frame(buildRgv({ orderId: `T${n}-${i}`, controlId: `T${n}-${i}`, pumpId: `PUMP-${n}` }));
          await c.reply(i, 30_000);
        }
        s.close();
        c.close();
      }),
    );
    const total = PUMPS * ORDERS_PER_PUMP;
    await gw.gateway.idle();
    await ehr.waitFor("RRG", LATENCY_ORDERS + total, 60_000);
    const elapsedS = (performance.now() - started) / 1000;
    const frames = probes.reduce((sum, p, i) => sum + p.autoPrograms.length - framesBefore[i], 0);
    const answered = ofThroughput();
    console.log(`  throughput, ${PUMPS} virtual pumps, ${total} orders with their scans:`);
    console.log(
      `    ${(total / elapsedS).toFixed(0)} orders/s (target ≥ 100); RRG^O16 at the EHR ${answered}/${total}, AUTO_PROGRAM frames on the ttys ${frames}/${total}, lost ${total - Math.min(answered, frames)}`,
    );
    scanner.close();
    orders.close();
  } finally {
    await gw.close();
    await ehr.stop();
    state.remove();
  }
}

try {
  // The journal flushes each order before its accept acknowledgement, while the frame goes to the pump.
  await measure(undefined, "the temporary directory's disk (fdatasync per group of records)");
  // On memory (what a disk with a battery-backed write cache gives): the gateway's own cost.
  if (existsSync("/dev/shm")) await measure("/dev/shm", "/dev/shm (tmpfs)");
  // A loaded disk, as issue 13 measured it (15 ms a flush): each fdatasync made to take 15 ms more.
  // The frame does not wait for it (decisions/0046); the accept acknowledgements do.
  const slowDisk: JournalSync = (fd, done) => setTimeout(() => fdatasync(fd, done), SLOW_FLUSH_MS);
  await measure(undefined, `a disk whose every flush takes ${SLOW_FLUSH_MS} ms more (fdatasync delayed)`, slowDisk);
} finally {
  for (const p of pumps) await p.close();
}
