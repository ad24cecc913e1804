import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { i64, loadTestkit, type Testkit, u64 } from "./testkit.ts";

const U64_MAX = (1n << 64n) - 1n;
const SATURATED = (1n << 63n) - 1n;
const MASK64 = U64_MAX;

// Values biased toward the edges: small, around 2^32, around 2^63, near 2^64.
const u64Arb = fc.oneof(
  fc.bigInt({ min: 0n, max: U64_MAX }),
  fc.bigInt({ min: 0n, max: 1n << 33n }),
  fc.constantFrom(
    0n,
    1n,
    2n,
    (1n << 32n) - 1n,
    1n << 32n,
    (1n << 32n) + 1n,
    SATURATED,
    1n << 63n,
    U64_MAX - 1n,
    U64_MAX,
  ),
);

let kit: Testkit;
beforeAll(() => {
  kit = loadTestkit();
});

describe("REQ-ENG-040 u128 arithmetic against BigInt", () => {
  it("mul64 gives the exact 128-bit product", () => {
    fc.assert(
      fc.property(u64Arb, u64Arb, (a, b) => {
        kit.testMul64(i64(a), i64(b));
        const product = (u64(kit.mulResultHi()) << 64n) | u64(kit.mulResultLo());
        expect(product).toBe(a * b);
      }),
      { numRuns: 5000 },
    );
  });

  it("compare128 orders 128-bit values", () => {
    fc.assert(
      fc.property(u64Arb, u64Arb, u64Arb, u64Arb, (aHi, aLo, bHi, bLo) => {
        const a = (aHi << 64n) | aLo;
        const b = (bHi << 64n) | bLo;
        expect(kit.testCompare128(i64(aHi), i64(aLo), i64(bHi), i64(bLo))).toBe(a > b ? 1 : a < b ? -1 : 0);
        expect(kit.testCompare128(i64(aHi), i64(aLo), i64(aHi), i64(aLo))).toBe(0);
      }),
      { numRuns: 5000 },
    );
  });

  it("divFloorSaturated is floor(N / d) saturated at 2^63 − 1", () => {
    const check = (n: bigint, d: bigint) => {
      const expected = n / d > SATURATED ? SATURATED : n / d;
      expect(u64(kit.testDivFloorSaturated(i64(n >> 64n), i64(n & MASK64), i64(d)))).toBe(expected);
    };
    fc.assert(
      fc.property(
        u64Arb,
        u64Arb,
        u64Arb.filter((d) => d > 0n),
        (hi, lo, d) => check((hi << 64n) | lo, d),
      ),
      { numRuns: 5000 },
    );
    // Engine-shaped operands: N < 2^100, d < 2^44, and quotients straddling 2^63.
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 100n) - 1n }), fc.bigInt({ min: 1n, max: (1n << 44n) - 1n }), check),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: U64_MAX }), fc.bigInt({ min: -3n, max: 3n }), (d, delta) => {
        const n = (1n << 63n) * d + delta;
        if (n >= 0n && n < 1n << 128n) check(n, d);
      }),
      { numRuns: 2000 },
    );
    expect(u64(kit.testDivFloorSaturated(5n, 0n, 0n))).toBe(SATURATED); // d = 0 never traps
  });

  it("divBoundedQuotient is exact when N < 2^32 × d", () => {
    fc.assert(
      fc.property(
        u64Arb.filter((d) => d > 0n),
        fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }),
        u64Arb,
        (d, q, r) => {
          const n = q * d + (r % d);
          expect(u64(kit.testDivBoundedQuotient(i64(n >> 64n), i64(n & MASK64), i64(d)))).toBe(n / d);
        },
      ),
      { numRuns: 10000 },
    );
  });
});
