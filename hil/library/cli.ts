// Command-line interface (REQ-LIB-012, REQ-LC-023, REQ-SIG-001): npm run library -- validate|compile|
// lint|diff|dry-run|approve|release|sign|key-id|import-csv|--help. The lifecycle subcommands live in lint/, diff/,
// dryrun/, lifecycle/ and csv/, each with its own --help (validate and compile have theirs here).
// Options are read with node:util parseArgs (tools/lifecycle/args.ts): --output=x works as -o x.
// Exit codes: 0 ok, 1 library errors (every error printed, nothing written), 2 usage or file errors.
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { guardClosedOutput } from "../../simulator/host/cli-terminal.ts";
import { IMAGE_HEADER_SIZE, LibraryStatus } from "../../firmware/abi/codes.ts";
import { compileLibrary } from "./compiler/compile.ts";
import { formatError, type LibraryError } from "./compiler/errors.ts";
import { parseLibraryText } from "./compiler/json-text.ts";
import { terminalSafe } from "./compiler/terminal-text.ts";
import { readRegularFile } from "./compiler/file-kind.ts";
import { writeFileAtomic } from "./compiler/write-atomic.ts";
import { importCsvCommand } from "./tools/csv/command.ts";
import { exportCsvCommand } from "./tools/csv/export-command.ts";
import { diffCommand } from "./tools/diff/command.ts";
import { dryRunCommand } from "./tools/dryrun/command.ts";
import { parseOptions, single } from "./tools/lifecycle/args.ts";
import { CommandError } from "./tools/lifecycle/cli-support.ts";
import { approveCommand, releaseCommand } from "./tools/lifecycle/command.ts";
import { lintCommand } from "./tools/lint/command.ts";
import { reviewCommand } from "./tools/review/command.ts";
import { verifyCommand } from "./tools/verify/command.ts";
import { sendCommand } from "./tools/send/command.ts";
import { keyIdCommand, signCommand } from "./tools/signing/command.ts";

export const EXIT_OK = 0;
export const EXIT_LIBRARY_ERRORS = 1;
export const EXIT_USAGE = 2;

export const HELP = `Drug-library compiler and lifecycle tools (docs/library-format.md, docs/library-tools.md)

Usage:
  npm run library -- validate <library.json>
  npm run library -- compile <library.json> -o <image.bin>
  npm run library -- lint <library.json> [--config <lint.json>] [--severity <rule>=<level>]...
  npm run library -- diff <old.json> <new.json> [--format md|html|json] [-o <report>]
  npm run library -- dry-run <library.json> <orders.csv|orders.json> [--firmware <ders.wasm>]
  npm run library -- review <old.json> <new.json> -o <packet.html> [--orders <orders.csv>]
  npm run library -- approve <library.json> --approver "Name:role" [--date YYYY-MM-DD]
  npm run library -- release <library.json>
  npm run library -- sign <library.json> --key <private-key> -o <signed-image>
  npm run library -- key-id <key-file>
  npm run library -- verify <signed-file> --key <public-key-file>
  npm run library -- send --port <tty> <signed-file>
  npm run library -- import-csv --areas <areas.csv> --entries <entries.csv> --name <name> --version <n> -o <library.json>
  npm run library -- export-csv <library.json> --areas <areas.csv> --entries <entries.csv>
  npm run library -- --help
  npm run library -- <command> --help

Commands:
  validate    check a library file and print every error as "path: message [rule]"
  compile     check it and write the binary image (docs/library-image.md); prints the
              library name, version, entry count, image size and body SHA-256
  lint        find library-build mistakes that compile (high-alert drug without a hard max, ...)
  diff        entries and limits added, removed and changed, loosened or tightened
  dry-run     run an order set through the real firmware engine; check expected verdicts
  review      the committee's printable review packet: diff, lint, dry-run, digest, sign-off
  approve     record committee approvals (pharmacist, nurse, physician): draft -> approved
  release     mark an approved library released (only a released library can be signed)
  sign        compile a released library and sign it with Ed25519 for the pumps
  key-id      print the public key (to provision into pumps) and the key id of a key file
  verify      would a pump provisioned with this key admit this file? (the real firmware decides)
  send        transfer a library file to a pump over its serial port and activate it (resumable)
  import-csv  build a draft library from care-area and entry spreadsheets (CSV)
  export-csv  write a library's care-area and entry sheets (what import-csv reads)

Options (validate, compile):
  -o, --output <file>   image file to write (compile only); written only when the
                        library has no error, via a temporary file and a rename
  -h, --help            show this help (after a command: that command's help)
An option's value may also be written --output=<file>.

Examples:
  npm run library -- validate hil/library/examples/general-hospital.json
  npm run library -- compile hil/library/examples/general-hospital.json -o build/general-hospital.dersimg
  npm run library -- lint --help

Exit codes: 0 ok, 1 library errors, findings at error severity, refused transitions or dry-run
mismatches (nothing written), 2 usage or file errors.`;

export const VALIDATE_HELP = `library validate — check a library file (docs/library-format.md)

Usage:
  npm run library -- validate <library.json>

Prints "valid: <name> version <n> (<status>): <entries>, <care areas>", or every error as
"path: message [rule]". Writes nothing.

Example:
  npm run library -- validate hil/library/examples/general-hospital.json

Exit codes: 0 valid, 1 library errors, 2 usage or file errors.`;

export const COMPILE_HELP = `library compile — check a library file and write its binary image (docs/library-image.md)

Usage:
  npm run library -- compile <library.json> -o <image>

Options:
  -o, --output <file>   image file to write (also --output=<file>); written only when the library
                        has no error, via a temporary file and a rename; never the library itself

Prints the library name, version, entry count, image size and body SHA-256.

Example:
  npm run library -- compile hil/library/examples/general-hospital.json -o build/general-hospital.dersimg

Exit codes: 0 written, 1 library errors (nothing written), 2 usage or file errors.`;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

// The one sink to the terminal: library text in a line never reaches it raw (terminal-text.ts).
const consoleIo: Io = {
  out: (line) => console.log(terminalSafe(line)),
  err: (line) => console.error(terminalSafe(line)),
};

class UsageError extends Error {}

interface Command {
  name: "validate" | "compile";
  input: string;
  output?: string;
}

const SUBCOMMANDS: Readonly<Record<string, (argv: string[], io: Io) => number>> = {
  lint: lintCommand,
  diff: diffCommand,
  "dry-run": dryRunCommand,
  approve: approveCommand,
  release: releaseCommand,
  sign: signCommand,
  "key-id": keyIdCommand,
  "import-csv": importCsvCommand,
  "export-csv": exportCsvCommand,
  review: reviewCommand,
  verify: verifyCommand,
};
/** Commands that talk to a pump and so finish later; run through mainAsync(). */
const ASYNC_SUBCOMMANDS: Readonly<Record<string, (argv: string[], io: Io) => Promise<number>>> = { send: sendCommand };
const COMMAND_LIST = `validate, compile, ${[...Object.keys(SUBCOMMANDS), ...Object.keys(ASYNC_SUBCOMMANDS)].join(", ")}`;

function parseCommand(argv: string[]): Command | { help: string } {
  const [name, ...rest] = argv;
  const helpAsked = argv.some((a) => a === "-h" || a === "--help");
  if (name === "validate" && helpAsked) return { help: VALIDATE_HELP };
  if (name === "compile" && helpAsked) return { help: COMPILE_HELP };
  if (helpAsked) return { help: HELP };
  if (name === undefined) throw new UsageError(`no command given; use ${COMMAND_LIST} (see --help)`);
  if (name !== "validate" && name !== "compile")
    throw new UsageError(`unknown command "${name}"; use ${COMMAND_LIST} (see --help)`);
  let args;
  try {
    args = parseOptions(rest, [
      { name: "output", short: "o", value: true, example: "library.bin", valueName: "a file name" },
    ]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { positional } = args;
  const output = single(args, "output");
  if (positional.length !== 1)
    throw new UsageError(
      `${name} takes exactly one library file, got ${positional.length}; e.g. ${name} library.json${name === "compile" ? " -o library.bin" : ""}`,
    );
  if (name === "validate" && output !== undefined)
    throw new UsageError("validate writes nothing; drop -o, or use compile");
  if (name === "compile" && output === undefined)
    throw new UsageError("compile needs an output file: add -o <image.bin>");
  if (output !== undefined && resolve(output) === resolve(positional[0]))
    throw new UsageError("the output file is the library file itself; choose another -o path");
  return { name, input: positional[0], output };
}

function readInput(path: string): Uint8Array {
  try {
    return readRegularFile(path);
  } catch (error) {
    throw new UsageError(
      `cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}${(error as NodeJS.ErrnoException).code === undefined ? "" : "; check the path"}`,
    );
  }
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function reportErrors(errors: LibraryError[], io: Io): number {
  for (const error of errors) io.err(formatError(error));
  io.err(`${count(errors.length, "error")}; nothing written`);
  return EXIT_LIBRARY_ERRORS;
}

function run(command: Command, io: Io): number {
  const parsed = parseLibraryText(readInput(command.input), command.input);
  if (!parsed.ok) return reportErrors(parsed.errors, io);
  const result = compileLibrary(parsed.json);
  if (!result.ok) return reportErrors(result.errors, io);
  const { library, image } = result;
  const summary = `${library.name} version ${library.version} (${LibraryStatus[library.status].toLowerCase()}): ${count(library.entries.length, "entry", "entries")}, ${count(library.careAreas.length, "care area")}`;
  if (command.output === undefined) {
    io.out(`valid: ${summary}`);
    return EXIT_OK;
  }
  try {
    writeFileAtomic(command.output, image);
  } catch (error) {
    throw new UsageError(
      `cannot write "${command.output}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check that the directory exists and is writable`,
    );
  }
  io.out(`compiled: ${summary}`);
  io.out(`image: ${command.output}, ${image.length} bytes`);
  io.out(`body SHA-256: ${createHash("sha256").update(image.subarray(IMAGE_HEADER_SIZE)).digest("hex")}`);
  return EXIT_OK;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export function main(argv: string[], io: Io = consoleIo): number {
  try {
    const subcommand = argv[0] !== undefined && Object.hasOwn(SUBCOMMANDS, argv[0]) ? SUBCOMMANDS[argv[0]] : undefined;
    if (subcommand !== undefined) return subcommand(argv.slice(1), io);
    const command = parseCommand(argv);
    if ("help" in command) {
      io.out(command.help);
      return EXIT_OK;
    }
    return run(command, io);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof CommandError)) throw error;
    io.err(`error: ${error.message}`);
    return EXIT_USAGE;
  }
}

/** main() and the commands that finish later (send): what the command line runs. */
export async function mainAsync(argv: string[], io: Io = consoleIo): Promise<number> {
  const command =
    argv[0] !== undefined && Object.hasOwn(ASYNC_SUBCOMMANDS, argv[0]) ? ASYNC_SUBCOMMANDS[argv[0]] : undefined;
  return command === undefined ? main(argv, io) : command(argv.slice(1), io);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  guardClosedOutput(process.stdout); // `… | head`: no EPIPE stack trace; the exit code stays the command's
  process.exitCode = await mainAsync(process.argv.slice(2));
}
