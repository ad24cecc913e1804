// Entry sheet rows → the "entries" array. One row per concentration: the first row of an entry id
// carries the entry's fields and its first concentration; each later row with the same id adds
// the next concentration and leaves the entry columns empty (or repeats them exactly).
import { blockCells, booleanCell, integerCell, listCell, put, type Sheet } from "./cells.ts";
import {
  ALL_LIMIT_BLOCKS,
  BAND_RANGES,
  HARD_MAX_ONLY_BLOCKS,
  PCA_BLOCKS,
  RECORD_TIERED_BLOCKS,
  tiersOf,
  CONCENTRATION_COLUMNS,
  DEFAULT_KEYS,
  ENTRY_FIELD_COLUMNS,
  TIERED_BLOCKS,
  TIERS,
} from "./columns.ts";
import type { TableRow } from "./table.ts";

export interface BuiltEntries {
  items: Record<string, unknown>[];
  /** Row of each entry's first row. */
  rows: number[];
  /** Row of each concentration, per entry. */
  concentrationRows: number[][];
}

interface Group {
  first: TableRow;
  concentrations: TableRow[];
}

function concentration(sheet: Sheet, row: TableRow): Record<string, unknown> {
  const c: Record<string, unknown> = {};
  if (booleanCell(sheet, row, "conc.custom") === true) c.custom = true;
  put(c, "amount", row.get("conc.amount"));
  put(c, "amountUnit", row.get("conc.amountUnit"));
  put(c, "volume", row.get("conc.volumeMl"));
  if (c.custom !== true) c.volumeUnit = "mL";
  put(c, "limits", blockCells(row, "conc", TIERS));
  put(c, "defaults", defaultCells(row, "conc.defaults"));
  const overrides: Record<string, unknown> = {};
  for (const block of ALL_LIMIT_BLOCKS)
    put(overrides, block, blockCells(row, `conc.overrides.${block}`, tiersOf(block)));
  if (Object.keys(overrides).length > 0) c.overrides = overrides;
  put(c, "advisory", row.get("conc.advisory"));
  put(c, "codes", listCell(row, "conc.codes"));
  put(c, "pca", pcaCells(row, "conc.pca"));
  return c;
}

/** Issue 15: `<prefix>.<block>.unit` and tier cells of the PCA blocks → a pca object; undefined when all are empty. */
function pcaCells(row: TableRow, prefix: string): Record<string, unknown> | undefined {
  const pca: Record<string, unknown> = {};
  for (const block of PCA_BLOCKS) put(pca, block, blockCells(row, `${prefix}.${block}`, TIERS));
  return Object.keys(pca).length === 0 ? undefined : pca;
}

/** Issue 11 §4: `<prefix>.<key>.value` and `.unit` cells → a defaults object; undefined when all are empty. */
function defaultCells(row: TableRow, prefix: string): Record<string, unknown> | undefined {
  const defaults: Record<string, unknown> = {};
  for (const key of DEFAULT_KEYS) put(defaults, key, blockCells(row, `${prefix}.${key}`, ["value"]));
  return Object.keys(defaults).length === 0 ? undefined : defaults;
}

function entry(sheet: Sheet, id: number, group: Group): Record<string, unknown> {
  const row = group.first;
  const e: Record<string, unknown> = { id };
  for (const field of ["drug", "displayName"]) put(e, field, row.get(field));
  put(e, "highAlert", booleanCell(sheet, row, "highAlert"));
  put(e, "infusionType", row.get("infusionType"));
  put(e, "secondaryAllowed", booleanCell(sheet, row, "secondaryAllowed"));
  put(e, "maxTitrationStepPercent", row.get("maxTitrationStepPercent"));
  for (const field of ["doseBasis", "doseUnit"]) put(e, field, row.get(field));
  put(e, "careAreas", listCell(row, "careAreas"));
  put(e, "codes", listCell(row, "codes"));
  if (group.concentrations.length > 0) e.concentrations = group.concentrations.map((r) => concentration(sheet, r));
  put(e, "advisory", row.get("advisory"));
  const limits: Record<string, unknown> = {};
  for (const block of TIERED_BLOCKS) put(limits, block, blockCells(row, block, TIERS));
  put(limits, "doseAbsolute", blockCells(row, "doseAbsolute", ["hardMax"]));
  for (const block of RECORD_TIERED_BLOCKS) put(limits, block, blockCells(row, block, TIERS));
  for (const block of HARD_MAX_ONLY_BLOCKS.slice(1)) put(limits, block, blockCells(row, block, ["hardMax"]));
  if (Object.keys(limits).length > 0) e.limits = limits;
  const cumulative: Record<string, unknown> = {};
  put(cumulative, "unit", row.get("cumulative.unit"));
  const window: Record<string, unknown> = {};
  put(window, "value", row.get("cumulative.window"));
  put(window, "unit", row.get("cumulative.windowUnit"));
  if (Object.keys(window).length > 0) cumulative.window = window;
  put(cumulative, "softMax", row.get("cumulative.softMax"));
  put(cumulative, "hardMax", row.get("cumulative.hardMax"));
  if (Object.keys(cumulative).length > 0) e.cumulative = cumulative;
  const band: Record<string, unknown> = {};
  for (const range of BAND_RANGES) put(band, range, blockCells(row, `patientBand.${range}`, ["min", "max"]));
  if (Object.keys(band).length > 0) e.patientBand = band;
  put(e, "defaults", defaultCells(row, "defaults"));
  put(e, "pca", pcaCells(row, "pca"));
  put(e, "note", row.get("note"));
  return e;
}

export function buildEntries(sheet: Sheet, rows: TableRow[]): BuiltEntries {
  const groups = new Map<number, Group>();
  for (const row of rows) {
    const id = integerCell(sheet, row, "id");
    if (id === undefined) {
      if (row.get("id") === "")
        sheet.errors.push({
          file: sheet.file,
          row: row.row,
          column: "id",
          message: "every row needs the entry id (a later row of an entry repeats it)",
        });
      continue;
    }
    const hasConcentration = CONCENTRATION_COLUMNS.some((column) => row.get(column) !== "");
    const group = groups.get(id);
    if (group === undefined) {
      groups.set(id, { first: row, concentrations: hasConcentration ? [row] : [] });
      continue;
    }
    for (const column of ENTRY_FIELD_COLUMNS) {
      const value = row.get(column);
      if (value !== "" && value !== group.first.get(column)) {
        sheet.errors.push({
          file: sheet.file,
          row: row.row,
          column,
          message: `"${value}" differs from row ${group.first.row}, the first row of entry ${id}; leave entry columns empty on its later rows`,
        });
      }
    }
    if (hasConcentration) group.concentrations.push(row);
    else
      sheet.errors.push({
        file: sheet.file,
        row: row.row,
        column: "conc.amount",
        message: `a later row of entry ${id} must add a concentration (or give the entry another id)`,
      });
  }
  const ids = [...groups.keys()];
  return {
    items: ids.map((id) => entry(sheet, id, groups.get(id) as Group)),
    rows: ids.map((id) => (groups.get(id) as Group).first.row),
    concentrationRows: ids.map((id) => (groups.get(id) as Group).concentrations.map((r) => r.row)),
  };
}
