// Scalars modulo L = 2^252 + 27742317777372353535851937790883648493, the prime order of the
// Ed25519 base point (RFC 8032 §5.1). Scalars are 32 little-endian bytes, handled as four u64 words.
// Verification only: speed and constant time do not matter here (one reduction per signature).

export const ORDER: usize = memory.data<u64>([0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0, 0x1000000000000000]);
const REMAINDER: usize = memory.data(32, 16);
const DIFFERENCE: usize = memory.data(32, 16);

/** DIFFERENCE = value − L over 256 bits; returns true when that borrowed, i.e. value < L. */
function subtractOrder(valuePtr: usize): bool {
  let borrow: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) {
    const word = load<u64>(valuePtr + i);
    const orderWord = load<u64>(ORDER + i);
    store<u64>(DIFFERENCE + i, word - orderWord - borrow);
    borrow = u64(word < orderWord) | (u64(word == orderWord) & borrow);
  }
  return borrow != 0;
}

/** RFC 8032 §5.1.7: S must be below L, or a signature would have more than one valid encoding. */
export function isCanonicalScalar(scalarPtr: usize): bool {
  return subtractOrder(scalarPtr);
}

/**
 * Writes (64-byte little-endian value at inPtr) mod L as 32 bytes at outPtr, one bit at a time
 * from the top: remainder = 2·remainder + bit, minus L when that reaches L. The remainder stays
 * below L < 2^253, so doubling it never leaves 256 bits.
 */
export function reduceScalar512(inPtr: usize, outPtr: usize): void {
  for (let i: usize = 0; i < 32; i += 8) store<u64>(REMAINDER + i, 0);
  for (let bit = 511; bit >= 0; bit--) {
    for (let i: usize = 24; i > 0; i -= 8) {
      store<u64>(REMAINDER + i, (load<u64>(REMAINDER + i) << 1) | (load<u64>(REMAINDER + i - 8) >>> 63));
    }
    const inBit = (load<u8>(inPtr + ((<usize>bit) >>> 3)) >>> ((<u8>bit) & 7)) & 1;
    store<u64>(REMAINDER, (load<u64>(REMAINDER) << 1) | (<u64>inBit));
    if (!subtractOrder(REMAINDER)) {
      for (let i: usize = 0; i < 32; i += 8) store<u64>(REMAINDER + i, load<u64>(DIFFERENCE + i));
    }
  }
  for (let i: usize = 0; i < 32; i += 8) store<u64>(outPtr + i, load<u64>(REMAINDER + i));
}
