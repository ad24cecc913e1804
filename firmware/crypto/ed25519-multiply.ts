// [a]A + [b]B, B the base point, in one pass (Straus–Shamir with signed sliding windows, ref10's
// ge_double_scalarmult_vartime): each scalar is rewritten as digits in {0, ±1, ±3, …, ±15} with
// at least four zeros between two non-zero digits, so one shared doubling per bit and, on
// average, one addition per six bits per scalar. The multiples of A are computed here (8
// additions); those of B come from a constant table (ed25519-base-table.ts). No recursion, no
// allocation; public scalars only (verification), so the digit-dependent branches are acceptable.
// Why and what it costs: docs/decisions/0017-ed25519-speed.md.
import { BASE_MULTIPLES, NIELS_BYTES } from "./ed25519-base-table";
import { FIELD_BYTES } from "./ed25519-field";
import {
  CACHED_BYTES,
  POINT_BYTES,
  completedAdd,
  completedDouble,
  completedToPoint,
  completedToProjective,
  pointSetIdentity,
  pointToCached,
} from "./ed25519-point";

const WINDOW_MAX_DIGIT: i32 = 15;
const A_MULTIPLES: usize = memory.data(8 * <i32>CACHED_BYTES, 16); // A, 3A, …, 15A, cached
const A_DIGITS: usize = memory.data(256, 16);
const B_DIGITS: usize = memory.data(256, 16);
const COMPLETED: usize = memory.data(<i32>POINT_BYTES, 16);
const EXTENDED: usize = memory.data(<i32>POINT_BYTES, 16);
const DOUBLE_A: usize = memory.data(<i32>POINT_BYTES, 16);

/**
 * Signed digits of a 256-bit scalar whose top bit is clear (S < L, k < L < 2^253): digit i
 * (i8 at out + i) has weight 2^i, the digits sum to the scalar, and every non-zero digit is odd
 * with |digit| ≤ 15 (ref10's slide).
 */
function slide(out: usize, scalarPtr: usize): void {
  for (let i = 0; i < 256; i++) {
    store<i8>(out + <usize>i, <i8>((load<u8>(scalarPtr + <usize>(i >> 3)) >> (<u8>(i & 7))) & 1));
  }
  for (let i = 0; i < 256; i++) {
    if (load<i8>(out + <usize>i) == 0) continue;
    for (let b = 1; b <= 6 && i + b < 256; b++) {
      const next = <i32>load<i8>(out + <usize>(i + b));
      if (next == 0) continue;
      const here = <i32>load<i8>(out + <usize>i);
      if (here + (next << b) <= WINDOW_MAX_DIGIT) {
        store<i8>(out + <usize>i, <i8>(here + (next << b)));
        store<i8>(out + <usize>(i + b), 0);
      } else if (here - (next << b) >= -WINDOW_MAX_DIGIT) {
        store<i8>(out + <usize>i, <i8>(here - (next << b)));
        for (let k = i + b; k < 256; k++) {
          if (load<i8>(out + <usize>k) == 0) {
            store<i8>(out + <usize>k, 1);
            break;
          }
          store<i8>(out + <usize>k, 0);
        }
      } else {
        break;
      }
    }
  }
}

/** A_MULTIPLES[j] = (2j + 1)·A, cached. */
function prepareMultiplesOfA(a: usize): void {
  pointToCached(A_MULTIPLES, a);
  completedDouble(COMPLETED, a);
  completedToPoint(DOUBLE_A, COMPLETED);
  for (let j: usize = 1; j < 8; j++) {
    const previous = A_MULTIPLES + (j - 1) * CACHED_BYTES;
    completedAdd(
      COMPLETED,
      DOUBLE_A,
      previous,
      previous + FIELD_BYTES,
      previous + 2 * FIELD_BYTES,
      previous + 3 * FIELD_BYTES,
      false,
    );
    completedToPoint(EXTENDED, COMPLETED);
    pointToCached(A_MULTIPLES + j * CACHED_BYTES, EXTENDED);
  }
}

/**
 * out = [a]A + [b]B for 32-byte little-endian scalars a, b below 2^255 (the caller passes
 * scalars below L). X, Y and Z of out are set; its T is not (pointEqual reads X, Y, Z only).
 */
export function doubleScalarMultiplyBase(out: usize, aScalarPtr: usize, a: usize, bScalarPtr: usize): void {
  slide(A_DIGITS, aScalarPtr);
  slide(B_DIGITS, bScalarPtr);
  prepareMultiplesOfA(a);
  pointSetIdentity(out);
  let top = 255;
  while (top >= 0 && load<i8>(A_DIGITS + <usize>top) == 0 && load<i8>(B_DIGITS + <usize>top) == 0) top--;
  for (let i = top; i >= 0; i--) {
    completedDouble(COMPLETED, out);
    const aDigit = <i32>load<i8>(A_DIGITS + <usize>i);
    const bDigit = <i32>load<i8>(B_DIGITS + <usize>i);
    if (aDigit != 0) {
      completedToPoint(EXTENDED, COMPLETED);
      const entry = A_MULTIPLES + <usize>((aDigit < 0 ? -aDigit : aDigit) >> 1) * CACHED_BYTES;
      completedAdd(
        COMPLETED,
        EXTENDED,
        entry,
        entry + FIELD_BYTES,
        entry + 2 * FIELD_BYTES,
        entry + 3 * FIELD_BYTES,
        aDigit < 0,
      );
    }
    if (bDigit != 0) {
      completedToPoint(EXTENDED, COMPLETED);
      const entry = BASE_MULTIPLES + <usize>((bDigit < 0 ? -bDigit : bDigit) >> 1) * NIELS_BYTES;
      completedAdd(COMPLETED, EXTENDED, entry, entry + FIELD_BYTES, 0, entry + 2 * FIELD_BYTES, bDigit < 0);
    }
    completedToProjective(out, COMPLETED);
  }
}
