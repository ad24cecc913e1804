// Numeric entry as ISMP asks for doses (ISMP List of Error-Prone Abbreviations, Symbols, and Dose
// Designations): a leading zero before a decimal point (0.5, never .5, which is read as 5), no
// trailing zero (5, never 5.0, which is read as 50), the number alone with its unit spelled out
// next to the field, and commas only as thousands separators (1,000). The value is kept exact, as
// digits and a decimal scale; no float ever holds it (REQ-PNL-010, REQ-PNL-011).

/** value = digits / 10^scale, exactly. */
export interface ExactDecimal {
  digits: bigint;
  scale: number;
}

export type NumberEntry = { ok: true; value: ExactDecimal } | { ok: false; error: string };

const PLAIN = /^(\d+)(?:\.(\d+))?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
/** More significant digits than any pump value needs: a slip, not a dose. */
const MAX_DIGITS = 15;

/** Parses what a clinician typed into the field named `field` (e.g. "Dose"); errors say what to write instead. */
export function parseIsmpNumber(raw: string, field: string): NumberEntry {
  const text = raw.trim();
  const fail = (why: string): NumberEntry => ({ ok: false, error: `${field}: ${why}` });
  if (text === "") return fail("enter a number");
  if (/[^\d.,\s+-]/.test(text))
    return fail(
      `"${text}": enter the number only, without a unit or other sign; the unit is written next to the field`,
    );
  if (/\s/.test(text)) return fail(`"${text}": no spaces inside a number`);
  if (text.startsWith("-")) return fail(`"${text}": a negative value is not possible here`);
  if (text.startsWith("+")) return fail(`"${text}": write the number without a plus sign`);
  if (text.startsWith("."))
    return fail(
      `"${text}": write a leading zero, 0${text}, never ${text} (a naked decimal point is read as ${text.slice(1)})`,
    );
  if (text.endsWith(".")) return fail(`"${text}": write ${text.slice(0, -1)} without the trailing decimal point`);
  let plain = text;
  if (text.includes(",")) {
    if (!GROUPED.test(text))
      return fail(`"${text}": a comma only groups thousands (1,000); the decimal mark is a point (0.5)`);
    plain = text.replaceAll(",", "");
  }
  const match = PLAIN.exec(plain);
  if (match === null) return fail(`"${text}" is not a number; write it like 12 or 0.5`);
  const [, whole, fraction = ""] = match;
  if (whole.length > 1 && whole.startsWith("0"))
    return fail(
      `"${text}": write ${whole.replace(/^0+(?=\d)/, "")}${fraction ? `.${fraction}` : ""} without extra leading zeros`,
    );
  if (fraction.endsWith("0")) {
    const trimmed = fraction.replace(/0+$/, "");
    const better = trimmed === "" ? whole : `${whole}.${trimmed}`;
    return fail(`"${text}": no trailing zero, write ${better} (a trailing zero is misread as ten times the dose)`);
  }
  if ((whole + fraction).replace(/^0+/, "").length > MAX_DIGITS)
    return fail(`"${text}" has more than ${MAX_DIGITS} significant digits`);
  return { ok: true, value: { digits: BigInt(whole + fraction), scale: fraction.length } };
}

/**
 * The entered value in the pump's canonical unit: value × unitsPerEntered, which must come out a
 * whole number (the pump's resolution); otherwise an error naming the smallest step.
 */
export function toCanonical(
  value: ExactDecimal,
  canonicalPerEnteredUnit: bigint,
  field: string,
  enteredUnit: string,
): { ok: true; value: bigint } | { ok: false; error: string } {
  const scaled = value.digits * canonicalPerEnteredUnit;
  const divisor = 10n ** BigInt(value.scale);
  if (scaled % divisor !== 0n)
    return {
      ok: false,
      error: `${field}: ${formatExact(value)} ${enteredUnit} is finer than the pump resolves (steps of ${formatRatio(1n, canonicalPerEnteredUnit)} ${enteredUnit})`,
    };
  return { ok: true, value: scaled / divisor };
}

/** An exact decimal as ISMP writes it: leading zero, no trailing zero. */
export function formatExact(value: ExactDecimal): string {
  return formatRatio(value.digits, 10n ** BigInt(value.scale));
}

/**
 * numerator / denominator as a decimal with a leading zero and no trailing zero, thousands grouped.
 * Exact when it ends within 6 decimals, else rounded half up to 4 and prefixed "about".
 */
export function formatRatio(numerator: bigint, denominator: bigint): string {
  const exactDigits = 6;
  const scaled = numerator * 10n ** BigInt(exactDigits);
  if (scaled % denominator === 0n) return decimalText(scaled / denominator, exactDigits);
  const rounded = (numerator * 10n ** 4n * 2n + denominator) / (2n * denominator);
  return `about ${decimalText(rounded, 4)}`;
}

function decimalText(scaledValue: bigint, scale: number): string {
  const unit = 10n ** BigInt(scale);
  const whole = (scaledValue / unit).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (scaledValue % unit).toString().padStart(scale, "0").replace(/0+$/, "");
  return fraction === "" ? whole : `${whole}.${fraction}`;
}
