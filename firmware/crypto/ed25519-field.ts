// Arithmetic modulo p = 2^255 − 19, the field of edwards25519 (RFC 8032 §5.1), for verification.
//
// An element is 16 signed limbs in radix 2^16, value = Σ limb[i]·2^(16·i), stored as i32 in a
// 64-byte slot of static memory (FIELD_BYTES); functions take slot addresses and may alias.
// Limbs are kept loose, not canonical: a product leaves every limb in [−38, 2^16 + 38), and the
// callers add or subtract at most three such elements before the next product, so limbs stay
// below 2^18 in magnitude and the i64 column sums of a product (16 terms, ×38) below 2^46.
// Only feToBytes produces the unique value in [0, p).
// Verification handles public data only, so nothing here is constant-time.

export const FIELD_BYTES: usize = 64;

/** 2^256 ≡ 38 (mod p): the weight of a carry out of limb 15. */
const WRAP: i64 = 38;

// i64 working limbs: one product or one element being made canonical.
const WIDE: usize = memory.data(16 * 8, 16);
const MINUS_P: usize = memory.data(16 * 8, 16);
const POW_BASE: usize = memory.data(<i32>FIELD_BYTES, 16);
const ENCODED_A: usize = memory.data(32, 16);
const ENCODED_B: usize = memory.data(32, 16);

export const FIELD_ZERO: usize = memory.data(<i32>FIELD_BYTES, 16);
export const FIELD_ONE: usize = memory.data<i32>([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

// @ts-ignore: decorator
@inline function limb(a: usize, i: i32): i64 {
  return <i64>load<i32>(a + ((<usize>i) << 2));
}

export function feCopy(out: usize, a: usize): void {
  for (let i: usize = 0; i < FIELD_BYTES; i += 4) store<i32>(out + i, load<i32>(a + i));
}

export function feAdd(out: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < FIELD_BYTES; i += 4) store<i32>(out + i, load<i32>(a + i) + load<i32>(b + i));
}

export function feSub(out: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < FIELD_BYTES; i += 4) store<i32>(out + i, load<i32>(a + i) - load<i32>(b + i));
}

/** out = a·b. Limb k collects a[i]·b[j] for i + j = k, and 38·a[i]·b[j] for i + j = k + 16. */
export function feMul(out: usize, a: usize, b: usize): void {
  for (let k = 0; k < 16; k++) {
    let column: i64 = 0;
    for (let i = 0; i < 16; i++) {
      let bj = limb(b, (k - i) & 15);
      if (i > k) bj *= WRAP;
      column += limb(a, i) * bj;
    }
    store<i64>(WIDE + ((<usize>k) << 3), column);
  }
  carryWide();
  carryWide();
  for (let k: usize = 0; k < 16; k++) store<i32>(out + (k << 2), <i32>load<i64>(WIDE + (k << 3)));
}

export function feSquare(out: usize, a: usize): void {
  feMul(out, a, a);
}

/**
 * One carry pass over WIDE: limbs 0–14 end in [0, 2^16), the carry out of limb 15 re-enters
 * limb 0 times 38. Arithmetic shifts floor, so negative limbs borrow correctly.
 */
function carryWide(): void {
  for (let k: usize = 0; k < 16; k++) {
    const value = load<i64>(WIDE + (k << 3));
    const carry = value >> 16;
    store<i64>(WIDE + (k << 3), value & 0xffff);
    if (k < 15) {
      store<i64>(WIDE + ((k + 1) << 3), load<i64>(WIDE + ((k + 1) << 3)) + carry);
    } else {
      store<i64>(WIDE, load<i64>(WIDE) + carry * WRAP);
    }
  }
}

/** Reads 32 little-endian bytes; bit 255 (the sign of x in a point encoding) is ignored. */
export function feFromBytes(out: usize, bytesPtr: usize): void {
  for (let k: usize = 0; k < 16; k++) store<i32>(out + (k << 2), <i32>load<u16>(bytesPtr + (k << 1)));
  store<i32>(out + 60, load<i32>(out + 60) & 0x7fff);
}

/** Writes the canonical 32-byte little-endian encoding of a (the value in [0, p)). */
export function feToBytes(outPtr: usize, a: usize): void {
  for (let k: usize = 0; k < 16; k++) store<i64>(WIDE + (k << 3), limb(a, <i32>k));
  // Three passes leave every limb in [0, 2^16) for the loose inputs above: the value is now in
  // [0, 2^256) = [0, 2p + 38), so at most two subtractions of p remain.
  carryWide();
  carryWide();
  carryWide();
  subtractPIfNotBelow();
  subtractPIfNotBelow();
  for (let k: usize = 0; k < 16; k++) store<u16>(outPtr + (k << 1), <u16>load<i64>(WIDE + (k << 3)));
}

function subtractPIfNotBelow(): void {
  let borrow: i64 = 0;
  for (let k: usize = 0; k < 16; k++) {
    const pLimb: i64 = k == 0 ? 0xffed : k == 15 ? 0x7fff : 0xffff;
    const difference = load<i64>(WIDE + (k << 3)) - pLimb - borrow;
    borrow = (difference >> 16) & 1;
    store<i64>(MINUS_P + (k << 3), difference & 0xffff);
  }
  if (borrow != 0) return; // the value was below p
  for (let k: usize = 0; k < 16 * 8; k += 8) store<i64>(WIDE + k, load<i64>(MINUS_P + k));
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

/** out = a^((p − 5)/8) = a^(2^252 − 3), the exponent of the square root in RFC 8032 §5.1.3. */
export function fePow2523(out: usize, a: usize): void {
  feCopy(POW_BASE, a);
  feCopy(out, a); // bit 251 of the exponent
  // 2^252 − 3 is 252 one bits except bit 1: square for every bit, multiply for every one bit.
  for (let bit = 250; bit >= 0; bit--) {
    feSquare(out, out);
    if (bit != 1) feMul(out, out, POW_BASE);
  }
}
