// Points of edwards25519 (−x² + y² = 1 + d·x²·y², RFC 8032 §5.1) in extended coordinates:
//
//   +0   X   ┐
//   +64  Y   │ four field elements (ed25519-field.ts), x = X/Z, y = Y/Z, x·y = T/Z
//   +128 Z   │
//   +192 T   ┘  POINT_BYTES = 256
import { FIELD_BYTES, FIELD_ONE, FIELD_ZERO, feAdd, feCopy, feEqual, feMul, feSub } from "./ed25519-field";

export const POINT_BYTES: usize = 4 * FIELD_BYTES;

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

/** 2·d, d = −121665/121666 mod p, in radix-2^16 limbs. */
export const CURVE_D2: usize = memory.data<i32>([
  0xf159, 0x26b2, 0x9b94, 0xebd6, 0xb156, 0x8283, 0x149a, 0x00e0, 0xd130, 0xeef3, 0x80f2, 0x198e, 0xfce7, 0x56df,
  0xd9dc, 0x2406,
]);

/** The base point B of RFC 8032 §5.1 (y = 4/5, x even) with Z = 1 and T = x·y. */
export const BASE_POINT: usize = memory.data<i32>([
  0xd51a, 0x8f25, 0x2d60, 0xc956, 0xa7b2, 0x9525, 0xc760, 0x692c, 0xdc5c, 0xfdd6, 0xe231, 0xc0a4, 0x53fe, 0xcd6e,
  0x36d3, 0x2169, 0x6658, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666,
  0x6666, 0x6666, 0x6666, 0x6666, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xdda3, 0xa5b7, 0x8ab3, 0x6dde,
  0x52f5, 0x7751, 0x9f80, 0x20f0, 0xe37d, 0x64ab, 0x4e8e, 0x66ea, 0x7665, 0xd78b, 0x5f0f, 0x6787,
]);

const SUM_A: usize = memory.data(<i32>FIELD_BYTES, 16);
const SUM_B: usize = memory.data(<i32>FIELD_BYTES, 16);
const SUM_C: usize = memory.data(<i32>FIELD_BYTES, 16);
const SUM_D: usize = memory.data(<i32>FIELD_BYTES, 16);
const SUM_E: usize = memory.data(<i32>FIELD_BYTES, 16);

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

/**
 * out = p + q (RFC 8032 §5.1.4, "add-2008-hwcd-3"). The formula is complete on this curve (a = −1
 * is a square, d is not), so it also doubles (p = q) and handles the identity and small-order
 * points; one formula keeps the code small. Reads p and q fully before writing out, so any may alias.
 */
export function pointAdd(out: usize, p: usize, q: usize): void {
  feSub(SUM_A, pointY(p), pointX(p));
  feSub(SUM_E, pointY(q), pointX(q));
  feMul(SUM_A, SUM_A, SUM_E); // A = (Y1 − X1)(Y2 − X2)
  feAdd(SUM_B, pointY(p), pointX(p));
  feAdd(SUM_E, pointY(q), pointX(q));
  feMul(SUM_B, SUM_B, SUM_E); // B = (Y1 + X1)(Y2 + X2)
  feMul(SUM_C, pointT(p), pointT(q));
  feMul(SUM_C, SUM_C, CURVE_D2); // C = T1·2d·T2
  feMul(SUM_D, pointZ(p), pointZ(q));
  feAdd(SUM_D, SUM_D, SUM_D); // D = 2·Z1·Z2
  feSub(SUM_E, SUM_B, SUM_A); // E = B − A
  feAdd(SUM_B, SUM_B, SUM_A); // H = B + A
  feSub(SUM_A, SUM_D, SUM_C); // F = D − C
  feAdd(SUM_D, SUM_D, SUM_C); // G = D + C
  feMul(pointX(out), SUM_E, SUM_A); // X3 = E·F
  feMul(pointY(out), SUM_D, SUM_B); // Y3 = G·H
  feMul(pointT(out), SUM_E, SUM_B); // T3 = E·H
  feMul(pointZ(out), SUM_A, SUM_D); // Z3 = F·G
}

/** Same point: X1·Z2 = X2·Z1 and Y1·Z2 = Y2·Z1 (no inversion needed). */
export function pointEqual(p: usize, q: usize): bool {
  feMul(SUM_A, pointX(p), pointZ(q));
  feMul(SUM_B, pointX(q), pointZ(p));
  if (!feEqual(SUM_A, SUM_B)) return false;
  feMul(SUM_A, pointY(p), pointZ(q));
  feMul(SUM_B, pointY(q), pointZ(p));
  return feEqual(SUM_A, SUM_B);
}
