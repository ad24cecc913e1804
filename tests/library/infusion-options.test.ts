// REQ-LIB-015 secondaryAllowed and REQ-LIB-016 maxTitrationStepPercent: the compiler's rules, each
// with the exact error a pharmacist sees, and the bytes they become (docs/library-image.md §4:
// entry flags byte 6 bit 1, u16 at entry offset 18).
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { errorsOf, validLibrary, type Json } from "./helpers.ts";

// validLibrary(): entries[0] dopamine (continuous, id 10), [1] vancomycin (intermittent, id 20),
// [2] sodium chloride (fluid, id 30), [3] heparin (continuous, id 40).
const STEP_NOT_CONTINUOUS =
  "only a continuous infusion is titrated, so a titration step limit here is never checked; remove maxTitrationStepPercent, or make the entry continuous";
const SECONDARY_CONTINUOUS =
  "a continuous infusion may not run as a secondary (piggyback): it would stop when its volume is done; remove secondaryAllowed, or make the entry intermittent";

function withOptions(edit: (lib: Json) => void): Json {
  const lib = validLibrary();
  edit(lib);
  return lib;
}

/** The entry record of entry `id` in a compiled image (index lookup as docs/library-image.md §3). */
function entryRecord(image: Uint8Array, id: number): DataView {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const index = 96 + 96 * view.getUint8(13);
  for (let row = 0; row < view.getUint32(16, true); row++) {
    if (view.getUint32(index + 8 * row, true) === id)
      return new DataView(image.buffer, image.byteOffset + 96 + view.getUint32(index + 8 * row + 4, true));
  }
  throw new Error(`entry ${id} not in the image`);
}

function compiledImage(lib: Json): Uint8Array {
  const result = compileLibrary(lib);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.image;
}

describe("REQ-LIB-015 secondaryAllowed", () => {
  it("REQ-LIB-015: allowed on an intermittent and a fluid entry; false is allowed anywhere", () => {
    const lib = withOptions((l) => {
      l.entries[1].secondaryAllowed = true;
      l.entries[2].secondaryAllowed = true;
      l.entries[0].secondaryAllowed = false;
    });
    expect(errorsOf(lib)).toEqual([]);
  });

  it("REQ-LIB-015: secondary-not-intermittent on a continuous entry", () => {
    const lib = withOptions((l) => {
      l.entries[0].secondaryAllowed = true;
      l.entries[3].secondaryAllowed = true;
    });
    expect(errorsOf(lib)).toEqual(
      [0, 3].map((i) => ({
        path: `/entries/${i}/secondaryAllowed`,
        rule: "secondary-not-intermittent",
        message: SECONDARY_CONTINUOUS,
      })),
    );
  });

  it("REQ-LIB-015, REQ-LIB-001: a non-boolean is a schema error", () => {
    const lib = withOptions((l) => {
      l.entries[1].secondaryAllowed = "yes";
    });
    expect(errorsOf(lib)).toEqual([
      { path: "/entries/1/secondaryAllowed", rule: "schema:type", message: "must be boolean" },
    ]);
  });

  it("REQ-LIB-015: flags byte 6 — bit 1 set only for secondaryAllowed true, bit 0 still high-alert", () => {
    const image = compiledImage(
      withOptions((l) => {
        l.entries[1].secondaryAllowed = true;
        l.entries[1].highAlert = true;
        l.entries[2].secondaryAllowed = true;
      }),
    );
    expect(entryRecord(image, 20).getUint8(6)).toBe(0b11);
    expect(entryRecord(image, 30).getUint8(6)).toBe(0b10);
    expect(entryRecord(image, 10).getUint8(6)).toBe(0b01); // dopamine: high-alert only
    expect(entryRecord(compiledImage(validLibrary()), 20).getUint8(6)).toBe(0); // absent: false
  });
});

describe("REQ-LIB-016 maxTitrationStepPercent", () => {
  it("REQ-LIB-016: 1 and 1000 (the bounds) and a trailing-zero 50.0 are accepted on continuous entries", () => {
    const lib = withOptions((l) => {
      l.entries[0].maxTitrationStepPercent = "1";
      l.entries[3].maxTitrationStepPercent = "1000";
    });
    const result = compileLibrary(lib);
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.library.entries.map((e) => e.maxTitrationStepPercent)).toEqual([1, undefined, undefined, 1000]);
    const trailing = compileLibrary(
      withOptions((l) => {
        l.entries[0].maxTitrationStepPercent = "50.0";
      }),
    );
    expect(trailing.ok && trailing.library.entries[0].maxTitrationStepPercent).toBe(50);
  });

  it("REQ-LIB-016: u16 at entry offset 18 holds the step, 0 when absent", () => {
    const image = compiledImage(
      withOptions((l) => {
        l.entries[0].maxTitrationStepPercent = "1000";
        l.entries[3].maxTitrationStepPercent = "25";
      }),
    );
    expect(entryRecord(image, 10).getUint16(18, true)).toBe(1000);
    expect(image[4] | (image[5] << 8)).toBe(1); // formatVersion unchanged (docs/decisions/0006)
    expect(entryRecord(image, 40).getUint16(18, true)).toBe(25);
    expect(entryRecord(image, 20).getUint16(18, true)).toBe(0);
  });

  it("REQ-LIB-016, REQ-LIB-010: a library without the new fields compiles to the same bytes as before they existed", () => {
    // The reserved bytes they replace were 0, and false / absent encode as 0.
    const image = compiledImage(
      withOptions((l) => {
        l.entries[1].secondaryAllowed = false;
      }),
    );
    expect(Buffer.from(image).equals(Buffer.from(compiledImage(validLibrary())))).toBe(true);
  });

  it("REQ-LIB-016: titration-step-not-continuous on an intermittent and a fluid entry", () => {
    const lib = withOptions((l) => {
      l.entries[1].maxTitrationStepPercent = "50";
      l.entries[2].maxTitrationStepPercent = "1001";
    });
    expect(errorsOf(lib)).toEqual(
      [1, 2].map((i) => ({
        path: `/entries/${i}/maxTitrationStepPercent`,
        rule: "titration-step-not-continuous",
        message: STEP_NOT_CONTINUOUS,
      })),
    );
  });

  it.each([
    [
      "0",
      "value-range",
      "a step limit of 0 % would forbid every titration; use 1 to 1000, or leave the field out for no step limit",
    ],
    [
      "1001",
      "value-range",
      "1001 % is above the maximum 1000 % (MAX_TITRATION_STEP_PERCENT); use a smaller value, or leave the field out for no step limit",
    ],
    [
      "99999999999999999999999",
      "value-range",
      "99999999999999999999999 % is above the maximum 1000 % (MAX_TITRATION_STEP_PERCENT); use a smaller value, or leave the field out for no step limit",
    ],
    ["12.5", "value-resolution", '12.5 % is not a whole percent; write a whole number such as "25"'],
    ["0.5", "value-resolution", '0.5 % is not a whole percent; write a whole number such as "25"'],
  ])("REQ-LIB-016: %j is refused (%s)", (text, rule, message) => {
    const lib = withOptions((l) => {
      l.entries[0].maxTitrationStepPercent = text;
    });
    expect(errorsOf(lib)).toEqual([{ path: "/entries/0/maxTitrationStepPercent", rule, message }]);
  });

  it.each([
    [50, "schema:type"],
    ["-5", "schema:pattern"],
    ["050", "schema:pattern"],
    ["25%", "schema:pattern"],
  ])("REQ-LIB-016, REQ-LIB-001: %j is not a decimal string (%s)", (value, rule) => {
    const lib = withOptions((l) => {
      l.entries[0].maxTitrationStepPercent = value;
    });
    expect(errorsOf(lib).map((e) => `${e.path} ${e.rule}`)).toEqual([`/entries/0/maxTitrationStepPercent ${rule}`]);
  });

  it("REQ-LIB-009: both rules and a value error on one library are all reported, in document order", () => {
    const lib = withOptions((l) => {
      l.entries[0].secondaryAllowed = true;
      l.entries[0].maxTitrationStepPercent = "0";
      l.entries[2].maxTitrationStepPercent = "10";
    });
    expect(errorsOf(lib).map((e) => `${e.path} ${e.rule}`)).toEqual([
      "/entries/0/secondaryAllowed secondary-not-intermittent",
      "/entries/0/maxTitrationStepPercent value-range",
      "/entries/2/maxTitrationStepPercent titration-step-not-continuous",
    ]);
  });
});
