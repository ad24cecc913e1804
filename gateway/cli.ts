// `npm run gateway -- …`: the EHR gateway as a process (docs/gateway.md §7). Logs one line per event
// on stderr ("gateway: …"). Exit codes: 0 after SIGTERM/SIGINT (orders under way finished), 1 when
// it cannot start (a port in use, a damaged journal, an unreadable configuration), 2 on a usage
// error naming the option.
import { readFileSync } from "node:fs";
import { guardClosedOutput } from "../simulator/host/cli-terminal.ts";
import { BcmaConfigError, readBcmaConfig } from "./service/bcma-config.ts";
import { parseCliOptions, USAGE, UsageError, type CliOptions } from "./service/cli-options.ts";
import { startGateway } from "./service/start.ts";

const log = (line: string): void => void process.stderr.write(`gateway: ${line}\n`);

async function main(argv: string[]): Promise<number | undefined> {
  let options: CliOptions;
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`gateway: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  let bcma;
  try {
    bcma = readBcmaConfig(readFileSync(options.bcmaPath, "utf8"), options.bcmaPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!(error instanceof BcmaConfigError) && code === undefined) throw error;
    log(error instanceof BcmaConfigError ? error.message : `--bcma: cannot read ${options.bcmaPath}: ${code}`);
    return 1;
  }
  let handle;
  try {
    handle = await startGateway({
      pumps: options.pumps,
      host: options.host,
      listenPort: options.listenPort,
      scanPort: options.scanPort,
      ehr: options.ehr,
      bcma,
      stateDir: options.stateDir,
      maxOrderAgeMs: options.maxOrderAgeS * 1000,
      pollMs: options.pollMs,
      reportEveryMs: options.reportEveryS * 1000,
      log,
    });
  } catch (error) {
    log(`cannot start: ${(error as Error).message}`);
    return 1;
  }
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    // A second signal while orders under way finish does not cut them off.
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await handle.close();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  log(`PCD-03 listener on ${options.host}:${handle.port}`);
  log(`bedside scanners on ${options.host}:${handle.scanPort}`);
  for (const p of options.pumps) log(`pump ${p.id} on ${p.path} (care area ${p.careAreaId})`);
  log(`EHR at ${options.ehr.host}:${options.ehr.port}; journal in ${options.stateDir}`);
  const pending = handle.journal.pendingOutbound().length;
  if (pending > 0) log(`${pending} message(s) from before the restart are being sent`);
  return undefined;
}

guardClosedOutput(process.stdout);
main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error: unknown) => {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  },
);
