// Canonical-unit maxima of docs/units.md, for the generators. Transcribed here (not imported from
// firmware/) so generated data follows the documents rather than any implementation.
export const MAX_RATE_UL_PER_HOUR = 9_999_999n;
export const MAX_VOLUME_UL = 9_999_999n;
export const MAX_DURATION_S = 8_640_000n;
export const MAX_WEIGHT_G = 1_000_000n;
export const MAX_BSA_M2X10000 = 100_000n;
export const MAX_AMOUNT_ABU = (1n << 48n) - 1n;
export const MAX_LIMIT_VALUE = (1n << 53n) - 1n;
export const MAX_U64 = (1n << 64n) - 1n;
export const NO_CONCENTRATION = 0xff;

/** Basis factors (B, scale of the basis unit) of docs/units.md by dose basis code. */
export const BASIS_SCALE: readonly bigint[] = [1n, 1_000n, 10_000n];

export const clampU64 = (v: bigint): bigint => (v < 0n ? 0n : v > MAX_U64 ? MAX_U64 : v);
export const ceilDiv = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;
