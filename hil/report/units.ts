// Units for the report page (REQ-RPT-013): the integers a scenario writes and the pump answers are
// in the canonical units of docs/units.md, named by their field's suffix (rateUlPerHour, vtbiUl,
// weightG, bsaM2X10000, timeMs). The page shows them in the author units a clinician reads — µL/h
// as mL/h, µL as mL, g as kg, m² × 10⁻⁴ as m², ms as s — by exact decimal shifting of the integer
// text (no floating point, so nothing is rounded), with the canonical integer kept beside it.
// Where the field does not name its unit (a dose in ABU, whose amount kind is the drug entry's and
// is not in the decoded fields, or a limit value whose unit is its parameter's) the integer stays
// as it is and the unit is named: "41000000 ABU/basis/h".

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
 * `send PROGRAM {"mode":"DOSE","dose":41000000 ABU/…,"vtbiUl":500 mL (500000 µL)}`.
 */
export function descriptionWithUnits(description: string): string {
  const doseUnit = description.startsWith("send BOLUS") ? DOSE_UNIT : DOSE_RATE_UNIT;
  return description
    .replace(/"([A-Za-z0-9]+)":"?(-?\d+)"?(?=[,}])/g, (all, name: string, value: string) => {
      const shown = name === "dose" ? `${value} ${doseUnit}` : withUnit(name, value);
      return shown === value ? all : `"${name}": ${shown}`;
    })
    .replace(
      /^expectMotor (\d+) µL\/h$/,
      (_all, rate: string) => `expectMotor ${shiftDecimal(rate, 3)} mL/h (${rate} µL/h)`,
    )
    .replace(/^advance (\d+) ms$/, (_all, ms: string) => `advance ${shiftDecimal(ms, 3)} s (${ms} ms)`)
    .replace(/^reservoir (\d+) µL$/, (_all, ul: string) => `reservoir ${shiftDecimal(ul, 3)} mL (${ul} µL)`);
}
