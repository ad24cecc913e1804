import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import {
  LIBRARY_REGION_OFFSET,
  MAX_AMOUNT_ABU,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  REQUEST_SIZE,
  Status,
} from "../../firmware/abi/codes.ts";
import { LIBRARY_REGION_SIZE, LIBRARY_SLOT_SIZE } from "../support/profile.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { rehash, TINY_SPEC, writeTestImage } from "../oracle/test-image-writer.ts";
import { docExampleImage } from "../support/library-image-doc.ts";
import { freshEngine } from "./engine-fixture.ts";
import { WARD_SPEC } from "./ward-library.ts";

// Image offsets in the §8 example: care area at 96, index at 192, entry record at 200 (tier masks
// at 232, SMAX at 240, HMAX at 248), concentration at 256, string pool at 272.
const AREA = 96;
const INDEX = 192;
const ENTRY = 200;
const CONC = 256;
const POOL = 272;

let engine: Firmware;
beforeEach(async () => {
  engine = await freshEngine();
});

type Mutation = (view: DataView, bytes: Uint8Array) => void;

function mutated(mutation: Mutation, { reHash = true, base = docExampleImage() } = {}): Uint8Array {
  const bytes = base.slice();
  mutation(new DataView(bytes.buffer), bytes);
  return reHash ? rehash(bytes) : bytes;
}

function expectRejected(image: Uint8Array, status: Status): void {
  const before = [engine.libraryVersion(), engine.libraryEntryCount(), engine.libraryCareAreaCount()];
  expect(engine.loadLibrary(image)).toBe(status);
  // A rejected image is never activated; whatever was active (nothing, on a fresh engine) stays (ABI 4 A/B slots).
  expect([engine.libraryVersion(), engine.libraryEntryCount(), engine.libraryCareAreaCount()]).toEqual(before);
}

describe("REQ-ENG-001 verified activation of the docs/library-image.md §8 example", () => {
  it("the document's own bytes, with the digest computed by node:crypto, are accepted", () => {
    const image = docExampleImage();
    expect(image.length).toBe(283);
    expect(engine.loadLibrary(image)).toBe(Status.OK);
    expect(engine.libraryVersion()).toBe(3);
    expect(engine.libraryEntryCount()).toBe(1);
    expect(engine.libraryCareAreaCount()).toBe(1);
  });

  it("the test image builder reproduces the document's bytes exactly", () => {
    expect(Buffer.from(writeTestImage(TINY_SPEC)).toString("hex")).toBe(Buffer.from(docExampleImage()).toString("hex"));
  });

  it("the ward library is accepted", () => {
    expect(engine.loadLibrary(writeTestImage(WARD_SPEC))).toBe(Status.OK);
    expect(engine.libraryVersion()).toBe(12);
    expect(engine.libraryEntryCount()).toBe(4);
    expect(engine.libraryCareAreaCount()).toBe(2);
  });

  it("REQ-SIG-006 a failed load leaves the previously active library in force", () => {
    expect(engine.loadLibrary(docExampleImage())).toBe(Status.OK);
    expectRejected(
      mutated((v) => v.setUint8(0, 0x45)),
      Status.IMAGE_MAGIC,
    );
    expect(engine.libraryVersion()).toBe(3);
  });
});

describe("REQ-ENG-001 IMAGE_SIZE, IMAGE_MAGIC, IMAGE_VERSION, IMAGE_DIGEST in the §7 order", () => {
  it("IMAGE_SIZE: shorter than the header", () => {
    expectRejected(docExampleImage().subarray(0, 95), Status.IMAGE_SIZE);
    expectRejected(new Uint8Array(0), Status.IMAGE_SIZE);
  });

  it("IMAGE_SIZE: longer than a library slot, or a negative length, via the export", () => {
    engine.memory.set(docExampleImage(), LIBRARY_REGION_OFFSET);
    const libraryLoad = engine.exports.libraryLoad as (n: number) => number;
    expect(libraryLoad(LIBRARY_SLOT_SIZE + 1)).toBe(Status.IMAGE_SIZE);
    expect(libraryLoad(LIBRARY_REGION_SIZE + 1)).toBe(Status.IMAGE_SIZE);
    expect(libraryLoad(-1)).toBe(Status.IMAGE_SIZE);
    expect(libraryLoad(0x7fffffff)).toBe(Status.IMAGE_SIZE);
    expect(engine.loadLibrary(new Uint8Array(LIBRARY_REGION_SIZE + 1))).toBe(Status.IMAGE_SIZE);
  });

  it("IMAGE_SIZE: bodySize disagrees with the length", () => {
    expectRejected(
      mutated((v) => v.setUint32(20, 186, true)),
      Status.IMAGE_SIZE,
    );
    const longer = new Uint8Array(284);
    longer.set(docExampleImage());
    expectRejected(longer, Status.IMAGE_SIZE);
  });

  it("IMAGE_MAGIC is checked before the version and the body size", () => {
    expectRejected(
      mutated((v) => v.setUint8(3, 0x54)),
      Status.IMAGE_MAGIC,
    );
    expectRejected(
      mutated((v) => {
        v.setUint8(0, 0);
        v.setUint16(4, 2, true);
        v.setUint32(20, 0, true);
      }),
      Status.IMAGE_MAGIC,
    );
  });

  it("IMAGE_VERSION: formatVersion or headerSize, before the body size", () => {
    expectRejected(
      mutated((v) => v.setUint16(4, 4, true)),
      Status.IMAGE_VERSION,
    ); // formats 1, 2 and 3 are admitted
    expectRejected(
      mutated((v) => v.setUint16(6, 97, true)),
      Status.IMAGE_VERSION,
    );
    expectRejected(
      mutated((v) => {
        v.setUint16(4, 0, true);
        v.setUint32(20, 0, true);
      }),
      Status.IMAGE_VERSION,
    );
  });

  it("IMAGE_DIGEST: a body byte or a digest byte changed", () => {
    expectRejected(
      mutated(
        (_, b) => {
          b[POOL] ^= 0x20;
        },
        { reHash: false },
      ),
      Status.IMAGE_DIGEST,
    );
    expectRejected(
      mutated(
        (_, b) => {
          b[64] ^= 1;
        },
        { reHash: false },
      ),
      Status.IMAGE_DIGEST,
    );
    expectRejected(
      mutated(
        (_, b) => {
          b[95] ^= 0x80;
        },
        { reHash: false },
      ),
      Status.IMAGE_DIGEST,
    );
  });

  it("IMAGE_DIGEST comes before structure: a structural error with a stale digest", () => {
    expectRejected(
      mutated((v) => v.setUint8(AREA + 5, 1), { reHash: false }),
      Status.IMAGE_DIGEST,
    );
    // The digest covers the body only: a broken header field with an intact body is a structure error.
    expectRejected(
      mutated((v) => v.setUint8(13, 0), { reHash: false }),
      Status.IMAGE_STRUCTURE,
    );
  });
});

// Each mutation breaks one rule of docs/library-image.md; the body is re-hashed so the structure
// check is reached.
const STRUCTURE_MUTATIONS: [string, Mutation][] = [
  ["libraryVersion 0", (v) => v.setUint32(8, 0, true)],
  ["libraryVersion 2^31", (v) => v.setUint32(8, 0x80000000, true)],
  ["libraryStatus 3", (v) => v.setUint8(12, 3)],
  ["careAreaCount 0", (v) => v.setUint8(13, 0)],
  ["careAreaCount 65", (v) => v.setUint8(13, 65)],
  ["careAreaCount 2 (table overruns the index)", (v) => v.setUint8(13, 2)],
  ["header reserved byte 14", (v) => v.setUint8(14, 1)],
  ["header reserved byte 31", (v) => v.setUint8(31, 1)],
  ["entryCount 1,000,001", (v) => v.setUint32(16, 1_000_001, true)],
  ["entryCount 2", (v) => v.setUint32(16, 2, true)],
  ["entryCount 0 (records left over)", (v) => v.setUint32(16, 0, true)],
  ["stringPoolOffset beyond the body", (v) => v.setUint32(24, 188, true)],
  ["stringPoolOffset one short", (v) => v.setUint32(24, 175, true)],
  ["stringPoolOffset huge", (v) => v.setUint32(24, 0xffffffff, true)],
  ["empty library name", (_, b) => b.fill(0, 32, 64)],
  ["library name not zero-padded", (v) => v.setUint8(40, 0x41)],
  ["library name not UTF-8", (v) => v.setUint8(33, 0xff)],
  [
    "library name with an overlong encoding",
    (v) => {
      v.setUint8(32, 0xc0);
      v.setUint8(33, 0x80);
    },
  ],
  ["care-area id 64", (v) => v.setUint8(AREA, 64)],
  ["care-area flags bit 1", (v) => v.setUint8(AREA + 1, 2)],
  ["care-area capMask bit 2", (v) => v.setUint8(AREA + 2, 5)],
  ["care-area weight tier mask bit 4", (v) => v.setUint8(AREA + 3, 0x10)],
  ["care-area BSA tier mask bit 7", (v) => v.setUint8(AREA + 4, 0x80)],
  ["care-area reserved byte 5", (v) => v.setUint8(AREA + 5, 1)],
  ["care-area name length 0", (v) => v.setUint16(AREA + 6, 0, true)],
  ["care-area name length 4 (overlaps the next string)", (v) => v.setUint16(AREA + 6, 4, true)],
  ["care-area name offset 1", (v) => v.setUint32(AREA + 8, 1, true)],
  ["care-area reserved bytes 12..15", (v) => v.setUint8(AREA + 15, 1)],
  ["max rate 0 while present", (v) => v.setBigUint64(AREA + 16, 0n, true)],
  ["max rate above MAX_RATE_UL_PER_HOUR", (v) => v.setBigUint64(AREA + 16, BigInt(MAX_RATE_UL_PER_HOUR) + 1n, true)],
  ["max VTBI set while absent", (v) => v.setBigUint64(AREA + 24, 1n, true)],
  ["absent weight tier not zero", (v) => v.setBigUint64(AREA + 32, 1n, true)],
  [
    "weight tier above MAX_WEIGHT_G",
    (v) => {
      v.setUint8(AREA + 3, 8);
      v.setBigUint64(AREA + 56, 1_000_001n, true);
    },
  ],
  [
    "weight tiers out of order",
    (v) => {
      v.setUint8(AREA + 3, 9);
      v.setBigUint64(AREA + 32, 5000n, true);
      v.setBigUint64(AREA + 56, 4000n, true);
    },
  ],
  [
    "BSA tier above MAX_BSA_M2X10000",
    (v) => {
      v.setUint8(AREA + 4, 1);
      v.setBigUint64(AREA + 64, 100_001n, true);
    },
  ],
  [
    "index entry id 0",
    (v) => {
      v.setUint32(INDEX, 0, true);
      v.setUint32(ENTRY, 0, true);
    },
  ],
  [
    "index entry id 2^31",
    (v) => {
      v.setUint32(INDEX, 0x80000000, true);
      v.setUint32(ENTRY, 0x80000000, true);
    },
  ],
  ["index record offset not right after the index", (v) => v.setUint32(INDEX + 4, 100, true)],
  ["index record offset outside the body", (v) => v.setUint32(INDEX + 4, 0xfffffff0, true)],
  ["record id differs from the index", (v) => v.setUint32(ENTRY, 8, true)],
  ["infusionType 4 (3 is PCA, issue 15)", (v) => v.setUint8(ENTRY + 4, 4)],
  ["doseBasis 3", (v) => v.setUint8(ENTRY + 5, 3)],
  ["entry flags bit 1 (secondary allowed) on a continuous entry", (v) => v.setUint8(ENTRY + 6, 3)],
  ["entry flags bit 2", (v) => v.setUint8(ENTRY + 6, 5)],
  ["concentrationCount 0 for a drug", (v) => v.setUint8(ENTRY + 7, 0)],
  ["concentrationCount 2 (runs into the pool)", (v) => v.setUint8(ENTRY + 7, 2)],
  ["concentrationCount 17", (v) => v.setUint8(ENTRY + 7, 17)],
  ["careAreaMask 0", (v) => v.setBigUint64(ENTRY + 8, 0n, true)],
  ["careAreaMask names an id not in the table", (v) => v.setBigUint64(ENTRY + 8, 3n, true)],
  ["doseAmountUnit 9", (v) => v.setUint8(ENTRY + 16, 9)],
  ["doseTimeUnit 3", (v) => v.setUint8(ENTRY + 17, 3)],
  ["entry titration step 1,001 %", (v) => v.setUint16(ENTRY + 18, 1001, true)],
  ["entry titration step 0xffff", (v) => v.setUint16(ENTRY + 18, 0xffff, true)],
  ["entry name offset past the pool", (v) => v.setUint32(ENTRY + 20, 300, true)],
  ["entry name length 0", (v) => v.setUint16(ENTRY + 24, 0, true)],
  ["entry name length 9 (past the pool)", (v) => v.setUint16(ENTRY + 24, 9, true)],
  ["advisory offset set without an advisory", (v) => v.setUint32(ENTRY + 28, 3, true)],
  ["advisory length 1,025", (v) => v.setUint16(ENTRY + 26, 1025, true)],
  ["tier mask bit 4", (v) => v.setUint8(ENTRY + 32, 0x1c)],
  ["DOSE_ABSOLUTE with a HMIN tier", (v) => v.setUint8(ENTRY + 39, 1)],
  ["one more tier bit than values", (v) => v.setUint8(ENTRY + 33, 8)],
  [
    "DOSE tiers out of order",
    (v) => {
      v.setBigUint64(240, 1_500_000_000n, true);
      v.setBigUint64(248, 1_200_000_000n, true);
    },
  ],
  ["DOSE value above MAX_LIMIT_VALUE", (v) => v.setBigUint64(248, BigInt(MAX_LIMIT_VALUE) + 1n, true)],
  ["concentration kind 2", (v) => v.setUint8(CONC, 2)],
  ["fixed concentration with a tier mask", (v) => v.setUint8(CONC + 1, 1)],
  ["concentration amount unit 9", (v) => v.setUint8(CONC + 2, 9)],
  ["concentration reserved byte", (v) => v.setUint8(CONC + 3, 1)],
  ["fixed concentration volume 0", (v) => v.setUint32(CONC + 4, 0, true)],
  ["fixed concentration volume above MAX_VOLUME_UL", (v) => v.setUint32(CONC + 4, MAX_VOLUME_UL + 1, true)],
  ["fixed concentration amount 0", (v) => v.setBigUint64(CONC + 8, 0n, true)],
  [
    "fixed concentration amount above MAX_AMOUNT_ABU",
    (v) => v.setBigUint64(CONC + 8, BigInt(MAX_AMOUNT_ABU) + 1n, true),
  ],
  [
    "custom concentration without a hard minimum",
    (v) => {
      v.setUint8(CONC, 1);
      v.setUint32(CONC + 4, 0, true);
      v.setBigUint64(CONC + 8, 0n, true);
    },
  ],
  ["pool string not UTF-8", (v) => v.setUint8(POOL + 1, 0xc3)],
  [
    "pool string with a UTF-16 surrogate",
    (v) => {
      v.setUint8(POOL, 0xed);
      v.setUint8(POOL + 1, 0xa0);
      v.setUint8(POOL + 2, 0x80);
    },
  ],
];

describe("REQ-ENG-001 IMAGE_STRUCTURE: each rule broken alone", () => {
  it.each(STRUCTURE_MUTATIONS)("%s", (_, mutation) => {
    expectRejected(mutated(mutation), Status.IMAGE_STRUCTURE);
  });

  it("a drug rule for fluids: a fluid with a concentration or a dose limit", () => {
    const fluidWithConcentration = structuredClone(WARD_SPEC);
    fluidWithConcentration.entries[2].concentrations = [{ amountUnit: 2, volumeUl: 1000n, amountAbu: 1n }];
    expectRejected(writeTestImage(fluidWithConcentration), Status.IMAGE_STRUCTURE);
    const fluidWithDose = structuredClone(WARD_SPEC);
    fluidWithDose.entries[2].limits = { dose: { hmax: 5n } };
    expectRejected(writeTestImage(fluidWithDose), Status.IMAGE_STRUCTURE);
    const fluidWithBasis = structuredClone(WARD_SPEC);
    fluidWithBasis.entries[2].basis = 1;
    expectRejected(writeTestImage(fluidWithBasis), Status.IMAGE_STRUCTURE);
  });

  it("ordering rules across records: care-area ids and entry ids strictly ascending", () => {
    const areas = structuredClone(WARD_SPEC);
    areas.areas.reverse();
    expectRejected(writeTestImage(areas), Status.IMAGE_STRUCTURE);
    const entries = structuredClone(WARD_SPEC);
    entries.entries.reverse();
    expectRejected(writeTestImage(entries), Status.IMAGE_STRUCTURE);
    const duplicate = structuredClone(WARD_SPEC);
    duplicate.entries[1].id = duplicate.entries[0].id;
    expectRejected(writeTestImage(duplicate), Status.IMAGE_STRUCTURE);
  });

  it("a string pool with a trailing unused byte", () => {
    const base = docExampleImage();
    const longer = new Uint8Array(base.length + 1);
    longer.set(base);
    new DataView(longer.buffer).setUint32(20, base.length + 1 - 96, true);
    expectRejected(rehash(longer), Status.IMAGE_STRUCTURE);
  });
});

describe("REQ-ENG-003 libraryLoad never traps on arbitrary bytes", () => {
  it("random images of random length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (bytes) => {
        const status = engine.loadLibrary(bytes);
        expect([Status.IMAGE_SIZE, Status.IMAGE_MAGIC]).toContain(status);
      }),
      { numRuns: 1000 },
    );
  });

  it("random headers behind a valid magic and version", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 96, maxLength: 400 }), fc.boolean(), (bytes, fixSize) => {
        const view = new DataView(bytes.buffer);
        view.setUint32(0, 0x53524544, true);
        view.setUint16(4, 1, true);
        view.setUint16(6, 96, true);
        if (fixSize) view.setUint32(20, bytes.length - 96, true);
        rehash(bytes);
        const status = engine.loadLibrary(bytes);
        expect([Status.OK, Status.IMAGE_SIZE, Status.IMAGE_STRUCTURE]).toContain(status);
      }),
      { numRuns: 2000 },
    );
  });

  it("random byte mutations of valid images, re-hashed, then random requests", () => {
    const bases = [docExampleImage(), writeTestImage(WARD_SPEC)];
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.uint8Array({ minLength: REQUEST_SIZE, maxLength: REQUEST_SIZE }), { minLength: 1, maxLength: 5 }),
        (which, edits, requests) => {
          const image = bases[which].slice();
          for (const [position, value] of edits) image[96 + (position % (image.length - 96))] = value;
          const status = engine.loadLibrary(rehash(image));
          expect([Status.OK, Status.IMAGE_STRUCTURE]).toContain(status);
          for (const request of requests) engine.evaluateRaw(request);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
