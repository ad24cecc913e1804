// A four-tier limit block → canonical TierValues: unit check (unit-mismatch), each tier
// converted exactly, then the present tiers ordered (tier-order, REQ-LIB-003).
import type { TierValues } from "./canonical.ts";
import { TIER_KEYS, type AuthorLimitBlock } from "./authoring.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { convertValue, maximumFor } from "./quantity.ts";
import { Rule } from "./rules.ts";
import { parseUnit, unitMismatch, type ParsedUnit, type UnitExpectation } from "./units.ts";

/** The parsed unit of a block or quantity, or undefined after a unit-mismatch error. */
export function checkedUnit(
  unitText: string,
  path: string,
  expect: UnitExpectation,
  errors: ErrorList,
): ParsedUnit | undefined {
  const unit = parseUnit(unitText);
  if (unit === undefined) {
    errors.add(
      path,
      Rule.UNIT_MISMATCH,
      `unknown unit "${unitText}"; see docs/library-format.md for the accepted units`,
    );
    return undefined;
  }
  const mismatch = unitMismatch(unit, expect);
  if (mismatch !== undefined) {
    errors.add(path, Rule.UNIT_MISMATCH, mismatch);
    return undefined;
  }
  return unit;
}

/** Converts `block` at `path`; returns {} when absent or when its unit is wrong (the error is recorded). */
export function convertLimitBlock(
  block: AuthorLimitBlock | undefined,
  path: string,
  expect: UnitExpectation,
  errors: ErrorList,
): TierValues {
  const tiers: TierValues = {};
  if (block === undefined) return tiers;
  const unit = checkedUnit(block.unit, pointer(path, "unit"), expect, errors);
  if (unit === undefined) return tiers;
  for (const key of TIER_KEYS) {
    const text = block[key];
    if (text === undefined) continue;
    const value = convertValue(text, unit, pointer(path, key), errors, { max: maximumFor(unit) });
    if (value !== undefined) tiers[key] = value;
  }
  checkTierOrder(block, tiers, path, errors);
  return tiers;
}

// Each present tier is compared with the highest tier before it, so every misplaced tier is
// reported once, at that tier, naming the tier it falls below.
function checkTierOrder(block: AuthorLimitBlock, tiers: TierValues, path: string, errors: ErrorList): void {
  let highest: (typeof TIER_KEYS)[number] | undefined;
  for (const key of TIER_KEYS) {
    const value = tiers[key];
    if (value === undefined) continue;
    if (highest !== undefined && value < (tiers[highest] as bigint)) {
      errors.add(
        pointer(path, key),
        Rule.TIER_ORDER,
        `${key} ${block[key]} ${block.unit} is below ${highest} ${block[highest]} ${block.unit}; ` +
          "present tiers must satisfy hardMin ≤ softMin ≤ softMax ≤ hardMax",
      );
    } else {
      highest = key;
    }
  }
}
