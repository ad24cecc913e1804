// The Cortex-M4 bench (firmware/port/bench/bench-an386.c, docs/mcu-port.md §7) seen from a test
// or from `npm run bench:mcu`: build it, run it once in QEMU under -icount shift=0, parse its lines.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment } from "../../simulator/client/frame.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import type { PortStep } from "./port.ts";
import { libraryTransferSteps, randomSteps, Sequencer } from "./steps.ts";
import type { MemoryProfile } from "../../firmware/abi/memory-profiles.ts";
import { portBuildDir, portMakeArgs } from "../../simulator/host/memory-layout.ts";
import { PORT_BUILD_DIR, PROFILE } from "../support/profile.ts";

export const BENCH_ELF = `${PORT_BUILD_DIR}/bench/bench-an386.elf`;
/** The pump image of a memory profile (make an386 PROFILE=…). */
export const an386Elf = (profile: MemoryProfile = PROFILE): string => `${portBuildDir(profile)}/an386/ders-an386.elf`;

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

function make(target: string, profile: MemoryProfile = PROFILE): void {
  const run = spawnSync("make", ["-C", "firmware/port", target, ...portMakeArgs(profile)], { encoding: "utf8" });
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

/** arm-none-eabi-size of a profile's pump image (make an386): flash is text + data, RAM data + bss. */
export function imageSizes(profile: MemoryProfile = PROFILE): SectionSizes {
  make("an386", profile);
  const size = spawnSync("arm-none-eabi-size", ["-A", an386Elf(profile)], { encoding: "utf8" });
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

export const PUMP_BENCH_ELF = `${PORT_BUILD_DIR}/bench/bench-pump-an386.elf`;
export const BENCH_STEPS_HEADER = `${PORT_BUILD_DIR}/bench/bench-steps.h`;
/** The seeded traffic of the pump bench (the differential test's generator, a fixed seed). */
export const PUMP_BENCH_SEED = 20261204;
export const PUMP_BENCH_RANDOM_STEPS = 400;

/** What a step is called in the figures: the request's command, "damaged-frame", or "tick". */
function stepLabel(step: PortStep): string | undefined {
  if (step.kind === "tick") return "tick";
  if (step.kind !== "rx") return undefined; // faults and power cycles are the board's, not timed here
  const check = checkSegment(step.bytes.subarray(0, step.bytes.length - 1));
  return check.ok ? (Command[check.frame.code] ?? `code-${check.frame.code}`) : "damaged-frame";
}

/** The library transfer of the example library, then seeded workflow traffic, as a C header. */
export function writeBenchSteps(): { steps: number; labels: string[] } {
  const sequencer = new Sequencer();
  const all = [
    ...libraryTransferSteps(exampleLibraryImage(), sequencer),
    ...randomSteps(PUMP_BENCH_SEED, PUMP_BENCH_RANDOM_STEPS, sequencer),
  ];
  const labels: string[] = [];
  const rows: string[] = [];
  const bytes: number[] = [];
  for (const step of all) {
    const label = stepLabel(step);
    if (label === undefined) continue;
    if (!labels.includes(label)) labels.push(label);
    const index = labels.indexOf(label);
    if (step.kind === "tick") rows.push(`  {${index}u, BENCH_STEP_TICK, ${step.elapsedMs}u, 0u},`);
    else if (step.kind === "rx") {
      rows.push(`  {${index}u, BENCH_STEP_RX, ${step.bytes.length}u, ${bytes.length}u},`);
      bytes.push(...step.bytes);
    }
  }
  const text = [
    "/* GENERATED by tests/mcu/bench-an386.ts (writeBenchSteps): the pump bench's script. Do not edit. */",
    "#include <stdint.h>",
    "enum { BENCH_STEP_RX = 0, BENCH_STEP_TICK = 1 };",
    `#define BENCH_STEP_COUNT ${rows.length}u`,
    `static const char* const BENCH_LABELS[] = {${labels.map((l) => `"${l}"`).join(", ")}};`,
    "static const struct { uint16_t label; uint8_t kind; uint32_t value; uint32_t offset; } BENCH_STEPS[] = {",
    ...rows,
    "};",
    `static const uint8_t BENCH_BYTES[${Math.max(bytes.length, 1)}] = {`,
    ...Array.from(
      { length: Math.ceil(bytes.length / 24) },
      (_, i) => `  ${bytes.slice(24 * i, 24 * i + 24).join(", ")},`,
    ),
    "};",
    "",
  ].join("\n");
  mkdirSync(`${PORT_BUILD_DIR}/bench`, { recursive: true });
  writeFileSync(BENCH_STEPS_HEADER, text);
  return { steps: rows.length, labels };
}

export interface StepFigure {
  label: string;
  count: number;
  mean: number;
  max: number;
}

/** Builds and runs the pump bench; one figure per step label (and "init"). */
export function runPumpBench(): StepFigure[] {
  writeBenchSteps();
  make("an386");
  make("bench-pump-an386");
  const qemu = spawnSync(
    "qemu-system-arm",
    [
      ...["-M", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "null", "-serial", "stdio"],
      ...["-semihosting", "-icount", "shift=0", "-kernel", PUMP_BENCH_ELF],
    ],
    { encoding: "utf8", timeout: 300_000 },
  );
  if (qemu.status !== 0 || !qemu.stdout.includes("bench done")) {
    throw new Error(`the pump bench did not finish (status ${qemu.status}):\n${qemu.stdout}\n${qemu.stderr}`);
  }
  return [...qemu.stdout.matchAll(/^step (\S+) count=(\d+) mean=(\d+) max=(\d+)$/gm)].map((m) => ({
    label: m[1]!,
    count: Number(m[2]),
    mean: Number(m[3]),
    max: Number(m[4]),
  }));
}
