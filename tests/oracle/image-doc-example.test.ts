// The oracle decodes the worked image of docs/library-image.md §8, read from the document itself,
// and rejects it with the §7 statuses when it is damaged.
import { describe, expect, it } from "vitest";
import { docExampleImage } from "../support/library-image-doc.ts";
import { OracleStatus } from "./constants.ts";
import { verifyImage } from "./image.ts";
import { rehash, TINY_SPEC, writeTestImage } from "./test-image-writer.ts";

describe("REQ-ENG-001 oracle image verification on the library-image.md §8 example", () => {
  // The §8 hex dump, each line's address checked; the digest placeholder is filled by recomputing it.
  const image = docExampleImage((address, expected, line) => expect(address, `address of "${line}"`).toBe(expected));

  it("reads the 283-byte example and activates it with the documented content", () => {
    expect(image.length).toBe(283);
    const { status, library } = verifyImage(image);
    expect(status).toBe(OracleStatus.OK);
    expect(library?.version).toBe(3);
    expect(library?.careAreas.get(0)?.maxRateUlPerHour).toBe(500_000n);
    const entry = library?.entries.get(7);
    expect(entry?.limits.dose).toEqual([undefined, undefined, 1_200_000_000n, 1_500_000_000n]);
    expect(entry?.concentrations).toEqual([
      {
        custom: false,
        amountAbu: 400_000_000_000n,
        volumeUl: 250_000n,
        limitsAbuPerMl: [undefined, undefined, undefined, undefined],
        records: new Map(), // format 1: no limit records
      },
    ]);
    expect(entry?.records.size).toBe(0);
  });

  it("the oracle's own test writer reproduces the document's bytes", () => {
    expect(writeTestImage(TINY_SPEC)).toEqual(image);
  });

  it.each([
    ["shorter than a header", (i: Uint8Array) => i.slice(0, 95), OracleStatus.IMAGE_SIZE],
    ["truncated body", (i: Uint8Array) => i.slice(0, 282), OracleStatus.IMAGE_SIZE],
    ["bad magic", (i: Uint8Array) => patch(i, 0, 0x45), OracleStatus.IMAGE_MAGIC],
    ["format version 4", (i: Uint8Array) => patch(i, 4, 4), OracleStatus.IMAGE_VERSION],
    ["format version 0", (i: Uint8Array) => patch(i, 4, 0), OracleStatus.IMAGE_VERSION],
    ["header size 97", (i: Uint8Array) => patch(i, 6, 97), OracleStatus.IMAGE_VERSION],
    ["flipped body bit", (i: Uint8Array) => patch(i, 200, i[200] ^ 1), OracleStatus.IMAGE_DIGEST],
    ["flipped digest bit", (i: Uint8Array) => patch(i, 64, i[64] ^ 1), OracleStatus.IMAGE_DIGEST],
    [
      "reserved header byte with a digest that matches",
      (i: Uint8Array) => patch(i, 14, 1),
      OracleStatus.IMAGE_STRUCTURE,
    ],
    [
      "bad magic takes precedence over the size field",
      (i: Uint8Array) => patch(patch(i, 20, 0), 1, 0),
      OracleStatus.IMAGE_MAGIC,
    ],
  ])("%s gives the §7 status", (_name, damage, expected) => {
    expect(verifyImage(damage(image)).status).toBe(expected);
  });

  it.each([
    ["care-area reserved byte", 96 + 5, 1],
    ["entry flags bit 1 (secondary allowed) on a continuous entry", 96 + 104 + 6, 2],
    ["entry flags bit 2", 96 + 104 + 6, 4],
    ["titration step 1,024 % (high byte 0x04)", 96 + 104 + 19, 4],
    ["DOSE_ABSOLUTE mask with HMIN", 96 + 104 + 39, 1],
    ["concentration count 0", 96 + 104 + 7, 1],
    ["entry id differs from index", 96 + 104, 1],
    ["stringPoolOffset off by one", 24, 1],
    ["absent max-VTBI cap with a value", 96 + 24, 3],
    ["care-area name one byte longer than the pool", 96 + 6, 0x03 ^ 0x04],
  ])("%s (digest recomputed) gives IMAGE_STRUCTURE", (_name, offset, xorBits) => {
    const damaged = patch(image, offset, image[offset] ^ xorBits);
    rehash(damaged);
    expect(verifyImage(damaged).status).toBe(OracleStatus.IMAGE_STRUCTURE);
  });
});

function patch(image: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = image.slice();
  copy[offset] = value;
  return copy;
}
