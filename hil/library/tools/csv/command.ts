// `library import-csv`: two spreadsheet sheets → a draft library JSON file, written atomically
// and only when the result compiles (REQ-LC-021, REQ-LC-023).
import { expectPositional, isHelp, parseOptions, single } from "../lifecycle/args.ts";
import {
  CommandError,
  EXIT_FINDINGS,
  EXIT_OK,
  plural,
  readInputText,
  refuseOverwrite,
  writeOutput,
  type Io,
} from "../lifecycle/cli-support.ts";
import { AREA_COLUMNS, ENTRY_COLUMNS } from "./columns.ts";
import { importCsv } from "./import.ts";

const columnList = (columns: readonly { name: string; required?: boolean }[]): string =>
  columns
    .map((c) => `${c.name}${c.required === true ? "*" : ""}`)
    .join(", ")
    .replace(/(.{1,92})(, |$)/g, "    $1,\n")
    .replace(/,\n$/, "");

export const IMPORT_HELP = `library import-csv — build a draft library from spreadsheet sheets (docs/library-tools.md §5)

Usage:
  npm run library -- import-csv --areas <care-areas.csv> --entries <entries.csv>
                                --name <library name> --version <n> -o <library.json>

CSV as RFC 4180 (UTF-8, comma-separated, "quoted" cells may hold commas and line breaks), first
row = column names (any order; * = required column). Care-area sheet, one row per care area:
${columnList(AREA_COLUMNS)}
Entry sheet, one row per concentration (later rows of an entry repeat only its id):
${columnList(ENTRY_COLUMNS)}

The library is written with status "draft" (import never approves) and only if it compiles.
Every error names the file, row number (header = row 1) and column.

Example:
  npm run library -- import-csv --areas areas.csv --entries entries.csv --name "General Hospital" --version 1 -o library.json

Exit codes: 0 written, 1 errors in the sheets (nothing written), 2 usage or file errors.`;

const USAGE = "import-csv --areas <areas.csv> --entries <entries.csv> --name <name> --version <n> -o <library.json>";

function required(value: string | undefined, flag: string, example: string): string {
  if (value === undefined) throw new CommandError(`import-csv needs ${flag}, e.g. ${flag} ${example}; usage: ${USAGE}`);
  return value;
}

export function importCsvCommand(argv: string[], io: Io): number {
  if (isHelp(argv)) {
    io.out(IMPORT_HELP);
    return EXIT_OK;
  }
  const args = parseOptions(argv, [
    { name: "areas", value: true, example: "care-areas.csv" },
    { name: "entries", value: true, example: "entries.csv" },
    { name: "name", value: true, example: '"General Hospital"' },
    { name: "version", value: true, example: "13" },
    { name: "output", short: "o", value: true, example: "library.json" },
  ]);
  expectPositional(args, 0, USAGE);
  const areasFile = required(single(args, "areas"), "--areas", "care-areas.csv");
  const entriesFile = required(single(args, "entries"), "--entries", "entries.csv");
  const name = required(single(args, "name"), "--name", '"General Hospital"');
  const versionText = required(single(args, "version"), "--version", "13");
  const output = required(single(args, "output"), "-o", "library.json");
  if (!/^[1-9][0-9]{0,9}$/.test(versionText) || Number(versionText) > 2147483647)
    throw new CommandError(`--version must be a whole number 1..2147483647, got "${versionText}"`);
  refuseOverwrite(output, [areasFile, entriesFile]);

  const result = importCsv({
    areas: { file: areasFile, text: readInputText(areasFile) },
    entries: { file: entriesFile, text: readInputText(entriesFile) },
    name,
    version: Number(versionText),
  });
  if (!result.ok) {
    for (const line of result.errors) io.err(line);
    io.err(`${plural(result.errors.length, "error")}; nothing written`);
    return EXIT_FINDINGS;
  }
  writeOutput(output, `${JSON.stringify(result.library, null, 2)}\n`);
  const entries = (result.library.entries as unknown[]).length;
  const areas = (result.library.careAreas as unknown[]).length;
  io.out(
    `imported: ${name} version ${versionText} (draft): ${plural(entries, "entry", "entries")}, ${plural(areas, "care area")} → ${output}`,
  );
  return EXIT_OK;
}
