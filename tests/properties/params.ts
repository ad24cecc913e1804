// Block maxima and severities of docs/engine.md §1–§2 and docs/units.md, for the property tests.
import {
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
} from "../generators/bounds.ts";

// One documents-derived table for all test-side code: the oracle's (tests/oracle/constants.ts).
export { Cls as C, Param as P } from "../oracle/constants.ts";
import { Cls as C, Param as P } from "../oracle/constants.ts";

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
  0n, // 13 and 14: workflow parameters, never planned here
  0n,
  MAX_LIMIT_VALUE, // 15 BOLUS_DOSE_ABSOLUTE
  MAX_LIMIT_VALUE, // 16 LOADING_DOSE_ABSOLUTE
];

/** Blocks that are a lone hard max (the absolute cap and the care-area caps, which must be ≥ 1). */
export const HARD_MAX_ONLY: readonly number[] = [P.DOSE_ABSOLUTE, P.AREA_MAX_RATE, P.AREA_MAX_VTBI];
export const CAP_PARAMS: readonly number[] = [P.AREA_MAX_RATE, P.AREA_MAX_VTBI];

export const severity = (classification: number): number =>
  classification === C.BELOW_HARD_MIN || classification === C.ABOVE_HARD_MAX
    ? HARD_STOP
    : classification === C.BELOW_SOFT_MIN || classification === C.ABOVE_SOFT_MAX
      ? SOFT_STOP
      : GO;
