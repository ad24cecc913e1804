// Options of `npm run hil -- [options]` (hil/runner/cli.ts), read with node:util parseArgs:
// `--out dir` and `--out=dir` alike, and several values after --scenarios or --filter. Every usage
// error names the option and what to write instead; the caller exits 2 with it.
import { parseArgs } from "node:util";
import { parseArgsMessage } from "../../simulator/host/cli-terminal.ts";
import type { MemoryProfile } from "../../firmware/abi/memory-profiles.ts";
import { firmwareBuildPath, profileByName, selectedProfile } from "../../simulator/host/memory-layout.ts";

export const USAGE = `usage: npm run hil -- [options]
  --scenarios <dir|file>...  scenario files or folders of them (default hil/scenarios)
  --filter <text>            only scenarios whose id contains <text> (may be given more than once)
  --port <path>              run on a real rig on this serial port instead of the virtual pump
  --baud <n>                 the rig's line speed (default 115200; only with --port)
  --timeout <ms>             the client's retransmission timeout on the rig (default 500; only with --port),
                             e.g. for a pump that answers slowly such as an emulated MCU
  --rig <module>             the rig's control plug-in, an ES module exporting createRig (docs/hil.md
                             "Rig control plug-ins"; only with --port), e.g. hil/rigs/virtual-pump-rig.ts
  --firmware <file>          the firmware: run by the virtual pump, reported for a rig (default build/ders.wasm)
  --profile <name>           the memory profile whose build is the default firmware: standard
                             (build/ders.wasm) or mcu (build/ders.mcu.wasm); default DERS_PROFILE, else standard
  --out <dir>                report folder (default build/hil-report)
  --wall-time                record each scenario's wall-clock time in junit.xml and report.json
                             (for CI dashboards; the reports are then no longer byte-identical)
  --build                    before a run, rebuild build/ (npm run build) when the firmware or
                             library sources are newer than it (npm run hil passes this)
  --tests-json <file>        vitest JSON report (--reporter=json) traced into the report's matrix
  --operator <name>          who ran the run, stated in the report
  --help                     this text
An option's value may also be written --out=<dir>.
examples:
  npm run hil                                         every scenario on the virtual pump
  npm run hil -- --filter WF-010 --out=/tmp/report    one scenario, reports in /tmp/report
  npm run hil -- --port /dev/ttyUSB0 --baud 57600     the same scenarios on a rig
  npm run hil -- --port /dev/pts/3 --rig hil/rigs/virtual-pump-rig.ts   with the rig's control plug-in
exit code: 0 every scenario passed, 1 a scenario failed or was blocked, 2 usage or setup error`;

export interface CliOptions {
  scenarios: string[];
  filters: string[];
  port?: string;
  baudRate: number;
  /** The client's retransmission timeout on a port (--timeout), ms. */
  clientTimeoutMs?: number;
  /** The rig-control plug-in module's path, resolved from the working folder (--rig). */
  rig?: string;
  firmwarePath: string;
  outDir: string;
  testsJson?: string;
  operator?: string;
  help: boolean;
  /** Record wall-clock time per scenario in the reports (--wall-time). */
  wallTime?: boolean;
  /** Bring build/ up to date before running (--build). */
  build?: boolean;
}

export class UsageError extends Error {}

function profileOption(name: string | undefined): MemoryProfile {
  try {
    return name === undefined ? selectedProfile() : profileByName(name);
  } catch (error) {
    throw new UsageError(`--profile: ${(error as Error).message}`);
  }
}

const MULTI = new Set(["scenarios", "filter"]);

export function parseCliOptions(argv: readonly string[]): CliOptions {
  let tokens;
  try {
    tokens = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      tokens: true,
      options: {
        scenarios: { type: "string", multiple: true },
        filter: { type: "string", multiple: true },
        port: { type: "string", multiple: true },
        baud: { type: "string", multiple: true },
        timeout: { type: "string", multiple: true },
        rig: { type: "string", multiple: true },
        firmware: { type: "string", multiple: true },
        profile: { type: "string", multiple: true },
        out: { type: "string", multiple: true },
        "tests-json": { type: "string", multiple: true },
        operator: { type: "string", multiple: true },
        "wall-time": { type: "boolean" },
        build: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).tokens;
  } catch (error) {
    throw new UsageError(parseArgsMessage(error));
  }
  // Values by option, in order; a bare word after --scenarios or --filter is one more value of it.
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  let last: string | undefined;
  for (const token of tokens) {
    if (token.kind === "option") {
      last = token.name;
      if (token.value === undefined) flags.add(token.name);
      else values.set(token.name, [...(values.get(token.name) ?? []), token.value]);
    } else if (token.kind === "positional") {
      if (last === undefined || !values.has(last))
        throw new UsageError(
          `unknown option ${JSON.stringify(token.value)} (values follow an option, e.g. --scenarios <dir>)`,
        );
      values.get(last)!.push(token.value);
    } else {
      throw new UsageError('"--" ends no list here: write the values after their option, e.g. --scenarios <dir>');
    }
  }
  for (const [name, list] of values) {
    if (!MULTI.has(name) && list.length > 1)
      throw new UsageError(`--${name} takes one value, got ${list.length}: ${list.join(" ")}`);
  }
  const one = (name: string): string | undefined => values.get(name)?.[0];
  const options: CliOptions = {
    scenarios: values.get("scenarios") ?? [],
    filters: values.get("filter") ?? [],
    baudRate: 115_200,
    firmwarePath: one("firmware") ?? firmwareBuildPath("", profileOption(one("profile"))),
    outDir: "build/hil-report",
    help: flags.has("help"),
  };
  if (flags.has("wall-time")) options.wallTime = true;
  if (flags.has("build")) options.build = true;
  const port = one("port");
  if (port !== undefined) options.port = port;
  const baud = one("baud");
  if (baud !== undefined && !/^[1-9][0-9]{0,7}$/.test(baud))
    throw new UsageError(`--baud must be a positive whole number such as 115200, got ${JSON.stringify(baud)}`);
  if (baud !== undefined) options.baudRate = Number(baud);
  const timeout = one("timeout");
  if (timeout !== undefined && !/^[1-9][0-9]{0,5}$/.test(timeout))
    throw new UsageError(`--timeout must be a whole number of ms from 1 to 999999, got ${JSON.stringify(timeout)}`);
  if (timeout !== undefined && options.port === undefined)
    throw new UsageError(
      "--timeout applies to a rig: give --port <path> as well (the virtual pump's time is simulated)",
    );
  if (timeout !== undefined) options.clientTimeoutMs = Number(timeout);
  const out = one("out");
  if (out === "") throw new UsageError('--out needs a folder name, got "" (e.g. --out build/hil-report)');
  if (out !== undefined) options.outDir = out;
  const testsJson = one("tests-json");
  if (testsJson !== undefined) options.testsJson = testsJson;
  const operator = one("operator");
  if (operator !== undefined && operator.trim() === "")
    throw new UsageError('--operator needs a name, got "" (e.g. --operator "J. Smith")');
  if (operator !== undefined) options.operator = operator;
  if (baud !== undefined && options.port === undefined)
    throw new UsageError("--baud applies to a rig: give --port <path> as well (the virtual pump's line has no speed)");
  const rig = one("rig");
  if (rig === "") throw new UsageError('--rig needs a module path, got "" (e.g. --rig hil/rigs/virtual-pump-rig.ts)');
  if (rig !== undefined && options.port === undefined)
    throw new UsageError(
      "--rig applies to a rig: give --port <path> as well (the virtual pump has its own rig control)",
    );
  if (rig !== undefined) options.rig = rig;
  if (options.scenarios.length === 0) options.scenarios.push("hil/scenarios");
  return options;
}
