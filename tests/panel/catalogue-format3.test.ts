// The panel's catalogue reads a format-3 image (docs/library-image.md §10): an EXTENDED entry's
// limit records and a concentration's own records are skipped, so the concentrations after them
// are read at the right offsets (REQ-PNL-002: the page offers the library's drugs as they are).
// Values by hand from hil/library/examples/general-hospital.json (1 mg = 10^9 ABU, 1 mEq = 10^6).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { readCatalogue } from "../../simulator/panel/catalogue.ts";

describe("REQ-PNL-002 the panel's catalogue of a format-3 library", () => {
  it("REQ-PNL-002: entries with limit records (heparin's default, vancomycin's and KCl's bags) keep their concentrations", () => {
    const compiled = compileLibrary(JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8")));
    if (!compiled.ok) throw new Error("the example library does not compile");
    expect(compiled.image[4]).toBe(3);
    const catalogue = readCatalogue(compiled.image);
    const entry = (id: number) => catalogue.entries.find((e) => e.id === id);
    expect(entry(1001)?.concentrations).toEqual([
      { index: 0, kind: 0, amountUnitCode: expect.any(Number), volumeUl: 500_000, amountAbu: 25_000_000_000n },
    ]);
    expect(entry(1070)?.concentrations.map((c) => [c.amountAbu, c.volumeUl])).toEqual([
      [1_000_000_000_000n, 250_000],
      [1_500_000_000_000n, 500_000],
      [2_000_000_000_000n, 500_000],
    ]);
    expect(entry(1050)?.concentrations.map((c) => [c.amountAbu, c.volumeUl])).toEqual([
      [10_000_000n, 100_000],
      [20_000_000n, 100_000],
      [40_000_000n, 100_000],
    ]);
    // The entry after an extended one is read at its own offset too.
    expect(entry(1060)?.displayName).toBe("Magnesium sulfate");
    expect(catalogue.entries).toHaveLength(29);
  });
});
