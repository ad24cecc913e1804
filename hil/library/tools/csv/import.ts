// Spreadsheet import (REQ-LC-021): care-area and entry sheets (CSV) → a draft library in the JSON
// format, checked by the compiler. Every error names the file, row and column it comes from; the
// compiler's JSON-path errors are mapped back to the cell that holds the field.
import { compileLibrary } from "../../compiler/compile.ts";
import type { LibraryError } from "../../compiler/errors.ts";
import { ownValue } from "../../compiler/own-key.ts";
import { buildAreas } from "./build-areas.ts";
import { buildEntries, type BuiltEntries } from "./build-entries.ts";
import type { Sheet } from "./cells.ts";
import { AREA_COLUMNS, areaColumn, ENTRY_COLUMNS, entryColumn } from "./columns.ts";
import { formatCellError, readTable, type CellError } from "./table.ts";

export interface ImportInput {
  areas: { file: string; text: string };
  entries: { file: string; text: string };
  /** Library name and version, from the command line. */
  name: string;
  version: number;
}

export type ImportResult = { ok: true; library: Record<string, unknown> } | { ok: false; errors: string[] };

const OPTION_OF_FIELD: Readonly<Record<string, string>> = { name: "--name", version: "--version" };

/** Where a compiler error came from: a cell, or the command-line option that set the field. */
function locate(error: LibraryError, areaRows: number[], entries: BuiltEntries, input: ImportInput): string {
  const [, list, index, ...rest] = error.path.split("/");
  const relative = rest.length === 0 ? "" : `/${rest.join("/")}`;
  const i = Number(index);
  let cell: CellError | undefined;
  if (list === "careAreas" && areaRows[i] !== undefined) {
    cell = { file: input.areas.file, row: areaRows[i], column: areaColumn(relative), message: "" };
  } else if (list === "entries" && entries.rows[i] !== undefined) {
    const concentration =
      rest[0] === "concentrations" && rest[1] !== undefined ? entries.concentrationRows[i][Number(rest[1])] : undefined;
    cell = {
      file: input.entries.file,
      row: concentration ?? entries.rows[i],
      column: entryColumn(relative),
      message: "",
    };
  }
  if (index === undefined && (list === "careAreas" || list === "entries")) {
    cell = { file: list === "careAreas" ? input.areas.file : input.entries.file, row: 2, column: "id", message: "" };
  }
  const message = `${error.message} [${error.rule}]`;
  if (cell !== undefined) return formatCellError({ ...cell, message });
  const option = ownValue(OPTION_OF_FIELD, list ?? "");
  return option === undefined ? `library: ${message}` : `${option}: ${message}`;
}

export function importCsv(input: ImportInput): ImportResult {
  const areasTable = readTable(input.areas.file, input.areas.text, AREA_COLUMNS);
  const entriesTable = readTable(input.entries.file, input.entries.text, ENTRY_COLUMNS);
  const tableErrors = [...(areasTable.ok ? [] : areasTable.errors), ...(entriesTable.ok ? [] : entriesTable.errors)];
  if (!areasTable.ok || !entriesTable.ok) return { ok: false, errors: tableErrors.map(formatCellError) };

  const areaSheet: Sheet = { file: input.areas.file, errors: [] };
  const entrySheet: Sheet = { file: input.entries.file, errors: [] };
  const areas = buildAreas(areaSheet, areasTable.rows);
  const entries = buildEntries(entrySheet, entriesTable.rows);
  const cellErrors = [...areaSheet.errors, ...entrySheet.errors];
  if (cellErrors.length > 0) return { ok: false, errors: cellErrors.map(formatCellError) };

  // Imported content has been approved by nobody, whatever the spreadsheet said: always a draft.
  const library = {
    formatVersion: 1,
    name: input.name,
    version: input.version,
    status: "draft",
    careAreas: areas.items,
    entries: entries.items,
  };
  const compiled = compileLibrary(library);
  if (!compiled.ok) return { ok: false, errors: compiled.errors.map((e) => locate(e, areas.rows, entries, input)) };
  return { ok: true, library };
}
