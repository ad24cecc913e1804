// Four-tier classification of an exact rational (docs/engine.md §1), by cross-multiplication only.
import { Cls, MAX_DISPLAY_VALUE, Tier } from "./constants.ts";
import type { Tiers } from "./model.ts";

/** numerator / denominator, denominator > 0. */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

export const whole = (value: bigint): Rational => ({ numerator: value, denominator: 1n });

export interface Classified {
  classification: number;
  tier: number;
  displayValue: bigint;
  limitValue: bigint;
}

export const NOT_CHECKED: Classified = {
  classification: Cls.NOT_CHECKED,
  tier: Tier.NONE,
  displayValue: 0n,
  limitValue: 0n,
};

const [HMIN, SMIN, SMAX, HMAX] = [0, 1, 2, 3];

export function classify(value: Rational, tiers: Tiers): Classified {
  const { numerator: n, denominator: d } = value;
  const floor = n / d;
  const displayValue = floor > MAX_DISPLAY_VALUE ? MAX_DISPLAY_VALUE : floor;
  const crossed = (classification: number, index: number): Classified => ({
    classification,
    tier: index + 1,
    displayValue,
    limitValue: tiers[index]!,
  });
  // First match wins, in the order of the §1 table.
  if (tiers[HMAX] !== undefined && n > tiers[HMAX] * d) return crossed(Cls.ABOVE_HARD_MAX, HMAX);
  if (tiers[HMIN] !== undefined && n < tiers[HMIN] * d) return crossed(Cls.BELOW_HARD_MIN, HMIN);
  if (tiers[SMAX] !== undefined && n > tiers[SMAX] * d) return crossed(Cls.ABOVE_SOFT_MAX, SMAX);
  if (tiers[SMIN] !== undefined && n < tiers[SMIN] * d) return crossed(Cls.BELOW_SOFT_MIN, SMIN);
  const anyTier = tiers.some((t) => t !== undefined);
  return { classification: anyTier ? Cls.WITHIN : Cls.NO_LIMIT, tier: Tier.NONE, displayValue, limitValue: 0n };
}

export const isHard = (c: number): boolean => c === Cls.BELOW_HARD_MIN || c === Cls.ABOVE_HARD_MAX;
export const isSoft = (c: number): boolean => c === Cls.BELOW_SOFT_MIN || c === Cls.ABOVE_SOFT_MAX;
