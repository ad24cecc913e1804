// Four-tier classification of docs/engine.md §1 (REQ-ENG-010, REQ-ENG-011): the one function that
// enforces every limit. The value is the exact rational N / D (N = nHi:nLo, D ≥ 1); it is compared
// with a limit L by comparing N with L × D in 128 bits, so no division or rounding decides.
import { Classification, Tier, TIER_BIT_HARD_MAX, TIER_BIT_HARD_MIN, TIER_BIT_SOFT_MAX, TIER_BIT_SOFT_MIN } from "../abi/codes";
import { compareWithProduct } from "../exact/u128";

/** Limit value of the tier crossed by the last `classify` call; 0 when no tier was crossed. */
export let crossedLimitValue: u64 = 0;

/**
 * Tier blocks come in two storage shapes:
 *   compact: one u64 per set mask bit, in HMIN, SMIN, SMAX, HMAX order (entry limits,
 *            concentration limits, and a care-area cap seen as a block with only HMAX);
 *   fixed:   four u64 slots HMIN, SMIN, SMAX, HMAX, absent ones 0 (care-area weight and BSA).
 */
// @ts-ignore: decorator
@inline function tierValue(mask: u32, valuesPtr: usize, compact: bool, tierBit: u32, fixedSlot: u32): u64 {
  const slot = compact ? popcnt<u32>(mask & (tierBit - 1)) : fixedSlot;
  return load<u64>(valuesPtr + (<usize>slot << 3));
}

/** Sign of N / D − limit, exact. */
// @ts-ignore: decorator
@inline function compareWithLimit(nHi: u64, nLo: u64, denominator: u64, limit: u64): i32 {
  return compareWithProduct(nHi, nLo, limit, denominator);
}

/** Packs a classification and the tier it crossed as the first two bytes of a result slot. */
// @ts-ignore: decorator
@inline function packed(classification: Classification, tier: Tier): u32 {
  return <u32>classification | (<u32>tier << 8);
}

/**
 * Classifies N / D against a tier block; returns classification | tier << 8 and leaves the crossed
 * limit in `crossedLimitValue`. First match wins, in the order of the table in engine.md §1.
 * Inlined at each call site so constant arguments (integer values: nHi = 0, D = 1; fixed or
 * compact storage) fold away; it is still the one source of every limit decision.
 */
// @ts-ignore: decorator
@inline export function classify(mask: u32, valuesPtr: usize, compact: bool, nHi: u64, nLo: u64, denominator: u64): u32 {
  crossedLimitValue = 0;
  if (mask == 0) return packed(Classification.NO_LIMIT, Tier.NONE);
  if (mask & TIER_BIT_HARD_MAX) {
    const limit = tierValue(mask, valuesPtr, compact, TIER_BIT_HARD_MAX, 3);
    if (compareWithLimit(nHi, nLo, denominator, limit) > 0) {
      crossedLimitValue = limit;
      return packed(Classification.ABOVE_HARD_MAX, Tier.HARD_MAX);
    }
  }
  if (mask & TIER_BIT_HARD_MIN) {
    const limit = tierValue(mask, valuesPtr, compact, TIER_BIT_HARD_MIN, 0);
    if (compareWithLimit(nHi, nLo, denominator, limit) < 0) {
      crossedLimitValue = limit;
      return packed(Classification.BELOW_HARD_MIN, Tier.HARD_MIN);
    }
  }
  if (mask & TIER_BIT_SOFT_MAX) {
    const limit = tierValue(mask, valuesPtr, compact, TIER_BIT_SOFT_MAX, 2);
    if (compareWithLimit(nHi, nLo, denominator, limit) > 0) {
      crossedLimitValue = limit;
      return packed(Classification.ABOVE_SOFT_MAX, Tier.SOFT_MAX);
    }
  }
  if (mask & TIER_BIT_SOFT_MIN) {
    const limit = tierValue(mask, valuesPtr, compact, TIER_BIT_SOFT_MIN, 1);
    if (compareWithLimit(nHi, nLo, denominator, limit) < 0) {
      crossedLimitValue = limit;
      return packed(Classification.BELOW_SOFT_MIN, Tier.SOFT_MIN);
    }
  }
  return packed(Classification.WITHIN, Tier.NONE);
}
