// Library JSON → the two sheets of the import layout (columns.ts), so an existing library can be
// moved to a spreadsheet and back: importing the export compiles to the same image (REQ-LC-021).
// Only columns some item uses are written; notes, advisories and names are kept verbatim.
import type {
  AuthorCareArea,
  AuthorConcentration,
  AuthorDefaults,
  AuthorEntry,
  AuthorLibrary,
  AuthorLimitBlock,
} from "../../compiler/authoring.ts";
import {
  ALL_LIMIT_BLOCKS,
  AREA_COLUMNS,
  BAND_RANGES,
  DEFAULT_KEYS,
  ENTRY_COLUMNS,
  PCA_BLOCKS,
  RECORD_TIERED_BLOCKS,
  TIERED_BLOCKS,
  TIERS,
} from "./columns.ts";
import { csvField } from "./rfc4180.ts";

type Row = Map<string, string>;

function putBlock(row: Row, prefix: string, block: AuthorLimitBlock | undefined, withUnit: boolean): void {
  if (block === undefined) return;
  if (withUnit) row.set(`${prefix}.unit`, block.unit);
  for (const tier of TIERS) if (block[tier] !== undefined) row.set(`${prefix}.${tier}`, block[tier] as string);
}

function areaRow(area: AuthorCareArea): Row {
  const row: Row = new Map([
    ["id", String(area.id)],
    ["code", area.code],
    ["name", area.name],
    ["basicInfusionAllowed", area.basicInfusionAllowed ? "yes" : "no"],
  ]);
  if (area.maxRate !== undefined) row.set("maxRateMlPerH", area.maxRate.value);
  if (area.maxVtbi !== undefined) row.set("maxVtbiMl", area.maxVtbi.value);
  putBlock(row, "weightKg", area.weight, false);
  putBlock(row, "bsaM2", area.bsa, false);
  if (area.weightConfirmation !== undefined) row.set("weightConfirmation", area.weightConfirmation ? "yes" : "no");
  if (area.note !== undefined) row.set("note", area.note);
  return row;
}

function concentrationCells(row: Row, c: AuthorConcentration): void {
  if (c.custom === true) row.set("conc.custom", "yes");
  if (c.amount !== undefined) row.set("conc.amount", c.amount);
  row.set("conc.amountUnit", c.amountUnit);
  if (c.volume !== undefined) row.set("conc.volumeMl", c.volume);
  putBlock(row, "conc", c.limits, true);
  putDefaults(row, "conc.defaults", c.defaults);
  if (c.advisory !== undefined) row.set("conc.advisory", c.advisory);
  for (const block of ALL_LIMIT_BLOCKS) putBlock(row, `conc.overrides.${block}`, c.overrides?.[block], true);
  if (c.codes !== undefined) row.set("conc.codes", c.codes.join("; "));
  for (const block of PCA_BLOCKS) putBlock(row, `conc.pca.${block}`, c.pca?.[block], true);
}

function putDefaults(row: Row, prefix: string, defaults: AuthorDefaults | undefined): void {
  for (const key of DEFAULT_KEYS) {
    const quantity = defaults?.[key];
    if (quantity === undefined) continue;
    row.set(`${prefix}.${key}.value`, quantity.value);
    row.set(`${prefix}.${key}.unit`, quantity.unit);
  }
}

function entryRows(entry: AuthorEntry): Row[] {
  const first: Row = new Map([
    ["id", String(entry.id)],
    ["drug", entry.drug],
    ["displayName", entry.displayName],
    ["highAlert", entry.highAlert ? "yes" : "no"],
    ["infusionType", entry.infusionType],
    ["doseBasis", entry.doseBasis],
  ]);
  if (entry.secondaryAllowed !== undefined) first.set("secondaryAllowed", entry.secondaryAllowed ? "yes" : "no");
  if (entry.maxTitrationStepPercent !== undefined) first.set("maxTitrationStepPercent", entry.maxTitrationStepPercent);
  if (entry.doseUnit !== undefined) first.set("doseUnit", entry.doseUnit);
  first.set("careAreas", entry.careAreas.join("; "));
  if (entry.codes !== undefined) first.set("codes", entry.codes.join("; "));
  if (entry.advisory !== undefined) first.set("advisory", entry.advisory);
  if (entry.note !== undefined) first.set("note", entry.note);
  for (const block of TIERED_BLOCKS) putBlock(first, block, entry.limits?.[block], true);
  putBlock(first, "doseAbsolute", entry.limits?.doseAbsolute, true);
  for (const block of RECORD_TIERED_BLOCKS) putBlock(first, block, entry.limits?.[block], true);
  putBlock(first, "peripheralMaxConcentration", entry.limits?.peripheralMaxConcentration, true);
  const cumulative = entry.cumulative;
  if (cumulative !== undefined) {
    first.set("cumulative.unit", cumulative.unit);
    first.set("cumulative.window", cumulative.window.value);
    first.set("cumulative.windowUnit", cumulative.window.unit);
    if (cumulative.softMax !== undefined) first.set("cumulative.softMax", cumulative.softMax);
    if (cumulative.hardMax !== undefined) first.set("cumulative.hardMax", cumulative.hardMax);
  }
  for (const range of BAND_RANGES) {
    const r = entry.patientBand?.[range];
    if (r === undefined) continue;
    first.set(`patientBand.${range}.unit`, r.unit);
    if (r.min !== undefined) first.set(`patientBand.${range}.min`, r.min);
    if (r.max !== undefined) first.set(`patientBand.${range}.max`, r.max);
  }
  putDefaults(first, "defaults", entry.defaults);
  for (const block of PCA_BLOCKS) putBlock(first, `pca.${block}`, entry.pca?.[block], true);
  const [head, ...rest] = entry.concentrations ?? [];
  if (head !== undefined) concentrationCells(first, head);
  return [
    first,
    ...rest.map((c) => {
      const row: Row = new Map([["id", String(entry.id)]]);
      concentrationCells(row, c);
      return row;
    }),
  ];
}

function sheet(columns: readonly { name: string; required?: boolean }[], rows: Row[]): string {
  const used = columns.filter((c) => c.required === true || rows.some((r) => r.has(c.name))).map((c) => c.name);
  return (
    [used, ...rows.map((r) => used.map((name) => r.get(name) ?? ""))]
      .map((cells) => cells.map(csvField).join(","))
      .join("\r\n") + "\r\n"
  );
}

export function exportCsv(library: AuthorLibrary): { areas: string; entries: string } {
  return {
    areas: sheet(AREA_COLUMNS, library.careAreas.map(areaRow)),
    entries: sheet(ENTRY_COLUMNS, library.entries.flatMap(entryRows)),
  };
}
