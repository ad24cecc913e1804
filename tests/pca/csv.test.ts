// Issue 15 (decision 0044 §7, REQ-PCA-043): the library CSV sheets carry a PCA entry's `pca` blocks and
// a concentration's own ones (`pca.<block>.<tier>`, `conc.pca.<block>.<tier>`, docs/library-tools.md
// §5): the PCA library goes JSON → CSV → JSON with the same care areas and entries and the same image,
// and a bad PCA value is an error naming the file, row and column.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { exportCsv } from "../../hil/library/tools/csv/export.ts";
import { importCsv } from "../../hil/library/tools/csv/import.ts";
import { PCA_LIBRARY_PATH } from "./pca-driver.ts";

type Json = ReturnType<typeof JSON.parse>;
const pcaLibrary = (): Json => JSON.parse(readFileSync(PCA_LIBRARY_PATH, "utf8"));

function roundTrip(lib: Json, edit: (entries: string) => string = (s) => s) {
  const sheets = exportCsv(lib);
  return importCsv({
    areas: { file: "areas.csv", text: sheets.areas },
    entries: { file: "entries.csv", text: edit(sheets.entries) },
    name: lib.name,
    version: lib.version,
  });
}

/** The cell at `row` (spreadsheet numbering, header 1) and `column` of a sheet set to `value`. */
function setCell(sheet: string, row: number, column: string, value: string): string {
  const lines = sheet.split("\r\n");
  const header = lines[0].split(",");
  const at = header.indexOf(column);
  if (at < 0) throw new Error(`no column ${column}`);
  // The PCA library's cells hold no commas or quotes except advisories, which sit before the PCA columns: split by the header's count from the end.
  const cells = lines[row - 1].split(",");
  const fromEnd = header.length - at;
  cells[cells.length - fromEnd] = value;
  lines[row - 1] = cells.join(",");
  return lines.join("\r\n");
}

describe("REQ-PCA-043 the PCA blocks in the library CSV", () => {
  it("the PCA library goes JSON → CSV → JSON with the same care areas and entries, and compiles to the same image", () => {
    const lib = pcaLibrary();
    const sheets = exportCsv(lib);
    const header = sheets.entries.split("\r\n")[0].split(",");
    for (const column of [
      "pca.dose.unit",
      "pca.dose.hardMin",
      "pca.lockout.softMin",
      "pca.maxDosesPerHour.hardMax",
      "pca.clinicianBolus.softMax",
      "pca.windowMax1h.hardMax",
      "pca.windowMax4h.softMax",
      "conc.pca.dose.unit",
      "conc.pca.dose.softMin",
    ])
      expect(header, column).toContain(column);
    const back = roundTrip(lib);
    if (!back.ok) throw new Error(back.errors.join("\n"));
    expect(back.library.careAreas).toEqual(lib.careAreas);
    expect(back.library.entries).toEqual(lib.entries);
    const a = compileLibrary(lib);
    const b = compileLibrary(back.library);
    if (!a.ok || !b.ok) throw new Error("does not compile");
    expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
  });

  it("a PCA entry without a concentration block and one with: each block where it was", () => {
    const lib = pcaLibrary();
    const back = roundTrip(lib);
    if (!back.ok) throw new Error(back.errors.join("\n"));
    const entries = back.library.entries as Json[];
    expect(entries[0].concentrations[0].pca).toBeUndefined();
    expect(entries[0].concentrations[1].pca).toEqual({
      dose: { unit: "mg", softMin: "1", softMax: "2", hardMax: "2.5" },
    });
    expect(entries[3].pca).toBeUndefined(); // the continuous morphine entry has none
  });

  it("bad PCA values: errors name the row and column, with the rule; nothing is written", () => {
    const lib = pcaLibrary();
    lib.entries[0].pca.lockout.hardMax = "1500"; // min: above 24 h
    lib.entries[0].pca.maxDosesPerHour.softMax = "5.5"; // a fraction of a dose
    lib.entries[0].concentrations[1].pca.dose.unit = "mg/kg"; // the entry is not dosed per kg
    lib.entries[2].pca.windowMax4h.softMax = "7"; // above its hard max 6
    const back = roundTrip(lib);
    expect(back.ok).toBe(false);
    if (back.ok) return;
    // Row 1 is the header; morphine 5010 has rows 2 and 3, its second concentration row 3; HYDROmorphone 5020 is row 5.
    expect(back.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^entries\.csv row 2, column pca\.lockout\.hardMax: .*\[value-range\]$/),
        expect.stringMatching(/^entries\.csv row 2, column pca\.maxDosesPerHour\.softMax: .*\[value-resolution\]$/),
        expect.stringMatching(/^entries\.csv row 3, column conc\.pca\.dose\.unit: .*\[unit-mismatch\]$/),
        expect.stringMatching(/^entries\.csv row 5, column pca\.windowMax4h\.(softMax|hardMax): .*\[tier-order\]$/),
      ]),
    );
    expect(back.errors).toHaveLength(4);
  });

  it("a PCA block on an entry that is not PCA: limit-not-applicable at its cell", () => {
    const lib = pcaLibrary();
    const sheets = exportCsv(lib);
    // Row 6 is the continuous morphine 5030 (rows: 5010 ×2, 5011, 5020, 5030, 5040).
    const entries = setCell(setCell(sheets.entries, 6, "pca.dose.unit", "mg"), 6, "pca.dose.hardMax", "2");
    const back = importCsv({
      areas: { file: "areas.csv", text: sheets.areas },
      entries: { file: "entries.csv", text: entries },
      name: lib.name,
      version: lib.version,
    });
    expect(back.ok).toBe(false);
    if (back.ok) return;
    expect(back.errors).toEqual([
      expect.stringMatching(/^entries\.csv row 6, column pca\.dose\.unit: .*\[limit-not-applicable\]$/),
    ]);
  });
});
