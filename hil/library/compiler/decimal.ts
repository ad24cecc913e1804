// Exact decimal strings → integers. Limits are never rounded (docs/units.md), so no value ever
// passes through a float: the string's digits become a bigint and the scale stays a power of ten.

/** Digits with an optional fraction; no sign, exponent, leading "." (".5" hides a decimal point) or leading zeros. */
export const DECIMAL_PATTERN = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** value = digits / 10^scale */
export interface Decimal {
  digits: bigint;
  scale: number;
}

export function parseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return undefined;
  const fraction = match[2] ?? "";
  return { digits: BigInt(match[1] + fraction), scale: fraction.length };
}

/** value × factor when that is an exact integer, else undefined (finer than the canonical unit). */
export function scaleExact(value: Decimal, factor: bigint): bigint | undefined {
  const numerator = value.digits * factor;
  const denominator = 10n ** BigInt(value.scale);
  return numerator % denominator === 0n ? numerator / denominator : undefined;
}

/** The exact decimal text of numerator / 10^scale, trailing zeros dropped (for messages). */
function decimalText(numerator: bigint, scale: number): string {
  const denominator = 10n ** BigInt(scale);
  const whole = numerator / denominator;
  const fraction = (numerator % denominator).toString().padStart(scale, "0").replace(/0+$/, "");
  return fraction === "" ? whole.toString() : `${whole}.${fraction}`;
}

/**
 * value × factor as text, exact when it terminates within 12 decimals (else with "≈"), for error
 * messages such as "0.0001 ng/h = 0.1 ABU/h".
 */
export function describeScaled(value: Decimal, factor: bigint): string {
  const exact = scaleExact({ digits: value.digits * 10n ** 12n, scale: value.scale }, factor);
  if (exact === undefined) {
    const approx = (value.digits * factor * 10n ** 12n) / 10n ** BigInt(value.scale);
    return `≈${decimalText(approx, 12)}`;
  }
  return decimalText(exact, 12);
}

/** integer / divisor as text, exact when it terminates within 12 decimals (else with "≈"). */
export function describeQuotient(integer: bigint, divisor: bigint): string {
  const scaled = integer * 10n ** 12n;
  return scaled % divisor === 0n ? decimalText(scaled / divisor, 12) : `≈${decimalText(scaled / divisor, 12)}`;
}
