// Products in the field of ed25519-field.ts (radix 2^25.5, 10 i32 limbs; the bounds that keep
// every i64 column below 2^61 are stated there). Written out term by term, as ref10's fe_mul and
// fe_sq: the limbs stay in locals, so the translated code multiplies registers (32×32→64) and
// touches memory only to load the inputs and store the result. Each ends in the same carry chain
// as feCarry in ed25519-field.ts, in i64.

/**
 * out = a·b. Limb k collects f[i]·g[j] for i + j = k, and 19·f[i]·g[j] for i + j = k + 10; a
 * product of two odd limbs counts twice (its weight is one bit above limb k's). Written out.
 */
export function feMul(out: usize, a: usize, b: usize): void {
  const f0 = load<i32>(a, 0);
  const f1 = load<i32>(a, 4);
  const f2 = load<i32>(a, 8);
  const f3 = load<i32>(a, 12);
  const f4 = load<i32>(a, 16);
  const f5 = load<i32>(a, 20);
  const f6 = load<i32>(a, 24);
  const f7 = load<i32>(a, 28);
  const f8 = load<i32>(a, 32);
  const f9 = load<i32>(a, 36);
  const g0 = load<i32>(b, 0);
  const g1 = load<i32>(b, 4);
  const g2 = load<i32>(b, 8);
  const g3 = load<i32>(b, 12);
  const g4 = load<i32>(b, 16);
  const g5 = load<i32>(b, 20);
  const g6 = load<i32>(b, 24);
  const g7 = load<i32>(b, 28);
  const g8 = load<i32>(b, 32);
  const g9 = load<i32>(b, 36);
  const f1_2: i32 = f1 * 2;
  const g1_19: i32 = g1 * 19;
  const g2_19: i32 = g2 * 19;
  const f3_2: i32 = f3 * 2;
  const g3_19: i32 = g3 * 19;
  const g4_19: i32 = g4 * 19;
  const f5_2: i32 = f5 * 2;
  const g5_19: i32 = g5 * 19;
  const g6_19: i32 = g6 * 19;
  const f7_2: i32 = f7 * 2;
  const g7_19: i32 = g7 * 19;
  const g8_19: i32 = g8 * 19;
  const f9_2: i32 = f9 * 2;
  const g9_19: i32 = g9 * 19;
  let h0: i64 =
    <i64>f0 * <i64>g0 +
    <i64>f1_2 * <i64>g9_19 +
    <i64>f2 * <i64>g8_19 +
    <i64>f3_2 * <i64>g7_19 +
    <i64>f4 * <i64>g6_19 +
    <i64>f5_2 * <i64>g5_19 +
    <i64>f6 * <i64>g4_19 +
    <i64>f7_2 * <i64>g3_19 +
    <i64>f8 * <i64>g2_19 +
    <i64>f9_2 * <i64>g1_19;
  let h1: i64 =
    <i64>f0 * <i64>g1 +
    <i64>f1 * <i64>g0 +
    <i64>f2 * <i64>g9_19 +
    <i64>f3 * <i64>g8_19 +
    <i64>f4 * <i64>g7_19 +
    <i64>f5 * <i64>g6_19 +
    <i64>f6 * <i64>g5_19 +
    <i64>f7 * <i64>g4_19 +
    <i64>f8 * <i64>g3_19 +
    <i64>f9 * <i64>g2_19;
  let h2: i64 =
    <i64>f0 * <i64>g2 +
    <i64>f1_2 * <i64>g1 +
    <i64>f2 * <i64>g0 +
    <i64>f3_2 * <i64>g9_19 +
    <i64>f4 * <i64>g8_19 +
    <i64>f5_2 * <i64>g7_19 +
    <i64>f6 * <i64>g6_19 +
    <i64>f7_2 * <i64>g5_19 +
    <i64>f8 * <i64>g4_19 +
    <i64>f9_2 * <i64>g3_19;
  let h3: i64 =
    <i64>f0 * <i64>g3 +
    <i64>f1 * <i64>g2 +
    <i64>f2 * <i64>g1 +
    <i64>f3 * <i64>g0 +
    <i64>f4 * <i64>g9_19 +
    <i64>f5 * <i64>g8_19 +
    <i64>f6 * <i64>g7_19 +
    <i64>f7 * <i64>g6_19 +
    <i64>f8 * <i64>g5_19 +
    <i64>f9 * <i64>g4_19;
  let h4: i64 =
    <i64>f0 * <i64>g4 +
    <i64>f1_2 * <i64>g3 +
    <i64>f2 * <i64>g2 +
    <i64>f3_2 * <i64>g1 +
    <i64>f4 * <i64>g0 +
    <i64>f5_2 * <i64>g9_19 +
    <i64>f6 * <i64>g8_19 +
    <i64>f7_2 * <i64>g7_19 +
    <i64>f8 * <i64>g6_19 +
    <i64>f9_2 * <i64>g5_19;
  let h5: i64 =
    <i64>f0 * <i64>g5 +
    <i64>f1 * <i64>g4 +
    <i64>f2 * <i64>g3 +
    <i64>f3 * <i64>g2 +
    <i64>f4 * <i64>g1 +
    <i64>f5 * <i64>g0 +
    <i64>f6 * <i64>g9_19 +
    <i64>f7 * <i64>g8_19 +
    <i64>f8 * <i64>g7_19 +
    <i64>f9 * <i64>g6_19;
  let h6: i64 =
    <i64>f0 * <i64>g6 +
    <i64>f1_2 * <i64>g5 +
    <i64>f2 * <i64>g4 +
    <i64>f3_2 * <i64>g3 +
    <i64>f4 * <i64>g2 +
    <i64>f5_2 * <i64>g1 +
    <i64>f6 * <i64>g0 +
    <i64>f7_2 * <i64>g9_19 +
    <i64>f8 * <i64>g8_19 +
    <i64>f9_2 * <i64>g7_19;
  let h7: i64 =
    <i64>f0 * <i64>g7 +
    <i64>f1 * <i64>g6 +
    <i64>f2 * <i64>g5 +
    <i64>f3 * <i64>g4 +
    <i64>f4 * <i64>g3 +
    <i64>f5 * <i64>g2 +
    <i64>f6 * <i64>g1 +
    <i64>f7 * <i64>g0 +
    <i64>f8 * <i64>g9_19 +
    <i64>f9 * <i64>g8_19;
  let h8: i64 =
    <i64>f0 * <i64>g8 +
    <i64>f1_2 * <i64>g7 +
    <i64>f2 * <i64>g6 +
    <i64>f3_2 * <i64>g5 +
    <i64>f4 * <i64>g4 +
    <i64>f5_2 * <i64>g3 +
    <i64>f6 * <i64>g2 +
    <i64>f7_2 * <i64>g1 +
    <i64>f8 * <i64>g0 +
    <i64>f9_2 * <i64>g9_19;
  let h9: i64 =
    <i64>f0 * <i64>g9 +
    <i64>f1 * <i64>g8 +
    <i64>f2 * <i64>g7 +
    <i64>f3 * <i64>g6 +
    <i64>f4 * <i64>g5 +
    <i64>f5 * <i64>g4 +
    <i64>f6 * <i64>g3 +
    <i64>f7 * <i64>g2 +
    <i64>f8 * <i64>g1 +
    <i64>f9 * <i64>g0;
  let c: i64 = (h0 + (1 << 25)) >> 26;
  h1 += c;
  h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26;
  h5 += c;
  h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25;
  h2 += c;
  h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25;
  h6 += c;
  h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26;
  h3 += c;
  h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26;
  h7 += c;
  h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25;
  h4 += c;
  h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25;
  h8 += c;
  h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26;
  h5 += c;
  h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26;
  h9 += c;
  h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25;
  h0 += c * 19;
  h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26;
  h1 += c;
  h0 -= c << 26;
  store<i32>(out, <i32>h0, 0);
  store<i32>(out, <i32>h1, 4);
  store<i32>(out, <i32>h2, 8);
  store<i32>(out, <i32>h3, 12);
  store<i32>(out, <i32>h4, 16);
  store<i32>(out, <i32>h5, 20);
  store<i32>(out, <i32>h6, 24);
  store<i32>(out, <i32>h7, 28);
  store<i32>(out, <i32>h8, 32);
  store<i32>(out, <i32>h9, 36);
}

/** out = a², the products of feMul with f[i]·f[j] = f[j]·f[i] taken once and doubled (55 instead of 100). */
export function feSquare(out: usize, a: usize): void {
  const f0 = load<i32>(a, 0);
  const f1 = load<i32>(a, 4);
  const f2 = load<i32>(a, 8);
  const f3 = load<i32>(a, 12);
  const f4 = load<i32>(a, 16);
  const f5 = load<i32>(a, 20);
  const f6 = load<i32>(a, 24);
  const f7 = load<i32>(a, 28);
  const f8 = load<i32>(a, 32);
  const f9 = load<i32>(a, 36);
  const f0_2: i32 = f0 * 2;
  const f1_2: i32 = f1 * 2;
  const f1_4: i32 = f1 * 4;
  const f2_2: i32 = f2 * 2;
  const f3_2: i32 = f3 * 2;
  const f3_4: i32 = f3 * 4;
  const f4_2: i32 = f4 * 2;
  const f5_19: i32 = f5 * 19;
  const f5_2: i32 = f5 * 2;
  const f5_4: i32 = f5 * 4;
  const f6_19: i32 = f6 * 19;
  const f6_2: i32 = f6 * 2;
  const f7_19: i32 = f7 * 19;
  const f7_2: i32 = f7 * 2;
  const f7_4: i32 = f7 * 4;
  const f8_19: i32 = f8 * 19;
  const f8_2: i32 = f8 * 2;
  const f9_19: i32 = f9 * 19;
  const f9_2: i32 = f9 * 2;
  let h0: i64 =
    <i64>f0 * <i64>f0 +
    <i64>f1_4 * <i64>f9_19 +
    <i64>f2_2 * <i64>f8_19 +
    <i64>f3_4 * <i64>f7_19 +
    <i64>f4_2 * <i64>f6_19 +
    <i64>f5_2 * <i64>f5_19;
  let h1: i64 =
    <i64>f0_2 * <i64>f1 +
    <i64>f2_2 * <i64>f9_19 +
    <i64>f3_2 * <i64>f8_19 +
    <i64>f4_2 * <i64>f7_19 +
    <i64>f5_2 * <i64>f6_19;
  let h2: i64 =
    <i64>f0_2 * <i64>f2 +
    <i64>f1_2 * <i64>f1 +
    <i64>f3_4 * <i64>f9_19 +
    <i64>f4_2 * <i64>f8_19 +
    <i64>f5_4 * <i64>f7_19 +
    <i64>f6 * <i64>f6_19;
  let h3: i64 =
    <i64>f0_2 * <i64>f3 +
    <i64>f1_2 * <i64>f2 +
    <i64>f4_2 * <i64>f9_19 +
    <i64>f5_2 * <i64>f8_19 +
    <i64>f6_2 * <i64>f7_19;
  let h4: i64 =
    <i64>f0_2 * <i64>f4 +
    <i64>f1_4 * <i64>f3 +
    <i64>f2 * <i64>f2 +
    <i64>f5_4 * <i64>f9_19 +
    <i64>f6_2 * <i64>f8_19 +
    <i64>f7_2 * <i64>f7_19;
  let h5: i64 =
    <i64>f0_2 * <i64>f5 + <i64>f1_2 * <i64>f4 + <i64>f2_2 * <i64>f3 + <i64>f6_2 * <i64>f9_19 + <i64>f7_2 * <i64>f8_19;
  let h6: i64 =
    <i64>f0_2 * <i64>f6 +
    <i64>f1_4 * <i64>f5 +
    <i64>f2_2 * <i64>f4 +
    <i64>f3_2 * <i64>f3 +
    <i64>f7_4 * <i64>f9_19 +
    <i64>f8 * <i64>f8_19;
  let h7: i64 =
    <i64>f0_2 * <i64>f7 + <i64>f1_2 * <i64>f6 + <i64>f2_2 * <i64>f5 + <i64>f3_2 * <i64>f4 + <i64>f8_2 * <i64>f9_19;
  let h8: i64 =
    <i64>f0_2 * <i64>f8 +
    <i64>f1_4 * <i64>f7 +
    <i64>f2_2 * <i64>f6 +
    <i64>f3_4 * <i64>f5 +
    <i64>f4 * <i64>f4 +
    <i64>f9_2 * <i64>f9_19;
  let h9: i64 =
    <i64>f0_2 * <i64>f9 + <i64>f1_2 * <i64>f8 + <i64>f2_2 * <i64>f7 + <i64>f3_2 * <i64>f6 + <i64>f4_2 * <i64>f5;
  let c: i64 = (h0 + (1 << 25)) >> 26;
  h1 += c;
  h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26;
  h5 += c;
  h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25;
  h2 += c;
  h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25;
  h6 += c;
  h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26;
  h3 += c;
  h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26;
  h7 += c;
  h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25;
  h4 += c;
  h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25;
  h8 += c;
  h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26;
  h5 += c;
  h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26;
  h9 += c;
  h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25;
  h0 += c * 19;
  h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26;
  h1 += c;
  h0 -= c << 26;
  store<i32>(out, <i32>h0, 0);
  store<i32>(out, <i32>h1, 4);
  store<i32>(out, <i32>h2, 8);
  store<i32>(out, <i32>h3, 12);
  store<i32>(out, <i32>h4, 16);
  store<i32>(out, <i32>h5, 20);
  store<i32>(out, <i32>h6, 24);
  store<i32>(out, <i32>h7, 28);
  store<i32>(out, <i32>h8, 32);
  store<i32>(out, <i32>h9, 36);
}
