// `cqi simulate --pumps N --days D --seed S`: runs the fleet simulator (fleet-simulate.ts) into
// the database and prints the seed first (README: seeded randomness printed), then what it
// injected — the figures the dashboard built from the same database must show.
import { readFileSync } from "node:fs";
import { compileLibrary } from "../library/compiler/compile.ts";
import { formatError } from "../library/compiler/errors.ts";
import { parseLibraryText } from "../library/compiler/json-text.ts";
import type { CqiOptions } from "./cli-options.ts";
import { EXIT_FAILED, EXIT_OK, type Io } from "./commands.ts";
import { simulateFleet, type SimulationSummary } from "./fleet-simulate.ts";
import { ERROR_KINDS } from "./fleet-workload.ts";
import type { CqiStore } from "./store.ts";

export function describeSimulation(s: SimulationSummary): string[] {
  const lines = [
    `simulated ${s.pumps} pumps for ${s.days} days: ${s.orders} orders, ${s.infusionsStarted} infusions started ` +
      `(${s.basicInfusions} basic infusion), ${s.nuisanceOrders} orders above a soft max on purpose, ${s.occlusions} occlusions; ` +
      `${s.recordsCollected} records collected`,
    "keying errors injected (alerted / put right and started / ran as keyed / refused by the pump, no alert):",
  ];
  for (const kind of ERROR_KINDS) {
    const t = s.errors[kind];
    lines.push(`  ${kind.padEnd(19)} ${t.injected} (${t.alerted} / ${t.corrected} / ${t.infused} / ${t.refused})`);
  }
  lines.push(`errors of 10x or more caught and put right: ${s.tenfoldCaught}`);
  return lines;
}

export async function simulateCommand(store: CqiStore, options: CqiOptions, io: Io): Promise<number> {
  const simulate = options.simulate!;
  io.out(`seed ${simulate.seed} (run again with --seed ${simulate.seed})`);
  // A second run would meet its own pump ids with other logs (refused as another pump's, half-way): refuse before any.
  const [taken] = await store.rows(
    "SELECT count(DISTINCT pump_id)::INTEGER AS n FROM events WHERE pump_id LIKE 'sim-%'",
  );
  if (Number(taken.n) > 0) {
    io.err(
      `cqi simulate: ${store.path} already holds ${taken.n} simulated pumps (sim-001 …); simulate into a new database (--db <file>), nothing was added`,
    );
    return EXIT_FAILED;
  }
  let module: WebAssembly.Module;
  let compiled;
  try {
    const text = readFileSync(options.library!);
    const parsed = parseLibraryText(new Uint8Array(text), options.library!);
    compiled = parsed.ok ? compileLibrary(parsed.json) : parsed;
    if (!compiled.ok)
      throw new Error(`library ${options.library} does not compile:\n${compiled.errors.map(formatError).join("\n")}`);
    module = new WebAssembly.Module(readFileSync(options.firmwarePath));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.err(
      `cqi simulate: ${code === undefined ? (error as Error).message : `cannot read ${(error as NodeJS.ErrnoException).path}: ${code}`}`,
    );
    return EXIT_FAILED;
  }
  const summary = await simulateFleet(store, module, compiled.library, compiled.image, simulate);
  for (const line of describeSimulation(summary)) io.out(line);
  return EXIT_OK;
}
