// Exact decimals for order values (HL7 NM): "12.5" mL/h becomes 12,500 µL/h as an integer, never a
// float (developers' guide rule 2). A value finer than the pump's canonical unit is refused, not
// rounded: an order is programmed as written or not at all (docs/gateway.md §4).

/** An HL7 NM value as an exact fraction: digits / 10^scale. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

const NM = /^\+?(\d*)(?:\.(\d*))?$/;

/** Reads a non-negative NM value; undefined when it is not one (a sign, a letter, an empty text). */
export function readDecimal(text: string): Decimal | undefined {
  const m = NM.exec(text);
  if (m === null || (m[1] ?? "") + (m[2] ?? "") === "") return undefined;
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  return { digits: BigInt(`${m[1] || "0"}${fraction}`), scale: fraction.length };
}

/** value × numerator / denominator as an integer, or undefined when that is not a whole number. */
export function scaleExact(value: Decimal, numerator: bigint, denominator = 1n): bigint | undefined {
  const top = value.digits * numerator;
  const bottom = 10n ** BigInt(value.scale) * denominator;
  return top % bottom === 0n ? top / bottom : undefined;
}

/** An integer in units of 10^-decimals written as a decimal ("12500", 3 → "12.5"). */
export function formatScaled(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}
