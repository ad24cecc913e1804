// Options of `npm run hil -- [options]` (hil/runner/cli.ts). Every usage error names the option
// and what to write instead; the caller exits 2 with it.
export const USAGE = `usage: npm run hil -- [options]
  --scenarios <dir|file>...  scenario files or folders of them (default hil/scenarios)
  --filter <text>            only scenarios whose id contains <text> (may be given more than once)
  --port <path>              run on a real rig on this serial port instead of the virtual pump
  --baud <n>                 the rig's line speed (default 115200; only with --port)
  --firmware <file>          the firmware: run by the virtual pump, reported for a rig (default build/ders.wasm)
  --out <dir>                report folder (default build/hil-report)
  --tests-json <file>        vitest JSON report (--reporter=json) traced into the report's matrix
  --operator <name>          who ran the run, stated in the report
  --help                     this text
exit code: 0 every scenario passed, 1 a scenario failed or was blocked, 2 usage or setup error`;

export interface CliOptions {
  scenarios: string[];
  filters: string[];
  port?: string;
  baudRate: number;
  firmwarePath: string;
  outDir: string;
  testsJson?: string;
  operator?: string;
  help: boolean;
}

export class UsageError extends Error {}

const VALUED = new Set(["--scenarios", "--filter", "--port", "--baud", "--firmware", "--out", "--tests-json", "--operator"]);

export function parseCliOptions(argv: readonly string[]): CliOptions {
  const options: CliOptions = { scenarios: [], filters: [], baudRate: 115_200, firmwarePath: "build/ders.wasm", outDir: "build/hil-report", help: false };
  let baudGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      options.help = true;
      continue;
    }
    if (!VALUED.has(arg)) throw new UsageError(`unknown option ${JSON.stringify(arg)}${arg.startsWith("--") ? "" : " (values follow an option, e.g. --scenarios <dir>)"}`);
    const values: string[] = [];
    while (i + 1 < argv.length && !argv[i + 1].startsWith("--")) values.push(argv[++i]);
    if (values.length === 0) throw new UsageError(`${arg} needs a value`);
    if (arg !== "--scenarios" && arg !== "--filter" && values.length > 1) throw new UsageError(`${arg} takes one value, got ${values.length}: ${values.join(" ")}`);
    const [value] = values;
    switch (arg) {
      case "--scenarios":
        options.scenarios.push(...values);
        break;
      case "--filter":
        options.filters.push(...values);
        break;
      case "--port":
        options.port = value;
        break;
      case "--baud":
        if (!/^[1-9][0-9]{0,7}$/.test(value)) throw new UsageError(`--baud must be a positive whole number such as 115200, got ${JSON.stringify(value)}`);
        options.baudRate = Number(value);
        baudGiven = true;
        break;
      case "--firmware":
        options.firmwarePath = value;
        break;
      case "--out":
        if (value === "") throw new UsageError('--out needs a folder name, got "" (e.g. --out build/hil-report)');
        options.outDir = value;
        break;
      case "--tests-json":
        options.testsJson = value;
        break;
      case "--operator":
        if (value.trim() === "") throw new UsageError('--operator needs a name, got "" (e.g. --operator "J. Smith")');
        options.operator = value;
        break;
    }
  }
  if (baudGiven && options.port === undefined) throw new UsageError("--baud applies to a rig: give --port <path> as well (the virtual pump's line has no speed)");
  if (options.scenarios.length === 0) options.scenarios.push("hil/scenarios");
  return options;
}
