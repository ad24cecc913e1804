// npm run bench:mcu (docs/mcu-port.md §7): the costs a device engineer budgets for, on QEMU's
// Cortex-M4 (mps2-an386) with the wasm2c-translated module — instructions under -icount shift=0
// (not cycles), and the flash and RAM of the reference pump image (arm-none-eabi-size).
import {
  an386Elf,
  imageSizes,
  missingBenchTools,
  PUMP_BENCH_SEED,
  runBench,
  runPumpBench,
} from "../mcu/bench-an386.ts";
import { memoryProfileName } from "../../firmware/abi/memory-profiles.ts";
import { MEMORY_PROFILES } from "../../simulator/host/memory-layout.ts";

const missing = missingBenchTools();
if (missing !== undefined) {
  console.error(`bench:mcu: ${missing}`);
  process.exit(1);
}
const format = (n: number) => n.toLocaleString("en");
console.log("bench:mcu — QEMU mps2-an386 (Cortex-M4), wasm2c + arm-none-eabi-gcc -O2, -icount shift=0");
for (const figure of runBench()) {
  if (figure.name === "stack-used-bytes")
    console.log(`  ${"native stack used by the above".padEnd(32)} ${format(figure.result).padStart(12)} bytes`);
  else console.log(`  ${figure.name.padEnd(32)} ${format(figure.instructions).padStart(12)} instructions`);
}
console.log(
  `  the release module per host step (example library transfer, then seeded traffic, seed ${PUMP_BENCH_SEED}):`,
);
for (const f of runPumpBench()) {
  console.log(
    `    ${f.label.padEnd(18)} ×${String(f.count).padStart(4)}  mean ${format(f.mean).padStart(11)}  max ${format(f.max).padStart(11)} instructions`,
  );
}
// Flash and RAM of the pump image per memory profile (docs/abi.md §2.1): the RAM is mostly the
// profile's linear memory and the QEMU board's NV shadow.
for (const profile of MEMORY_PROFILES) {
  const sizes = imageSizes(profile);
  console.log(`  pump image (${an386Elf(profile)}, ${memoryProfileName(profile)} profile):`);
  console.log(`    flash (text + data)              ${format(sizes.text + sizes.data).padStart(12)} bytes`);
  console.log(`    RAM (data + bss, incl. memory, NV shadow, stack) ${format(sizes.data + sizes.bss)} bytes`);
}
