// `npx tsx tests/bench/integrity-bench.ts` (after npm run build:firmware): what the runtime
// integrity check (docs/decisions/0021-runtime-integrity.md) costs per tick, and how long a full
// pass takes, for libraries of 100 / 1,000 / 10,000 entries. Each tick re-checks at most
// INTEGRITY_SLICE_BYTES; a tick of a pump with no library only walks the constant tables. A
// benchmark: it prints figures, it never fails on speed.
import { INTEGRITY_PASS_FIXED_TICKS, INTEGRITY_SLICE_BYTES, Status } from "../../firmware/abi/codes.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";
import { loadImage, powerOn } from "../nv/firmware-instance.ts";
import { makeSyntheticLibrary } from "./synthetic-library.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";

const SEED = Number(process.env.BENCH_SEED ?? 424242);
const SIZES = [100, 1_000, 10_000];
const TICK_MS = 100;

function started(image?: Uint8Array): FirmwareExports {
  const firmware = powerOn();
  firmware.init();
  if (image !== undefined && loadImage(firmware, image) !== Status.OK) throw new Error("library refused");
  return firmware;
}

/** Median and 99th-percentile ns of one tick(100), over at least a full pass (every kind of slice is sampled). */
function timeTicks(firmware: FirmwareExports, ticks: number): { median: number; p99: number } {
  for (let i = 0; i < ticks; i++) firmware.tick(TICK_MS); // warm-up: one pass
  const samples: number[] = [];
  for (let i = 0; i < ticks; i++) {
    const start = process.hrtime.bigint();
    firmware.tick(TICK_MS);
    samples.push(Number(process.hrtime.bigint() - start));
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p99: samples[Math.floor(samples.length * 0.99)] };
}

console.log(
  `runtime integrity: slice ${INTEGRITY_SLICE_BYTES} B per tick; pass = ${INTEGRITY_PASS_FIXED_TICKS} + floor(body / ${INTEGRITY_SLICE_BYTES}) ticks (seed ${SEED})`,
);
const idle = timeTicks(started(), 10 * INTEGRITY_PASS_FIXED_TICKS);
console.log(`  no library (constant tables only): tick median ${idle.median} ns, p99 ${idle.p99} ns`);
for (const size of SIZES) {
  const image = encodeImage(makeSyntheticLibrary(size, SEED + size));
  const bodyBytes = image.length - 96;
  const passTicks = INTEGRITY_PASS_FIXED_TICKS + Math.floor(bodyBytes / INTEGRITY_SLICE_BYTES);
  const timing = timeTicks(started(image), Math.max(2 * passTicks, 1_000));
  const periodS = (passTicks * TICK_MS) / 1000;
  console.log(
    `  ${size.toLocaleString("en").padStart(6)} entries: image ${image.length.toLocaleString("en")} B, pass ${passTicks.toLocaleString("en")} ticks` +
      ` = ${periodS.toFixed(1)} s at ${TICK_MS} ms ticks; tick median ${timing.median.toLocaleString("en")} ns, p99 ${timing.p99.toLocaleString("en")} ns`,
  );
}
