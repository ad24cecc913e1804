// The arithmetic under Ed25519 verification against BigInt: the field mod p = 2^255 − 19
// (firmware/crypto/ed25519-field.ts) and the reduction of a SHA-512 digest mod L
// (firmware/crypto/ed25519-scalar.ts). Inputs include the values where a carry or a final
// subtraction of p (or L) just does or does not happen.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ED25519_ORDER, fromLittleEndian, loadTestkit, toLittleEndian, type Testkit } from "./testkit.ts";

const P = (1n << 255n) - 19n;
const L = ED25519_ORDER;
const A_AT = 0x400;
const B_AT = 0x440;
const OUT_AT = 0x480;
const ADD = 0;
const SUBTRACT = 1;
const MULTIPLY = 2;
const NEGATED_SQUARE_OF_DIFFERENCE = 3; // (a − b)·(b − a)
const DIFFERENCE_OF_SQUARES = 4; // a·a − b·b

let kit: Testkit;
beforeAll(() => {
  kit = loadTestkit();
});

const mod = (value: bigint, m: bigint) => ((value % m) + m) % m;

/** The field operation in the firmware; inputs are any 255-bit values (bit 255 is not part of a field element). */
function firmwareField(operation: number, a: bigint, b: bigint): bigint {
  const memory = new Uint8Array(kit.memory.buffer);
  memory.set(toLittleEndian(a, 32), A_AT);
  memory.set(toLittleEndian(b, 32), B_AT);
  kit.testEd25519Field(operation, A_AT, B_AT, OUT_AT);
  return fromLittleEndian(memory.slice(OUT_AT, OUT_AT + 32));
}

function firmwareReduce(value: bigint): bigint {
  const memory = new Uint8Array(kit.memory.buffer);
  memory.set(toLittleEndian(value, 64), A_AT);
  kit.testEd25519ReduceScalar(A_AT, OUT_AT);
  return fromLittleEndian(memory.slice(OUT_AT, OUT_AT + 32));
}

const EDGE_ELEMENTS = [
  0n,
  1n,
  2n,
  19n,
  38n,
  (1n << 16n) - 1n,
  1n << 128n,
  P - 2n,
  P - 1n,
  P,
  P + 1n,
  P + 18n,
  (1n << 255n) - 1n,
];
const element = fc.oneof(fc.constantFrom(...EDGE_ELEMENTS), fc.bigInt({ min: 0n, max: (1n << 255n) - 1n }));

describe("REQ-SIG-002 field arithmetic mod 2^255 − 19 matches BigInt, with canonical output", () => {
  it("every pair of edge values, every operation", () => {
    for (const a of EDGE_ELEMENTS) {
      for (const b of EDGE_ELEMENTS) {
        expect(firmwareField(ADD, a, b), `${a} + ${b}`).toBe(mod(a + b, P));
        expect(firmwareField(SUBTRACT, a, b), `${a} - ${b}`).toBe(mod(a - b, P));
        expect(firmwareField(MULTIPLY, a, b), `${a} * ${b}`).toBe(mod(a * b, P));
        expect(firmwareField(NEGATED_SQUARE_OF_DIFFERENCE, a, b), `(${a} - ${b})(${b} - ${a})`).toBe(
          mod((a - b) * (b - a), P),
        );
        expect(firmwareField(DIFFERENCE_OF_SQUARES, a, b), `${a}² - ${b}²`).toBe(mod(a * a - b * b, P));
      }
    }
  });

  it("random 255-bit inputs", () => {
    fc.assert(
      fc.property(element, element, (a, b) => {
        expect(firmwareField(ADD, a, b)).toBe(mod(a + b, P));
        expect(firmwareField(SUBTRACT, a, b)).toBe(mod(a - b, P));
        expect(firmwareField(MULTIPLY, a, b)).toBe(mod(a * b, P));
        expect(firmwareField(NEGATED_SQUARE_OF_DIFFERENCE, a, b)).toBe(mod((a - b) * (b - a), P));
        expect(firmwareField(DIFFERENCE_OF_SQUARES, a, b)).toBe(mod(a * a - b * b, P));
      }),
      { numRuns: 1000 },
    );
  });

  it("the square root of −1 and d used by point decoding satisfy their definitions", () => {
    const sqrtMinusOne = 0x2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0n;
    expect(firmwareField(MULTIPLY, sqrtMinusOne, sqrtMinusOne)).toBe(P - 1n);
    const d = 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n;
    expect(firmwareField(MULTIPLY, d, 121666n)).toBe(P - 121665n); // d = −121665/121666
  });
});

describe("REQ-SIG-002 reduction of a 512-bit digest mod L matches BigInt", () => {
  const EDGE_WIDE = [
    0n,
    1n,
    L - 1n,
    L,
    L + 1n,
    2n * L - 1n,
    2n * L,
    (1n << 256n) - 1n,
    (1n << 512n) - 1n,
    ((1n << 512n) / L) * L,
    ((1n << 512n) / L) * L - 1n,
  ];

  it.each(EDGE_WIDE.map((value) => [value.toString(16), value]))("0x%s", (_, value) => {
    expect(firmwareReduce(value as bigint)).toBe((value as bigint) % L);
  });

  it("random 512-bit values", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 512n) - 1n }), (value) => {
        expect(firmwareReduce(value)).toBe(value % L);
      }),
      { numRuns: 500 },
    );
  });
});
