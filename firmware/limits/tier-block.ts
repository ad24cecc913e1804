// A tier block as one value (LoopKit Guardrail style): where a limit's tiers are stored and which
// are set, constructed only here from the library's records, classified only by classifyBlock.
// Tiers are ordered and within their quantity's maximum by construction: the library admits no
// image that breaks that (library/verify-tiers.ts). The value is a u64 so a block is passed and
// kept without allocating (docs/abi.md §1):
//   bits 0–31 address of the values | bits 32–39 tier mask | bit 40 fixed storage
// Storage shapes (read only for tiers the mask has, so nothing past a block is touched):
//   compact: one u64 per set mask bit, in HMIN, SMIN, SMAX, HMAX order (entry and concentration
//            limits, and a care-area cap: a block with at most HMAX);
//   fixed:   four u64 slots HMIN, SMIN, SMAX, HMAX, absent ones 0 (care-area weight and BSA).
import { EntryLimit, TIER_BIT_HARD_MAX } from "../abi/codes";
import {
  AREA_BSA_TIER_MASK,
  AREA_BSA_TIERS_M2X10000,
  AREA_CAP_MASK,
  AREA_CAP_MAX_RATE,
  AREA_CAP_MAX_VTBI,
  AREA_MAX_RATE_UL_PER_HOUR,
  AREA_MAX_VTBI_UL,
  AREA_WEIGHT_TIER_MASK,
  AREA_WEIGHT_TIERS_G,
} from "../library/care-area-layout";
import {
  CONCENTRATION_LIMIT_VALUES,
  CONCENTRATION_TIER_MASK,
  entryLimitMask,
  entryLimitValuesOffset,
} from "../library/entry-layout";
import { classify } from "./classify";

export type TierBlock = u64;

const MASK_SHIFT: u64 = 32;
const FIXED_STORAGE: u64 = (<u64>1) << 40;

// @ts-ignore: decorator
@inline function tierBlock(mask: u32, valuesPtr: usize, fixed: bool): TierBlock {
  return (<u64>valuesPtr) | ((<u64>(mask & 0xff)) << MASK_SHIFT) | (fixed ? FIXED_STORAGE : 0);
}

// @ts-ignore: decorator
@inline export function tierMask(block: TierBlock): u32 {
  return (<u32>(block >>> MASK_SHIFT)) & 0xff;
}

/** A block in fixed storage: four u64 slots HMIN, SMIN, SMAX, HMAX at `valuesPtr` (format-3 limit records). */
// @ts-ignore: decorator
@inline export function fixedTierBlock(mask: u32, valuesPtr: usize): TierBlock {
  return tierBlock(mask, valuesPtr, true);
}

/** Limit `limit` of an entry whose eight tier masks (ENTRY_TIER_MASKS) are `tierMasks`. */
// @ts-ignore: decorator
@inline export function entryLimitBlock(entry: usize, tierMasks: u64, limit: EntryLimit): TierBlock {
  return tierBlock(entryLimitMask(tierMasks, limit), entry + entryLimitValuesOffset(tierMasks, limit), false);
}

/** The concentration limits of concentration record `record`. */
// @ts-ignore: decorator
@inline export function concentrationBlock(record: usize): TierBlock {
  return tierBlock(<u32>load<u8>(record + CONCENTRATION_TIER_MASK), record + CONCENTRATION_LIMIT_VALUES, false);
}

/** The care area's patient weight tiers (g, REQ-ENG-036). */
// @ts-ignore: decorator
@inline export function weightBlock(area: usize): TierBlock {
  return tierBlock(<u32>load<u8>(area + AREA_WEIGHT_TIER_MASK), area + AREA_WEIGHT_TIERS_G, true);
}

/** The care area's patient BSA tiers (m² × 10⁻⁴, REQ-ENG-036). */
// @ts-ignore: decorator
@inline export function bsaBlock(area: usize): TierBlock {
  return tierBlock(<u32>load<u8>(area + AREA_BSA_TIER_MASK), area + AREA_BSA_TIERS_M2X10000, true);
}

/** A care-area cap: a block holding at most a hard max (docs/engine.md §2, REQ-ENG-033). */
// @ts-ignore: decorator
@inline function areaCapBlock(area: usize, capBit: u32, capOffset: usize): TierBlock {
  const mask = select<u32>(TIER_BIT_HARD_MAX, 0, ((<u32>load<u8>(area + AREA_CAP_MASK)) & capBit) != 0);
  return tierBlock(mask, area + capOffset, false);
}

/** The care area's maximum rate (µL/h), the cap on every rate the pump runs there. */
// @ts-ignore: decorator
@inline export function maxRateCapBlock(area: usize): TierBlock {
  return areaCapBlock(area, AREA_CAP_MAX_RATE, AREA_MAX_RATE_UL_PER_HOUR);
}

/** The care area's maximum VTBI (µL). */
// @ts-ignore: decorator
@inline export function maxVtbiCapBlock(area: usize): TierBlock {
  return areaCapBlock(area, AREA_CAP_MAX_VTBI, AREA_MAX_VTBI_UL);
}

/** The block has at least one tier. */
// @ts-ignore: decorator
@inline export function hasTiers(block: TierBlock): bool {
  return tierMask(block) != 0;
}

/** The block bounds its value from above: without a hard max any value passes it. */
// @ts-ignore: decorator
@inline export function hasHardMax(block: TierBlock): bool {
  return (tierMask(block) & TIER_BIT_HARD_MAX) != 0;
}

/**
 * Classifies v (floorValue = floor(v), ceilValue = ceil(v); equal for an integer) against `block`:
 * limits/classify.ts's four-tier rule; classification | tier << 8, crossed limit in crossedLimitValue.
 */
// @ts-ignore: decorator
@inline export function classifyBlock(block: TierBlock, floorValue: u64, ceilValue: u64): u32 {
  return classify(tierMask(block), <usize>(block & 0xffffffff), (block & FIXED_STORAGE) == 0, floorValue, ceilValue);
}
