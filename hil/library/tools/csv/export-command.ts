// `library export-csv <library.json> --areas <areas.csv> --entries <entries.csv>`: a library's two
// spreadsheet sheets, the layout import-csv reads, so the last release can be edited in a
// spreadsheet and imported again (REQ-LC-033). Only a library that compiles is exported.
// Exit 0 written, 1 the library does not compile (nothing written), 2 usage or file errors.
import { resolve } from "node:path";
import type { AuthorLibrary } from "../../compiler/authoring.ts";
import { compileLibrary } from "../../compiler/compile.ts";
import { formatError } from "../../compiler/errors.ts";
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import {
  CommandError,
  EXIT_FINDINGS,
  EXIT_OK,
  loadLibraryFile,
  plural,
  refuseOverwrite,
  writeOutput,
  type Io,
} from "../lifecycle/cli-support.ts";
import { exportCsv } from "./export.ts";

export const EXPORT_HELP = `library export-csv — a library's care-area and entry sheets (docs/library-tools.md §5)

Usage:
  npm run library -- export-csv <library.json> --areas <care-areas.csv> --entries <entries.csv>

Writes the two sheets import-csv reads (CSV, RFC 4180, UTF-8, CRLF), each atomically. Importing them
with the printed import-csv command gives back the same care areas and entries, and the same image.
Not carried by the sheets: "notice", "description", "status" and "approvals" (an import is a new
draft that the committee approves again).

Example:
  npm run library -- export-csv hil/library/examples/general-hospital.json --areas areas.csv --entries entries.csv

Exit codes: 0 written, 1 the library does not compile (nothing written), 2 usage or file errors.`;

const USAGE = "export-csv <library.json> --areas <care-areas.csv> --entries <entries.csv>";

/** A shell word: quoted unless it is plainly safe. */
const shellWord = (text: string): string => (/^[\w./@:=+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);

export function exportCsvCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(EXPORT_HELP);
    return EXIT_OK;
  }
  const args = parseOptions(argv, [
    { name: "areas", value: true, example: "care-areas.csv" },
    { name: "entries", value: true, example: "entries.csv" },
  ]);
  const [file] = expectPositional(args, 1, USAGE);
  const areas = single(args, "areas");
  const entries = single(args, "entries");
  if (areas === undefined || entries === undefined)
    throw new CommandError(`export-csv needs --areas and --entries output files; usage: ${USAGE}`);
  if (resolve(areas) === resolve(entries))
    throw new CommandError("--areas and --entries name the same file; give two files");
  refuseOverwrite(areas, [file]);
  refuseOverwrite(entries, [file]);

  const loaded = loadLibraryFile(file);
  const compiled = loaded.ok ? compileLibrary(loaded.json) : loaded;
  if (!loaded.ok || !compiled.ok) {
    const errors = compiled.ok ? [] : compiled.errors;
    for (const error of errors) io.err(formatError(error));
    io.err(`${plural(errors.length, "error")}; only a library that compiles is exported; nothing written`);
    return EXIT_FINDINGS;
  }
  const library = loaded.json as AuthorLibrary;
  const sheets = exportCsv(library);
  writeOutput(areas, sheets.areas);
  writeOutput(entries, sheets.entries);
  io.out(
    `exported: ${library.name} version ${library.version}: ${plural(library.careAreas.length, "care area")} → ${areas}, ${plural(library.entries.length, "entry", "entries")} → ${entries}`,
  );
  io.out(
    `import again with: npm run library -- import-csv --areas ${shellWord(areas)} --entries ${shellWord(entries)} --name ${shellWord(library.name)} --version ${library.version} -o <library.json>`,
  );
  return EXIT_OK;
}
