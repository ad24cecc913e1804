// SHA-512 inside the firmware (firmware/crypto/sha512.ts), the hash of Ed25519 signature checks,
// against node:crypto. Padding edges for a 128-byte block: 111 bytes is the longest message whose
// length field still fits in its last block, 112 the first that needs one more block.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { LIBRARY_REGION_OFFSET } from "../../firmware/abi/codes.ts";
import { loadTestkit, type Testkit } from "./testkit.ts";
import { LIBRARY_REGION_SIZE } from "../support/profile.ts";

const OUT = 0x400; // the request buffer: unused by the testkit
let kit: Testkit;
beforeAll(() => {
  kit = loadTestkit();
});

function firmwareDigest(data: Uint8Array, splitAt?: number): string {
  const memory = new Uint8Array(kit.memory.buffer);
  memory.set(data, LIBRARY_REGION_OFFSET);
  if (splitAt === undefined) kit.testSha512(LIBRARY_REGION_OFFSET, data.length, OUT);
  else kit.testSha512Split(LIBRARY_REGION_OFFSET, data.length, splitAt, OUT);
  return Buffer.from(memory.subarray(OUT, OUT + 64)).toString("hex");
}

const nodeDigest = (data: Uint8Array) => createHash("sha512").update(data).digest("hex");
const patterned = (length: number) => new Uint8Array(length).map((_, i) => (i * 167 + 13) & 0xff);

describe("SHA-512 in the firmware matches FIPS 180-4 and node:crypto", () => {
  it("the FIPS 180-4 vectors: empty and 'abc'", () => {
    expect(firmwareDigest(new Uint8Array(0))).toBe(
      "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
    );
    expect(firmwareDigest(new TextEncoder().encode("abc"))).toBe(
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
    );
  });

  it.each([1, 111, 112, 113, 127, 128, 129, 239, 240, 255, 256, 257, 1000, 4096 + 17])(
    "length %i at the padding edges",
    (length) => {
      const data = patterned(length);
      expect(firmwareDigest(data)).toBe(nodeDigest(data));
    },
  );

  it("random inputs, including multi-block ones", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 700 }), (data) => {
        expect(firmwareDigest(data)).toBe(nodeDigest(data));
      }),
      { numRuns: 500 },
    );
  });

  it("the same digest when the input arrives in two parts (the partial-block path Ed25519 uses)", () => {
    fc.assert(
      fc.property(
        fc
          .uint8Array({ minLength: 0, maxLength: 600 })
          .chain((data) => fc.tuple(fc.constant(data), fc.nat({ max: data.length }))),
        ([data, splitAt]) => {
          expect(firmwareDigest(data, splitAt)).toBe(nodeDigest(data));
        },
      ),
    );
  });

  it("a large body (1 MiB, or the whole library region of a profile with less), read in place", () => {
    const data = new Uint8Array(Math.min(1 << 20, LIBRARY_REGION_SIZE)).map((_, i) => (i ^ (i >>> 9)) & 0xff);
    expect(firmwareDigest(data)).toBe(nodeDigest(data));
  });
});
