// `npx tsx tests/bench/hil-bench.ts`: the HIL rig's speed (issue 4's targets). A benchmark, not a
// test: it prints figures and never fails on speed.
//   1. serial round trip over a real tty: the virtual pump CLI in its own process, this process a
//      serialport client, GET_STATUS request → response, median and p99 (target median ≤ 1 ms);
//   2. the whole scenario suite on the virtual target: scenario steps per second (target ≥ 1,000),
//      steady state and first run, and the time for the suite and its reports (target ≤ 60 s).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { writeReports } from "../../hil/report/write-reports.ts";
import { readHazards, readRequirements } from "../../hil/trace/read-docs.ts";
import { loadScenarios } from "../../hil/runner/load-scenarios.ts";
import { exampleLibraryImage } from "../../hil/runner/open-target.ts";
import { runSuite } from "../../hil/runner/run-suite.ts";
import { VirtualTarget } from "../../hil/runner/virtual-target.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";

const ROUND_TRIPS = 2_000;
const work = mkdtempSync(join(tmpdir(), "ders-hil-bench-"));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

async function roundTrip(): Promise<void> {
  const imagePath = join(work, "library.dersimg");
  writeFileSync(imagePath, exampleLibraryImage());
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "simulator/virtual-pump/cli.ts", "--library", imagePath, "--fast", "--seed", "1"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  try {
    const path = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", (line) => {
        const match = /^tty: (\S+)$/.exec(line);
        if (match === null) reject(new Error(`unexpected first line from the pump: ${line}`));
        else resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`the pump exited with ${code}`)));
    });
    const link = await SerialLink.open(path, { baudRate: 115_200 });
    const client = new PumpClient(link, { timeoutMs: 1_000 });
    await client.hello();
    for (let i = 0; i < 200; i++) await client.getStatus(); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const start = process.hrtime.bigint();
      const status = await client.getStatus();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (!status.ok) throw new Error(`GET_STATUS refused: ${status.result}`);
    }
    await link.close();
    samples.sort((a, b) => a - b);
    console.log(
      `serial round trip over a tty (pump in its own process, GET_STATUS, ${ROUND_TRIPS.toLocaleString("en")} requests):`,
    );
    console.log(
      `  median ${percentile(samples, 50).toFixed(3)} ms, p99 ${percentile(samples, 99).toFixed(3)} ms, max ${samples.at(-1)!.toFixed(3)} ms`,
    );
  } finally {
    child.kill("SIGTERM");
  }
}

async function suite(): Promise<void> {
  const loaded = loadScenarios(["hil/scenarios"]);
  if (!loaded.ok) throw new Error(`invalid scenarios: ${JSON.stringify(loaded.errors[0])}`);
  const firmware = readFileSync("build/ders.wasm");
  const target = new VirtualTarget({ firmware, libraryImage: exampleLibraryImage() });
  // The first run also pays for loading and compiling the runner's modules (tsx) and for JIT
  // warm-up: it is reported as the cold figure; the steady-state rate is the best of three more.
  const timings: { ranMs: number; totalMs: number; steps: number; scenarios: number; passed: number }[] = [];
  for (let round = 0; round < 4; round++) {
    const started = process.hrtime.bigint();
    const result = await runSuite({
      target,
      scenarios: loaded.scenarios,
      firmware,
      requirements: readRequirements(),
      hazards: readHazards(),
    });
    const ranMs = Number(process.hrtime.bigint() - started) / 1e6;
    await writeReports(result, join(work, `report-${round}`));
    const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
    timings.push({
      ranMs,
      totalMs,
      steps: result.summary.steps,
      scenarios: result.summary.scenarios,
      passed: result.summary.passed,
    });
  }
  const [cold, ...warm] = timings;
  const best = warm.reduce((a, b) => (b.ranMs < a.ranMs ? b : a));
  const rate = (t: { steps: number; ranMs: number }): string => (t.steps / (t.ranMs / 1000)).toFixed(0);
  console.log(
    `HIL suite on the virtual target (${cold.scenarios} scenarios, ${cold.steps.toLocaleString("en")} steps, ${cold.passed} passed), a fresh pump on a new tty per scenario:`,
  );
  console.log(
    `  steady state: ${rate(best)} steps/s (best of 3 after a warm-up run); suite ${(best.ranMs / 1000).toFixed(2)} s, suite + reports ${(best.totalMs / 1000).toFixed(2)} s`,
  );
  console.log(
    `  first run in the process (module loading, JIT warm-up): ${rate(cold)} steps/s; suite + reports ${(cold.totalMs / 1000).toFixed(2)} s`,
  );
}

try {
  await roundTrip();
  await suite();
} finally {
  rmSync(work, { recursive: true, force: true });
}
