// A CSV file read as a table: the first row names the columns, every later row is one record.
// Every problem is a CellError with the file, the row number (as a spreadsheet shows it, header =
// row 1) and the column name (REQ-LC-021). Unknown, repeated and missing columns are refused;
// rows whose cells are all empty are skipped; cells are trimmed of surrounding spaces.
import { parseCsv } from "./rfc4180.ts";

export interface CellError {
  file: string;
  row: number;
  column: string;
  message: string;
}

export function formatCellError(e: CellError): string {
  return `${e.file} row ${e.row}, column ${e.column}: ${e.message}`;
}

export interface ColumnSpec {
  name: string;
  /** The header must have this column. */
  required?: boolean;
}

export interface TableRow {
  row: number;
  /** The trimmed cell of `column`; "" when empty or when the table has no such column. */
  get(column: string): string;
}

export type TableResult = { ok: true; rows: TableRow[] } | { ok: false; errors: CellError[] };

export function readTable(file: string, text: string, columns: readonly ColumnSpec[]): TableResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    // The header is unknown when it is the broken row; then the column is named by position.
    const column = parsed.records[0]?.fields[parsed.field]?.trim() || `${parsed.field + 1} (by position)`;
    return { ok: false, errors: [{ file, row: parsed.row, column, message: `CSV syntax: ${parsed.message}` }] };
  }
  const [headerRecord, ...records] = parsed.records;
  if (headerRecord === undefined)
    return {
      ok: false,
      errors: [
        { file, row: 1, column: columns[0].name, message: "the file is empty; the first row must name the columns" },
      ],
    };
  const header = headerRecord.fields.map((f) => f.trim());
  const errors: CellError[] = [];
  const known = new Set(columns.map((c) => c.name));
  header.forEach((name, i) => {
    if (name === "")
      errors.push({
        file,
        row: 1,
        column: `${i + 1} (by position)`,
        message: "empty column name; name the column or delete it",
      });
    else if (!known.has(name))
      errors.push({
        file,
        row: 1,
        column: name,
        message: `unknown column; known columns: ${columns.map((c) => c.name).join(", ")}`,
      });
    else if (header.indexOf(name) !== i)
      errors.push({ file, row: 1, column: name, message: "the column appears twice; keep one" });
  });
  for (const spec of columns) {
    if (spec.required === true && !header.includes(spec.name))
      errors.push({ file, row: 1, column: spec.name, message: "required column is missing; add it to the first row" });
  }
  const rows: TableRow[] = [];
  for (const record of records) {
    if (record.fields.every((f) => f.trim() === "")) continue;
    if (record.fields.length !== header.length) {
      const column =
        record.fields.length < header.length
          ? header[record.fields.length]
          : `${header.length + 1} (by position, after the last named column)`;
      errors.push({
        file,
        row: record.row,
        column,
        message: `the row has ${record.fields.length} cells but the header has ${header.length} columns; add or remove cells (a comma inside a value needs quotes)`,
      });
      continue;
    }
    const cells = new Map(header.map((name, i) => [name, record.fields[i].trim()]));
    rows.push({ row: record.row, get: (column) => cells.get(column) ?? "" });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}
