// [a]P + [b]Q in one pass (Straus–Shamir): one doubling per bit and at most one addition, taken
// from a three-entry table {P, Q, P + Q}. A plain loop, no recursion and no allocation; public
// scalars only (verification), so the bit-dependent branches are acceptable.
import { POINT_BYTES, pointAdd, pointCopy, pointSetIdentity } from "./ed25519-point";

const TABLE: usize = memory.data(3 * <i32>POINT_BYTES, 16);

// @ts-ignore: decorator
@inline function scalarBit(scalarPtr: usize, bit: i32): i32 {
  return ((<i32>load<u8>(scalarPtr + ((<usize>bit) >>> 3))) >>> (bit & 7)) & 1;
}

/** out = [a]P + [b]Q for 32-byte little-endian scalars a, b. out must not alias P or Q. */
export function doubleScalarMultiply(out: usize, aScalarPtr: usize, p: usize, bScalarPtr: usize, q: usize): void {
  pointCopy(TABLE, p);
  pointCopy(TABLE + POINT_BYTES, q);
  pointAdd(TABLE + 2 * POINT_BYTES, p, q);
  pointSetIdentity(out);
  for (let bit = 255; bit >= 0; bit--) {
    pointAdd(out, out, out);
    const index = scalarBit(aScalarPtr, bit) | (scalarBit(bScalarPtr, bit) << 1);
    if (index != 0) pointAdd(out, out, TABLE + <usize>(index - 1) * POINT_BYTES);
  }
}
