// The unit grammar of the authoring format and the exact factor from each author unit to its
// canonical unit (docs/units.md). Units are matched case-sensitively and only in this spelling:
// "µg", "ug", "mL/hr" or "U" are refused because they are classic misreadings (ISMP).
import { AmountUnit, DoseBasis } from "../../../firmware/abi/codes.ts";
import { ownValue } from "./own-key.ts";

export type AmountKind = "mass" | "units" | "mEq" | "mmol";

interface AmountUnitInfo {
  kind: AmountKind;
  /** Size of one author unit in ABU. */
  abu: bigint;
  code: AmountUnit;
}

export const AMOUNT_UNITS: Readonly<Record<string, AmountUnitInfo>> = {
  g: { kind: "mass", abu: 10n ** 12n, code: AmountUnit.G },
  mg: { kind: "mass", abu: 10n ** 9n, code: AmountUnit.MG },
  mcg: { kind: "mass", abu: 10n ** 6n, code: AmountUnit.MCG },
  ng: { kind: "mass", abu: 10n ** 3n, code: AmountUnit.NG },
  units: { kind: "units", abu: 10n ** 6n, code: AmountUnit.UNITS },
  milliunits: { kind: "units", abu: 10n ** 3n, code: AmountUnit.MILLIUNITS },
  mEq: { kind: "mEq", abu: 10n ** 6n, code: AmountUnit.MEQ },
  mmol: { kind: "mmol", abu: 10n ** 6n, code: AmountUnit.MMOL },
};

/** The amount unit spelled `name` ("mg", "units", …); undefined for anything else, "constructor" included. */
export function amountUnitInfo(name: string): AmountUnitInfo | undefined {
  return ownValue(AMOUNT_UNITS, name);
}

/** Amount unit names for messages: "g, mg, …, mEq or mmol". */
export const AMOUNT_UNIT_LIST = `${Object.keys(AMOUNT_UNITS).slice(0, -1).join(", ")} or ${Object.keys(AMOUNT_UNITS).at(-1)}`;

const BASIS_SUFFIX: Readonly<Record<string, DoseBasis>> = {
  "": DoseBasis.NONE,
  "/kg": DoseBasis.WEIGHT,
  "/m2": DoseBasis.BSA,
};
const TIME_PER_HOUR: Readonly<Record<string, bigint>> = { h: 1n, min: 60n };

/** What a unit measures; each dimension has one canonical unit. */
export type Dimension = "doseRate" | "dose" | "concentration" | "rate" | "volume" | "duration" | "weight" | "bsa";

export interface ParsedUnit {
  text: string;
  dimension: Dimension;
  /** Canonical units per author unit: the value in canonical units is author value × factor. */
  factor: bigint;
  /** Amount unit name for doseRate, dose and concentration. */
  amount?: string;
  basis?: DoseBasis;
  time?: "h" | "min";
}

const SIMPLE_UNITS: Readonly<Record<string, { dimension: Dimension; factor: bigint }>> = {
  "mL/h": { dimension: "rate", factor: 1000n },
  mL: { dimension: "volume", factor: 1000n },
  min: { dimension: "duration", factor: 60n },
  h: { dimension: "duration", factor: 3600n },
  kg: { dimension: "weight", factor: 1000n },
  m2: { dimension: "bsa", factor: 10000n },
};

const AMOUNT_ALTERNATION = Object.keys(AMOUNT_UNITS).join("|");
/** AMOUNT[/kg|/m2]/(h|min) — the grammar of an entry's doseUnit. */
export const DOSE_RATE_UNIT_PATTERN = new RegExp(`^(${AMOUNT_ALTERNATION})(/kg|/m2)?/(h|min)$`);
const DOSE_UNIT_PATTERN = new RegExp(`^(${AMOUNT_ALTERNATION})(/kg|/m2)?$`);
const CONCENTRATION_UNIT_PATTERN = new RegExp(`^(${AMOUNT_ALTERNATION})/mL$`);

/** Parses any unit the format accepts; undefined for anything else. */
export function parseUnit(text: string): ParsedUnit | undefined {
  const simple = ownValue(SIMPLE_UNITS, text);
  if (simple !== undefined) return { text, ...simple };
  let m = DOSE_RATE_UNIT_PATTERN.exec(text);
  if (m !== null) {
    const time = m[3] as "h" | "min";
    return {
      text,
      dimension: "doseRate",
      factor: AMOUNT_UNITS[m[1]].abu * TIME_PER_HOUR[time],
      amount: m[1],
      basis: BASIS_SUFFIX[m[2] ?? ""],
      time,
    };
  }
  m = DOSE_UNIT_PATTERN.exec(text);
  if (m !== null)
    return { text, dimension: "dose", factor: AMOUNT_UNITS[m[1]].abu, amount: m[1], basis: BASIS_SUFFIX[m[2] ?? ""] };
  m = CONCENTRATION_UNIT_PATTERN.exec(text);
  if (m !== null) return { text, dimension: "concentration", factor: AMOUNT_UNITS[m[1]].abu, amount: m[1] };
  return undefined;
}

export function amountKind(unit: ParsedUnit): AmountKind | undefined {
  return unit.amount === undefined ? undefined : AMOUNT_UNITS[unit.amount].kind;
}

const BASIS_TEXT: Readonly<Record<DoseBasis, string>> = {
  [DoseBasis.NONE]: "",
  [DoseBasis.WEIGHT]: "/kg",
  [DoseBasis.BSA]: "/m2",
};

/** Name of the canonical unit, for messages ("ABU/kg/h", "µL/h"). */
export function canonicalUnitName(unit: ParsedUnit): string {
  const basis = BASIS_TEXT[unit.basis ?? DoseBasis.NONE];
  switch (unit.dimension) {
    case "doseRate":
      return `ABU${basis}/h`;
    case "dose":
      return `ABU${basis}`;
    case "concentration":
      return "ABU/mL";
    case "rate":
      return "µL/h";
    case "volume":
      return "µL";
    case "duration":
      return "s";
    case "weight":
      return "g";
    case "bsa":
      return "m2 × 10^-4";
  }
}

/** What a field's unit must be, in the words a pharmacist would use. */
export interface UnitExpectation {
  dimension: Dimension;
  /** Required amount kind (doses and concentrations), when known. */
  kind?: AmountKind;
  /** Required basis (doses), when known. */
  basis?: DoseBasis;
}

const DIMENSION_TEXT: Readonly<Record<Dimension, string>> = {
  doseRate: "a dose rate AMOUNT[/kg|/m2]/(h|min)",
  dose: "a dose AMOUNT[/kg|/m2]",
  concentration: "a concentration AMOUNT/mL",
  rate: "mL/h",
  volume: "mL",
  duration: "min or h",
  weight: "kg",
  bsa: "m2",
};
const BASIS_NAME: Readonly<Record<DoseBasis, string>> = {
  [DoseBasis.NONE]: "no basis",
  [DoseBasis.WEIGHT]: "per kg",
  [DoseBasis.BSA]: "per m2",
};

/** Why `unit` does not fit `expect`, or undefined when it fits. */
export function unitMismatch(unit: ParsedUnit, expect: UnitExpectation): string | undefined {
  if (unit.dimension !== expect.dimension) return `unit "${unit.text}" is not ${DIMENSION_TEXT[expect.dimension]}`;
  const kind = amountKind(unit);
  if (expect.kind !== undefined && kind !== expect.kind) {
    return `unit "${unit.text}" is a ${kind} amount but the entry doses in a ${expect.kind} amount; use the dosing unit's amount kind`;
  }
  if (expect.basis !== undefined && unit.basis !== expect.basis) {
    return `unit "${unit.text}" is ${BASIS_NAME[unit.basis ?? DoseBasis.NONE]} but ${BASIS_NAME[expect.basis]} is required here`;
  }
  return undefined;
}
