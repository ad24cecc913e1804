// Cell values → JSON values for the importer. Only the spreadsheet's own syntax is read here
// (whole numbers, yes/no, ";"-separated codes); decimals and units are copied as text and left to
// the compiler, whose errors are mapped back to the same cell.
import { ownValue } from "../../compiler/own-key.ts";
import type { CellError, TableRow } from "./table.ts";

export interface Sheet {
  file: string;
  errors: CellError[];
}

/** A whole number, or undefined (an error recorded) when the cell is not one. */
export function integerCell(sheet: Sheet, row: TableRow, column: string): number | undefined {
  const text = row.get(column);
  if (text === "") return undefined;
  if (!/^(0|[1-9][0-9]{0,9})$/.test(text) || Number(text) > 2147483647) {
    sheet.errors.push({
      file: sheet.file,
      row: row.row,
      column,
      message: `"${text}" is not a whole number 0..2147483647`,
    });
    return undefined;
  }
  return Number(text);
}

const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, yes: true, false: false, no: false };

/** yes/no or true/false (any case); undefined when empty or invalid (an error recorded). */
export function booleanCell(sheet: Sheet, row: TableRow, column: string): boolean | undefined {
  const text = row.get(column);
  if (text === "") return undefined;
  const value = ownValue(BOOLEANS, text.toLowerCase());
  if (value === undefined)
    sheet.errors.push({ file: sheet.file, row: row.row, column, message: `"${text}" is not yes, no, true or false` });
  return value;
}

/** "ICU; MEDSURG" → ["ICU", "MEDSURG"]; undefined when empty. */
export function listCell(row: TableRow, column: string): string[] | undefined {
  const text = row.get(column);
  if (text === "") return undefined;
  return text
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Sets `target[key]` to `value` unless it is undefined or "" (an empty cell is an absent field). */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== "") target[key] = value;
}

/** A limit block from `<prefix>.unit` and tier columns, with a fixed unit when the sheet implies it; undefined when all are empty. */
export function blockCells(
  row: TableRow,
  prefix: string,
  tiers: readonly string[],
  fixedUnit?: string,
): Record<string, string> | undefined {
  const block: Record<string, string> = {};
  if (fixedUnit === undefined) put(block, "unit", row.get(`${prefix}.unit`));
  for (const tier of tiers) put(block, tier, row.get(`${prefix}.${tier}`));
  if (Object.keys(block).length === 0) return undefined;
  return fixedUnit === undefined ? block : { unit: fixedUnit, ...block };
}
