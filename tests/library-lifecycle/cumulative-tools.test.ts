// Issue 11 feature 6 in the library tools (REQ-LIB-037, docs/library-format.md §5): the cumulative
// limit survives CSV export and import, the diff says which way a change goes (a higher maximum
// loosens, a longer window tightens), and lint's value rules see it like any block of maxima.
import { describe, expect, it } from "vitest";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { diffLibraries } from "../../hil/library/tools/diff/compare.ts";
import { exportCsv } from "../../hil/library/tools/csv/export.ts";
import { importCsv } from "../../hil/library/tools/csv/import.ts";
import { lintLibrary } from "../../hil/library/tools/lint/lint.ts";
import { cleanLibrary, type Json } from "./helpers.ts";

const CUMULATIVE = { unit: "units", window: { value: "24", unit: "h" }, softMax: "35000", hardMax: "40000" };

/** The clean library with a cumulative limit on its first entry (heparin, id 10). */
function withCumulative(cumulative: Json = structuredClone(CUMULATIVE)): Json {
  const lib = cleanLibrary();
  lib.entries[0].cumulative = cumulative;
  return lib;
}

describe("REQ-LIB-037 the cumulative limit in CSV, diff and lint", () => {
  it("CSV: export then import gives the same cumulative limit back", () => {
    const lib = withCumulative();
    const sheets = exportCsv(lib);
    expect(sheets.entries.split("\n")[0]).toContain(
      "cumulative.unit,cumulative.window,cumulative.windowUnit,cumulative.softMax,cumulative.hardMax",
    );
    const imported = importCsv({
      areas: { file: "areas.csv", text: sheets.areas },
      entries: { file: "entries.csv", text: sheets.entries },
      name: lib.name,
      version: lib.version,
    });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const entries = (imported.library as Json).entries;
    expect(entries[0].cumulative).toEqual(CUMULATIVE);
    expect(entries[1].cumulative).toBeUndefined();
  });

  it("diff: a higher hard max loosens, a longer window tightens, a new limit tightens", () => {
    const changes = (mutate: (c: Json) => void) => {
      const after = withCumulative();
      mutate(after.entries[0].cumulative);
      return diffLibraries(withCumulative(), after).entries.find((e) => e.id === 10)?.fields ?? [];
    };
    expect(changes((c) => (c.hardMax = "45000"))).toMatchObject([
      { field: "cumulative.hardMax", old: "40000 units", new: "45000 units", direction: "loosened" },
    ]);
    expect(changes((c) => (c.window = { value: "1500", unit: "min" }))).toMatchObject([
      { field: "cumulative.window", old: "24 h", new: "1500 min", direction: "tightened" },
    ]);
    const added = diffLibraries(cleanLibrary(), withCumulative()).entries.find((e) => e.id === 10)?.fields ?? [];
    expect(added.find((f) => f.field === "cumulative.hardMax")).toMatchObject({ direction: "tightened" });
  });

  it("lint: a soft max equal to the hard max is flagged on the cumulative limit too; 1 unit apart is not", () => {
    const rules = (lib: Json) => lintLibrary(lib).findings.map(({ rule, path }) => ({ rule, path }));
    expect(rules(withCumulative({ ...CUMULATIVE, softMax: "40000" }))).toEqual([
      { rule: "soft-equals-hard", path: "/entries/0/cumulative/softMax" },
    ]);
    expect(rules(withCumulative({ ...CUMULATIVE, softMax: "39999" }))).toEqual([]);
  });
});

describe("REQ-LIB-037 the compiler: cumulative → a CUMULATIVE record, or an error naming the field and rule", () => {
  const compileErrors = (cumulative: Json, entryIndex = 0) => {
    const lib = cleanLibrary();
    lib.entries[entryIndex].cumulative = cumulative;
    const result = compileLibrary(lib);
    return result.ok ? [] : result.errors.map((e) => `${e.path} [${e.rule}]`);
  };

  it("24 h, 35,000 / 40,000 units: a kind-21 record in the entry's extension, image format 3", () => {
    const lib = withCumulative();
    const result = compileLibrary(lib);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(new DataView(result.image.buffer, result.image.byteOffset).getUint16(4, true)).toBe(3);
    expect(result.library.entries.find((e) => e.id === 10)?.records).toEqual([
      {
        kind: LimitKind.CUMULATIVE,
        mask: 0b1100,
        argument: 86_400,
        values: [0n, 0n, 35_000_000_000n, 40_000_000_000n],
      },
    ]);
    // Without it the clean library stays format 1: its bytes do not change.
    const plain = compileLibrary(cleanLibrary());
    expect(plain.ok && new DataView(plain.image.buffer, plain.image.byteOffset).getUint16(4, true)).toBe(1);
  });

  it("1 min and 1440 min are accepted; 0.5 min, 59 s worth, 24.5 h and a window in mL are not", () => {
    expect(compileErrors({ ...CUMULATIVE, window: { value: "1", unit: "min" } })).toEqual([]);
    expect(compileErrors({ ...CUMULATIVE, window: { value: "1440", unit: "min" } })).toEqual([]);
    expect(compileErrors({ ...CUMULATIVE, window: { value: "0.5", unit: "min" } })).toEqual([
      "/entries/0/cumulative/window/value [value-resolution]",
    ]);
    expect(compileErrors({ ...CUMULATIVE, window: { value: "24.5", unit: "h" } })).toEqual([
      "/entries/0/cumulative/window/value [value-range]",
    ]);
    expect(compileErrors({ ...CUMULATIVE, window: { value: "0", unit: "h" } })).toEqual([
      "/entries/0/cumulative/window/value [value-range]",
    ]);
    expect(compileErrors({ ...CUMULATIVE, window: { value: "24", unit: "mL" } })).toEqual([
      "/entries/0/cumulative/window/unit [unit-mismatch]",
    ]);
  });

  it("a unit of another kind, with a basis or per time, no maximum, or a fluid: refused", () => {
    expect(compileErrors({ ...CUMULATIVE, unit: "mg" })).toEqual(["/entries/0/cumulative/unit [unit-mismatch]"]);
    expect(compileErrors({ ...CUMULATIVE, unit: "units/kg" })).toEqual(["/entries/0/cumulative/unit [unit-mismatch]"]);
    expect(compileErrors({ ...CUMULATIVE, unit: "units/h" })).toEqual(["/entries/0/cumulative/unit [unit-mismatch]"]);
    expect(compileErrors({ unit: "units", window: { value: "24", unit: "h" } })).toEqual([
      "/entries/0/cumulative [limit-not-applicable]",
    ]);
    expect(compileErrors({ ...CUMULATIVE, softMax: "40001" })).toEqual(["/entries/0/cumulative/hardMax [tier-order]"]);
    const fluid = cleanLibrary().entries.findIndex((e: Json) => e.infusionType === "fluid");
    expect(compileErrors({ ...CUMULATIVE, unit: "mL" }, fluid)).toEqual([
      "/entries/4/cumulative [limit-not-applicable]",
    ]);
  });
});
