// Arithmetic modulo p = 2^255 − 19, the field of edwards25519 (RFC 8032 §5.1), for verification.
//
// An element is 10 signed i32 limbs in radix 2^25.5 (the "ref10" layout of SUPERCOP): value =
// Σ limb[i]·2^E[i], E = 0, 26, 51, 77, 102, 128, 153, 179, 204, 230 (even limbs 26 bits, odd 25),
// in a 40-byte slot of static memory (FIELD_BYTES); functions take slot addresses and may alias.
//
// Bounds (why no product overflows): every stored element is *bounded* — |even limb| ≤ 2^26,
// |odd limb| ≤ 2^25 — because feFromBytes writes limbs inside their widths and every other
// function ends in a carry chain (feMul, feSquare, feAdd, feSub all carry), which leaves
// |even| ≤ 2^25 + 2^12, |odd| ≤ 2^24 + 2^12. In a product the factors 2 (both limbs odd: the
// weights add to one bit more) and 19 (2^255 ≡ 19) are applied in i32 — 2·2^25 and 19·2^26 stay
// below 2^31 — and a column is at most 10 terms of 2·19·2^26·2^26 < 2^61, inside i64. Writing the
// products out (no loops) keeps the limbs in locals: the translated code then does 100 widening
// 32×32→64 multiplies per product (55 per square) with no memory traffic, which is most of the
// Ed25519 speed-up of docs/decisions/0017. Only feToBytes produces the unique value in [0, p).
// Verification handles public data only, so nothing here is constant-time.

import { feMul, feSquare } from "./ed25519-field-multiply";

export const FIELD_BYTES: usize = 40;

// The products, written out, are a file of their own.
export { feMul, feSquare };

const ENCODED_A: usize = memory.data(32, 16);
const ENCODED_B: usize = memory.data(32, 16);
const CANONICAL: usize = memory.data(<i32>FIELD_BYTES, 16);
const POW_T0: usize = memory.data(<i32>FIELD_BYTES, 16);
const POW_T1: usize = memory.data(<i32>FIELD_BYTES, 16);
const POW_T2: usize = memory.data(<i32>FIELD_BYTES, 16);

export const FIELD_ZERO: usize = memory.data(<i32>FIELD_BYTES, 16);
export const FIELD_ONE: usize = memory.data<i32>([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

export function feCopy(out: usize, a: usize): void {
  for (let i: usize = 0; i < FIELD_BYTES; i += 4) store<i32>(out + i, load<i32>(a + i));
}

/**
 * The carry chain of feMul, on i32 limbs in memory: after an addition or subtraction of bounded
 * elements (|limb| < 2^27) the result is bounded again. Rounding carries (±half a limb) keep the
 * limbs signed and small.
 */
function feCarry(h: usize): void {
  let c = (load<i32>(h, 0) + (1 << 25)) >> 26;
  store<i32>(h, load<i32>(h, 4) + c, 4);
  store<i32>(h, load<i32>(h, 0) - (c << 26), 0);
  c = (load<i32>(h, 16) + (1 << 25)) >> 26;
  store<i32>(h, load<i32>(h, 20) + c, 20);
  store<i32>(h, load<i32>(h, 16) - (c << 26), 16);
  c = (load<i32>(h, 4) + (1 << 24)) >> 25;
  store<i32>(h, load<i32>(h, 8) + c, 8);
  store<i32>(h, load<i32>(h, 4) - (c << 25), 4);
  c = (load<i32>(h, 20) + (1 << 24)) >> 25;
  store<i32>(h, load<i32>(h, 24) + c, 24);
  store<i32>(h, load<i32>(h, 20) - (c << 25), 20);
  c = (load<i32>(h, 8) + (1 << 25)) >> 26;
  store<i32>(h, load<i32>(h, 12) + c, 12);
  store<i32>(h, load<i32>(h, 8) - (c << 26), 8);
  c = (load<i32>(h, 24) + (1 << 25)) >> 26;
  store<i32>(h, load<i32>(h, 28) + c, 28);
  store<i32>(h, load<i32>(h, 24) - (c << 26), 24);
  c = (load<i32>(h, 12) + (1 << 24)) >> 25;
  store<i32>(h, load<i32>(h, 16) + c, 16);
  store<i32>(h, load<i32>(h, 12) - (c << 25), 12);
  c = (load<i32>(h, 28) + (1 << 24)) >> 25;
  store<i32>(h, load<i32>(h, 32) + c, 32);
  store<i32>(h, load<i32>(h, 28) - (c << 25), 28);
  c = (load<i32>(h, 16) + (1 << 25)) >> 26;
  store<i32>(h, load<i32>(h, 20) + c, 20);
  store<i32>(h, load<i32>(h, 16) - (c << 26), 16);
  c = (load<i32>(h, 32) + (1 << 25)) >> 26;
  store<i32>(h, load<i32>(h, 36) + c, 36);
  store<i32>(h, load<i32>(h, 32) - (c << 26), 32);
  c = (load<i32>(h, 36) + (1 << 24)) >> 25;
  store<i32>(h, load<i32>(h, 0) + c * 19, 0);
  store<i32>(h, load<i32>(h, 36) - (c << 25), 36);
  c = (load<i32>(h, 0) + (1 << 25)) >> 26;
  store<i32>(h, load<i32>(h, 4) + c, 4);
  store<i32>(h, load<i32>(h, 0) - (c << 26), 0);
}

export function feAdd(out: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < FIELD_BYTES; i += 4) store<i32>(out + i, load<i32>(a + i) + load<i32>(b + i));
  feCarry(out);
}

export function feSub(out: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < FIELD_BYTES; i += 4) store<i32>(out + i, load<i32>(a + i) - load<i32>(b + i));
  feCarry(out);
}

/** Bit offset of limb i (E above): 26 bits for even limbs, 25 for odd. */
// @ts-ignore: decorator
@inline function limbShift(i: i32): i32 {
  return (i * 51 + 1) >> 1;
}
// @ts-ignore: decorator
@inline function limbBits(i: i32): i32 {
  return 26 - (i & 1);
}

/** Reads 32 little-endian bytes; bit 255 (the sign of x in a point encoding) is ignored. */
export function feFromBytes(out: usize, bytesPtr: usize): void {
  for (let i = 0; i < 10; i++) {
    const shift = limbShift(i);
    const first = shift >> 3;
    let window: u64 = 0;
    for (let b = 0; b < 5 && first + b < 32; b++) {
      const byte = <u64>load<u8>(bytesPtr + <usize>(first + b));
      const byteShift = <u64>(b << 3);
      window |= byte << byteShift;
    }
    const width = <u64>limbBits(i);
    const offset = <u64>(shift & 7);
    const mask: u64 = ((<u64>1) << width) - 1;
    store<i32>(out + ((<usize>i) << 2), <i32>((window >> offset) & mask));
  }
}

/**
 * Writes the canonical 32-byte little-endian encoding of a (the value in [0, p)): carry to the
 * bounds feCarry leaves, find q = floor(a / p) ∈ {0, 1} from the top (ref10's fe_tobytes), subtract
 * q·p as + 19q and a dropped 2^255, and pack the limbs.
 */
export function feToBytes(outPtr: usize, a: usize): void {
  feCopy(CANONICAL, a);
  feCarry(CANONICAL);
  let q = (19 * load<i32>(CANONICAL, 36) + (1 << 24)) >> 25;
  for (let i = 0; i < 10; i++) q = (load<i32>(CANONICAL + ((<usize>i) << 2)) + q) >> limbBits(i);
  store<i32>(CANONICAL, load<i32>(CANONICAL, 0) + 19 * q, 0);
  for (let i = 0; i < 10; i++) {
    const at = CANONICAL + ((<usize>i) << 2);
    const value = load<i32>(at);
    const carry = value >> limbBits(i);
    store<i32>(at, value - (carry << limbBits(i)));
    if (i < 9) store<i32>(at + 4, load<i32>(at + 4) + carry); // the carry out of limb 9 is q·2^255
  }
  for (let i: usize = 0; i < 32; i++) store<u8>(outPtr + i, 0);
  for (let i = 0; i < 10; i++) {
    const shift = limbShift(i);
    const offset = <u64>(shift & 7);
    let value: u64 = <u64>load<u32>(CANONICAL + ((<usize>i) << 2));
    value <<= offset;
    for (let b = shift >> 3; value != 0; b++) {
      store<u8>(outPtr + <usize>b, load<u8>(outPtr + <usize>b) | (<u8>value));
      value >>= 8;
    }
  }
}

export function feEqual(a: usize, b: usize): bool {
  feToBytes(ENCODED_A, a);
  feToBytes(ENCODED_B, b);
  for (let i: usize = 0; i < 32; i += 8) {
    if (load<u64>(ENCODED_A + i) != load<u64>(ENCODED_B + i)) return false;
  }
  return true;
}

export function feIsZero(a: usize): bool {
  return feEqual(a, FIELD_ZERO);
}

/** The low bit of the canonical value: RFC 8032 calls an element with this bit set negative. */
export function feIsNegative(a: usize): bool {
  feToBytes(ENCODED_A, a);
  return (load<u8>(ENCODED_A) & 1) != 0;
}

function feSquareTimes(out: usize, a: usize, times: i32): void {
  feSquare(out, a);
  for (let i = 1; i < times; i++) feSquare(out, out);
}

/**
 * out = a^((p − 5)/8) = a^(2^252 − 3), the exponent of the square root in RFC 8032 §5.1.3, by
 * ref10's addition chain: 250 squarings and 11 products (the plain square-and-multiply took 251
 * squarings and 250 products).
 */
export function fePow2523(out: usize, a: usize): void {
  feSquare(POW_T0, a); // 2
  feSquareTimes(POW_T1, POW_T0, 2); // 8
  feMul(POW_T1, a, POW_T1); // 9
  feMul(POW_T0, POW_T0, POW_T1); // 11
  feSquare(POW_T0, POW_T0); // 22
  feMul(POW_T0, POW_T1, POW_T0); // 2^5 − 1
  feSquareTimes(POW_T1, POW_T0, 5);
  feMul(POW_T0, POW_T1, POW_T0); // 2^10 − 1
  feSquareTimes(POW_T1, POW_T0, 10);
  feMul(POW_T1, POW_T1, POW_T0); // 2^20 − 1
  feSquareTimes(POW_T2, POW_T1, 20);
  feMul(POW_T1, POW_T2, POW_T1); // 2^40 − 1
  feSquareTimes(POW_T1, POW_T1, 10);
  feMul(POW_T0, POW_T1, POW_T0); // 2^50 − 1
  feSquareTimes(POW_T1, POW_T0, 50);
  feMul(POW_T1, POW_T1, POW_T0); // 2^100 − 1
  feSquareTimes(POW_T2, POW_T1, 100);
  feMul(POW_T1, POW_T2, POW_T1); // 2^200 − 1
  feSquareTimes(POW_T1, POW_T1, 50);
  feMul(POW_T0, POW_T1, POW_T0); // 2^250 − 1
  feSquareTimes(POW_T0, POW_T0, 2); // 2^252 − 4
  feMul(out, POW_T0, a); // 2^252 − 3
}
