// The CLI's run once its options are parsed (hil/runner/cli.ts): load and filter the scenarios,
// read the firmware and the requirement and hazard documents, check the report folder, open the
// target, run, write the reports, print the summary; returns the exit code (docs/hil.md §4). Every
// setup error comes before the first scenario runs, except a target that does not answer and the
// reports failing to write.
import { performance } from "node:perf_hooks";
import { wantsColour } from "../../simulator/host/cli-terminal.ts";
import { readRegularFile } from "../library/compiler/file-kind.ts";
import { terminalSafe } from "../library/compiler/terminal-text.ts";
import { timestampFromEnv, writeReports } from "../report/write-reports.ts";
import { readHazards, readRequirements } from "../trace/read-docs.ts";
import { readTestResults } from "../trace/read-test-results.ts";
import { sourceIdentity } from "./source-identity.ts";
import type { CliOptions } from "./cli-options.ts";
import { formatScenarioError, loadScenarios, REPOSITORY_ROOT } from "./load-scenarios.ts";
import { exampleDoseUnits, openTarget } from "./open-target.ts";
import { OutDirError, prepareOutDir, type OutDir } from "./out-dir.ts";
import { progressPrinter } from "./progress.ts";
import { runSuite, SetupError, type SuiteOptions } from "./run-suite.ts";
import type { LoadedScenario } from "../model/scenario.ts";
import type { Target } from "./target.ts";
import { summaryText } from "./summary.ts";

const setupError = (message: string): number => {
  process.stderr.write(terminalSafe(`hil: ${message}\n`));
  return 2;
};

export async function runCli(options: CliOptions): Promise<number> {
  const loaded = loadScenarios(options.scenarios);
  if (!loaded.ok)
    return setupError(`invalid scenarios (nothing was run):\n  ${loaded.errors.map(formatScenarioError).join("\n  ")}`);
  const scenarios =
    options.filters.length === 0
      ? loaded.scenarios
      : loaded.scenarios.filter((s) => options.filters.some((f) => s.scenario.id.includes(f)));
  if (scenarios.length === 0)
    return setupError(
      `no scenario id contains ${options.filters.map((f) => JSON.stringify(f)).join(" or ")} (--filter)`,
    );

  let firmware: Uint8Array;
  try {
    firmware = readRegularFile(options.firmwarePath);
  } catch (error) {
    return setupError(
      `--firmware: cannot read ${options.firmwarePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (run npm run build first)`,
    );
  }
  let documents;
  try {
    documents = {
      requirements: readRequirements(),
      hazards: readHazards(),
      timestamp: timestampFromEnv(process.env),
      filters: options.filters,
      ...(options.testsJson === undefined ? {} : { tests: readTestResults(options.testsJson, REPOSITORY_ROOT) }),
      identity: {
        ...sourceIdentity(REPOSITORY_ROOT),
        ...(options.operator === undefined ? {} : { operator: options.operator }),
      },
    };
  } catch (error) {
    return setupError((error as Error).message);
  }
  let out: OutDir;
  try {
    out = prepareOutDir(options.outDir);
  } catch (error) {
    if (error instanceof OutDirError) return setupError(error.message);
    throw error;
  }
  const code = await runOnTarget(options, firmware, scenarios, documents);
  if (code === 2) out.removeCreated(); // a setup error leaves no new empty folder behind
  return code;
}

async function runOnTarget(
  options: CliOptions,
  firmware: Uint8Array,
  scenarios: LoadedScenario[],
  documents: Pick<SuiteOptions, "requirements" | "hazards" | "timestamp" | "filters" | "tests" | "identity">,
): Promise<number> {
  let target: Target;
  try {
    target = await openTarget(options, firmware);
  } catch (error) {
    return setupError(`cannot open the target: ${(error as Error).message}`);
  }
  const colour = wantsColour(process.stdout);
  const progress = progressPrinter(process.stdout, {
    colour,
    timeLabel: options.port === undefined ? "simulated" : "on the rig",
  });
  const startedMs = performance.now();
  try {
    const wallClockMs = options.wallTime === true ? () => performance.now() : undefined;
    const result = await runSuite({
      target,
      scenarios,
      firmware,
      ...documents,
      onProgress: (p) => progress.onProgress(p),
      wallClockMs,
      doseUnits: exampleDoseUnits(),
    });
    progress.finish();
    const summary = (paths: string[]): string =>
      summaryText(result, paths, { colour, wallMs: Math.round(performance.now() - startedMs) });
    let paths: string[];
    try {
      paths = await writeReports(result, options.outDir);
    } catch (error) {
      process.stdout.write(summary([]));
      return setupError(`cannot write the reports to ${options.outDir}: ${(error as Error).message}`);
    }
    process.stdout.write(summary(paths));
    return result.summary.passed === result.summary.scenarios ? 0 : 1;
  } catch (error) {
    progress.finish();
    if (error instanceof SetupError) return setupError(error.message);
    throw error;
  } finally {
    await target.close();
  }
}
