// Exact values of authored limits for the lifecycle tools (lint, diff): a decimal string in its
// author unit becomes a rational in the canonical unit (docs/units.md), numerator / denominator,
// both bigints. Comparisons cross-multiply, so no limit ever passes through a float.
import { parseDecimal } from "../../compiler/decimal.ts";
import { parseUnit, type ParsedUnit } from "../../compiler/units.ts";

/** numerator / denominator in canonical units; denominator > 0. */
export interface Exact {
  numerator: bigint;
  denominator: bigint;
}

/** The canonical value of `text` written in `unit`, or undefined when either does not parse. */
export function exactValue(text: string | undefined, unit: ParsedUnit | undefined): Exact | undefined {
  if (text === undefined || unit === undefined) return undefined;
  const decimal = parseDecimal(text);
  if (decimal === undefined) return undefined;
  return { numerator: decimal.digits * unit.factor, denominator: 10n ** BigInt(decimal.scale) };
}

/** exactValue with the unit given as text. */
export function exactOf(text: string | undefined, unitText: string | undefined): Exact | undefined {
  return exactValue(text, unitText === undefined ? undefined : parseUnit(unitText));
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareExact(a: Exact, b: Exact): -1 | 0 | 1 {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** a × k as an exact value (k a small integer such as 10 or 1000). */
export function timesExact(a: Exact, k: bigint): Exact {
  return { numerator: a.numerator * k, denominator: a.denominator };
}

export function isZero(a: Exact): boolean {
  return a.numerator === 0n;
}

/** a / b as text with up to `decimals` decimals, prefixed "≈" when it does not terminate there. */
export function ratioText(a: Exact, b: Exact, decimals = 1): string {
  const scale = 10n ** BigInt(decimals);
  const numerator = a.numerator * b.denominator * scale;
  const denominator = a.denominator * b.numerator;
  const scaled = numerator / denominator;
  const whole = scaled / scale;
  const fraction = (scaled % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  const text = fraction === "" ? whole.toString() : `${whole}.${fraction}`;
  return numerator % denominator === 0n ? text : `≈${text}`;
}
