// Unsigned 128-bit helpers for the exact rational comparisons of docs/engine.md §4 (REQ-ENG-040).
// WebAssembly 1.0 has no 64×64→128 multiply, so products are assembled from 32-bit halves.
// Results leave through module-level globals: the firmware never allocates.

/** High and low words of the last `mul64` product. */
export let productHi: u64 = 0;
export let productLo: u64 = 0;

const LOW32: u64 = 0xffffffff;
/** Largest display value (docs/engine.md §7). */
export const SATURATED_U63: u64 = 0x7fffffffffffffff;

/**
 * High word of the 128-bit product a × b (the low word is the wrapping native product a * b).
 * Inlined where limits are compared, so the hot path makes no call and touches no global.
 */
// @ts-ignore: decorator
@inline export function mulHigh(a: u64, b: u64): u64 {
  const aHi = a >>> 32;
  const bHi = b >>> 32;
  if ((aHi | bHi) == 0) return 0; // both below 2^32: the product fits 64 bits
  const aLo = a & LOW32;
  const bLo = b & LOW32;
  const lowLow = aLo * bLo;
  const lowHigh = aLo * bHi;
  const highLow = aHi * bLo;
  // Sum of three values below 2^32 each: cannot overflow 64 bits.
  const middle = (lowLow >>> 32) + (lowHigh & LOW32) + (highLow & LOW32);
  return aHi * bHi + (lowHigh >>> 32) + (highLow >>> 32) + (middle >>> 32);
}

/** productHi:productLo = a × b, exactly. */
export function mul64(a: u64, b: u64): void {
  productHi = mulHigh(a, b);
  productLo = a * b;
}

/** Sign of (nHi:nLo − a × b), exact; inlined into the classification. */
// @ts-ignore: decorator
@inline export function compareWithProduct(nHi: u64, nLo: u64, a: u64, b: u64): i32 {
  const productHigh = mulHigh(a, b);
  const productLow = a * b;
  if (nHi != productHigh) return nHi > productHigh ? 1 : -1;
  return i32(nLo > productLow) - i32(nLo < productLow);
}

/** Sign of (aHi:aLo − bHi:bLo): −1, 0 or 1. */
export function compare128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): i32 {
  if (aHi != bHi) return aHi > bHi ? 1 : -1;
  return i32(aLo > bLo) - i32(aLo < bLo);
}

/**
 * floor(nHi:nLo / denominator), saturated at 2^63 − 1 (the display rule of docs/engine.md §7).
 * A zero denominator never occurs in the engine; it saturates instead of trapping.
 */
export function divFloorSaturated(nHi: u64, nLo: u64, denominator: u64): u64 {
  if (denominator == 0) return SATURATED_U63;
  let quotient: u64;
  if (nHi == 0) {
    quotient = nLo / denominator;
  } else if (nHi >= denominator) {
    return SATURATED_U63; // quotient ≥ 2^64
  } else {
    quotient = divNarrowQuotient(nHi, nLo, denominator);
  }
  return quotient > SATURATED_U63 ? SATURATED_U63 : quotient;
}

/**
 * divFloorSaturated with its common case inline: a numerator below 2^64 takes one native division.
 * A zero denominator (never produced by the engine) still saturates instead of trapping.
 */
// @ts-ignore: decorator
@inline export function divFloorSaturatedInline(nHi: u64, nLo: u64, denominator: u64): u64 {
  if (nHi == 0 && denominator != 0) {
    const quotient = nLo / denominator;
    return quotient > SATURATED_U63 ? SATURATED_U63 : quotient;
  }
  return divFloorSaturated(nHi, nLo, denominator);
}

/**
 * ceil(N / d) given q = divFloorSaturated(N, d). When q is the exact quotient, N − q × d < d <
 * 2^64, so the wrapping low-word difference nLo − q × d is the exact remainder and q + (rem ≠ 0)
 * is the ceiling. When q saturated (N / d ≥ 2^63 − 1), the result is 2^63 − 1 or 2^63: like the
 * true value, above every limit (limits are ≤ 2^53 − 1), which is all classification needs.
 */
// @ts-ignore: decorator
@inline export function ceilFromFloor(floorQuotient: u64, nLo: u64, denominator: u64): u64 {
  return floorQuotient + u64(nLo - floorQuotient * denominator != 0);
}

/**
 * floor(nHi:nLo / d) when nHi < d (so the quotient fits 64 bits). Long division in chunks as wide
 * as the denominator's leading zero bits, so each step is one native i64.div_u; engine
 * denominators are below 2^44, which takes at most four steps.
 */
function divNarrowQuotient(nHi: u64, nLo: u64, d: u64): u64 {
  const chunkBits = clz<u64>(d);
  if (chunkBits == 0) return divBitwise(nHi, nLo, d);
  let remainder = nHi;
  let quotient: u64 = 0;
  let bitsLeft: u64 = 64;
  while (bitsLeft > 0) {
    const step = chunkBits < bitsLeft ? chunkBits : bitsLeft;
    const chunk = (nLo >>> (bitsLeft - step)) & (((<u64>1) << step) - 1);
    remainder = (remainder << step) | chunk; // remainder < d < 2^(64 − chunkBits): no overflow
    const digit = remainder / d;
    remainder -= digit * d;
    quotient = (quotient << step) | digit;
    bitsLeft -= step;
  }
  return quotient;
}

/** Restoring division, one bit per step, for d ≥ 2^63 (never reached by the engine's operands). */
function divBitwise(nHi: u64, nLo: u64, d: u64): u64 {
  let remainder = nHi;
  let quotient: u64 = 0;
  for (let bit = 63; bit >= 0; bit--) {
    const carry = remainder >>> 63;
    remainder = (remainder << 1) | ((nLo >>> (<u64>bit)) & 1);
    quotient <<= 1;
    if (carry != 0 || remainder >= d) {
      remainder -= d;
      quotient |= 1;
    }
  }
  return quotient;
}

/**
 * floor(nHi:nLo / d) when the caller has established nHi:nLo < 2^32 × d (the derived rate of
 * DOSE mode is first checked against (MAX_RATE + 1) × d). Estimates the quotient from the top
 * 32 bits of d with one native division, then corrects it by at most a few subtractions.
 */
export function divBoundedQuotient(nHi: u64, nLo: u64, d: u64): u64 {
  if (nHi == 0) return d == 0 ? 0 : nLo / d;
  // Here N ≥ 2^64 and N < 2^32 × d, so d > 2^32 and the shift below is at least 1.
  const shift = 32 - clz<u64>(d);
  const dTop = d >>> shift; // in [2^31, 2^32)
  const nTop = (nHi << (64 - shift)) | (nLo >>> shift); // N >> shift < 2^64 by the precondition
  let quotient = nTop / (dTop + 1); // never above the true quotient
  mul64(quotient, d);
  let remHi = nHi - productHi - u64(nLo < productLo);
  let remLo = nLo - productLo;
  while (remHi != 0 || remLo >= d) {
    remHi -= u64(remLo < d);
    remLo -= d;
    quotient++;
  }
  return quotient;
}
