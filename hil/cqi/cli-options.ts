// Options of `npm run cqi -- <command> …` (hil/cqi/cli.ts), parsed with node:util parseArgs. A
// usage error names the option and what to write instead; the caller exits 2 with it.
import { parseArgs } from "node:util";

export const USAGE = `Continuous quality improvement for the pump fleet (docs/cqi.md)

usage:
  npm run cqi -- collect [--db <file>] [--pump <id>=<port>]... [--state <id>=<nv-state-file>]...
  npm run cqi -- report [--db <file>] [--format text|json|csv] [-o <file|dir>]
  npm run cqi -- replay [--db <file>] --library <candidate.json|image> [--firmware <ders.wasm>] [--format text|json] [-o <file>]
  npm run cqi -- --help

commands:
  collect   read each pump's event log over its serial port (READ_LOG from the last sequence
            collected) or from a virtual pump's NV state file into the database; re-collecting
            never duplicates a record, records lost to the ring are reported
  report    infusions, library use, alerts per 100 infusions, soft/hard-stop outcomes, most-
            overridden limits, 10x errors caught, alarms per 1,000 infusion-hours
  replay    re-run every logged program outcome through the firmware engine with a candidate
            library: per entry, alerts removed, new hard stops and verdicts that flip

options:
  --db <file>            the analytics database (DuckDB; default cqi.duckdb), created when missing
  --pump <id>=<port>     a pump id of your choosing and its serial device, e.g. icu-3=/dev/ttyUSB0
                         (several after one --pump, or --pump repeated)
  --state <id>=<file>    a virtual pump's NV state file (npm run pump -- --state <file>)
  --baud <n>             line speed of the pumps' ports (default 115200)
  --library <file>       replay: the candidate library, JSON (compiled here) or a compiled image
  --firmware <file>      replay: the firmware module (default build/ders.wasm)
  --format <f>           report: text (default), json or csv (csv: one file per view in -o <dir>);
                         replay: text (default) or json
  -o, --output <path>    write there instead of standard output
  -h, --help             this text

exit codes: 0 done; 1 a pump, file or record could not be collected (named; everything else was
stored) or replay could not load the candidate; 2 usage error or a database that cannot be opened`;

export class UsageError extends Error {}

export type Command = "collect" | "report" | "replay";

export interface CqiOptions {
  command?: Command;
  help: boolean;
  dbPath: string;
  pumps: { id: string; path: string }[];
  states: { id: string; path: string }[];
  baudRate: number;
  library?: string;
  firmwarePath: string;
  format: string;
  output?: string;
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
        baud: { type: "string" },
        library: { type: "string" },
        firmware: { type: "string" },
        format: { type: "string" },
        output: { type: "string", short: "o" },
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
    baudRate: 115_200,
    library: v.library,
    firmwarePath: v.firmware ?? "build/ders.wasm",
    format: v.format ?? "text",
    output: v.output,
  };
  if (options.help && positionals.length === 0) return options;
  const [command, ...extra] = positionals;
  if (command !== "collect" && command !== "report" && command !== "replay") {
    throw new UsageError(
      command === undefined
        ? "a command is needed: collect, report or replay"
        : `unknown command ${JSON.stringify(command)} (collect, report or replay)`,
    );
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  options.command = command;
  if (options.help) return options;
  if (v.baud !== undefined) {
    if (!/^[1-9]\d{0,7}$/.test(v.baud))
      throw new UsageError(`--baud must be a positive whole number, got ${JSON.stringify(v.baud)}`);
    options.baudRate = Number(v.baud);
  }
  const allowed: Record<Command, string[]> = {
    collect: ["db", "pump", "state", "baud"],
    report: ["db", "format", "output"],
    replay: ["db", "library", "firmware", "format", "output"],
  };
  for (const name of Object.keys(v)) {
    if (name !== "help" && !allowed[command].includes(name))
      throw new UsageError(`--${name} does not apply to ${command}`);
  }
  if (command === "collect" && options.pumps.length + options.states.length === 0) {
    throw new UsageError("collect needs at least one --pump <id>=<port> or --state <id>=<file>");
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
  return options;
}
