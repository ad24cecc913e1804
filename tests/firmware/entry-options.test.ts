// REQ-LIB-015, REQ-LIB-016, REQ-ENG-001: the firmware and the oracle verify an entry's flags byte
// (offset 6: bit 0 high-alert, bit 1 secondary allowed, bits 2–7 zero) and titration step (u16 at
// offset 18: 0 none, 1 .. 1,000) with the rules of docs/library-image.md §4 that tie them to the
// infusion type. Images come from the doc-only test writer, edited where it cannot express a case.
import { beforeEach, describe, expect, it } from "vitest";
import { Status } from "../../firmware/abi/codes.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { verifyImage } from "../oracle/image.ts";
import { rehash, writeTestImage, type SpecEntry } from "../oracle/test-image-writer.ts";
import { validLibrary } from "../library/helpers.ts";
import { freshEngine } from "./engine-fixture.ts";
import { WARD_SPEC } from "./ward-library.ts";

// WARD_SPEC entries by position: dopamine continuous, carboplatin intermittent, saline fluid, oxytocin continuous.
const ROW = { DOPAMINE: 0, CARBOPLATIN: 1, SALINE: 2, OXYTOCIN: 3 } as const;

let engine: Firmware;
beforeEach(async () => {
  engine = await freshEngine();
});

function wardWith(row: number, options: Partial<SpecEntry>): Uint8Array {
  const spec = structuredClone(WARD_SPEC);
  Object.assign(spec.entries[row], options);
  return writeTestImage(spec);
}

/** Image offset of the entry record in index row `row` (docs/library-image.md §3). */
function recordAt(image: Uint8Array, row: number): number {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  return 96 + view.getUint32(96 + 96 * view.getUint8(13) + 8 * row + 4, true);
}

/** `image` with entry `row`'s flags byte set to `flags`, digest recomputed. */
function withFlags(image: Uint8Array, row: number, flags: number): Uint8Array {
  const copy = image.slice();
  copy[recordAt(copy, row) + 6] = flags;
  return rehash(copy);
}

/** Both the WASM firmware and the oracle give `status`; nothing stays active after a refusal. */
function expectStatus(image: Uint8Array, status: Status): void {
  expect(engine.loadLibrary(image), "firmware").toBe(status);
  expect(verifyImage(image).status, "oracle").toBe(status);
  if (status !== Status.OK) expect(engine.libraryEntryCount()).toBe(0);
}

describe("REQ-LIB-015 REQ-ENG-001 entry flags: secondary allowed", () => {
  it.each([
    ["an intermittent entry", ROW.CARBOPLATIN],
    ["a fluid", ROW.SALINE],
  ])("REQ-LIB-015: bit 1 on %s is accepted and read back by the oracle", (_, row) => {
    const image = wardWith(row, { secondaryAllowed: true });
    expectStatus(image, Status.OK);
    const entry = verifyImage(image).library?.entries.get(WARD_SPEC.entries[row].id);
    expect(entry?.secondaryAllowed).toBe(true);
  });

  it("REQ-LIB-015: bits 0 and 1 together (a high-alert intermittent drug that may run as a secondary)", () => {
    expectStatus(wardWith(ROW.CARBOPLATIN, { secondaryAllowed: true, highAlert: true }), Status.OK);
  });

  it.each([
    ["dopamine (high-alert)", ROW.DOPAMINE],
    ["oxytocin", ROW.OXYTOCIN],
  ])("REQ-LIB-015: bit 1 on a continuous entry, %s, is IMAGE_STRUCTURE", (_, row) => {
    expectStatus(wardWith(row, { secondaryAllowed: true }), Status.IMAGE_STRUCTURE);
  });

  it.each([2, 3, 4, 5, 6, 7])(
    "REQ-LIB-015: reserved flag bit %i is IMAGE_STRUCTURE, even where bit 1 is allowed",
    (bit) => {
      const base = wardWith(ROW.SALINE, { secondaryAllowed: true });
      expectStatus(withFlags(base, ROW.SALINE, 0b10 | (1 << bit)), Status.IMAGE_STRUCTURE);
      expectStatus(withFlags(base, ROW.DOPAMINE, 0b01 | (1 << bit)), Status.IMAGE_STRUCTURE);
    },
  );
});

describe("REQ-LIB-016 REQ-ENG-001 entry titration step", () => {
  it.each([1, 25, 999, 1000])(
    "REQ-LIB-016: %i %% on a continuous entry is accepted and read back by the oracle",
    (step) => {
      const image = wardWith(ROW.DOPAMINE, { maxTitrationStepPercent: step });
      expectStatus(image, Status.OK);
      expect(verifyImage(image).library?.entries.get(WARD_SPEC.entries[ROW.DOPAMINE].id)?.maxTitrationStepPercent).toBe(
        step,
      );
    },
  );

  it.each([1001, 1024, 0xffff])("REQ-LIB-016: %i %% is IMAGE_STRUCTURE (above 1,000)", (step) => {
    expectStatus(wardWith(ROW.DOPAMINE, { maxTitrationStepPercent: step }), Status.IMAGE_STRUCTURE);
  });

  it.each([
    ["an intermittent entry", ROW.CARBOPLATIN],
    ["a fluid", ROW.SALINE],
  ])("REQ-LIB-016: any non-zero step on %s is IMAGE_STRUCTURE", (_, row) => {
    expectStatus(wardWith(row, { maxTitrationStepPercent: 1 }), Status.IMAGE_STRUCTURE);
    expectStatus(wardWith(row, { maxTitrationStepPercent: 1000 }), Status.IMAGE_STRUCTURE);
  });
});

describe("REQ-LIB-015 REQ-LIB-016 compiler to firmware", () => {
  it("REQ-LIB-015, REQ-LIB-016: a compiled library using both fields is activated by the firmware and the oracle", () => {
    const lib = validLibrary();
    lib.entries[1].secondaryAllowed = true; // vancomycin, intermittent
    lib.entries[2].secondaryAllowed = true; // sodium chloride, fluid
    lib.entries[0].maxTitrationStepPercent = "1000"; // dopamine
    lib.entries[3].maxTitrationStepPercent = "25"; // heparin
    const result = compileLibrary(lib);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expectStatus(result.image, Status.OK);
    const entries = verifyImage(result.image).library?.entries;
    expect(
      [10, 20, 30, 40].map((id) => [entries?.get(id)?.secondaryAllowed, entries?.get(id)?.maxTitrationStepPercent]),
    ).toEqual([
      [false, 1000],
      [true, 0],
      [true, 0],
      [false, 25],
    ]);
  });
});
