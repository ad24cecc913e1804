// `npm run pump -- [options]`: the virtual pump as a process, on a real serial device. Prints
// exactly one line "tty: <path>" on stdout (a parent reads it to find the device), logs on stderr.
// Exit codes: 0 after SIGTERM/SIGINT (NV saved), 1 when the pump cannot start (e.g. the firmware
// refuses the key or the library, another pump holds the state file) or its last save failed, 2 on a usage
// error naming the option.
// A parent that stops the pump with a signal must signal the pump itself: spawn
// `node --import tsx simulator/virtual-pump/cli.ts …` (or `tsx …`, which passes SIGTERM/SIGINT on);
// `npm run` and `npx` die on SIGTERM without passing it to the pump, which then runs on orphaned.
import { readFileSync } from "node:fs";
import { guardClosedOutput } from "../host/cli-terminal.ts";
import { checkStateFile, parseCliOptions, USAGE, UsageError, type CliOptions } from "./cli-options.ts";
import { parsePublicKeyFile } from "./public-key-file.ts";
import { openControlChannel, type ControlChannel } from "./control-channel.ts";
import { startVirtualPump } from "./start.ts";
import { readCatalogue } from "../panel/catalogue.ts";
import { startPanel, type PanelHandle } from "../panel/server.ts";
import { firmwareBuildPath } from "../host/memory-layout.ts";

const log = (message: string): void => void process.stderr.write(`virtual-pump: ${message}\n`);

function readOption(option: string, path: string | undefined): Uint8Array | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(
      `--${option}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

async function main(argv: string[]): Promise<number | undefined> {
  let options: CliOptions;
  let libraryImage: Uint8Array | undefined;
  let publicKey: Uint8Array | undefined;
  try {
    options = parseCliOptions(argv);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    readOption("firmware", options.firmwarePath ?? firmwareBuildPath());
    libraryImage = readOption("library", options.libraryPath);
    const keyFile = readOption("provision-key", options.publicKeyPath);
    if (keyFile !== undefined) {
      try {
        publicKey = parsePublicKeyFile(new TextDecoder().decode(keyFile), `--provision-key ${options.publicKeyPath}`);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    checkStateFile(options.statePath);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`virtual-pump: ${error.message}\n${USAGE}`);
    return 2;
  }
  let handle;
  try {
    handle = await startVirtualPump({ ...options, libraryImage, publicKey, log });
  } catch (error) {
    console.error(`virtual-pump: cannot start: ${(error as Error).message}`);
    return 1;
  }
  let control: ControlChannel | undefined;
  if (options.controlPath !== undefined) {
    try {
      control = await openControlChannel(options.controlPath, handle.pump, log);
    } catch (error) {
      console.error(`virtual-pump: --control: cannot listen on ${options.controlPath}: ${(error as Error).message}`);
      await handle.close().catch(() => undefined);
      return 1;
    }
    log(`control channel on ${control.path}`);
  }
  let panel: PanelHandle | undefined;
  if (options.panelPort !== undefined) {
    try {
      handle.pump.attachLocalPort();
      const catalogue = libraryImage === undefined ? undefined : readCatalogue(libraryImage);
      panel = await startPanel({ port: handle.pump, catalogue, httpPort: options.panelPort, log });
    } catch (error) {
      console.error(`virtual-pump: --panel: cannot serve on port ${options.panelPort}: ${(error as Error).message}`);
      await control?.close();
      await handle.close().catch(() => undefined);
      return 1;
    }
    log(`front panel on ${panel.url} (docs/panel.md)`);
  }
  console.log(`tty: ${handle.path}`);
  const stop = (signal: string): void => {
    log(`${signal}: saving NV and closing the device`);
    Promise.resolve(panel?.close())
      .then(() => control?.close())
      .then(() => handle.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log(`${(error as Error).message}: what was not saved is lost`);
          process.exit(1);
        },
      );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  return undefined; // keeps running until a signal
}

guardClosedOutput(process.stdout); // a parent that stops reading must not kill the pump with EPIPE
const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
