// The Ed25519 base point's odd multiples B, 3B, …, 15B in the firmware's table layout
// (firmware/crypto/ed25519-base-table.ts: per point y + x, y − x, 2d·x·y, each as 10 i32 limbs of
// radix 2^25.5), computed here with BigInt from RFC 8032 §5.1 alone: an independent oracle.
const P = 2n ** 255n - 19n;
const mod = (v: bigint): bigint => ((v % P) + P) % P;
function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}
const inverse = (v: bigint): bigint => power(v, P - 2n);
const D = mod(-121665n * inverse(121666n));
const SQRT_MINUS_ONE = power(2n, (P - 1n) / 4n);

/** Limb i starts at bit (51·i + 1) / 2 and is 26 bits wide when i is even, 25 when odd. */
const LIMB_SHIFTS = Array.from({ length: 10 }, (_, i) => (51 * i + 1) >> 1);
const LIMB_BITS = Array.from({ length: 10 }, (_, i) => 26 - (i & 1));

export function fieldLimbs(value: bigint): number[] {
  const v = mod(value);
  return LIMB_SHIFTS.map((shift, i) => Number((v >> BigInt(shift)) & ((1n << BigInt(LIMB_BITS[i]!)) - 1n)));
}

function basePoint(): [bigint, bigint] {
  const y = mod(4n * inverse(5n));
  const xx = mod((y * y - 1n) * inverse(D * y * y + 1n));
  let x = power(xx, (P + 3n) / 8n);
  if (mod(x * x - xx) !== 0n) x = mod(x * SQRT_MINUS_ONE);
  if (x & 1n) x = P - x;
  return [x, y];
}

function add([x1, y1]: [bigint, bigint], [x2, y2]: [bigint, bigint]): [bigint, bigint] {
  const t = mod(D * x1 * x2 * y1 * y2);
  return [mod((x1 * y2 + x2 * y1) * inverse(1n + t)), mod((y1 * y2 + x1 * x2) * inverse(1n - t))];
}

/** The 240 limbs of the table, in memory order. */
export function baseMultiplesLimbs(): number[] {
  const b = basePoint();
  const twice = add(b, b);
  const limbs: number[] = [];
  let point = b;
  for (let j = 0; j < 8; j++) {
    const [x, y] = point;
    limbs.push(...fieldLimbs(y + x), ...fieldLimbs(y - x), ...fieldLimbs(2n * D * x * y));
    point = add(point, twice);
  }
  return limbs;
}
