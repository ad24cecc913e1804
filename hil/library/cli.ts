// Command-line interface (REQ-LIB-012): npm run library -- validate|compile|--help.
// Exit codes: 0 ok, 1 library errors (every error printed, nothing written), 2 usage or file errors.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { IMAGE_HEADER_SIZE, LibraryStatus } from "../../firmware/abi/codes.ts";
import { compileLibrary } from "./compile.ts";
import { formatError, type LibraryError } from "./errors.ts";
import { parseLibraryText } from "./json-text.ts";
import { writeFileAtomic } from "./write-atomic.ts";

export const EXIT_OK = 0;
export const EXIT_LIBRARY_ERRORS = 1;
export const EXIT_USAGE = 2;

export const HELP = `Drug-library compiler (docs/library-format.md)

Usage:
  npm run library -- validate <library.json>
  npm run library -- compile <library.json> -o <image.bin>
  npm run library -- --help

Commands:
  validate   check a library file and print every error as "path: message [rule]"
  compile    check it and write the binary image (docs/library-image.md); prints the
             library name, version, entry count, image size and body SHA-256

Options:
  -o, --output <file>   image file to write (compile only); written only when the
                        library has no error, via a temporary file and a rename
  -h, --help            show this help

Exit codes: 0 ok, 1 library errors (nothing written), 2 usage or file errors.`;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

class UsageError extends Error {}

interface Command {
  name: "validate" | "compile";
  input: string;
  output?: string;
}

function parseArgs(argv: string[]): Command | "help" {
  if (argv.some((a) => a === "-h" || a === "--help")) return "help";
  const [name, ...rest] = argv;
  if (name === undefined) throw new UsageError("no command given; use validate or compile (see --help)");
  if (name !== "validate" && name !== "compile") throw new UsageError(`unknown command "${name}"; use validate or compile (see --help)`);
  const positional: string[] = [];
  let output: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "-o" || arg === "--output") {
      if (output !== undefined) throw new UsageError("-o given twice; give one output file");
      output = rest[++i];
      if (output === undefined || output === "") throw new UsageError(`${arg} needs a file name, e.g. -o library.bin`);
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(`unknown option "${arg}" (see --help)`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(`${name} takes exactly one library file, got ${positional.length}; e.g. ${name} library.json${name === "compile" ? " -o library.bin" : ""}`);
  if (name === "validate" && output !== undefined) throw new UsageError("validate writes nothing; drop -o, or use compile");
  if (name === "compile" && output === undefined) throw new UsageError("compile needs an output file: add -o <image.bin>");
  if (output !== undefined && resolve(output) === resolve(positional[0])) throw new UsageError("the output file is the library file itself; choose another -o path");
  return { name, input: positional[0], output };
}

function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path`);
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
  const parsed = parseLibraryText(readInput(command.input));
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
    throw new UsageError(`cannot write "${command.output}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check that the directory exists and is writable`);
  }
  io.out(`compiled: ${summary}`);
  io.out(`image: ${command.output}, ${image.length} bytes`);
  io.out(`body SHA-256: ${createHash("sha256").update(image.subarray(IMAGE_HEADER_SIZE)).digest("hex")}`);
  return EXIT_OK;
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export function main(argv: string[], io: Io = consoleIo): number {
  try {
    const command = parseArgs(argv);
    if (command === "help") {
      io.out(HELP);
      return EXIT_OK;
    }
    return run(command, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`error: ${error.message}`);
    return EXIT_USAGE;
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
