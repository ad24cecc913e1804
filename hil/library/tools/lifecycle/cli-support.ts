// What every lifecycle subcommand of hil/library/cli.ts shares: the output sink, the usage/file
// error that means exit code 2, reading inputs and writing outputs atomically (write-atomic.ts),
// and loading a library file through the compiler's strict JSON reader.
import { resolve } from "node:path";
import type { LibraryError } from "../../compiler/errors.ts";
import { parseLibraryText } from "../../compiler/json-text.ts";
import { readRegularFile } from "../../compiler/file-kind.ts";
import { writeFileAtomic } from "../../compiler/write-atomic.ts";

export const EXIT_OK = 0;
/** Findings at error severity, library errors, refused transitions, dry-run mismatches. */
export const EXIT_FINDINGS = 1;
/** Usage errors, unreadable or unwritable files, malformed order sets and CSV files. */
export const EXIT_USAGE = 2;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** A usage, file or input-format problem; the CLI prints "error: <message>" and exits 2. */
export class CommandError extends Error {}

export function readInputBytes(path: string): Uint8Array {
  try {
    return readRegularFile(path);
  } catch (error) {
    throw new CommandError(
      `cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}${(error as NodeJS.ErrnoException).code === undefined ? "" : "; check the path"}`,
    );
  }
}

/** UTF-8 text of a file; a byte-order mark (spreadsheets write one) is dropped. */
export function readInputText(path: string): string {
  const bytes = readInputBytes(path);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CommandError(`"${path}" is not valid UTF-8; save it as UTF-8 (in a spreadsheet: CSV UTF-8)`);
  }
}

export function writeOutput(path: string, text: string): void {
  try {
    writeFileAtomic(path, new TextEncoder().encode(text));
  } catch (error) {
    throw new CommandError(
      `cannot write "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check that the directory exists and is writable`,
    );
  }
}

export type LoadedLibrary = { ok: true; json: unknown; text: string } | { ok: false; errors: LibraryError[] };

/** Reads a library file with the compiler's strict reader (UTF-8, JSON syntax, duplicate keys); syntax errors name the file. */
export function loadLibraryFile(path: string): LoadedLibrary {
  const bytes = readInputBytes(path);
  const parsed = parseLibraryText(bytes, path);
  if (!parsed.ok) return parsed;
  return { ok: true, json: parsed.json, text: new TextDecoder().decode(bytes) };
}

export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

/** Refuses an output path that is one of the inputs (a report must never replace a library). */
export function refuseOverwrite(output: string | undefined, inputs: string[]): void {
  if (output === undefined) return;
  const target = resolve(output);
  if (inputs.some((input) => resolve(input) === target))
    throw new CommandError(`the output file "${output}" is one of the input files; choose another -o path`);
}
