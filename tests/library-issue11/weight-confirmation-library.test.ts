// Weight confirmation for a care area (issue 11 §7, REQ-LIB-031): the library JSON's
// `weightConfirmation: true` compiles to care-area flags bit 1 in an image of format 3 (and only
// then: a library without it keeps its format and bytes); the CSV sheets carry it both ways; diff
// calls turning it on a tightening and off a loosening.
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { exportCsv } from "../../hil/library/tools/csv/export.ts";
import { importCsv } from "../../hil/library/tools/csv/import.ts";
import { diffLibraries } from "../../hil/library/tools/diff/compare.ts";
import { decodeImage } from "../library/decode-image.ts";
import { errorsOf, validLibrary, type Json } from "../library/helpers.ts";

function image(lib: Json): Uint8Array {
  const result = compileLibrary(lib);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.image;
}

const formatVersion = (bytes: Uint8Array): number => bytes[4] | (bytes[5] << 8);
/** Flags byte of the care area at table row `row` (body at 96, 96-byte rows, flags at 1). */
const areaFlags = (bytes: Uint8Array, row: number): number => bytes[96 + 96 * row + 1];

describe("REQ-LIB-031 weight confirmation compiles to care-area flags bit 1, format 3", () => {
  it("REQ-LIB-031: weightConfirmation true sets bit 1 of the area's flags and makes the image format 3", () => {
    const lib = validLibrary();
    lib.careAreas[1].weightConfirmation = true; // NICU, id 5: table row 1
    const bytes = image(lib);
    expect(formatVersion(bytes)).toBe(3);
    expect(areaFlags(bytes, 1)).toBe(2);
    expect(areaFlags(bytes, 0)).toBe(0);
    expect(decodeImage(bytes).careAreas[1]).toMatchObject({ id: 5, weightConfirmation: true });
    const both = validLibrary();
    both.careAreas[1].weightConfirmation = true;
    both.careAreas[1].basicInfusionAllowed = true;
    expect(areaFlags(image(both), 1)).toBe(3);
  });

  it("REQ-LIB-031: false or absent changes nothing: the same bytes, the same format as before", () => {
    const plain = image(validLibrary());
    const off = validLibrary();
    off.careAreas[1].weightConfirmation = false;
    expect(Buffer.from(image(off))).toEqual(Buffer.from(plain));
    expect(formatVersion(plain)).toBeLessThan(3);
  });

  it("REQ-LIB-031: a weightConfirmation that is not a boolean is a schema error naming the path", () => {
    const lib = validLibrary();
    lib.careAreas[1].weightConfirmation = "yes";
    expect(errorsOf(lib).map((e) => e.path)).toContain("/careAreas/1/weightConfirmation");
  });

  it("REQ-LIB-031: the care-area sheet carries weightConfirmation both ways (yes; empty = not set)", () => {
    const lib = validLibrary();
    lib.careAreas[1].weightConfirmation = true;
    const sheets = exportCsv(lib);
    expect(sheets.areas.split("\r\n")[0]).toContain("weightConfirmation");
    const back = importCsv({
      areas: { file: "areas.csv", text: sheets.areas },
      entries: { file: "entries.csv", text: sheets.entries },
      name: lib.name,
      version: lib.version,
    });
    if (!back.ok) throw new Error(back.errors.join("\n"));
    expect((back.library.careAreas as Json[]).map((a) => a.weightConfirmation)).toEqual([undefined, true]);
    expect(Buffer.from(image(back.library))).toEqual(Buffer.from(image(lib)));
  });

  it("REQ-LIB-031: diff: turning weight confirmation on tightens, turning it off loosens", () => {
    const before = validLibrary();
    const after = validLibrary();
    after.careAreas[1].weightConfirmation = true;
    const on = diffLibraries(before, after);
    expect(on.careAreas[0].fields).toEqual([
      { field: "weightConfirmation", old: null, new: "yes", direction: "tightened" },
    ]);
    const off = diffLibraries(after, before);
    expect(off.careAreas[0].fields).toEqual([
      { field: "weightConfirmation", old: "yes", new: null, direction: "loosened" },
    ]);
    const explicitOff = validLibrary();
    explicitOff.careAreas[1].weightConfirmation = false;
    expect(diffLibraries(after, explicitOff).careAreas[0].fields[0].direction).toBe("loosened");
    expect(diffLibraries(before, explicitOff).careAreas[0].fields[0].direction).toBe("neutral");
  });
});
