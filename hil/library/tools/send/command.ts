// `library send --port <tty> <file>`: a (signed) library file to a pump over its serial port and
// activated there (docs/protocol.md §5.6), with the reference client's resumable transfer
// (simulator/client/library-transfer.ts) over a serialport link, as the HIL rig talks to a pump
// (hil/runner/port-target.ts). The pump decides admission; its answer is printed by name. A run cut
// short (link lost, pump restarted) is continued by running the same command again: LIBRARY_BEGIN
// with the same file resumes from the bytes the pump already holds (REQ-LC-035, REQ-SIG-009).
// Exit 0 active on the pump, 1 refused by the pump or the pump stopped answering, 2 usage, file or
// port errors.
import { randomInt } from "node:crypto";
import { Status } from "../../../../firmware/abi/codes.ts";
import { Result } from "../../../../firmware/abi/protocol-codes.ts";
import { PumpClient, UncertainOutcomeError } from "../../../../simulator/client/client.ts";
import { LibraryTransfer, type LibraryOutcome } from "../../../../simulator/client/library-transfer.ts";
import { SerialLink, SerialLinkError } from "../../../../simulator/link/serial-link.ts";
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import { CommandError, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, readInputBytes, type Io } from "../lifecycle/cli-support.ts";

export const SEND_HELP = `library send — transfer a library file to a pump and activate it (docs/library-tools.md §8)

Usage:
  npm run library -- send --port <tty> <signed-file> [--baud <n>] [--chunk-bytes <n>]

Sends the file over the pump's serial protocol in chunks (LIBRARY_BEGIN, LIBRARY_CHUNK …,
LIBRARY_ACTIVATE; docs/protocol.md §5.6), showing progress, and prints the pump's answer: the
library now active, or why the pump refused it (its status by name, e.g. IMAGE_WRONG_KEY,
IMAGE_ROLLBACK, LIBRARY_BUSY while an infusion runs). Lost frames are retried; if the pump stops
answering, run the same command again: the transfer resumes where the pump's copy ends.

Options:
  --port <tty>          the pump's serial device, e.g. /dev/ttyUSB0 (the virtual pump prints its own)
  --baud <n>            line speed (default 115200)
  --chunk-bytes <n>     bytes per LIBRARY_CHUNK, 1 … 480 (default 480)

Check the file first with: npm run library -- verify <signed-file> --key <public-key-file>
Exit codes: 0 the library is active on the pump, 1 the pump refused it or stopped answering
(run again to resume), 2 usage, file or port errors.`;

const USAGE = "send --port <tty> <signed-file>";

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new CommandError(`--${name} must be a whole number ${min} … ${max}, got "${text}"`);
  return Number(text);
}

function describeRefusal(outcome: Extract<LibraryOutcome, { ok: false }>): string {
  if (outcome.result === Result.LIBRARY_REFUSED) return `${Status[outcome.detail] ?? outcome.detail} (docs/abi.md §6)`;
  return `${Result[outcome.result] ?? outcome.result}, detail ${outcome.detail} (docs/protocol.md §3)`;
}

/** Progress as lines (the output may be a log, not a terminal): at every tenth of the file and at the end. */
function progressPrinter(io: Io): (received: number, total: number) => void {
  let lastTenth = -1;
  return (received, total) => {
    const tenth = Math.floor((received * 10) / total);
    if (tenth === lastTenth && received !== total) return;
    lastTenth = tenth;
    io.out(`sent ${received}/${total} bytes (${Math.floor((received * 100) / total)}%)`);
  };
}

export async function sendCommand(argv: string[], io: Io): Promise<number> {
  let link: SerialLink | undefined;
  try {
    if (isHelp(argv)) {
      io.out(SEND_HELP);
      return EXIT_OK;
    }
    const args = parseOptions(argv, [
      { name: "port", value: true, example: "/dev/ttyUSB0" },
      { name: "baud", value: true, example: "115200" },
      { name: "chunk-bytes", value: true, example: "480" },
    ]);
    const [file] = expectPositional(args, 1, USAGE);
    const port = single(args, "port");
    if (port === undefined)
      throw new CommandError(`send needs the pump's serial device: add --port <tty>; usage: ${USAGE}`);
    const baudRate = integer("baud", single(args, "baud"), 1, 100_000_000) ?? 115200;
    const chunkBytes = integer("chunk-bytes", single(args, "chunk-bytes"), 1, 480);
    const bytes = readInputBytes(file);
    try {
      link = await SerialLink.open(port, { baudRate });
    } catch (error) {
      throw new CommandError(
        `${(error as Error).message}; check --port (the pump's device) and that nothing else holds it`,
      );
    }
    // A random first sequence, as the HIL rig draws one: a pump that kept an earlier session's
    // history must not answer this one's first requests from it (docs/protocol.md §4).
    const client = new PumpClient(link, { firstSequence: randomInt(0x10000) });
    const transfer = new LibraryTransfer(client, { chunkBytes, onProgress: progressPrinter(io) });
    io.out(`sending ${file} (${bytes.length} bytes) to ${port}`);
    const outcome = await transfer.send(bytes);
    if (!outcome.ok) {
      io.err(`refused by the pump: ${describeRefusal(outcome)}; its active library is unchanged`);
      return EXIT_FINDINGS;
    }
    const s = outcome.status;
    const resumed = transfer.resumes > 0 ? ` after ${transfer.resumes} resume${transfer.resumes === 1 ? "" : "s"}` : "";
    io.out(
      `active on the pump${resumed}: library version ${s.activeVersion}, body SHA-256 ${s.activeBodyDigest}, slot ${s.activeSlot === 0 ? "A" : "B"}`,
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommandError) {
      io.err(`error: ${error.message}`);
      return EXIT_USAGE;
    }
    if (error instanceof UncertainOutcomeError || error instanceof SerialLinkError) {
      io.err(`the pump stopped answering (${error.message}); run the same command again to resume the transfer`);
      return EXIT_FINDINGS;
    }
    throw error;
  } finally {
    await link?.close().catch(() => undefined);
  }
}
