// Places a limit block relative to an exact value so that the value lands in a chosen zone:
// inside the soft range, beyond a soft limit only, or beyond a hard limit.
import type { TierValues } from "../../hil/library/compiler/canonical.ts";
import type { Tape } from "../generators/tape.ts";
import type { Exact } from "./scenario.ts";
import { C } from "./params.ts";

export type Zone = "inside" | "softLow" | "softHigh" | "hardLow" | "hardHigh";

export interface Placed {
  tiers: TierValues;
  /** The classification the engine must give, its tier code and limit value. */
  classification: number;
  tier: number;
  limitValue: bigint;
}

export interface BlockRules {
  max: bigint;
  /** Only a hard max may be present (absolute dose cap, care-area caps). */
  hardMaxOnly?: boolean;
  /** A custom concentration must have a hard min. */
  needsHardMin?: boolean;
  /** Care-area caps are 1 .. max. */
  minValue?: bigint;
}

/** Uniform-ish value in low..high (inclusive), biased toward the ends, where limits bind. */
function between(tape: Tape, low: bigint, high: bigint): bigint {
  if (high <= low) return low;
  const roll = tape.below(4);
  if (roll === 0) return low;
  if (roll === 1) return high;
  return low + tape.magnitude(high - low);
}

export function place(zone: Zone, v: Exact, rules: BlockRules, tape: Tape): Placed | undefined {
  const floor = v.n / v.d;
  const ceil = (v.n + v.d - 1n) / v.d;
  const { max } = rules;
  const min = rules.minValue ?? 0n;
  const maybe = (percent: number) => tape.chance(percent);
  if (rules.hardMaxOnly && zone !== "inside" && zone !== "hardHigh") return undefined;

  if (zone === "inside") {
    if (rules.hardMaxOnly) {
      if (ceil > max || !maybe(70)) return noTiers();
      return result({ hardMax: between(tape, ceil < min ? min : ceil, max) }, C.WITHIN, 0, 0n);
    }
    const tiers: TierValues = {};
    if (floor >= min && maybe(60)) tiers.softMin = between(tape, min, floor > max ? max : floor);
    if (ceil <= max && maybe(60)) tiers.softMax = between(tape, ceil, max);
    if ((rules.needsHardMin || maybe(50)) && floor >= min)
      tiers.hardMin = between(tape, min, tiers.softMin ?? (floor > max ? max : floor));
    if (rules.needsHardMin && tiers.hardMin === undefined) return undefined;
    if (ceil <= max && maybe(50)) tiers.hardMax = between(tape, tiers.softMax ?? ceil, max);
    const any = Object.keys(tiers).length > 0;
    return result(tiers, any ? C.WITHIN : C.NO_LIMIT, 0, 0n);
  }
  if (zone === "softHigh") {
    if (ceil < 1n || ceil - 1n < min) return undefined;
    const softMax = between(tape, min, ceil - 1n > max ? max : ceil - 1n);
    const tiers: TierValues = { softMax };
    if (ceil <= max && maybe(60)) tiers.hardMax = between(tape, ceil, max);
    if (maybe(40)) tiers.softMin = between(tape, min, softMax);
    if (rules.needsHardMin || maybe(40)) tiers.hardMin = between(tape, min, tiers.softMin ?? softMax);
    return result(tiers, C.ABOVE_SOFT_MAX, 3, softMax);
  }
  if (zone === "softLow") {
    if (floor + 1n > max) return undefined;
    const softMin = between(tape, floor + 1n < min ? min : floor + 1n, max);
    const tiers: TierValues = { softMin };
    if (rules.needsHardMin || maybe(60)) {
      if (floor < min) return undefined;
      tiers.hardMin = between(tape, min, floor);
    }
    if (maybe(40)) tiers.softMax = between(tape, softMin, max);
    if (maybe(40)) tiers.hardMax = between(tape, tiers.softMax ?? softMin, max);
    return result(tiers, C.BELOW_SOFT_MIN, 2, softMin);
  }
  if (zone === "hardHigh") {
    if (ceil < 1n || ceil - 1n < min) return undefined;
    const hardMax = between(tape, min, ceil - 1n > max ? max : ceil - 1n);
    const tiers: TierValues = { hardMax };
    if (!rules.hardMaxOnly) {
      // Tiers below a crossed hard max do not matter: HMAX is checked first (docs/engine.md §1).
      const lows = [between(tape, min, hardMax), between(tape, min, hardMax), between(tape, min, hardMax)].sort(
        (a, b) => (a < b ? -1 : a > b ? 1 : 0),
      );
      if (rules.needsHardMin || maybe(50)) tiers.hardMin = lows[0];
      if (maybe(50)) tiers.softMin = lows[1];
      if (maybe(50)) tiers.softMax = lows[2];
    }
    return result(tiers, C.ABOVE_HARD_MAX, 4, hardMax);
  }
  // hardLow
  if (floor + 1n > max) return undefined;
  const hardMin = between(tape, floor + 1n < min ? min : floor + 1n, max);
  const highs = [between(tape, hardMin, max), between(tape, hardMin, max), between(tape, hardMin, max)].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const tiers: TierValues = { hardMin };
  if (maybe(50)) tiers.softMin = highs[0];
  if (maybe(50)) tiers.softMax = highs[1];
  if (maybe(50)) tiers.hardMax = highs[2];
  return result(tiers, C.BELOW_HARD_MIN, 1, hardMin);
}

const noTiers = (): Placed => result({}, C.NO_LIMIT, 0, 0n);
const result = (tiers: TierValues, classification: number, tier: number, limitValue: bigint): Placed => ({
  tiers,
  classification,
  tier,
  limitValue,
});
