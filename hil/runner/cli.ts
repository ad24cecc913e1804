// `npm run hil -- [options]`: runs scenario files against the virtual pump (default) or a rig on a
// serial port, prints progress and a summary, writes the reports, and exits 0 when every scenario
// passed, 1 when one failed or was blocked, 2 on a usage or setup error (docs/hil.md §4).
// Spawn it as `node --import tsx hil/runner/cli.ts …` when a parent must signal it (see
// simulator/virtual-pump/cli.ts for why not npx). Options are checked before the runner itself is
// loaded and before any build (--build), so --help and a usage error answer at once. A reader
// that closes standard output early (`| head`) does not stop the run: the reports are written and
// the exit code is the run's.
import { guardClosedOutput } from "../../simulator/host/cli-terminal.ts";
import { parseCliOptions, USAGE, UsageError, type CliOptions } from "./cli-options.ts";

guardClosedOutput(process.stdout);

async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`hil: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.build === true) {
    const { ensureFirmwareBuilt } = await import("./ensure-build.ts");
    const problem = ensureFirmwareBuilt(options.firmwarePath, (line) => process.stderr.write(`${line}\n`));
    if (problem !== undefined) {
      process.stderr.write(`hil: ${problem}\n`);
      return 2;
    }
  }
  const { runCli } = await import("./run-cli.ts");
  return runCli(options);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // A runner bug is not a scenario failure: report it as a setup error, with its stack.
  process.stderr.write(`hil: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 2;
}
