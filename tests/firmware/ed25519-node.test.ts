// Ed25519 verification in the firmware against signatures made by node:crypto: random keys and
// messages verify; any single-bit change of key, signature or message does not; a message as large
// as the library region is hashed in place.
import { sign } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { LIBRARY_REGION_SIZE } from "../support/profile.ts";
import { ed25519KeyFromSeed, ed25519RawPublicKey, firmwareVerify, loadTestkit, type Testkit } from "./testkit.ts";

let kit: Testkit;
beforeAll(() => {
  kit = loadTestkit();
});

/** A key pair made by node:crypto from a seed, so fast-check's seed replays the whole case. */
function signer(seed: Uint8Array) {
  const key = ed25519KeyFromSeed(seed);
  return {
    publicKey: ed25519RawPublicKey(key),
    sign: (message: Uint8Array) => new Uint8Array(sign(null, message, key)),
  };
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const flipped = bytes.slice();
  flipped[bit >>> 3] ^= 1 << (bit & 7);
  return flipped;
}

const seed32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe("REQ-SIG-002 Ed25519 signatures made by node:crypto verify in the firmware", () => {
  it("random keys and messages", () => {
    fc.assert(
      fc.property(seed32, fc.uint8Array({ minLength: 0, maxLength: 400 }), (seed, message) => {
        const { publicKey, sign } = signer(seed);
        expect(firmwareVerify(kit, publicKey, message, sign(message))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  // R ‖ A fill the first 64 bytes of the hashed input, so these lengths end the message at,
  // just before and just after a 128-byte SHA-512 block edge and the 112-byte padding edge.
  it.each([0, 1, 47, 48, 49, 63, 64, 65, 175, 176, 191, 192, 193])(
    "a %i-byte message at a hash block edge",
    (length) => {
      const { publicKey, sign } = signer(new Uint8Array(32).fill(length + 1));
      const message = new Uint8Array(length).map((_, i) => (i * 29 + length) & 0xff);
      expect(firmwareVerify(kit, publicKey, message, sign(message))).toBe(true);
    },
  );

  it("a 1 MiB message (less on a profile with a smaller region), and a message filling the whole library region", () => {
    const { publicKey, sign } = signer(new Uint8Array(32).fill(0x5a));
    for (const length of [Math.min(1 << 20, LIBRARY_REGION_SIZE / 2), LIBRARY_REGION_SIZE]) {
      const message = new Uint8Array(length).map((_, i) => (i ^ (i >>> 11)) & 0xff);
      const signature = sign(message);
      expect(firmwareVerify(kit, publicKey, message, signature)).toBe(true);
      expect(firmwareVerify(kit, publicKey, flipBit(message, 8 * length - 1), signature)).toBe(false);
    }
  });
});

describe("REQ-SIG-002 every single-bit change is rejected", () => {
  const { publicKey, sign } = signer(new Uint8Array(32).map((_, i) => i * 7 + 3));
  const message = new TextEncoder().encode("drug library v42"); // 16 bytes: all 128 bits flipped
  const signature = sign(message);

  it("the unchanged triple verifies (control)", () => {
    expect(firmwareVerify(kit, publicKey, message, signature)).toBe(true);
  });

  it("each of the 512 bits of the signature", () => {
    for (let bit = 0; bit < 512; bit++) {
      expect(firmwareVerify(kit, publicKey, message, flipBit(signature, bit)), `bit ${bit}`).toBe(false);
    }
  });

  it("each of the 256 bits of the public key", () => {
    for (let bit = 0; bit < 256; bit++) {
      expect(firmwareVerify(kit, flipBit(publicKey, bit), message, signature), `bit ${bit}`).toBe(false);
    }
  });

  it("each of the 128 bits of the message", () => {
    for (let bit = 0; bit < 8 * message.length; bit++) {
      expect(firmwareVerify(kit, publicKey, flipBit(message, bit), signature), `bit ${bit}`).toBe(false);
    }
  });

  it("a message one byte shorter or longer", () => {
    const longer = new Uint8Array([...message, 0]);
    expect(firmwareVerify(kit, publicKey, message.subarray(0, message.length - 1), signature)).toBe(false);
    expect(firmwareVerify(kit, publicKey, longer, signature)).toBe(false);
  });

  it("random single-bit changes of random signed messages", () => {
    fc.assert(
      fc.property(
        seed32,
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.constantFrom("key", "message", "signature"),
        (seed, msg, bitSeed, where) => {
          const pair = signer(seed);
          const sig = pair.sign(msg);
          if (where === "key")
            expect(firmwareVerify(kit, flipBit(pair.publicKey, bitSeed % 256), msg, sig)).toBe(false);
          if (where === "message")
            expect(firmwareVerify(kit, pair.publicKey, flipBit(msg, bitSeed % (8 * msg.length)), sig)).toBe(false);
          if (where === "signature")
            expect(firmwareVerify(kit, pair.publicKey, msg, flipBit(sig, bitSeed % 512))).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});
