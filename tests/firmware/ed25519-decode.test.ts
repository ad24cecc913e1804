// Point decoding in the firmware (firmware/crypto/ed25519-decode.ts) against the RFC 8032 §5.1.3
// procedure written with BigInt: the same encodings decode, to the same (x, y), and every other
// encoding — y ≥ p, no square root, x = 0 with the sign bit set — is refused.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { fromLittleEndian, loadTestkit, toLittleEndian, type Testkit } from "./testkit.ts";

const P = (1n << 255n) - 19n;
const D = 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n;
const SQRT_MINUS_ONE = 0x2b8324804fc1df0b2b4d00993dfbd7a72f431806ad2fe478c4ee1b274a0ea0b0n;
const IN_AT = 0x400;
const OUT_AT = 0x440;

let kit: Testkit;
beforeAll(() => {
  kit = loadTestkit();
});

const mod = (value: bigint) => ((value % P) + P) % P;
function powMod(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

/** RFC 8032 §5.1.3, step by step; null when the encoding is refused. */
function referenceDecode(encoding: bigint): { x: bigint; y: bigint } | null {
  const y = encoding & ((1n << 255n) - 1n);
  const sign = encoding >> 255n;
  if (y >= P) return null;
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  let x = mod(u * powMod(v, 3n) * powMod(u * powMod(v, 7n), (P - 5n) / 8n));
  const vx2 = mod(v * x * x);
  if (vx2 === mod(-u)) x = mod(x * SQRT_MINUS_ONE);
  else if (vx2 !== u) return null;
  if (x === 0n && sign === 1n) return null;
  if ((x & 1n) !== sign) x = mod(-x);
  return { x, y };
}

function firmwareDecode(encoding: bigint): { x: bigint; y: bigint } | null {
  const memory = new Uint8Array(kit.memory.buffer);
  memory.set(toLittleEndian(encoding, 32), IN_AT);
  if (kit.testEd25519DecodePoint(IN_AT, OUT_AT) !== 1) return null;
  return {
    x: fromLittleEndian(memory.slice(OUT_AT, OUT_AT + 32)),
    y: fromLittleEndian(memory.slice(OUT_AT + 32, OUT_AT + 64)),
  };
}

const onCurve = ({ x, y }: { x: bigint; y: bigint }) => mod(-x * x + y * y) === mod(1n + D * x * x * y * y);
const SIGN = 1n << 255n;

describe("REQ-SIG-002 point decoding matches RFC 8032 §5.1.3", () => {
  it("every y from 0 to 127 and from p − 64 to 2^255 − 1, both signs", () => {
    let decoded = 0;
    let refused = 0;
    const ys = [
      ...Array.from({ length: 128 }, (_, i) => BigInt(i)),
      ...Array.from({ length: 83 }, (_, i) => P - 64n + BigInt(i)),
    ];
    for (const y of ys) {
      for (const encoding of [y, y | SIGN]) {
        const expected = referenceDecode(encoding);
        expect(firmwareDecode(encoding), `encoding 0x${encoding.toString(16)}`).toEqual(expected);
        if (expected === null) refused++;
        else decoded++;
      }
    }
    // Both outcomes occur, including each refusal reason: y ≥ p (the 19 values p … 2^255 − 1), and
    // x = 0 with the sign set (y = 1 and y = p − 1); the rest of the refusals have no square root.
    expect(decoded).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(2 * 19 + 2);
  });

  it("random encodings", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (encoding) => {
        const expected = referenceDecode(encoding);
        const actual = firmwareDecode(encoding);
        expect(actual).toEqual(expected);
        if (actual !== null) expect(onCurve(actual)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("the base point B (y = 4/5, x even)", () => {
    const y = (4n * powMod(5n, P - 2n)) % P;
    const base = firmwareDecode(y);
    expect(base).not.toBeNull();
    expect(base!.x).toBe(0x216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51an);
    expect(onCurve(base!)).toBe(true);
  });
});
