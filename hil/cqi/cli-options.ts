// Options of `npm run cqi -- <command> …` (hil/cqi/cli.ts), parsed with node:util parseArgs. A
// usage error names the option and what to write instead; the caller exits 2 with it.
import { parseArgs } from "node:util";
import { randomSeed } from "../../simulator/link/prng.ts";
import { DEFAULT_WORKLOAD } from "./fleet-workload.ts";
import { firmwareBuildPath } from "../../simulator/host/memory-layout.ts";

export const EXAMPLE_LIBRARY = "hil/library/examples/general-hospital.json";

export const USAGE = `Continuous quality improvement for the pump fleet (docs/cqi.md)

usage:
  npm run cqi -- collect [--db <file>] [--pump <id>=<port>]... [--state <id>=<nv-state-file>]... [--hil <report folder|pump-logs.json>]...
  npm run cqi -- report [--db <file>] [--format text|json|csv] [-o <file|dir>]
  npm run cqi -- replay [--db <file>] --library <candidate.json|image> [--firmware <ders.wasm>] [--format text|json] [-o <file>]
  npm run cqi -- simulate [--db <file>] [--pumps <n>] [--days <n>] [--seed <n>] [--error-rate <0..1>] [--library <file.json>] [--firmware <ders.wasm>]
  npm run cqi -- dashboard [--db <file>] [-o <file.html>] [--library <file.json>]
  npm run cqi -- export [--db <file>] -o <dir>
  npm run cqi -- --help

commands:
  collect   read each pump's event log over its serial port (READ_LOG from the last sequence
            collected), from a virtual pump's NV state file, or from a HIL run's pump logs into
            the database; re-collecting never duplicates a record, records lost to the ring are
            reported
  report    infusions, library use, alerts per 100 infusions, soft/hard-stop outcomes, most-
            overridden limits, 10x errors caught, alarms per 1,000 infusion-hours
  replay    re-run every logged program outcome through the firmware engine with a candidate
            library: per entry, alerts removed, new hard stops and verdicts that flip
  simulate  a fleet of virtual pumps (the firmware, in this process, over the protocol) with a
            seeded workload and keying errors, collected into the database; prints the seed
  dashboard one self-contained HTML page of the analytics (inline SVG, no scripts, printable)
  export    the events as Parquet, partitioned by day and pump (Spark, Trino), and the views

options:
  --db <file>            the analytics database (DuckDB; default cqi.duckdb), created when missing
  --pump <id>=<port>     a pump id of your choosing and its serial device, e.g. icu-3=/dev/ttyUSB0
                         (several after one --pump, or --pump repeated)
  --state <id>=<file>    a virtual pump's NV state file (npm run pump -- --state <file>)
  --hil <folder|file>    a HIL run's pump-logs.json, or the report folder holding it (npm run hil
                         on the virtual pump writes it): one pump per scenario, "hil:<id>@<hash>"
  --baud <n>             line speed of the pumps' ports (default 115200)
  --library <file>       replay: the candidate library, JSON (compiled here) or a compiled image;
                         simulate: the library JSON the pumps run (default ${EXAMPLE_LIBRARY});
                         dashboard: a library JSON whose care-area and entry names label the page
  --firmware <file>      replay, simulate: the firmware module (default build/ders.wasm)
  --pumps <n>            simulate: how many pumps (default 50)
  --days <n>             simulate: how many days of pump time (default 30)
  --seed <n>             simulate: the workload's seed, 0 … 4294967295 (default: a new one, printed)
  --error-rate <p>       simulate: share of library programs keyed with an error (default 0.03)
  --format <f>           report: text (default), json or csv (csv: one file per view in -o <dir>);
                         replay: text (default) or json
  -o, --output <path>    write there instead of standard output (dashboard: default cqi-dashboard.html;
                         export: the directory, required)
  -h, --help             this text

exit codes: 0 done; 1 a pump, file or record could not be collected (named; everything else was
stored) or replay could not load the candidate; 2 usage error or a database that cannot be opened`;

export class UsageError extends Error {}

export const COMMANDS = ["collect", "report", "replay", "simulate", "dashboard", "export"] as const;
export type Command = (typeof COMMANDS)[number];

export interface CqiOptions {
  command?: Command;
  help: boolean;
  dbPath: string;
  pumps: { id: string; path: string }[];
  states: { id: string; path: string }[];
  /** HIL pump-logs files (or report folders holding one). */
  hilLogs: string[];
  baudRate: number;
  library?: string;
  firmwarePath: string;
  format: string;
  output?: string;
  simulate?: { pumps: number; days: number; seed: number; workload: typeof DEFAULT_WORKLOAD };
}

function wholeNumber(value: string | undefined, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,10}$/.test(value) || Number(value) > max || (option !== "--seed" && Number(value) === 0))
    throw new UsageError(
      `${option} must be a whole number ${option === "--seed" ? 0 : 1} … ${max}, got ${JSON.stringify(value)}`,
    );
  return Number(value);
}

function pairs(values: string[], option: string, example: string): { id: string; path: string }[] {
  return values.map((value) => {
    const at = value.indexOf("=");
    if (at <= 0 || at === value.length - 1)
      throw new UsageError(`${option} needs <id>=<path>, e.g. ${option} ${example}; got ${JSON.stringify(value)}`);
    return { id: value.slice(0, at), path: value.slice(at + 1) };
  });
}

export function parseCqiOptions(argv: readonly string[]): CqiOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      tokens: true,
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        db: { type: "string" },
        pump: { type: "string", multiple: true },
        state: { type: "string", multiple: true },
        hil: { type: "string", multiple: true },
        baud: { type: "string" },
        library: { type: "string" },
        firmware: { type: "string" },
        format: { type: "string" },
        output: { type: "string", short: "o" },
        pumps: { type: "string" },
        days: { type: "string" },
        seed: { type: "string" },
        "error-rate": { type: "string" },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // "--pump a=x b=y": values after a --pump (or --state) that are not options belong to it.
  const pumpValues: string[] = [];
  const stateValues: string[] = [];
  const positionals: string[] = [];
  let lastOption: string | undefined;
  for (const token of parsed.tokens ?? []) {
    if (token.kind === "option") {
      lastOption = token.name;
      if (token.name === "pump") pumpValues.push(token.value!);
      if (token.name === "state") stateValues.push(token.value!);
    } else if (token.kind === "positional") {
      if (lastOption === "pump" && token.value.includes("=")) pumpValues.push(token.value);
      else if (lastOption === "state" && token.value.includes("=")) stateValues.push(token.value);
      else {
        positionals.push(token.value);
        lastOption = undefined;
      }
    }
  }
  const v = parsed.values;
  const options: CqiOptions = {
    help: v.help === true,
    dbPath: v.db ?? "cqi.duckdb",
    pumps: pairs(pumpValues, "--pump", "icu-3=/dev/ttyUSB0"),
    states: pairs(stateValues, "--state", "icu-3=pump.nv"),
    hilLogs: parsed.values.hil ?? [],
    baudRate: 115_200,
    library: v.library,
    firmwarePath: v.firmware ?? firmwareBuildPath(),
    format: v.format ?? "text",
    output: v.output,
  };
  if (options.help && positionals.length === 0) return options;
  const [command, ...extra] = positionals;
  if (!(COMMANDS as readonly (string | undefined)[]).includes(command)) {
    throw new UsageError(
      command === undefined
        ? `a command is needed: ${COMMANDS.join(", ")}`
        : `unknown command ${JSON.stringify(command)} (${COMMANDS.join(", ")})`,
    );
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  options.command = command as Command;
  if (options.help) return options;
  if (v.baud !== undefined) {
    if (!/^[1-9]\d{0,7}$/.test(v.baud))
      throw new UsageError(`--baud must be a positive whole number, got ${JSON.stringify(v.baud)}`);
    options.baudRate = Number(v.baud);
  }
  const allowed: Record<Command, string[]> = {
    collect: ["db", "pump", "state", "hil", "baud"],
    report: ["db", "format", "output"],
    replay: ["db", "library", "firmware", "format", "output"],
    simulate: ["db", "pumps", "days", "seed", "error-rate", "library", "firmware"],
    dashboard: ["db", "output", "library"],
    export: ["db", "output"],
  };
  for (const name of Object.keys(v)) {
    if (name !== "help" && !allowed[options.command].includes(name))
      throw new UsageError(`--${name} does not apply to ${command}`);
  }
  if (command === "collect" && options.pumps.length + options.states.length + options.hilLogs.length === 0) {
    throw new UsageError("collect needs at least one --pump <id>=<port>, --state <id>=<file> or --hil <folder>");
  }
  const ids = [...options.pumps, ...options.states].map((p) => p.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined && options.pumps.filter((p) => p.id === repeated).length > 1)
    throw new UsageError(`pump id "${repeated}" is given twice`);
  const formats = command === "report" ? ["text", "json", "csv"] : ["text", "json"];
  if (!formats.includes(options.format))
    throw new UsageError(`--format must be ${formats.join(", ")}; got ${JSON.stringify(options.format)}`);
  if (command === "report" && options.format === "csv" && options.output === undefined)
    throw new UsageError("--format csv needs -o <dir> (one file per view)");
  if (command === "replay" && options.library === undefined)
    throw new UsageError("replay needs --library <candidate.json|image>");
  if (command === "simulate") {
    const errorRate = v["error-rate"] ?? String(DEFAULT_WORKLOAD.errorRate);
    if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(errorRate))
      throw new UsageError(`--error-rate must be a share 0 … 1 such as 0.03, got ${JSON.stringify(errorRate)}`);
    options.library ??= EXAMPLE_LIBRARY;
    options.simulate = {
      pumps: wholeNumber(v.pumps, "--pumps", 50, 1000),
      days: wholeNumber(v.days, "--days", 30, 3650),
      seed: wholeNumber(v.seed, "--seed", randomSeed(), 0xffffffff),
      workload: { ...DEFAULT_WORKLOAD, errorRate: Number(errorRate) },
    };
  }
  if (command === "dashboard") options.output ??= "cqi-dashboard.html";
  if (command === "export" && options.output === undefined)
    throw new UsageError("export needs -o <dir> (the Parquet files are written there)");
  return options;
}
