// The oracle decodes the worked image of docs/library-image.md §8, read from the document itself,
// and rejects it with the §7 statuses when it is damaged.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OracleStatus } from "./constants.ts";
import { verifyImage } from "./image.ts";
import { writeTestImage } from "./test-image-writer.ts";

/** Rebuilds the hex dump of §8; the digest placeholder is filled by recomputing it. */
function docExampleImage(): Uint8Array {
  const doc = readFileSync(new URL("../../docs/library-image.md", import.meta.url), "utf8");
  const section = doc.slice(doc.indexOf("## 8. Worked example"));
  const bytes: number[] = [];
  for (const line of section.split("\n")) {
    const match = /^([0-9a-f]{4}) {2}(.*?)(?: {2,}.*)?$/.exec(line);
    if (!match) continue;
    expect(Number.parseInt(match[1], 16), `address of "${line}"`).toBe(bytes.length);
    const data = match[2].trim();
    const repeat = /^([0-9a-f]{2}) × (\d+)$/.exec(data);
    if (repeat) bytes.push(...new Array<number>(Number(repeat[2])).fill(Number.parseInt(repeat[1], 16)));
    else if (data.startsWith("<32 bytes SHA-256")) bytes.push(...new Array<number>(32).fill(0));
    else bytes.push(...data.split(" ").map((h) => Number.parseInt(h, 16)));
  }
  const image = Uint8Array.from(bytes);
  image.set(createHash("sha256").update(image.subarray(96)).digest(), 64);
  return image;
}

const tinySpec = {
  name: "Tiny",
  version: 3,
  status: 2,
  areas: [{ id: 0, name: "ICU", maxRateUlPerHour: 500_000n }],
  entries: [
    {
      id: 7,
      name: "DOPamine",
      type: 0,
      basis: 1,
      highAlert: true,
      areas: [0],
      amountUnit: 3,
      timeUnit: 2,
      limits: { dose: { smax: 1_200_000_000n, hmax: 1_500_000_000n } },
      concentrations: [{ amountUnit: 2, volumeUl: 250_000n, amountAbu: 400_000_000_000n }],
    },
  ],
};

describe("REQ-ENG-001 oracle image verification on the library-image.md §8 example", () => {
  const image = docExampleImage();

  it("reads the 283-byte example and activates it with the documented content", () => {
    expect(image.length).toBe(283);
    const { status, library } = verifyImage(image);
    expect(status).toBe(OracleStatus.OK);
    expect(library?.version).toBe(3);
    expect(library?.careAreas.get(0)?.maxRateUlPerHour).toBe(500_000n);
    const entry = library?.entries.get(7);
    expect(entry?.limits.dose).toEqual([undefined, undefined, 1_200_000_000n, 1_500_000_000n]);
    expect(entry?.concentrations).toEqual([
      { custom: false, amountAbu: 400_000_000_000n, volumeUl: 250_000n, limitsAbuPerMl: [undefined, undefined, undefined, undefined] },
    ]);
  });

  it("the oracle's own test writer reproduces the document's bytes", () => {
    expect(writeTestImage(tinySpec)).toEqual(image);
  });

  it.each([
    ["shorter than a header", (i: Uint8Array) => i.slice(0, 95), OracleStatus.IMAGE_SIZE],
    ["truncated body", (i: Uint8Array) => i.slice(0, 282), OracleStatus.IMAGE_SIZE],
    ["bad magic", (i: Uint8Array) => patch(i, 0, 0x45), OracleStatus.IMAGE_MAGIC],
    ["format version 2", (i: Uint8Array) => patch(i, 4, 2), OracleStatus.IMAGE_VERSION],
    ["header size 97", (i: Uint8Array) => patch(i, 6, 97), OracleStatus.IMAGE_VERSION],
    ["flipped body bit", (i: Uint8Array) => patch(i, 200, i[200] ^ 1), OracleStatus.IMAGE_DIGEST],
    ["flipped digest bit", (i: Uint8Array) => patch(i, 64, i[64] ^ 1), OracleStatus.IMAGE_DIGEST],
    ["reserved header byte with a digest that matches", (i: Uint8Array) => patch(i, 14, 1), OracleStatus.IMAGE_STRUCTURE],
    ["bad magic takes precedence over the size field", (i: Uint8Array) => patch(patch(i, 20, 0), 1, 0), OracleStatus.IMAGE_MAGIC],
  ])("%s gives the §7 status", (_name, damage, expected) => {
    expect(verifyImage(damage(image)).status).toBe(expected);
  });

  it.each([
    ["care-area reserved byte", 96 + 5, 1],
    ["entry flags bit 1", 96 + 104 + 6, 2],
    ["DOSE_ABSOLUTE mask with HMIN", 96 + 104 + 39, 1],
    ["concentration count 0", 96 + 104 + 7, 1],
    ["entry id differs from index", 96 + 104, 1],
    ["stringPoolOffset off by one", 24, 1],
    ["absent max-VTBI cap with a value", 96 + 24, 3],
    ["care-area name one byte longer than the pool", 96 + 6, 0x03 ^ 0x04],
  ])("%s (digest recomputed) gives IMAGE_STRUCTURE", (_name, offset, xorBits) => {
    const damaged = patch(image, offset, image[offset] ^ xorBits);
    damaged.set(createHash("sha256").update(damaged.subarray(96)).digest(), 64);
    expect(verifyImage(damaged).status).toBe(OracleStatus.IMAGE_STRUCTURE);
  });
});

function patch(image: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = image.slice();
  copy[offset] = value;
  return copy;
}
