// The Cortex-M4 bench (firmware/port/bench/bench-an386.c, docs/mcu-port.md §7) seen from a test
// or from `npm run bench:mcu`: build it, run it once in QEMU under -icount shift=0, parse its lines.
import { spawnSync } from "node:child_process";

export const BENCH_ELF = "build/port/bench/bench-an386.elf";
export const AN386_ELF = "build/port/an386/ders-an386.elf";

export interface BenchFigure {
  name: string;
  result: number;
  instructions: number;
}

/** Why the bench cannot run here, or undefined. */
export function missingBenchTools(): string | undefined {
  for (const tool of ["wasm2c", "make", "arm-none-eabi-gcc", "arm-none-eabi-size", "qemu-system-arm"]) {
    const probe = spawnSync(tool, ["--version"], { encoding: "utf8" });
    if (probe.error !== undefined || probe.status !== 0)
      return `${tool} is not installed (apt-get install --no-install-recommends wabt gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)`;
  }
  return undefined;
}

function make(target: string): void {
  const run = spawnSync("make", ["-C", "firmware/port", target], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`make ${target} failed:\n${run.stdout}\n${run.stderr}`);
}

/** Builds and runs the bench; every `bench <name> result=<r> instructions=<n>` line it printed. */
export function runBench(): BenchFigure[] {
  make("bench-an386");
  const qemu = spawnSync(
    "qemu-system-arm",
    [
      ...["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-serial", "stdio"],
      ...["-semihosting", "-icount", "shift=0", "-kernel", BENCH_ELF],
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  if (qemu.status !== 0 || !qemu.stdout.includes("bench done")) {
    throw new Error(`the bench did not finish (status ${qemu.status}):\n${qemu.stdout}\n${qemu.stderr}`);
  }
  return [...qemu.stdout.matchAll(/^bench (\S+) result=(\d+) instructions=(\d+)$/gm)].map((m) => ({
    name: m[1]!,
    result: Number(m[2]),
    instructions: Number(m[3]),
  }));
}

export interface SectionSizes {
  text: number;
  data: number;
  bss: number;
}

/** arm-none-eabi-size of the pump image (make an386): flash is text + data, RAM data + bss. */
export function imageSizes(): SectionSizes {
  make("an386");
  const size = spawnSync("arm-none-eabi-size", ["-A", AN386_ELF], { encoding: "utf8" });
  if (size.status !== 0) throw new Error(`arm-none-eabi-size failed: ${size.stderr}`);
  const sections = new Map(
    [...size.stdout.matchAll(/^(\.\S+)\s+(\d+)\s+\d+$/gm)].map((m) => [m[1]!, Number(m[2])] as [string, number]),
  );
  const get = (name: string) => sections.get(name) ?? 0;
  return {
    text: get(".text") + get(".ARM.exidx"),
    data: get(".data"),
    bss: get(".bss") + get(".wasm_memory") + get(".nv_store") + get(".stack"),
  };
}
