// Canonical-unit maxima of docs/units.md for the generators: the test-side transcription in
// tests/oracle/constants.ts (not firmware/), so generated data follows the documents.
export {
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_TITRATION_STEP_PERCENT,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
} from "../oracle/constants.ts";
export const MAX_U64 = (1n << 64n) - 1n;
export const NO_CONCENTRATION = 0xff;
/** docs/units.md: the largest age in days (150 years of 365 days; issue 11). */
export const MAX_AGE_DAYS = 54_750n;

/** Basis factors (B, scale of the basis unit) of docs/units.md by dose basis code. */
export const BASIS_SCALE: readonly bigint[] = [1n, 1_000n, 10_000n];

export const clampU64 = (v: bigint): bigint => (v < 0n ? 0n : v > MAX_U64 ? MAX_U64 : v);
export const ceilDiv = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;
