// Order sets for dry-run (docs/library-tools.md §3): CSV (one order per row) or JSON (an array of
// objects with the same keys, values as strings). Each order is checked here for what does not
// depend on the library — its own syntax and exact conversion to canonical units — and every
// problem names the row and column (CSV) or JSON path (JSON); such problems are input errors.
// A value above the engine's documented maximum (docs/units.md) is one too: the engine could only
// refuse it, and a value of 2^64 or more could not even be encoded (request-codec.ts).
import {
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
  Mode,
} from "../../../../firmware/abi/codes.ts";
import { describeQuotient, parseDecimal, scaleExact } from "../../compiler/decimal.ts";
import { CommandError } from "../lifecycle/cli-support.ts";
import { formatCellError, readTable, type ColumnSpec } from "../csv/table.ts";
import {
  AMOUNT_UNIT_LIST,
  amountUnitInfo,
  canonicalUnitName,
  parseUnit,
  type ParsedUnit,
} from "../../compiler/units.ts";
import { readJsonOrders } from "./orders-json.ts";
import type { RawOrder } from "./raw-order.ts";

export type { RawOrder } from "./raw-order.ts";

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
  /** The concentration as written ("" when not given) and, when given, its amount and volume. */
  concentration: string;
  concentrationValue?: { amountAbu: bigint; volumeUl: bigint };
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

/** An engine maximum of docs/units.md: its name, value and canonical unit, for messages. */
interface Maximum {
  name: string;
  value: bigint;
  unit: string;
}

const maximum = (name: string, value: number, unit: string): Maximum => ({ name, value: BigInt(value), unit });
const MAX_RATE = maximum("MAX_RATE_UL_PER_HOUR", MAX_RATE_UL_PER_HOUR, "µL/h");
const MAX_VOLUME = maximum("MAX_VOLUME_UL", MAX_VOLUME_UL, "µL");
const MAX_DURATION = maximum("MAX_DURATION_S", MAX_DURATION_S, "s");
const MAX_WEIGHT = maximum("MAX_WEIGHT_G", MAX_WEIGHT_G, "g");
const MAX_BSA = maximum("MAX_BSA_M2X10000", MAX_BSA_M2X10000, "m2 × 10^-4");
const MAX_AMOUNT = maximum("MAX_AMOUNT_ABU", MAX_AMOUNT_ABU, "ABU");

/** "above the engine's maximum of 9999.999 mL/h (MAX_RATE_UL_PER_HOUR = 9999999 µL/h, docs/units.md)" */
function aboveMaximum(max: Maximum, factor: bigint, authorUnit: string): string {
  return `above the engine's maximum of ${describeQuotient(max.value, factor)} ${authorUnit} (${max.name} = ${max.value} ${max.unit}, docs/units.md)`;
}

/** A column's value × factor: a positive whole number of canonical units, at most `max`. */
function exact(
  raw: RawOrder,
  column: string,
  factor: bigint,
  unit: string,
  max: Maximum,
  authorUnit: string,
  errors: string[],
): bigint | undefined {
  const text = raw.get(column);
  if (text === "") return undefined;
  const decimal = parseDecimal(text);
  const value = decimal === undefined ? undefined : scaleExact(decimal, factor);
  if (value === undefined || value === 0n) {
    errors.push(`${raw.at(column)}: "${text}" is not a positive decimal in whole ${unit} (write e.g. "12.5")`);
    return undefined;
  }
  if (value > max.value) {
    errors.push(`${raw.at(column)}: "${text}" is ${aboveMaximum(max, factor, authorUnit)}`);
    return undefined;
  }
  return value;
}

const CONCENTRATION_TEXT = /^(\S+)\s*([A-Za-z_]+)\s*\/\s*(\S+)\s*mL$/;
const CONCENTRATION_EXAMPLE = '(write e.g. "8 mg/250 mL")';

/** "AMOUNT UNIT/VOLUME mL" → amount in ABU and volume in µL, each positive and within the engine's maxima. */
function concentrationValue(raw: RawOrder, errors: string[]): Order["concentrationValue"] {
  const text = raw.get("concentration");
  if (text === "") return undefined;
  const at = raw.at("concentration");
  const m = CONCENTRATION_TEXT.exec(text);
  if (m === null) {
    errors.push(`${at}: "${text}" is not written as AMOUNT UNIT/VOLUME mL, e.g. "8 mg/250 mL"`);
    return undefined;
  }
  const unit = amountUnitInfo(m[2]);
  if (unit === undefined) {
    errors.push(`${at}: "${m[2]}" in "${text}" is not an amount unit; use ${AMOUNT_UNIT_LIST}`);
    return undefined;
  }
  const part = (
    what: "amount" | "volume",
    digits: string,
    factor: bigint,
    canonical: string,
    max: Maximum,
    authorUnit: string,
  ): bigint | undefined => {
    const decimal = parseDecimal(digits);
    const value = decimal === undefined ? undefined : scaleExact(decimal, factor);
    if (value === undefined || value === 0n)
      errors.push(
        `${at}: the ${what} in "${text}" is not a positive decimal in whole ${canonical} ${CONCENTRATION_EXAMPLE}`,
      );
    else if (value > max.value)
      errors.push(`${at}: the ${what} in "${text}" is ${aboveMaximum(max, factor, authorUnit)}`);
    else return value;
    return undefined;
  };
  const amountAbu = part("amount", m[1], unit.abu, "ABU", MAX_AMOUNT, m[2]);
  const volumeUl = part("volume", m[3], 1000n, "µL", MAX_VOLUME, "mL");
  return amountAbu === undefined || volumeUl === undefined ? undefined : { amountAbu, volumeUl };
}

function toOrder(raw: RawOrder, paramNames: readonly string[], errors: string[]): Order | undefined {
  const before = errors.length;
  const label = raw.get("order");
  for (const column of ["order", "careArea", "entry"])
    if (raw.get(column) === "") errors.push(`${raw.at(column)}: required; fill it in`);
  const programmed = (["dose", "rateMlPerH", "durationMin"] as const).filter((c) => raw.get(c) !== "");
  if (programmed.length !== 1)
    errors.push(
      `${raw.at(programmed[1] ?? "rateMlPerH")}: give exactly one of dose, rateMlPerH or durationMin (what the clinician programs); got ${programmed.length}`,
    );
  const mode = programmed[0] === "dose" ? Mode.DOSE : programmed[0] === "durationMin" ? Mode.DURATION : Mode.RATE;
  let dose: Order["dose"];
  if (raw.get("dose") !== "" || raw.get("doseUnit") !== "") {
    const unit = parseUnit(raw.get("doseUnit"));
    if (unit?.dimension !== "doseRate")
      errors.push(`${raw.at("doseUnit")}: "${raw.get("doseUnit")}" is not a dose rate unit such as mcg/kg/min`);
    const max: Maximum = {
      name: "MAX_LIMIT_VALUE",
      value: BigInt(MAX_LIMIT_VALUE),
      unit: unit === undefined ? "" : canonicalUnitName(unit),
    };
    const value =
      unit?.dimension === "doseRate"
        ? exact(raw, "dose", unit.factor, `ABU per ${unit.text}`, max, unit.text, errors)
        : undefined;
    if (unit !== undefined && value !== undefined) dose = { value, unit, text: `${raw.get("dose")} ${unit.text}` };
  }
  const concentration = concentrationValue(raw, errors);
  if (mode === Mode.DURATION && raw.get("vtbiMl") === "") errors.push(`${raw.at("vtbiMl")}: a duration needs the VTBI`);
  const expected = raw.get("expected").toLowerCase();
  if (expected !== "" && !EXPECTATIONS.includes(expected as Expectation))
    errors.push(`${raw.at("expected")}: "${raw.get("expected")}" must be go, soft, hard or error (or empty)`);
  const binding = raw.get("expectedBinding").toUpperCase();
  if (binding !== "" && !paramNames.includes(binding))
    errors.push(
      `${raw.at("expectedBinding")}: "${raw.get("expectedBinding")}" is not a parameter; one of ${paramNames.join(", ")}`,
    );
  const order: Order = {
    label,
    where: raw.where,
    careArea: raw.get("careArea"),
    entry: raw.get("entry"),
    concentration: raw.get("concentration"),
    concentrationValue: concentration,
    mode,
    dose,
    rateUlPerHour: exact(raw, "rateMlPerH", 1000n, "µL/h", MAX_RATE, "mL/h", errors),
    durationS: exact(raw, "durationMin", 60n, "seconds", MAX_DURATION, "min", errors),
    vtbiUl: exact(raw, "vtbiMl", 1000n, "µL", MAX_VOLUME, "mL", errors),
    weightG: exact(raw, "weightKg", 1000n, "g", MAX_WEIGHT, "kg", errors),
    bsaM2X10000: exact(raw, "bsaM2", 10000n, "0.0001 m2", MAX_BSA, "m2", errors),
    expected: expected === "" ? undefined : (expected as Expectation),
    expectedBinding: binding === "" ? undefined : binding,
  };
  return errors.length === before ? order : undefined;
}

/** Reads an order set file's text; throws CommandError (exit 2) listing every problem. */
export function readOrders(file: string, text: string, paramNames: readonly string[]): Order[] {
  let raws: RawOrder[];
  if (file.toLowerCase().endsWith(".json")) {
    raws = readJsonOrders(
      file,
      text,
      ORDER_COLUMNS.map((c) => c.name),
    );
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
    if (first !== undefined)
      errors.push(`${raw.at("order")}: order "${label}" is already used at ${first}; give each order its own name`);
    if (label !== "" && first === undefined) seen.set(label, raw.where);
    return toOrder(raw, paramNames, errors) ?? [];
  });
  if (errors.length > 0) throw new CommandError(`the order set has errors:\n${errors.join("\n")}`);
  if (orders.length === 0) throw new CommandError(`${file} has no orders; add at least one row below the header`);
  return orders;
}
