// `npm run cqi -- collect|report|replay|simulate|dashboard|export`: fleet CQI analytics (docs/cqi.md). Exit codes: 0 done,
// 1 a pump, file or record could not be collected (each named; the rest was stored) or replay
// could not load its candidate, 2 a usage error or a database that cannot be opened.
import { fileURLToPath } from "node:url";
import { parseCqiOptions, USAGE, UsageError } from "./cli-options.ts";
import { collectCommand, EXIT_OK, EXIT_USAGE, reportCommand, type Io } from "./commands.ts";
import { CqiDatabaseError, CqiStore } from "./store.ts";

export async function runCqi(argv: readonly string[], io: Io): Promise<number> {
  let options;
  try {
    options = parseCqiOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`cqi: ${error.message}\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (options.help) {
    io.out(USAGE);
    return EXIT_OK;
  }
  let store: CqiStore;
  try {
    store = await CqiStore.open(options.dbPath);
  } catch (error) {
    if (!(error instanceof CqiDatabaseError)) throw error;
    io.err(`cqi: ${error.message}`);
    return EXIT_USAGE;
  }
  try {
    if (options.command === "collect") return await collectCommand(store, options, io);
    if (options.command === "report") return await reportCommand(store, options, io);
    if (options.command === "simulate") {
      const { simulateCommand } = await import("./simulate-command.ts");
      return await simulateCommand(store, options, io);
    }
    if (options.command === "dashboard") {
      const { dashboardCommand } = await import("./dashboard-command.ts");
      return await dashboardCommand(store, options, io);
    }
    if (options.command === "export") {
      const { exportCommand } = await import("./export-parquet.ts");
      return await exportCommand(store, options, io);
    }
    const { replayCommand } = await import("./replay-command.ts");
    return await replayCommand(store, options, io);
  } finally {
    store.close();
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const io: Io = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };
  try {
    process.exitCode = await runCqi(process.argv.slice(2), io);
  } catch (error) {
    process.stderr.write(`cqi: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  }
}
