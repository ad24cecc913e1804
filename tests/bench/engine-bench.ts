// `npm run bench`: speed and size of the DERS engine. A benchmark, not a test: it prints figures
// and the targets they are measured against, and never fails on speed.
// Targets (issue 2): ≤ 50 ns per check with lookup in a 10,000-entry library, growth no worse
// than log n, release .wasm ≤ 16 KiB.
import { readFileSync } from "node:fs";
import { REQUEST_SIZE, Status } from "../../firmware/abi/codes.ts";
import { MEMORY_PAGES } from "../support/profile.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { makeRequests, makeSyntheticLibrary } from "./synthetic-library.ts";

const SEED = Number(process.env.BENCH_SEED ?? 424242);
const SIZES = [100, 1_000, 10_000];
const ENGINE_REQUESTS = 200_000;
const ORACLE_REQUESTS = 20_000;
const ROUNDS = 7;
/** Matches BENCH_STAGING_CAPACITY in firmware/testkit.ts: requests from 0x800 up to the static data at 0x10000. */
const STAGING_CAPACITY = Math.floor((0x10000 - 0x800) / REQUEST_SIZE);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function encodeAll(requests: ReturnType<typeof makeRequests>): Uint8Array {
  const all = new Uint8Array(requests.length * REQUEST_SIZE);
  requests.forEach((r, i) => encodeRequest(r, all.subarray(i * REQUEST_SIZE, (i + 1) * REQUEST_SIZE)));
  return all;
}

const WORDS_PER_REQUEST = REQUEST_SIZE / 4;

/**
 * Median ns per call of `fn` with a request copied into the request buffer first, as a host does.
 * The copy is 26 word stores from a preloaded Uint32Array: no allocation inside the timed loop.
 */
function timeLoop(engine: Firmware, requests: Uint32Array, count: number, fn: () => number): number {
  const requestWord = (engine.exports.requestOffset as () => number)() / 4;
  const memory32 = new Uint32Array(engine.memory.buffer);
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const from = i * WORDS_PER_REQUEST;
      for (let w = 0; w < WORDS_PER_REQUEST; w++) memory32[requestWord + w] = requests[from + w];
      fn();
    }
    samples.push(Number(process.hrtime.bigint() - start) / count);
  }
  return median(samples);
}

/**
 * Median ns per check with the loop inside WASM (testkit build: the release engine plus a staging
 * export, same optimisation): each staged request is copied into the request buffer and evaluated.
 * This is the engine's own cost, lookup included, with no JavaScript between checks.
 */
function timeInWasm(testkit: Firmware, requests: Uint8Array, count: number): number {
  const stagingOffset = (testkit.exports.benchStagingOffset as () => number)();
  const evaluateStaged = testkit.exports.benchEvaluateStaged as (n: number) => number;
  const batch = STAGING_CAPACITY;
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let elapsedNs = 0n;
    for (let first = 0; first < count; first += batch) {
      const n = Math.min(batch, count - first);
      testkit.memory.set(requests.subarray(first * REQUEST_SIZE, (first + n) * REQUEST_SIZE), stagingOffset);
      const start = process.hrtime.bigint();
      evaluateStaged(n);
      elapsedNs += process.hrtime.bigint() - start;
    }
    samples.push(Number(elapsedNs) / count);
  }
  return median(samples);
}

function statusCounts(engine: Firmware, requests: Uint8Array, count: number): Map<number, number> {
  const statuses = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const status = engine.evaluateRaw(requests.subarray(i * REQUEST_SIZE, (i + 1) * REQUEST_SIZE)).status;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  return statuses;
}

function timeOracle(oracle: Oracle, requests: Uint8Array, count: number): number {
  const samples: number[] = [];
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) oracle.evaluateRaw(requests.subarray(i * REQUEST_SIZE, (i + 1) * REQUEST_SIZE));
    samples.push(Number(process.hrtime.bigint() - start) / count);
  }
  return median(samples);
}

async function main(): Promise<void> {
  console.log(`DERS engine benchmark — seed ${SEED} (BENCH_SEED=${SEED} to repeat), Node ${process.version}`);
  const wasmBytes = readFileSync("build/ders.wasm");
  const engine = await Firmware.fromFile("build/ders.wasm");
  const testkit = await Firmware.fromFile("build/ders.testkit.wasm");
  const rows: string[] = [];
  const nsBySize = new Map<number, number>();
  for (const size of SIZES) {
    const library = makeSyntheticLibrary(size, SEED + size);
    const image = encodeImage(library);
    const loadStart = process.hrtime.bigint();
    const loadStatus = engine.loadLibrary(image);
    const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
    if (loadStatus !== Status.OK) throw new Error(`library of ${size} entries did not load: status ${loadStatus}`);
    if (testkit.loadLibrary(image) !== Status.OK) throw new Error(`testkit build rejected the ${size}-entry library`);
    const requests = encodeAll(makeRequests(library, ENGINE_REQUESTS, SEED ^ size));
    const words = new Uint32Array(requests.buffer, requests.byteOffset, requests.length / 4);
    const statuses = statusCounts(engine, requests, ENGINE_REQUESTS);
    const hostLoopNs = timeLoop(engine, words, ENGINE_REQUESTS, engine.exports.evaluate as () => number);
    const nsPerCheck = timeInWasm(testkit, requests, ENGINE_REQUESTS);
    const oracle = new Oracle();
    if (oracle.loadLibrary(image) !== Status.OK) throw new Error(`oracle rejected the ${size}-entry library`);
    const oracleNs = timeOracle(oracle, requests, ORACLE_REQUESTS);
    nsBySize.set(size, nsPerCheck);
    const okShare = ((statuses.get(Status.OK) ?? 0) / ENGINE_REQUESTS) * 100;
    rows.push(
      `| ${size.toLocaleString("en-US")} | ${(image.length / 1024).toFixed(1)} KiB | ${loadMs.toFixed(2)} ms | ${nsPerCheck.toFixed(1)} ns | ${(1e3 / nsPerCheck).toFixed(2)} M/s | ${hostLoopNs.toFixed(1)} ns | ${oracleNs.toFixed(0)} ns | ${okShare.toFixed(1)} % |`,
    );
  }
  console.log(
    "\n| entries | image | load+verify | engine per check (in WASM) | engine checks/s | per check from JS (copy + call) | oracle per check | status OK |",
  );
  console.log("|---|---|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);

  const small = nsBySize.get(SIZES[0])!;
  const large = nsBySize.get(SIZES[SIZES.length - 1])!;
  const logRatio = Math.log2(SIZES[SIZES.length - 1]) / Math.log2(SIZES[0]);
  console.log(`\ngrowth 100 → 10,000 entries: ×${(large / small).toFixed(2)} (log n bound: ×${logRatio.toFixed(2)})`);
  console.log(
    `release .wasm: ${wasmBytes.length} bytes (${(wasmBytes.length / 1024).toFixed(2)} KiB; the whole pump module: engine, workflow, protocol, NV, event log and crypto — targets: engine ≤ 16 KiB, pump without crypto ≤ 48 KiB, with crypto ≤ 64 KiB)`,
  );
  console.log(`linear memory: ${MEMORY_PAGES} pages (${(MEMORY_PAGES * 64).toLocaleString("en-US")} KiB), fixed`);
  console.log(
    `per-check target ≤ 50 ns at 10,000 entries: engine ${large.toFixed(1)} ns per check (random requests over the whole library)`,
  );
}

await main();
