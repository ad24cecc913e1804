// Points of edwards25519 (−x² + y² = 1 + d·x²·y², RFC 8032 §5.1), in the representations of
// ref10 (SUPERCOP), each a run of field elements (ed25519-field.ts, FIELD_BYTES each):
//
//   point     +0 X  +40 Y  +80 Z  +120 T   extended: x = X/Z, y = Y/Z, x·y = T/Z (POINT_BYTES)
//   completed +0 X  +40 Y  +80 Z  +120 T   x = X/Z, y = Y/T: what an addition or doubling yields
//   cached    +0 Y+X  +40 Y−X  +80 Z  +120 2d·T   a point prepared to be added (CACHED_BYTES)
//   Niels     +0 y+x  +40 y−x  +80 2d·x·y        an affine point prepared (ed25519-base-table.ts)
//
// A completed point becomes extended with 4 products, or projective (X, Y, Z only, T left stale)
// with 3 when the next step is a doubling, which reads X, Y, Z only. The addition formula
// ("add-2008-hwcd-3") is complete on this curve (a = −1 is a square, d is not): it also doubles
// and handles the identity and small-order points. Public data only: nothing is constant-time.
import { FIELD_BYTES, FIELD_ONE, FIELD_ZERO, feAdd, feCopy, feEqual, feMul, feSquare, feSub } from "./ed25519-field";

export const POINT_BYTES: usize = 4 * FIELD_BYTES;
export const CACHED_BYTES: usize = 4 * FIELD_BYTES;

// @ts-ignore: decorator
@inline export function pointX(p: usize): usize {
  return p;
}
// @ts-ignore: decorator
@inline export function pointY(p: usize): usize {
  return p + FIELD_BYTES;
}
// @ts-ignore: decorator
@inline export function pointZ(p: usize): usize {
  return p + 2 * FIELD_BYTES;
}
// @ts-ignore: decorator
@inline export function pointT(p: usize): usize {
  return p + 3 * FIELD_BYTES;
}

/** 2·d, d = −121665/121666 mod p. */
export const CURVE_D2: usize = memory.data<i32>([
  0x2b2f159, 0x1a6e509, 0x22add7a, 0xd4141d, 0x38052, 0xf3d130, 0x3407977, 0x19ce331, 0x1c56dff, 0x901b67,
]);

const SUM_A: usize = memory.data(<i32>FIELD_BYTES, 16);
const SUM_B: usize = memory.data(<i32>FIELD_BYTES, 16);
const COMPLETED: usize = memory.data(<i32>POINT_BYTES, 16);
const CACHED: usize = memory.data(<i32>CACHED_BYTES, 16);

export function pointCopy(out: usize, p: usize): void {
  for (let i: usize = 0; i < POINT_BYTES; i += FIELD_BYTES) feCopy(out + i, p + i);
}

/** The neutral element (0, 1). */
export function pointSetIdentity(out: usize): void {
  feCopy(pointX(out), FIELD_ZERO);
  feCopy(pointY(out), FIELD_ONE);
  feCopy(pointZ(out), FIELD_ONE);
  feCopy(pointT(out), FIELD_ZERO);
}

export function pointNegate(out: usize, p: usize): void {
  feSub(pointX(out), FIELD_ZERO, pointX(p));
  feCopy(pointY(out), pointY(p));
  feCopy(pointZ(out), pointZ(p));
  feSub(pointT(out), FIELD_ZERO, pointT(p));
}

/** out (cached) = p prepared for additions: Y + X, Y − X, Z, 2d·T. */
export function pointToCached(out: usize, p: usize): void {
  feAdd(out, pointY(p), pointX(p));
  feSub(out + FIELD_BYTES, pointY(p), pointX(p));
  feCopy(out + 2 * FIELD_BYTES, pointZ(p));
  feMul(out + 3 * FIELD_BYTES, pointT(p), CURVE_D2);
}

/**
 * out (completed) = p ± q, q given as Y+X, Y−X, 2d·T and Z — a cached point, or a Niels point
 * when qZ is 0 (Z = 1, one product saved). Subtracting swaps Y+X with Y−X and the signs of the
 * last step (−q = (−x, y)). out must not alias p.
 */
export function completedAdd(
  out: usize,
  p: usize,
  qYPlusX: usize,
  qYMinusX: usize,
  qZ: usize,
  qT2d: usize,
  subtract: bool,
): void {
  const x = pointX(out);
  const y = pointY(out);
  const z = pointZ(out);
  const t = pointT(out);
  feAdd(SUM_A, pointY(p), pointX(p));
  feSub(SUM_B, pointY(p), pointX(p));
  feMul(z, SUM_A, subtract ? qYMinusX : qYPlusX); // A = (Y1 + X1)(Y2 ± X2)
  feMul(y, SUM_B, subtract ? qYPlusX : qYMinusX); // B = (Y1 − X1)(Y2 ∓ X2)
  feMul(t, qT2d, pointT(p)); // C = 2d·T1·T2
  if (qZ == 0) {
    feAdd(SUM_A, pointZ(p), pointZ(p)); // D = 2·Z1
  } else {
    feMul(SUM_A, pointZ(p), qZ);
    feAdd(SUM_A, SUM_A, SUM_A); // D = 2·Z1·Z2
  }
  feSub(x, z, y); // E = A − B
  feAdd(y, z, y); // H = A + B
  if (subtract) {
    feSub(z, SUM_A, t); // G = D − C
    feAdd(t, SUM_A, t); // F = D + C
  } else {
    feAdd(z, SUM_A, t); // G = D + C
    feSub(t, SUM_A, t); // F = D − C
  }
}

/** out (completed) = 2p, reading X, Y, Z of p only (ref10's ge_p2_dbl). out must not alias p. */
export function completedDouble(out: usize, p: usize): void {
  const x = pointX(out);
  const y = pointY(out);
  const z = pointZ(out);
  const t = pointT(out);
  feSquare(x, pointX(p)); // X²
  feSquare(z, pointY(p)); // Y²
  feSquare(t, pointZ(p));
  feAdd(t, t, t); // 2Z²
  feAdd(y, pointX(p), pointY(p));
  feSquare(SUM_A, y); // (X + Y)²
  feAdd(y, z, x); // Y² + X²
  feSub(z, z, x); // Y² − X²
  feSub(x, SUM_A, y); // 2XY
  feSub(t, t, z); // 2Z² − (Y² − X²)
}

/** out (extended) = the completed point c. out must not alias c. */
export function completedToPoint(out: usize, c: usize): void {
  feMul(pointX(out), pointX(c), pointT(c));
  feMul(pointY(out), pointY(c), pointZ(c));
  feMul(pointZ(out), pointZ(c), pointT(c));
  feMul(pointT(out), pointX(c), pointY(c));
}

/** X, Y, Z of out = the completed point c; T of out is left stale (only a doubling may follow). */
export function completedToProjective(out: usize, c: usize): void {
  feMul(pointX(out), pointX(c), pointT(c));
  feMul(pointY(out), pointY(c), pointZ(c));
  feMul(pointZ(out), pointZ(c), pointT(c));
}

/** out = p + q for extended points; any of them may alias. */
export function pointAdd(out: usize, p: usize, q: usize): void {
  pointToCached(CACHED, q);
  completedAdd(COMPLETED, p, CACHED, CACHED + FIELD_BYTES, CACHED + 2 * FIELD_BYTES, CACHED + 3 * FIELD_BYTES, false);
  completedToPoint(out, COMPLETED);
}

/** Same point: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1 (no inversion needed; T is not read). */
export function pointEqual(p: usize, q: usize): bool {
  feMul(SUM_A, pointX(p), pointZ(q));
  feMul(SUM_B, pointX(q), pointZ(p));
  if (!feEqual(SUM_A, SUM_B)) return false;
  feMul(SUM_A, pointY(p), pointZ(q));
  feMul(SUM_B, pointY(q), pointZ(p));
  return feEqual(SUM_A, SUM_B);
}
