// Order sets for dry-run (docs/library-tools.md §3): CSV (one order per row) or JSON (an array of
// objects with the same keys, values as strings). Each order is checked here for what does not
// depend on the library — its own syntax and exact conversion to canonical units — and every
// problem names the row and column (CSV) or JSON path (JSON); such problems are input errors.
import { Mode } from "../../../firmware/abi/codes.ts";
import { parseDecimal, scaleExact } from "../decimal.ts";
import { CommandError } from "../lifecycle/cli-support.ts";
import { formatCellError, readTable, type ColumnSpec } from "../csv/table.ts";
import { parseUnit, type ParsedUnit } from "../units.ts";
import { readJsonOrders } from "./orders-json.ts";

export const ORDER_COLUMNS: readonly ColumnSpec[] = [
  { name: "order", required: true },
  { name: "careArea", required: true },
  { name: "entry", required: true },
  { name: "concentration" },
  { name: "weightKg" },
  { name: "bsaM2" },
  { name: "dose" },
  { name: "doseUnit" },
  { name: "rateMlPerH" },
  { name: "vtbiMl" },
  { name: "durationMin" },
  { name: "expected" },
  { name: "expectedBinding" },
];

export const EXPECTATIONS = ["go", "soft", "hard", "error"] as const;
export type Expectation = (typeof EXPECTATIONS)[number];

/** One order, converted to canonical units; values absent when their cell is empty. */
export interface Order {
  label: string;
  /** "orders.csv row 4" or "orders.json /orders/2". */
  where: string;
  careArea: string;
  entry: string;
  concentration: string;
  mode: Mode;
  dose?: { value: bigint; unit: ParsedUnit; text: string };
  rateUlPerHour?: bigint;
  durationS?: bigint;
  vtbiUl?: bigint;
  weightG?: bigint;
  bsaM2X10000?: bigint;
  expected?: Expectation;
  expectedBinding?: string;
}

/** An order's cells by column name, and where each cell is, for messages. */
export interface RawOrder {
  where: string;
  get(column: string): string;
  at(column: string): string;
}

function exact(raw: RawOrder, column: string, factor: bigint, unit: string, errors: string[]): bigint | undefined {
  const text = raw.get(column);
  if (text === "") return undefined;
  const decimal = parseDecimal(text);
  const value = decimal === undefined ? undefined : scaleExact(decimal, factor);
  if (value === undefined || value === 0n) {
    errors.push(`${raw.at(column)}: "${text}" is not a positive decimal in whole ${unit} (write e.g. "12.5")`);
    return undefined;
  }
  return value;
}

function toOrder(raw: RawOrder, paramNames: readonly string[], errors: string[]): Order | undefined {
  const before = errors.length;
  const label = raw.get("order");
  for (const column of ["order", "careArea", "entry"]) if (raw.get(column) === "") errors.push(`${raw.at(column)}: required; fill it in`);
  const programmed = (["dose", "rateMlPerH", "durationMin"] as const).filter((c) => raw.get(c) !== "");
  if (programmed.length !== 1) errors.push(`${raw.at(programmed[1] ?? "rateMlPerH")}: give exactly one of dose, rateMlPerH or durationMin (what the clinician programs); got ${programmed.length}`);
  const mode = programmed[0] === "dose" ? Mode.DOSE : programmed[0] === "durationMin" ? Mode.DURATION : Mode.RATE;
  let dose: Order["dose"];
  if (raw.get("dose") !== "" || raw.get("doseUnit") !== "") {
    const unit = parseUnit(raw.get("doseUnit"));
    if (unit?.dimension !== "doseRate") errors.push(`${raw.at("doseUnit")}: "${raw.get("doseUnit")}" is not a dose rate unit such as mcg/kg/min`);
    const value = unit?.dimension === "doseRate" ? exact(raw, "dose", unit.factor, `ABU per ${unit.text}`, errors) : undefined;
    if (unit !== undefined && value !== undefined) dose = { value, unit, text: `${raw.get("dose")} ${unit.text}` };
  }
  if (mode === Mode.DURATION && raw.get("vtbiMl") === "") errors.push(`${raw.at("vtbiMl")}: a duration needs the VTBI`);
  const expected = raw.get("expected").toLowerCase();
  if (expected !== "" && !EXPECTATIONS.includes(expected as Expectation)) errors.push(`${raw.at("expected")}: "${raw.get("expected")}" must be go, soft, hard or error (or empty)`);
  const binding = raw.get("expectedBinding").toUpperCase();
  if (binding !== "" && !paramNames.includes(binding)) errors.push(`${raw.at("expectedBinding")}: "${raw.get("expectedBinding")}" is not a parameter; one of ${paramNames.join(", ")}`);
  const order: Order = {
    label, where: raw.where, careArea: raw.get("careArea"), entry: raw.get("entry"), concentration: raw.get("concentration"), mode, dose,
    rateUlPerHour: exact(raw, "rateMlPerH", 1000n, "µL/h", errors),
    durationS: exact(raw, "durationMin", 60n, "seconds", errors),
    vtbiUl: exact(raw, "vtbiMl", 1000n, "µL", errors),
    weightG: exact(raw, "weightKg", 1000n, "g", errors),
    bsaM2X10000: exact(raw, "bsaM2", 10000n, "0.0001 m2", errors),
    expected: expected === "" ? undefined : (expected as Expectation),
    expectedBinding: binding === "" ? undefined : binding,
  };
  return errors.length === before ? order : undefined;
}

/** Reads an order set file's text; throws CommandError (exit 2) listing every problem. */
export function readOrders(file: string, text: string, paramNames: readonly string[]): Order[] {
  let raws: RawOrder[];
  if (file.toLowerCase().endsWith(".json")) {
    raws = readJsonOrders(file, text, ORDER_COLUMNS.map((c) => c.name));
  } else {
    const table = readTable(file, text, ORDER_COLUMNS);
    if (!table.ok) throw new CommandError(`the order set has errors:\n${table.errors.map(formatCellError).join("\n")}`);
    raws = table.rows.map((row) => ({
      where: `${file} row ${row.row}`,
      get: row.get,
      at: (column) => `${file} row ${row.row}, column ${column}`,
    }));
  }
  const errors: string[] = [];
  const seen = new Map<string, string>();
  const orders = raws.flatMap((raw) => {
    const label = raw.get("order");
    const first = seen.get(label);
    if (first !== undefined) errors.push(`${raw.at("order")}: order "${label}" is already used at ${first}; give each order its own name`);
    if (label !== "" && first === undefined) seen.set(label, raw.where);
    return toOrder(raw, paramNames, errors) ?? [];
  });
  if (errors.length > 0) throw new CommandError(`the order set has errors:\n${errors.join("\n")}`);
  if (orders.length === 0) throw new CommandError(`${file} has no orders; add at least one row below the header`);
  return orders;
}
