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
  MAX_AGE_DAYS,
  LineAccess,
  Mode,
} from "../../../../firmware/abi/codes.ts";
import { describeQuotient, describeScaled, parseDecimal, scaleExact, type Decimal } from "../../compiler/decimal.ts";
import { CommandError } from "../lifecycle/cli-support.ts";
import { formatCellError, readTable, type ColumnSpec } from "../csv/table.ts";
import {
  AMOUNT_UNIT_LIST,
  amountUnitInfo,
  canonicalUnitName,
  parseUnit,
  type ParsedUnit,
} from "../../compiler/units.ts";
import { unitKey } from "./binding.ts";
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
  { name: "doseAmount" },
  { name: "doseAmountUnit" },
  { name: "lineAccess" },
  { name: "bolusDose" },
  { name: "bolusDoseUnit" },
  { name: "loadingDose" },
  { name: "loadingDoseUnit" },
  { name: "bolusRateMlPerH" },
  { name: "ageYears" },
  { name: "ageDays" },
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
  /** The amount of one intermittent dose (request bit 11), ABU per basis; it stands instead of the VTBI. */
  doseAmount?: { value: bigint; unit: ParsedUnit; text: string };
  /** The line the order runs on (request bit 12): LineAccess.PERIPHERAL or CENTRAL. */
  lineAccess?: LineAccess;
  /** A bolus on top of the infusion (request bit 6), ABU per basis. */
  bolusDose?: { value: bigint; unit: ParsedUnit; text: string };
  /** A loading dose before the infusion (request bit 8), ABU per basis. */
  loadingDose?: { value: bigint; unit: ParsedUnit; text: string };
  /** The rate the bolus or loading dose runs at (request bit 7). */
  bolusRateUlPerHour?: bigint;
  /** Patient age in days (request bit 13); `ageYears` is converted at exactly 365 days a year, as the library's bands are. */
  ageDays?: bigint;
  weightG?: bigint;
  bsaM2X10000?: bigint;
  expected?: Expectation;
  expectedBinding?: ExpectedBinding;
  /**
   * What is wrong with the order itself (each naming row and column or JSON path); empty when it
   * is well formed. A bad order is reported as an error row and the rest of the set still runs.
   */
  problems: string[];
}

/** `PARAM [tier [value unit]]`, e.g. "DOSE", "DOSE hard max" or "DOSE hard max 40 units/kg/h". */
export interface ExpectedBinding {
  text: string;
  param: string;
  tier?: string;
  /** The limit in the parameter's canonical unit and the dimension and basis of its unit (unitKey). */
  limit?: { canonical: bigint; dimension: string };
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

/**
 * Why `text` is not a positive whole number of canonical units, naming the resolution (the least
 * value the field can hold) so the author knows what to write: malformed, negative, zero and
 * too-many-decimals are each said in their own words; undefined when it is one.
 */
export function valueProblem(text: string, factor: bigint, canonical: string, authorUnit: string): string | undefined {
  const step = describeQuotient(1n, factor);
  const resolution = `${step.startsWith("≈") ? `1/${factor}` : step} ${authorUnit} (1 ${canonical})`;
  const decimal = parseDecimal(text);
  if (decimal === undefined) {
    if (text.startsWith("-") && parseDecimal(text.slice(1)) !== undefined)
      return `"${text}" is negative; write a positive value, at least ${resolution}`;
    return `"${text}" is not a decimal number; write digits with at most one decimal point and no sign, unit or exponent, e.g. "12.5"`;
  }
  if (decimal.digits === 0n)
    return `"${text}" is zero; write a positive value, at least ${resolution}, or leave the cell empty`;
  if (scaleExact(decimal, factor) === undefined)
    return `"${text}" ${authorUnit} is ${describeScaled(decimal, factor)} ${canonical}, finer than the resolution of ${resolution}; round it to a whole number of ${canonical}`;
  return undefined;
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
  const problem = valueProblem(text, factor, unit, authorUnit);
  if (problem !== undefined) {
    errors.push(`${raw.at(column)}: ${problem}`);
    return undefined;
  }
  const value = scaleExact(parseDecimal(text) as Decimal, factor) as bigint;
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
    const problem = valueProblem(digits, factor, canonical, authorUnit);
    const value = problem === undefined ? (scaleExact(parseDecimal(digits) as Decimal, factor) as bigint) : undefined;
    if (value === undefined) errors.push(`${at}: the ${what} in "${text}": ${problem} ${CONCENTRATION_EXAMPLE}`);
    else if (value > max.value)
      errors.push(`${at}: the ${what} in "${text}" is ${aboveMaximum(max, factor, authorUnit)}`);
    else return value;
    return undefined;
  };
  const amountAbu = part("amount", m[1], unit.abu, "ABU", MAX_AMOUNT, m[2]);
  const volumeUl = part("volume", m[3], 1000n, "µL", MAX_VOLUME, "mL");
  return amountAbu === undefined || volumeUl === undefined ? undefined : { amountAbu, volumeUl };
}

function toOrder(raw: RawOrder, paramNames: readonly string[], errors: string[]): Order {
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
      unit?.dimension === "doseRate" ? exact(raw, "dose", unit.factor, max.unit, max, unit.text, errors) : undefined;
    if (unit !== undefined && value !== undefined) dose = { value, unit, text: `${raw.get("dose")} ${unit.text}` };
  }
  const doseAmount = amountPerBasis(raw, "doseAmount", "doseAmountUnit", errors);
  const bolusDose = amountPerBasis(raw, "bolusDose", "bolusDoseUnit", errors);
  const loadingDose = amountPerBasis(raw, "loadingDose", "loadingDoseUnit", errors);
  const bolusRateUlPerHour = exact(raw, "bolusRateMlPerH", 1000n, "µL/h", MAX_RATE, "mL/h", errors);
  if (raw.get("bolusRateMlPerH") !== "" && bolusDose === undefined && loadingDose === undefined)
    errors.push(`${raw.at("bolusRateMlPerH")}: a bolus rate needs the bolusDose or loadingDose it runs at`);
  const ageDays = ageValue(raw, errors);
  const concentration = concentrationValue(raw, errors);
  const amountGiven = raw.get("doseAmount") !== "";
  if (mode === Mode.DURATION && raw.get("vtbiMl") === "" && !amountGiven)
    errors.push(`${raw.at("vtbiMl")}: a duration needs the VTBI or the amount per dose (doseAmount)`);
  if (amountGiven && raw.get("vtbiMl") !== "")
    errors.push(
      `${raw.at("doseAmount")}: give the VTBI or the amount per dose, not both (the pump derives the VTBI from the amount)`,
    );
  const lineAccess = lineAccessValue(raw, errors);
  const expected = raw.get("expected").toLowerCase();
  if (expected !== "" && !EXPECTATIONS.includes(expected as Expectation))
    errors.push(`${raw.at("expected")}: "${raw.get("expected")}" must be go, soft, hard or error (or empty)`);
  const binding = expectedBinding(raw, paramNames, errors);
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
    durationS: exact(raw, "durationMin", 60n, "s", MAX_DURATION, "min", errors),
    vtbiUl: exact(raw, "vtbiMl", 1000n, "µL", MAX_VOLUME, "mL", errors),
    doseAmount,
    lineAccess,
    bolusDose,
    loadingDose,
    bolusRateUlPerHour,
    ageDays,
    weightG: exact(raw, "weightKg", 1000n, "g", MAX_WEIGHT, "kg", errors),
    bsaM2X10000: exact(raw, "bsaM2", 10000n, "0.0001 m2", MAX_BSA, "m2", errors),
    expected: expected === "" ? undefined : (expected as Expectation),
    expectedBinding: binding,
    problems: errors,
  };
  return order;
}

/**
 * An amount per basis and its unit in two cells, e.g. doseAmount "15" + doseAmountUnit "mg/kg" or
 * bolusDose "80" + bolusDoseUnit "units/kg" (docs/library-format.md §2): the unit is an amount,
 * optionally per kg or per m2.
 */
function amountPerBasis(raw: RawOrder, column: string, unitColumn: string, errors: string[]): Order["doseAmount"] {
  if (raw.get(column) === "" && raw.get(unitColumn) === "") return undefined;
  const unit = parseUnit(raw.get(unitColumn));
  if (unit?.dimension !== "dose") {
    errors.push(
      `${raw.at(unitColumn)}: "${raw.get(unitColumn)}" is not an amount per dose unit such as mg/kg, mg/m2 or g`,
    );
    return undefined;
  }
  if (raw.get(column) === "") {
    errors.push(`${raw.at(column)}: required with ${unitColumn}; fill it in or clear both`);
    return undefined;
  }
  const max: Maximum = { name: "MAX_LIMIT_VALUE", value: BigInt(MAX_LIMIT_VALUE), unit: canonicalUnitName(unit) };
  const value = exact(raw, column, unit.factor, max.unit, max, unit.text, errors);
  return value === undefined ? undefined : { value, unit, text: `${raw.get(column)} ${unit.text}` };
}

const DAYS_PER_YEAR = 365n;
const WHOLE = /^(0|[1-9][0-9]*)$/;

/**
 * The ageYears or ageDays cell (not both): a whole number, 0 allowed (a newborn), at most
 * MAX_AGE_DAYS. A year is exactly 365 days, as in the library's patient bands, so an order and a
 * band written in years compare as the pharmacist reads them.
 */
function ageValue(raw: RawOrder, errors: string[]): bigint | undefined {
  const years = raw.get("ageYears");
  const days = raw.get("ageDays");
  if (years !== "" && days !== "") {
    errors.push(`${raw.at("ageDays")}: give the age in years or in days, not both`);
    return undefined;
  }
  const column = years !== "" ? "ageYears" : "ageDays";
  const text = raw.get(column);
  if (text === "") return undefined;
  if (!WHOLE.test(text)) {
    errors.push(
      `${raw.at(column)}: "${text}" is not a whole number of ${column === "ageYears" ? "years" : "days"} (0 or more, no sign or decimals)`,
    );
    return undefined;
  }
  const value = BigInt(text) * (column === "ageYears" ? DAYS_PER_YEAR : 1n);
  if (value > BigInt(MAX_AGE_DAYS)) {
    errors.push(
      `${raw.at(column)}: "${text}" is above the engine's maximum age of ${MAX_AGE_DAYS} days (MAX_AGE_DAYS, docs/units.md)`,
    );
    return undefined;
  }
  return value;
}

const LINE_ACCESS: Readonly<Record<string, LineAccess>> = {
  peripheral: LineAccess.PERIPHERAL,
  central: LineAccess.CENTRAL,
};

/** The lineAccess cell: peripheral or central (any case), or empty when the order does not say. */
function lineAccessValue(raw: RawOrder, errors: string[]): LineAccess | undefined {
  const text = raw.get("lineAccess");
  if (text === "") return undefined;
  const value = LINE_ACCESS[text.toLowerCase()];
  if (value === undefined) errors.push(`${raw.at("lineAccess")}: "${text}" must be peripheral or central (or empty)`);
  return value;
}

const TIERS = ["hard min", "soft min", "soft max", "hard max"];
const EXPECTED_BINDING = /^([A-Za-z_]+)(?:\s+(hard|soft)\s+(min|max)(?:\s+(\S+)\s+(\S+))?)?$/i;

/** The expectedBinding cell: a parameter name, optionally its tier and the limit value with its unit. */
function expectedBinding(raw: RawOrder, paramNames: readonly string[], errors: string[]): ExpectedBinding | undefined {
  const text = raw.get("expectedBinding").replace(/\s+/g, " ");
  if (text === "") return undefined;
  const at = raw.at("expectedBinding");
  const m = EXPECTED_BINDING.exec(text);
  const form = `write PARAM, PARAM TIER or PARAM TIER VALUE UNIT, e.g. "DOSE", "DOSE hard max" or "DOSE hard max 40 units/kg/h"`;
  if (m === null) {
    errors.push(`${at}: "${text}" is not a binding; ${form}`);
    return undefined;
  }
  const param = m[1].toUpperCase();
  if (!paramNames.includes(param)) {
    errors.push(`${at}: "${m[1]}" is not a parameter; one of ${paramNames.join(", ")}`);
    return undefined;
  }
  const tier = m[2] === undefined ? undefined : `${m[2]} ${m[3]}`.toLowerCase();
  if (tier !== undefined && !TIERS.includes(tier)) {
    errors.push(`${at}: "${tier}" is not a tier; one of ${TIERS.join(", ")}`);
    return undefined;
  }
  if (m[4] === undefined) return { text, param, tier };
  const unit = parseUnit(m[5]);
  if (unit === undefined) {
    errors.push(
      `${at}: "${m[5]}" is not a unit of the library format (docs/library-format.md), e.g. units/kg/h, mL/h, min`,
    );
    return undefined;
  }
  const problem = valueProblem(m[4], unit.factor, canonicalUnitName(unit), unit.text);
  if (problem !== undefined) {
    errors.push(`${at}: the limit ${problem}`);
    return undefined;
  }
  const canonical = scaleExact(parseDecimal(m[4]) as Decimal, unit.factor) as bigint;
  return { text, param, tier, limit: { canonical, dimension: unitKey(unit.text) ?? unit.dimension } };
}

/**
 * Reads an order set file's text. A file that cannot be read as an order set at all (CSV syntax,
 * header, JSON syntax, no orders) throws CommandError (exit 2); a bad order is returned with its
 * problems, so the run reports it as an error row and carries on with the rest.
 */
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
      problems: [],
      at: (column) => `${file} row ${row.row}, column ${column}`,
    }));
  }
  const seen = new Map<string, string>();
  const orders = raws.map((raw) => {
    const errors = [...raw.problems];
    const label = raw.get("order");
    const first = seen.get(label);
    if (label !== "" && first !== undefined)
      errors.push(`${raw.at("order")}: order "${label}" is already used at ${first}; give each order its own name`);
    if (label !== "" && first === undefined) seen.set(label, raw.where);
    const order = toOrder(raw, paramNames, errors);
    return order.label === "" ? { ...order, label: raw.where } : order;
  });
  if (orders.length === 0) throw new CommandError(`${file} has no orders; add at least one row below the header`);
  return orders;
}
