// What RFC 8032 §5.1.7 makes the verifier reject, each shown against a lenient verifier:
//  - S ≥ L (signature malleability: S + L satisfies the same group equation);
//  - encodings of A or R that do not decode (§5.1.3): y ≥ p, no square root, x = 0 with sign 1.
// Signatures are built here from known scalars (S = r + k·a mod L), so a case that a lenient
// verifier (one reducing S or y mod their moduli, or ignoring the sign of x = 0) would accept
// is constructed exactly, with its well-formed twin as the control that must verify.
// Also: the equation is the cofactorless one, [S]B = R + [k]A (docs/decisions/0008).
import { createPublicKey, sign, verify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ED25519_ORDER,
  ed25519Challenge,
  ed25519KeyFromSeed,
  ed25519RawPublicKey,
  ed25519SecretScalar,
  firmwareVerify,
  fromLittleEndian,
  loadTestkit,
  toLittleEndian,
  type Testkit,
} from "./testkit.ts";

const P = (1n << 255n) - 19n;
const L = ED25519_ORDER;
const D = 0x52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3n;

let kit: Testkit;
beforeAll(() => {
  kit = loadTestkit();
});

/** Encoding of y with the sign bit of x (RFC 8032 §5.1.2); y may be ≥ p to build non-canonical ones. */
const encodePoint = (y: bigint, xSign: 0 | 1) => toLittleEndian(y | (BigInt(xSign) << 255n), 32);

const IDENTITY = encodePoint(1n, 0); // (0, 1)
const IDENTITY_Y_PLUS_P = encodePoint(P + 1n, 0); // the same y, not reduced
const IDENTITY_SIGN_SET = encodePoint(1n, 1); // x = 0 claimed negative

/** A key pair from a seed, with its secret scalar: public key = [a]B. */
function keyPair(fill: number) {
  const seed = new Uint8Array(32).fill(fill);
  return { encoded: ed25519RawPublicKey(ed25519KeyFromSeed(seed)), scalar: ed25519SecretScalar(seed), seed };
}

/** R ‖ S with S = r + k·a mod L, k from the encodings as given; sAdd lets a test add multiples of L. */
function signWithScalars(
  encodedR: Uint8Array,
  r: bigint,
  publicKey: Uint8Array,
  a: bigint,
  message: Uint8Array,
  sAdd = 0n,
): Uint8Array {
  const s = ((r + ed25519Challenge(encodedR, publicKey, message) * a) % L) + sAdd;
  return new Uint8Array([...encodedR, ...toLittleEndian(s, 32)]);
}

const message = new TextEncoder().encode("formulary 2026-11 rev B");
const signerKey = keyPair(0x11);
const nonce = keyPair(0x22); // its public key serves as R = [r]B

/** Powers mod p, for finding an encoding with no square root. */
function powMod(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base % P;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

/** The smallest y whose x² = (y² − 1)/(d·y² + 1) is not a square mod p: no point has it. */
function smallestYWithoutPoint(): bigint {
  for (let y = 2n; ; y++) {
    const u = (y * y - 1n) % P;
    const v = (D * y * y + 1n) % P;
    const ratio = (u * powMod(v, P - 2n)) % P;
    if (powMod(ratio, (P - 1n) / 2n) === P - 1n) return y;
  }
}

describe("REQ-SIG-002 the signatures built from scalars are well formed (controls)", () => {
  it("R = [r]B from a key, S = r + k·a: verifies, as node:crypto's own signature does", () => {
    const signature = signWithScalars(nonce.encoded, nonce.scalar, signerKey.encoded, signerKey.scalar, message);
    expect(firmwareVerify(kit, signerKey.encoded, message, signature)).toBe(true);
    expect(
      firmwareVerify(kit, signerKey.encoded, message, sign(null, message, ed25519KeyFromSeed(signerKey.seed))),
    ).toBe(true);
  });
});

describe("REQ-SIG-002 S ≥ L is rejected (RFC 8032 §5.1.7, malleability)", () => {
  it("S + L, which satisfies the same equation", () => {
    const signature = new Uint8Array(sign(null, message, ed25519KeyFromSeed(signerKey.seed)));
    const s = fromLittleEndian(signature.subarray(32));
    expect(firmwareVerify(kit, signerKey.encoded, message, signature)).toBe(true);
    const malleated = new Uint8Array([...signature.subarray(0, 32), ...toLittleEndian(s + L, 32)]);
    expect(firmwareVerify(kit, signerKey.encoded, message, malleated)).toBe(false);
  });

  it("at the boundary: S = 0 verifies where S = L, 2L and 2^256 − 1 do not (R and A the identity)", () => {
    const zero = signWithScalars(IDENTITY, 0n, IDENTITY, 0n, message);
    expect(firmwareVerify(kit, IDENTITY, message, zero)).toBe(true);
    for (const s of [L, 2n * L, (1n << 256n) - 1n]) {
      expect(
        firmwareVerify(kit, IDENTITY, message, new Uint8Array([...IDENTITY, ...toLittleEndian(s, 32)])),
        `S = ${s}`,
      ).toBe(false);
    }
  });

  it("S just above L with a valid R and key", () => {
    const signature = signWithScalars(nonce.encoded, nonce.scalar, signerKey.encoded, signerKey.scalar, message, L);
    expect(firmwareVerify(kit, signerKey.encoded, message, signature)).toBe(false);
  });
});

describe("REQ-SIG-002 an R that does not decode is rejected (RFC 8032 §5.1.3)", () => {
  it("R = identity encoded canonically verifies (control), with y = p + 1 or with the sign bit of x = 0 it does not", () => {
    expect(
      firmwareVerify(
        kit,
        signerKey.encoded,
        message,
        signWithScalars(IDENTITY, 0n, signerKey.encoded, signerKey.scalar, message),
      ),
    ).toBe(true);
    for (const encodedR of [IDENTITY_Y_PLUS_P, IDENTITY_SIGN_SET]) {
      const signature = signWithScalars(encodedR, 0n, signerKey.encoded, signerKey.scalar, message);
      expect(firmwareVerify(kit, signerKey.encoded, message, signature)).toBe(false);
    }
  });

  it("R with y ≥ p, with no square root, or x = 0 of (0, −1) claimed negative, in an otherwise valid signature", () => {
    const valid = new Uint8Array(sign(null, message, ed25519KeyFromSeed(signerKey.seed)));
    const noPoint = smallestYWithoutPoint();
    for (const encodedR of [
      encodePoint(P, 0),
      encodePoint(P, 1),
      encodePoint((1n << 255n) - 1n, 0),
      encodePoint(noPoint, 0),
      encodePoint(noPoint, 1),
      encodePoint(P - 1n, 1),
    ]) {
      expect(
        firmwareVerify(kit, signerKey.encoded, message, new Uint8Array([...encodedR, ...valid.subarray(32)])),
      ).toBe(false);
    }
  });
});

describe("REQ-SIG-002 a public key that does not decode is rejected (RFC 8032 §5.1.3)", () => {
  it("A = identity encoded canonically verifies (control: small-order keys are not refused), with y = p + 1 or the sign bit set it does not", () => {
    expect(
      firmwareVerify(kit, IDENTITY, message, signWithScalars(nonce.encoded, nonce.scalar, IDENTITY, 0n, message)),
    ).toBe(true);
    for (const encodedA of [IDENTITY_Y_PLUS_P, IDENTITY_SIGN_SET]) {
      const signature = signWithScalars(nonce.encoded, nonce.scalar, encodedA, 0n, message);
      expect(firmwareVerify(kit, encodedA, message, signature)).toBe(false);
    }
  });

  it("A with y ≥ p, with no square root, or x = 0 claimed negative", () => {
    const noPoint = smallestYWithoutPoint();
    for (const encodedA of [
      encodePoint(P, 0),
      encodePoint((1n << 255n) - 1n, 1),
      encodePoint(noPoint, 0),
      encodePoint(noPoint, 1),
      encodePoint(P - 1n, 1),
    ]) {
      // S = r: what a verifier that misread A as the identity would accept.
      const signature = signWithScalars(nonce.encoded, nonce.scalar, encodedA, 0n, message);
      expect(firmwareVerify(kit, encodedA, message, signature)).toBe(false);
    }
  });
});

describe("REQ-SIG-002 the equation is cofactorless: [S]B = R + [k]A, not [8][S]B = [8]R + [8][k]A", () => {
  it("R' = R + (0, −1) with S = r + k'·a satisfies only the cofactored equation: rejected, as node:crypto rejects it", () => {
    // Adding the order-2 point (0, −1) negates both coordinates: y' = p − y and the sign of x flips.
    const encodedR = fromLittleEndian(nonce.encoded);
    const y = encodedR & ((1n << 255n) - 1n);
    const mixedR = encodePoint(P - y, encodedR >> 255n === 0n ? 1 : 0);
    const signature = signWithScalars(mixedR, nonce.scalar, signerKey.encoded, signerKey.scalar, message);
    const spkiPrefix = Buffer.from("302a300506032b6570032100", "hex");
    const nodeKey = createPublicKey({
      key: Buffer.concat([spkiPrefix, signerKey.encoded]),
      format: "der",
      type: "spki",
    });
    expect(verify(null, message, nodeKey, signature)).toBe(false);
    expect(firmwareVerify(kit, signerKey.encoded, message, signature)).toBe(false);
    // Control: the same construction without the order-2 term verifies in both.
    const control = signWithScalars(nonce.encoded, nonce.scalar, signerKey.encoded, signerKey.scalar, message);
    expect(verify(null, message, nodeKey, control)).toBe(true);
    expect(firmwareVerify(kit, signerKey.encoded, message, control)).toBe(true);
  });
});
