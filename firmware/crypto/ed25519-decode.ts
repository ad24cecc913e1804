// Point decoding, RFC 8032 §5.1.3: 32 bytes = y (255 bits, little-endian) and the sign bit of x.
// Rejects, as the RFC requires: y ≥ p, y with no matching x (u/v not a square), and x = 0 with the
// sign bit set (the only other non-canonical encodings). Small-order points are accepted: the RFC
// does not exclude them (docs/decisions/0008-ed25519-in-firmware.md).
import {
  FIELD_BYTES,
  FIELD_ONE,
  FIELD_ZERO,
  feAdd,
  feCopy,
  feEqual,
  feFromBytes,
  feIsNegative,
  feIsZero,
  feMul,
  fePow2523,
  feSquare,
  feSub,
  feToBytes,
} from "./ed25519-field";
import { pointT, pointX, pointY, pointZ } from "./ed25519-point";

/** d = −121665/121666 mod p. */
export const CURVE_D: usize = memory.data<i32>([
  0x35978a3, 0xd37284, 0x3156ebd, 0x6a0a0e, 0x1c029, 0x179e898, 0x3a03cbb, 0x1ce7198, 0x2e2b6ff, 0x1480db3,
]);

/** 2^((p − 1)/4) mod p, a square root of −1. */
export const SQRT_MINUS_ONE: usize = memory.data<i32>([
  0x20ea0b0, 0x186c9d2, 0x8f189d, 0x35697f, 0xbd0c60, 0x1fbd7a7, 0x2804c9e, 0x1e16569, 0x4fc1d, 0xae0c92,
]);

const NUMERATOR: usize = memory.data(<i32>FIELD_BYTES, 16); // u = y² − 1
const DENOMINATOR: usize = memory.data(<i32>FIELD_BYTES, 16); // v = d·y² + 1
const DENOMINATOR_CUBED: usize = memory.data(<i32>FIELD_BYTES, 16);
const CHECK: usize = memory.data(<i32>FIELD_BYTES, 16);
const REENCODED: usize = memory.data(32, 16);

/** Decodes the point encoded at bytesPtr into out (Z = 1); false if the encoding is invalid. */
export function pointDecode(out: usize, bytesPtr: usize): bool {
  const x = pointX(out);
  const y = pointY(out);
  feFromBytes(y, bytesPtr);
  // y < p exactly when re-encoding y gives back the 255 bits that were read.
  feToBytes(REENCODED, y);
  for (let i: usize = 0; i < 32; i++) {
    const read = i == 31 ? load<u8>(bytesPtr + i) & 0x7f : load<u8>(bytesPtr + i);
    if (load<u8>(REENCODED + i) != read) return false;
  }
  const sign = load<u8>(bytesPtr + 31) >>> 7 != 0;

  feSquare(NUMERATOR, y);
  feMul(DENOMINATOR, NUMERATOR, CURVE_D);
  feSub(NUMERATOR, NUMERATOR, FIELD_ONE);
  feAdd(DENOMINATOR, DENOMINATOR, FIELD_ONE);

  // Candidate root x = u·v³·(u·v⁷)^((p − 5)/8).
  feSquare(DENOMINATOR_CUBED, DENOMINATOR);
  feMul(DENOMINATOR_CUBED, DENOMINATOR_CUBED, DENOMINATOR);
  feSquare(x, DENOMINATOR_CUBED);
  feMul(x, x, DENOMINATOR);
  feMul(x, x, NUMERATOR);
  fePow2523(x, x);
  feMul(x, x, DENOMINATOR_CUBED);
  feMul(x, x, NUMERATOR);

  // v·x² = u: x is a root; v·x² = −u: x·√−1 is; otherwise u/v is not a square.
  feSquare(CHECK, x);
  feMul(CHECK, CHECK, DENOMINATOR);
  if (!feEqual(CHECK, NUMERATOR)) {
    feAdd(CHECK, CHECK, NUMERATOR);
    if (!feIsZero(CHECK)) return false;
    feMul(x, x, SQRT_MINUS_ONE);
  }

  if (feIsZero(x)) {
    if (sign) return false;
  } else if (feIsNegative(x) != sign) {
    feSub(x, FIELD_ZERO, x);
  }
  feCopy(pointZ(out), FIELD_ONE);
  feMul(pointT(out), x, y);
  return true;
}
