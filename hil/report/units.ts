// Units for the report page (REQ-RPT-013): the integers a scenario writes and the pump answers are
// in the canonical units of docs/units.md, named by their field's suffix (rateUlPerHour, vtbiUl,
// weightG, bsaM2X10000, timeMs). The page shows them in the author units a clinician reads — µL/h
// as mL/h, µL as mL, g as kg, m² × 10⁻⁴ as m², ms as s — by exact decimal shifting of the integer
// text (no floating point, so nothing is rounded), with the canonical integer kept beside it.
// A dose is in ABU per basis (per hour for a dose rate), and the amount and basis are the drug
// entry's: where the runner knew the entry's unit (StepResult.doseUnit) the dose is shown in it,
// "0.6833 mcg/kg/min (41000000 ABU/kg/h)", exact or marked "≈" (4 decimals) when the quotient does
// not terminate; where it did not, the integer stays as it is with the unit named "ABU/basis/h".
// A limit value whose unit is its parameter's is named as such.

import { canonicalUnitName, parseUnit } from "../library/compiler/units.ts";

/** The integer text `digits` divided by 10^places, exactly: ("12500", 3) → "12.5". */
export function shiftDecimal(digits: string, places: number): string {
  const negative = digits.startsWith("-");
  const body = (negative ? digits.slice(1) : digits).padStart(places + 1, "0");
  const whole = body.slice(0, body.length - places).replace(/^0+(?=\d)/, "");
  const fraction = body.slice(body.length - places).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

interface UnitRule {
  /** Matches the field name (the last word before the value). */
  name: RegExp;
  /** Decimal places from the canonical integer to the shown unit (0: shown as it is). */
  places: number;
  /** The shown unit. */
  unit: string;
  /** The canonical unit, shown beside a converted value. */
  canonical?: string;
}

// First match wins: the longer suffixes before the shorter ones they end with.
const RULES: readonly UnitRule[] = [
  { name: /UlPerHour$/, places: 3, unit: "mL/h", canonical: "µL/h" },
  { name: /Ul$|^ul$/, places: 3, unit: "mL", canonical: "µL" },
  { name: /M2X10000$/, places: 4, unit: "m²" },
  { name: /Ms$|^advance$/, places: 3, unit: "s", canonical: "ms" },
  { name: /DurationS$|^durationS$/, places: 0, unit: "s" },
  { name: /G$/, places: 3, unit: "kg", canonical: "g" },
  // The binding limit is in its parameter's canonical unit (docs/units.md), which the line does not say.
  { name: /^bindingLimitValue$/, places: 0, unit: "(canonical unit of bindingParam)" },
];

// A dose is in ABU (docs/units.md): the amount kind (pg, microunits, nEq, nmol) is the drug entry's
// and the basis (none, per kg, per m²) too, neither of which the step's fields carry; a PROGRAM's
// dose is per hour, a BOLUS's is not.
const DOSE_RATE_UNIT = "ABU/basis/h";
const DOSE_UNIT = "ABU/basis";
/** Bolus and loading doses are amounts, not rates: "units/kg/h" → "units/kg". */
export function amountUnitOf(doseRateUnit: string): string {
  return doseRateUnit.replace(/\/(h|min)$/, "");
}

/** Decimals shown of a dose whose value in the entry's unit does not terminate. */
const APPROX_DECIMALS = 4;

/** integer / divisor as decimal text: exact when it terminates, else "≈" and APPROX_DECIMALS places. */
function quotientText(integer: bigint, divisor: bigint): string {
  let scale = 0;
  let scaled = integer;
  while (scaled % divisor !== 0n && scale < 18) {
    scaled *= 10n;
    scale++;
  }
  if (scaled % divisor === 0n) return shiftDecimal((scaled / divisor).toString(), scale);
  const rounded = (integer * 10n ** BigInt(APPROX_DECIMALS) * 2n + divisor) / (2n * divisor);
  return `≈${shiftDecimal(rounded.toString(), APPROX_DECIMALS)}`;
}

/**
 * A dose integer (ABU per basis, per hour when `rate`) in the entry's dose-rate unit `doseUnit`
 * ("units/kg/h"): "20 units/kg/h (20000000 ABU/kg/h)"; a bolus or loading dose (`rate` false) in
 * its amount unit, "80 units/kg (80000000 ABU/kg)". Without a unit: "20000000 ABU/basis/h".
 */
export function doseWithUnit(integer: string, doseUnit: string | undefined, rate: boolean): string {
  const unit = doseUnit === undefined ? undefined : parseUnit(rate ? doseUnit : amountUnitOf(doseUnit));
  if (unit === undefined || !/^\d+$/.test(integer)) return `${integer} ${rate ? DOSE_RATE_UNIT : DOSE_UNIT}`;
  return `${quotientText(BigInt(integer), unit.factor)} ${unit.text} (${integer} ${canonicalUnitName(unit)})`;
}

/** The value of field `name` as the page shows it; `integer` is decimal digits. */
export function withUnit(name: string, integer: string): string {
  const rule = RULES.find((r) => r.name.test(name));
  if (rule === undefined) return integer;
  if (rule.places === 0) return `${integer} ${rule.unit}`;
  return `${shiftDecimal(integer, rule.places)} ${rule.unit}${rule.canonical === undefined ? "" : ` (${integer} ${rule.canonical})`}`;
}

const LINE = /^(\S*?)([A-Za-z0-9]+) (-?\d+)((?: ± \d+)?)$/;

/**
 * One expected or observed line ("motorRateUlPerHour 12500", "deliveredUl 2000 ± 1") with its
 * value in units; a line whose field has no known unit, or that is not one integer, is unchanged.
 */
export function lineWithUnit(line: string): string {
  const match = LINE.exec(line);
  if (match === null) return line;
  const [, prefix, name, value, tolerance] = match;
  const shown = withUnit(name, value);
  if (shown === value) return line;
  if (tolerance === "") return `${prefix}${name} ${shown}`;
  const rule = RULES.find((r) => r.name.test(name))!;
  const within = rule.places === 0 ? tolerance : ` ± ${shiftDecimal(tolerance.slice(3), rule.places)} ${rule.unit}`;
  return `${prefix}${name} ${shown}${within}`;
}

/**
 * A step's description with the integer arguments of its JSON in units:
 * `send PROGRAM {"mode":"DOSE","dose":"41000000","vtbiUl":"500000"}` →
 * `send PROGRAM {"mode":"DOSE","dose": ≈0.6833 mcg/kg/min (41000000 ABU/kg/h),"vtbiUl": 500 mL (500000 µL)}`
 * with the entry's unit `doseUnit`, or `"dose": 41000000 ABU/basis/h` without it.
 */
export function descriptionWithUnits(description: string, doseUnit?: string): string {
  const bolus = description.startsWith("send BOLUS");
  return description
    .replace(/"([A-Za-z0-9]+)":"?(-?\d+)"?(?=[,}])/g, (all, name: string, value: string) => {
      const shown =
        name === "dose"
          ? doseWithUnit(value, doseUnit, !bolus)
          : name === "bolusDose" || name === "loadingDose"
            ? doseWithUnit(value, doseUnit, false)
            : withUnit(name, value);
      return shown === value ? all : `"${name}": ${shown}`;
    })
    .replace(
      /^expectMotor (\d+) µL\/h$/,
      (_all, rate: string) => `expectMotor ${shiftDecimal(rate, 3)} mL/h (${rate} µL/h)`,
    )
    .replace(/^advance (\d+) ms$/, (_all, ms: string) => `advance ${shiftDecimal(ms, 3)} s (${ms} ms)`)
    .replace(/^reservoir (\d+) µL$/, (_all, ul: string) => `reservoir ${shiftDecimal(ul, 3)} mL (${ul} µL)`);
}
