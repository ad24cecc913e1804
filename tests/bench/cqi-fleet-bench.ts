// `npx tsx tests/bench/cqi-fleet-bench.ts`: issue 14's fleet figures on a simulated fleet (seed
// printed; BENCH_PUMPS, BENCH_DAYS to change the size). A benchmark: it prints figures, it never
// fails on speed.
//   1. the simulator itself (50 pumps × 30 days through the firmware and the protocol, collected);
//   2. the dashboard build: figures from the database and the page written (target ≤ 10 s);
//   3. what-if replay through the WASM engine (target ≥ 1,000,000 programs per minute), on the
//      logged programs repeated to at least 200,000;
//   4. the Parquet export.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simulateFleet } from "../../hil/cqi/fleet-simulate.ts";
import { readDashboardData } from "../../hil/cqi/dashboard-data.ts";
import { buildDashboardHtml } from "../../hil/cqi/dashboard-html.ts";
import { writeAtomic } from "../../hil/cqi/commands.ts";
import { exportParquet } from "../../hil/cqi/export-parquet.ts";
import { loggedPrograms, replayPrograms } from "../../hil/cqi/replay.ts";
import { CqiStore } from "../../hil/cqi/store.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { Firmware } from "../../simulator/host/firmware.ts";

const PUMPS = Number(process.env.BENCH_PUMPS ?? 50);
const DAYS = Number(process.env.BENCH_DAYS ?? 30);
const SEED = 42;
const REPLAYED = 200_000;

const seconds = (start: number): number => (performance.now() - start) / 1000;
const compiled = compileLibrary(JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8")));
if (!compiled.ok) throw new Error("the example library does not compile");
const firmware = readFileSync("build/ders.wasm");
const dir = mkdtempSync(join(tmpdir(), "cqi-fleet-bench-"));
const store = await CqiStore.open(join(dir, "fleet.duckdb"));
try {
  console.log(`CQI fleet: ${PUMPS} pumps × ${DAYS} days, seed ${SEED}`);
  let start = performance.now();
  const summary = await simulateFleet(store, new WebAssembly.Module(firmware), compiled.library, compiled.image, {
    pumps: PUMPS,
    days: DAYS,
    seed: SEED,
  });
  console.log(
    `  simulate: ${summary.orders} orders, ${summary.recordsCollected} records collected in ${seconds(start).toFixed(1)} s`,
  );

  start = performance.now();
  const page = join(dir, "dashboard.html");
  writeAtomic(page, buildDashboardHtml(await readDashboardData(store)));
  console.log(
    `  dashboard: built in ${seconds(start).toFixed(2)} s (target ≤ 10 s), ${Math.round(statSync(page).size / 1024)} KiB`,
  );

  const logged = await loggedPrograms(store);
  const programs = Array.from({ length: Math.max(REPLAYED, logged.length) }, (_, i) => logged[i % logged.length]);
  const engine = Firmware.fromBytes(firmware);
  engine.loadLibrary(compiled.image);
  start = performance.now();
  replayPrograms(engine, programs);
  const replaySeconds = seconds(start);
  console.log(
    `  replay: ${programs.length} programs (${logged.length} logged, repeated) in ${replaySeconds.toFixed(2)} s: ` +
      `${Math.round((programs.length * 60) / replaySeconds).toLocaleString("en-US")} programs/min (target ≥ 1,000,000)`,
  );

  start = performance.now();
  const exported = await exportParquet(store, join(dir, "parquet"));
  console.log(
    `  export: ${exported.events} events in ${exported.partitions} day/pump partitions in ${seconds(start).toFixed(2)} s`,
  );
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
