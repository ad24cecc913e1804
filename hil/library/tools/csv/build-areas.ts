// Care-area sheet rows → the "careAreas" array of the format, one area per row, in row order;
// units are fixed by the column names (mL/h, mL, kg, m2).
import { blockCells, booleanCell, integerCell, put, type Sheet } from "./cells.ts";
import { TIERS } from "./columns.ts";
import type { TableRow } from "./table.ts";

export interface BuiltItems {
  items: Record<string, unknown>[];
  /** Row number of each item, and of each concentration for entries. */
  rows: number[];
}

export function buildAreas(sheet: Sheet, rows: TableRow[]): BuiltItems {
  const items = rows.map((row) => {
    const area: Record<string, unknown> = {};
    put(area, "id", integerCell(sheet, row, "id"));
    put(area, "code", row.get("code"));
    put(area, "name", row.get("name"));
    put(area, "basicInfusionAllowed", booleanCell(sheet, row, "basicInfusionAllowed"));
    if (row.get("maxRateMlPerH") !== "") area.maxRate = { value: row.get("maxRateMlPerH"), unit: "mL/h" };
    if (row.get("maxVtbiMl") !== "") area.maxVtbi = { value: row.get("maxVtbiMl"), unit: "mL" };
    put(area, "weight", blockCells(row, "weightKg", TIERS, "kg"));
    put(area, "bsa", blockCells(row, "bsaM2", TIERS, "m2"));
    // Written only when yes: "no" and empty both mean the default, so the JSON stays as before.
    if (booleanCell(sheet, row, "weightConfirmation") === true) area.weightConfirmation = true;
    put(area, "note", row.get("note"));
    return area;
  });
  return { items, rows: rows.map((r) => r.row) };
}
