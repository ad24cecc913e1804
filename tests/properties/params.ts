// Parameter IDs, classifications and block maxima as docs/engine.md §1–§2 and docs/units.md list
// them, for the property tests (kept apart from the oracle's table on purpose).
import { MAX_BSA_M2X10000, MAX_DURATION_S, MAX_LIMIT_VALUE, MAX_RATE_UL_PER_HOUR, MAX_VOLUME_UL, MAX_WEIGHT_G } from "../generators/bounds.ts";

export const P = {
  WEIGHT: 0,
  BSA: 1,
  CONCENTRATION: 2,
  DOSE: 3,
  DOSE_ABSOLUTE: 4,
  RATE: 5,
  AREA_MAX_RATE: 6,
  VTBI: 7,
  AREA_MAX_VTBI: 8,
  DURATION: 9,
  BOLUS_DOSE: 10,
  BOLUS_RATE: 11,
  LOADING_DOSE: 12,
} as const;

export const C = { NOT_CHECKED: 0, NO_LIMIT: 1, WITHIN: 2, BELOW_SOFT_MIN: 3, ABOVE_SOFT_MAX: 4, BELOW_HARD_MIN: 5, ABOVE_HARD_MAX: 6 } as const;
export const GO = 0;
export const SOFT_STOP = 1;
export const HARD_STOP = 2;
export const OK = 0;

/** Largest limit value each parameter's block may hold (docs/library-image.md §2, §4). */
export const BLOCK_MAX: readonly bigint[] = [
  MAX_WEIGHT_G,
  MAX_BSA_M2X10000,
  MAX_LIMIT_VALUE,
  MAX_LIMIT_VALUE,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_VOLUME_UL,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_LIMIT_VALUE,
];

/** Blocks that are a lone hard max (the absolute cap and the care-area caps, which must be ≥ 1). */
export const HARD_MAX_ONLY: readonly number[] = [P.DOSE_ABSOLUTE, P.AREA_MAX_RATE, P.AREA_MAX_VTBI];
export const CAP_PARAMS: readonly number[] = [P.AREA_MAX_RATE, P.AREA_MAX_VTBI];

export const severity = (classification: number): number =>
  classification === C.BELOW_HARD_MIN || classification === C.ABOVE_HARD_MAX ? HARD_STOP : classification === C.BELOW_SOFT_MIN || classification === C.ABOVE_SOFT_MAX ? SOFT_STOP : GO;
