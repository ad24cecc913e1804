// Arbitraries for four-tier limit blocks: present tiers always ordered (docs/library-image.md §4),
// with absent tiers, equal tiers, tiny values and values at the maxima over-represented.
import fc from "fast-check";
import type { TierValues } from "../../hil/library/compiler/canonical.ts";

export const TIER_NAMES = ["hardMin", "softMin", "softMax", "hardMax"] as const;
export type TierName = (typeof TIER_NAMES)[number];

const bitLength = (v: bigint): number => v.toString(2).length;

/** 0 .. max, log-uniform in magnitude, with the ends of the range weighted up. */
export function arbMagnitude(max: bigint, min = 0n): fc.Arbitrary<bigint> {
  const bigMin = (a: bigint, b: bigint): bigint => (a < b ? a : b);
  const bigMax = (a: bigint, b: bigint): bigint => (a > b ? a : b);
  const logUniform = fc
    .integer({ min: bitLength(bigMax(min, 1n)), max: bitLength(max) })
    .chain((bits) =>
      fc.bigInt({ min: bigMax(1n << BigInt(bits - 1), min), max: bigMin((1n << BigInt(bits)) - 1n, max) }),
    );
  return fc.oneof(
    { weight: 6, arbitrary: logUniform },
    { weight: 2, arbitrary: fc.bigInt({ min, max: bigMin(min + 20n, max) }) },
    { weight: 1, arbitrary: fc.bigInt({ min: bigMax(max - 20n, min), max }) },
    { weight: 1, arbitrary: fc.bigInt({ min, max }) },
  );
}

export interface TierOptions {
  /** Tiers that must be present (a custom concentration needs hardMin). */
  required?: readonly TierName[];
  /** Only these tiers may be present (DOSE_ABSOLUTE: hardMax). */
  allowed?: readonly TierName[];
  /** Centre tiers around this value instead of spreading them over 0..max. */
  anchor?: bigint;
}

/** Four sorted candidate values, each tier kept with some probability. */
export function arbTiers(max: bigint, options: TierOptions = {}): fc.Arbitrary<TierValues> {
  const allowed = options.allowed ?? TIER_NAMES;
  const required = options.required ?? [];
  const values = options.anchor === undefined ? arbSpread(max) : arbAround(options.anchor, max);
  const presence = fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.nat(9));
  return fc.tuple(values, presence).map(([sorted, [a, b, c, d, allPresent]]) => {
    const keep = allPresent === 0 ? [true, true, true, true] : [a, b, c, d];
    const tiers: TierValues = {};
    TIER_NAMES.forEach((name, i) => {
      if (allowed.includes(name) && (keep[i] || required.includes(name))) tiers[name] = sorted[i];
    });
    return tiers;
  });
}

function arbSpread(max: bigint): fc.Arbitrary<bigint[]> {
  const four = fc.tuple(arbMagnitude(max), arbMagnitude(max), arbMagnitude(max), arbMagnitude(max));
  return fc.oneof(
    { weight: 8, arbitrary: four.map((v) => [...v].sort(compare)) },
    // Equal tiers: two distinct values spread over four tiers, or one value for all.
    {
      weight: 2,
      arbitrary: fc
        .tuple(arbMagnitude(max), arbMagnitude(max), fc.nat(3))
        .map(([x, y, split]) => equalRun([x, y].sort(compare), split)),
    },
  );
}

/** Values a factor 1.1 to 16 around a typical value, so requests near the anchor hit limits. */
function arbAround(anchor: bigint, max: bigint): fc.Arbitrary<bigint[]> {
  const factorPerMille = fc.integer({ min: 1_000, max: 16_000 });
  return fc.tuple(factorPerMille, factorPerMille, factorPerMille, factorPerMille).map(([a, b, c, d]) => {
    const clamp = (v: bigint): bigint => (v > max ? max : v);
    const lowHard = (anchor * 1_000n) / (BigInt(a) * 2n);
    const lowSoft = (anchor * 1_000n) / BigInt(b);
    const highSoft = clamp((anchor * BigInt(c)) / 1_000n);
    const highHard = clamp((anchor * BigInt(d) * 2n) / 1_000n);
    return [lowHard, lowSoft, highSoft, highHard].sort(compare);
  });
}

function equalRun([low, high]: bigint[], split: number): bigint[] {
  return [0, 1, 2, 3].map((i) => (i <= split ? low : high));
}

export const compare = (x: bigint, y: bigint): number => (x < y ? -1 : x > y ? 1 : 0);
