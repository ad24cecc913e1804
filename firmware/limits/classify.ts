// Four-tier classification of docs/engine.md §1 (REQ-ENG-010, REQ-ENG-011): the one function that
// enforces every limit. The value v is an exact rational, given by floor(v) and ceil(v) (equal for
// an integer). For an integer limit L, v > L ⟺ ceil(v) > L and v < L ⟺ floor(v) < L, so 64-bit
// integer compares decide exactly: no rounding is involved in any decision (docs/engine.md §4).
// Callers get floor and ceil from an exact quotient and remainder (exact/u128.ts ceilFromFloor).
import {
  Classification,
  Tier,
  TIER_BIT_HARD_MAX,
  TIER_BIT_HARD_MIN,
  TIER_BIT_SOFT_MAX,
  TIER_BIT_SOFT_MIN,
} from "../abi/codes";

/** Limit value of the tier crossed by the last `classify` call; 0 when no tier was crossed. */
export let crossedLimitValue: u64 = 0;

/**
 * Tier blocks come in two storage shapes:
 *   compact: one u64 per set mask bit, in HMIN, SMIN, SMAX, HMAX order (entry limits,
 *            concentration limits, and a care-area cap seen as a block with only HMAX);
 *   fixed:   four u64 slots HMIN, SMIN, SMAX, HMAX, absent ones 0 (care-area weight and BSA).
 * Read only when the mask has the tier, so nothing past a block is ever touched.
 */
// @ts-ignore: decorator
@inline function tierValue(mask: u32, valuesPtr: usize, compact: bool, tierBit: u32, fixedSlot: u32): u64 {
  const slot = compact ? popcnt<u32>(mask & (tierBit - 1)) : fixedSlot;
  return load<u64>(valuesPtr + ((<usize>slot) << 3));
}

/** Packs a classification and the tier it crossed as the first two bytes of a result slot. */
// @ts-ignore: decorator
@inline function packed(classification: Classification, tier: Tier): u32 {
  return (<u32>classification) | ((<u32>tier) << 8);
}

/**
 * Classifies v (floorValue = floor(v), ceilValue = ceil(v)) against a tier block; returns
 * classification | tier << 8 and leaves the crossed limit in `crossedLimitValue`. First match
 * wins, in the order of the table in engine.md §1. Each test is one 64-bit compare; a
 * branch-free form (all four tiers compared, first crossing by ctz) measured slower here.
 * Inlined at each call site so constant arguments (integers: floor = ceil; fixed or compact
 * storage) fold away; it is still the one source of every limit decision.
 */
// @ts-ignore: decorator
@inline export function classify(mask: u32, valuesPtr: usize, compact: bool, floorValue: u64, ceilValue: u64): u32 {
  let limit: u64 = 0;
  let code = packed(Classification.NO_LIMIT, Tier.NONE);
  if (mask != 0) {
    code = packed(Classification.WITHIN, Tier.NONE);
    if (
      (mask & TIER_BIT_HARD_MAX) != 0 &&
      ceilValue > (limit = tierValue(mask, valuesPtr, compact, TIER_BIT_HARD_MAX, 3))
    ) {
      code = packed(Classification.ABOVE_HARD_MAX, Tier.HARD_MAX);
    } else if (
      (mask & TIER_BIT_HARD_MIN) != 0 &&
      floorValue < (limit = tierValue(mask, valuesPtr, compact, TIER_BIT_HARD_MIN, 0))
    ) {
      code = packed(Classification.BELOW_HARD_MIN, Tier.HARD_MIN);
    } else if (
      (mask & TIER_BIT_SOFT_MAX) != 0 &&
      ceilValue > (limit = tierValue(mask, valuesPtr, compact, TIER_BIT_SOFT_MAX, 2))
    ) {
      code = packed(Classification.ABOVE_SOFT_MAX, Tier.SOFT_MAX);
    } else if (
      (mask & TIER_BIT_SOFT_MIN) != 0 &&
      floorValue < (limit = tierValue(mask, valuesPtr, compact, TIER_BIT_SOFT_MIN, 1))
    ) {
      code = packed(Classification.BELOW_SOFT_MIN, Tier.SOFT_MIN);
    } else {
      limit = 0;
    }
  }
  crossedLimitValue = limit;
  return code;
}
