// Tier-block rules (docs/library-image.md §2, §4, §5): mask bits 4–7 clear, every present value
// within its quantity's maximum, present tiers ordered HMIN ≤ SMIN ≤ SMAX ≤ HMAX.
import { TIER_MASK_VALID_BITS } from "./entry-layout";

/** A compact block: one u64 per set bit, already in tier order. */
export function compactTiersValid(mask: u32, valuesPtr: usize, maxValue: u64): bool {
  if ((mask & ~TIER_MASK_VALID_BITS) != 0) return false;
  const count = <usize>popcnt<u32>(mask);
  let previous: u64 = 0;
  for (let i: usize = 0; i < count; i++) {
    const value = load<u64>(valuesPtr + (i << 3));
    if (value > maxValue || value < previous) return false;
    previous = value;
  }
  return true;
}

/** A fixed block: four u64 slots HMIN, SMIN, SMAX, HMAX; an absent tier's slot must be 0. */
export function fixedTiersValid(mask: u32, valuesPtr: usize, maxValue: u64): bool {
  if ((mask & ~TIER_MASK_VALID_BITS) != 0) return false;
  let previous: u64 = 0;
  for (let slot: u32 = 0; slot < 4; slot++) {
    const value = load<u64>(valuesPtr + ((<usize>slot) << 3));
    if ((mask & (1 << slot)) == 0) {
      if (value != 0) return false;
      continue;
    }
    if (value > maxValue || value < previous) return false;
    previous = value;
  }
  return true;
}
