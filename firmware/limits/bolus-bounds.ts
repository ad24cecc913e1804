// Bounds of a bolus or loading dose that no library tier expresses (docs/workflow.md §4.4,
// decision 0020): its duration within the pump's maximum, and its rate not below the running
// primary rate. Exact integers: volume < 2^24 and 3,600 × it < 2^36; rates < 2^24 and
// MAX_BOLUS_DURATION_S × rate < 2^36.
import { MAX_BOLUS_DURATION_S } from "../abi/codes";
import { classifyBlock, TierBlock } from "./tier-block";

const SECONDS_PER_HOUR: u64 = 3600;

/** duration = volume × 3600 / rate s, compared exactly: within when volume × 3600 ≤ max × rate. */
export function bolusDurationWithin(volumeUl: u64, bolusRateUlPerHour: u64): bool {
  return volumeUl * SECONDS_PER_HOUR <= <u64>MAX_BOLUS_DURATION_S * bolusRateUlPerHour;
}

/** The duration in whole seconds, rounded up: beyond the maximum whenever the duration is. */
export function bolusDurationS(volumeUl: u64, bolusRateUlPerHour: u64): u64 {
  return (volumeUl * SECONDS_PER_HOUR + bolusRateUlPerHour - 1) / bolusRateUlPerHour;
}

/**
 * A bolus runs instead of the primary (same container): slower than the primary it would lower
 * the running drug's delivery for as long as it lasts. Equal is allowed (a value equal to a limit
 * is within it).
 */
export function bolusRateAtLeastPrimary(bolusRateUlPerHour: u64, primaryRateUlPerHour: u64): bool {
  return bolusRateUlPerHour >= primaryRateUlPerHour;
}

/**
 * The duration volume × 3600 / rate s against the entry's BOLUS_DURATION tiers (decision 0020):
 * classification | tier << 8, the crossed limit in crossedLimitValue, as classifyBlock. Exact: the
 * floor and ceiling of the rational decide every tier.
 */
export function classifyBolusDuration(block: TierBlock, volumeUl: u64, bolusRateUlPerHour: u64): u32 {
  const numerator = volumeUl * SECONDS_PER_HOUR;
  const floorS = numerator / bolusRateUlPerHour;
  const ceilS = floorS + u64(numerator % bolusRateUlPerHour != 0);
  return classifyBlock(block, floorS, ceilS);
}

/** The duration in whole seconds, rounded down (what a minimum tier is compared with). */
export function bolusDurationFloorS(volumeUl: u64, bolusRateUlPerHour: u64): u64 {
  return (volumeUl * SECONDS_PER_HOUR) / bolusRateUlPerHour;
}
