// The classification table of docs/engine.md §1 on the oracle's classify(): first match wins,
// equal to a limit is within it, and rationals are compared without rounding.
import { describe, expect, it } from "vitest";
import { classify, whole } from "./classify.ts";
import { Cls, Tier } from "./constants.ts";
import type { Tiers } from "./model.ts";

const four: Tiers = [10n, 20n, 30n, 40n];
const at = (value: bigint, tiers: Tiers = four) => classify(whole(value), tiers);

describe("REQ-ENG-010 REQ-ENG-011 oracle classification table", () => {
  it.each<[bigint, number, number, bigint]>([
    [9n, Cls.BELOW_HARD_MIN, Tier.HMIN, 10n],
    [10n, Cls.BELOW_SOFT_MIN, Tier.SMIN, 20n],
    [19n, Cls.BELOW_SOFT_MIN, Tier.SMIN, 20n],
    [20n, Cls.WITHIN, Tier.NONE, 0n],
    [30n, Cls.WITHIN, Tier.NONE, 0n],
    [31n, Cls.ABOVE_SOFT_MAX, Tier.SMAX, 30n],
    [40n, Cls.ABOVE_SOFT_MAX, Tier.SMAX, 30n],
    [41n, Cls.ABOVE_HARD_MAX, Tier.HMAX, 40n],
  ])("%s against 10/20/30/40", (value, classification, tier, limitValue) => {
    expect(at(value)).toEqual({ classification, tier, limitValue, displayValue: value });
  });

  it("equal tiers: the hard tier is checked first", () => {
    const pinned: Tiers = [5n, 5n, 5n, 5n];
    expect(at(5n, pinned).classification).toBe(Cls.WITHIN);
    expect(at(6n, pinned)).toMatchObject({ classification: Cls.ABOVE_HARD_MAX, tier: Tier.HMAX });
    expect(at(4n, pinned)).toMatchObject({ classification: Cls.BELOW_HARD_MIN, tier: Tier.HMIN });
  });

  it("absent tiers: NO_LIMIT with no tier, and a lone soft max", () => {
    expect(at(1n, [undefined, undefined, undefined, undefined])).toEqual({
      classification: Cls.NO_LIMIT,
      tier: 0,
      displayValue: 1n,
      limitValue: 0n,
    });
    expect(at(8n, [undefined, undefined, 7n, undefined])).toMatchObject({
      classification: Cls.ABOVE_SOFT_MAX,
      limitValue: 7n,
    });
  });

  it("a rational just above a limit is above it though its display value equals the limit", () => {
    expect(classify({ numerator: 301n, denominator: 10n }, four)).toMatchObject({
      classification: Cls.ABOVE_SOFT_MAX,
      displayValue: 30n,
    });
    expect(classify({ numerator: 199n, denominator: 10n }, four)).toMatchObject({
      classification: Cls.BELOW_SOFT_MIN,
      displayValue: 19n,
    });
  });

  it("display values saturate at 2^63 − 1", () => {
    expect(classify({ numerator: 1n << 90n, denominator: 3n }, four).displayValue).toBe((1n << 63n) - 1n);
  });
});
