import { createHash } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { LIBRARY_REGION_OFFSET } from "../../firmware/abi/codes.ts";
import { loadTestkit, type Testkit } from "./testkit.ts";
import { LIBRARY_REGION_SIZE } from "../support/profile.ts";

const OUT = 0x400; // any scratch the test owns: the request buffer is unused by the testkit
let kit: Testkit;
beforeAll(() => {
  kit = loadTestkit();
});

function firmwareDigest(data: Uint8Array): string {
  const memory = new Uint8Array(kit.memory.buffer);
  memory.set(data, LIBRARY_REGION_OFFSET);
  kit.testSha256(LIBRARY_REGION_OFFSET, data.length, OUT);
  return Buffer.from(memory.subarray(OUT, OUT + 32)).toString("hex");
}

const nodeDigest = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

describe("REQ-ENG-001 SHA-256 of the image body matches node:crypto", () => {
  it("the FIPS 180-4 'abc' vector", () => {
    expect(firmwareDigest(new TextEncoder().encode("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it.each([0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096 + 17])(
    "length %i at the padding edges",
    (length) => {
      const data = new Uint8Array(length).map((_, i) => (i * 131 + 7) & 0xff);
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

  it("a large body (1 MiB, or the whole library region of a profile with less)", () => {
    const data = new Uint8Array(Math.min(1 << 20, LIBRARY_REGION_SIZE)).map((_, i) => (i ^ (i >>> 8)) & 0xff);
    expect(firmwareDigest(data)).toBe(nodeDigest(data));
  });
});
