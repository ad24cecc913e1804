// The issue 11 blocks in the library tools (REQ-LIB-043, REQ-LIB-041, REQ-LC-002): CSV export and
// import carry the per-dose, dose-rate and peripheral blocks, a concentration's own blocks and its
// advisory, and name the cell of an error; diff shows the blocks and reads a concentration's own
// block against the entry's block it replaces; lint's tenfold rule measures a per-dose hard max
// against the default dose per administration (±1 ABU).
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { exportCsv } from "../../hil/library/tools/csv/export.ts";
import { importCsv } from "../../hil/library/tools/csv/import.ts";
import { diffLibraries } from "../../hil/library/tools/diff/compare.ts";
import { lintLibrary } from "../../hil/library/tools/lint/lint.ts";
import { validLibrary, type Json } from "../library/helpers.ts";

/** Vancomycin 20 with a per-dose block, a bag with its own blocks and advisory; heparin 40 with dose rates. */
function withRecords(): Json {
  const lib = validLibrary();
  const v = lib.entries[1];
  v.limits.dosePerAdmin = { unit: "mg", hardMin: "250", softMax: "2000", hardMax: "3000" };
  v.limits.peripheralMaxConcentration = { unit: "mg/mL", hardMax: "5" };
  v.concentrations.push({
    amount: "1",
    amountUnit: "g",
    volume: "200",
    volumeUnit: "mL",
    advisory: "Premixed bag: at least 2 h.",
    overrides: {
      duration: { unit: "min", hardMin: "120" },
      dosePerAdmin: { unit: "mg", hardMax: "2000" },
      peripheralMaxConcentration: { unit: "mg/mL", hardMax: "4" },
    },
  });
  const heparin = lib.entries[3];
  heparin.limits.bolusDoseRate = { unit: "units/kg/min", softMax: "1", hardMax: "2" };
  heparin.limits.loadingDoseRate = { unit: "units/kg/h", hardMax: "120" };
  heparin.concentrations[0].overrides = { doseAbsolute: { unit: "units/h", hardMax: "2500" } };
  return lib;
}

function roundTrip(lib: Json): ReturnType<typeof importCsv> {
  const sheets = exportCsv(lib);
  return importCsv({
    areas: { file: "areas.csv", text: sheets.areas },
    entries: { file: "entries.csv", text: sheets.entries },
    name: lib.name,
    version: lib.version,
  });
}

describe("REQ-LIB-043 CSV import and export of the issue 11 blocks", () => {
  it("REQ-LIB-043: export then import keeps every block, override and advisory, and compiles to the same image", () => {
    const lib = withRecords();
    const sheets = exportCsv(lib);
    const header = sheets.entries.split("\r\n")[0].split(",");
    for (const column of [
      "dosePerAdmin.hardMax",
      "peripheralMaxConcentration.hardMax",
      "bolusDoseRate.softMax",
      "loadingDoseRate.unit",
      "conc.advisory",
      "conc.overrides.duration.hardMin",
      "conc.overrides.dosePerAdmin.hardMax",
      "conc.overrides.doseAbsolute.hardMax",
      "conc.overrides.peripheralMaxConcentration.unit",
    ])
      expect(header, column).toContain(column);
    const back = roundTrip(lib);
    if (!back.ok) throw new Error(back.errors.join("\n"));
    const entries = back.library.entries as Json[];
    expect(entries[1].limits).toEqual(lib.entries[1].limits);
    expect(entries[1].concentrations[1]).toEqual(lib.entries[1].concentrations[1]);
    expect(entries[3].concentrations[0].overrides).toEqual(lib.entries[3].concentrations[0].overrides);
    const a = compileLibrary(lib);
    const b = compileLibrary(back.library);
    if (!a.ok || !b.ok) throw new Error("does not compile");
    expect(Buffer.from(b.image).equals(Buffer.from(a.image))).toBe(true);
  });

  it("REQ-LIB-041: an error in a concentration's own block names its row and column", () => {
    const lib = withRecords();
    lib.entries[1].concentrations[1].overrides.dosePerAdmin.hardMax = "2000.0000000001";
    lib.entries[1].concentrations[1].overrides.duration.unit = "mL";
    const back = roundTrip(lib);
    expect(back.ok).toBe(false);
    if (back.ok) return;
    // Row 1 is the header; entry 20's second concentration is the third data row.
    expect(back.errors).toEqual([
      expect.stringMatching(/^entries\.csv row 4, column conc\.overrides\.duration\.unit: .*\[unit-mismatch\]$/),
      expect.stringMatching(
        /^entries\.csv row 4, column conc\.overrides\.dosePerAdmin\.hardMax: .*\[value-resolution\]$/,
      ),
    ]);
  });
});

describe("REQ-LIB-043 REQ-LIB-041 diff of the issue 11 blocks", () => {
  const changes = (before: Json, after: Json): [string, string | null, string | null, string][] =>
    diffLibraries(before, after)
      .entries.flatMap((i) => i.fields)
      .map((f) => [f.field, f.old, f.new, f.direction]);

  it("REQ-LIB-043: a per-dose hard max raised loosens, a peripheral max lowered tightens, an advisory changed is neutral", () => {
    const before = withRecords();
    const after = withRecords();
    after.entries[1].limits.dosePerAdmin.hardMax = "3000.000000001";
    after.entries[1].limits.peripheralMaxConcentration.hardMax = "4.999999999";
    after.entries[1].concentrations[1].advisory = "Premixed bag: at least 120 min.";
    expect(changes(before, after)).toEqual([
      ["concentrations[1].advisory", "Premixed bag: at least 2 h.", "Premixed bag: at least 120 min.", "neutral"],
      ["limits.dosePerAdmin.hardMax", "3000 mg", "3000.000000001 mg", "loosened"],
      ["limits.peripheralMaxConcentration.hardMax", "5 mg/mL", "4.999999999 mg/mL", "tightened"],
    ]);
  });

  it("REQ-LIB-041: a concentration's own block is read against the entry's it replaces: above it loosens, dropping a tier loosens", () => {
    const before = validLibrary();
    before.entries[1].limits.dosePerAdmin = { unit: "mg", softMax: "2000", hardMax: "3000" };
    const after = structuredClone(before);
    // Bag 0 gets its own block: a hard max above the entry's (3,500 > 3,000) and no soft max.
    after.entries[1].concentrations[0].overrides = { dosePerAdmin: { unit: "g", hardMax: "3.5" } };
    expect(changes(before, after)).toEqual([
      ["concentrations[0].overrides.dosePerAdmin.softMax", null, "none (the entry's block is replaced)", "loosened"],
      ["concentrations[0].overrides.dosePerAdmin.hardMax", null, "3.5 g", "loosened"],
    ]);
    // Its own hard max below the entry's tightens; removing the whole block gives the entry's back.
    const tighter = structuredClone(before);
    tighter.entries[1].concentrations[0].overrides = { dosePerAdmin: { unit: "mg", softMax: "2000", hardMax: "2500" } };
    expect(changes(before, tighter)).toEqual([
      ["concentrations[0].overrides.dosePerAdmin.softMax", null, "2000 mg", "neutral"],
      ["concentrations[0].overrides.dosePerAdmin.hardMax", null, "2500 mg", "tightened"],
    ]);
    expect(changes(tighter, before).map((c) => c[3])).toEqual(["neutral", "loosened"]);
  });
});

describe("REQ-LC-002 lint hard-max-tenfold on the issue 11 blocks", () => {
  const tenfold = (lib: Json): string[] =>
    lintLibrary(lib)
      .findings.filter((f) => f.rule === "hard-max-tenfold")
      .map((f) => f.path);

  it("REQ-LC-002: a per-dose hard max of exactly 10× the default dose per administration is flagged; 1 ABU more default passes", () => {
    const lib = validLibrary();
    lib.entries[1].limits.dosePerAdmin = { unit: "mg", hardMax: "3000" };
    lib.entries[1].defaults = { dosePerAdmin: { value: "300", unit: "mg" } };
    expect(tenfold(lib)).toEqual(["/entries/1/limits/dosePerAdmin/hardMax"]);
    expect(lintLibrary(lib).findings.find((f) => f.rule === "hard-max-tenfold")?.message).toContain(
      "default dose per administration 300 mg",
    );
    lib.entries[1].defaults.dosePerAdmin.value = "300.000000001";
    expect(tenfold(lib)).toEqual([]);
  });

  it("REQ-LC-002: a concentration's own per-dose block meets that concentration's default, else the entry's", () => {
    const lib = validLibrary();
    lib.entries[1].limits.dosePerAdmin = { unit: "mg", hardMax: "3000" };
    lib.entries[1].defaults = { dosePerAdmin: { value: "1000", unit: "mg" } };
    lib.entries[1].concentrations[0].overrides = { dosePerAdmin: { unit: "mg", hardMax: "2500" } };
    expect(tenfold(lib)).toEqual([]);
    lib.entries[1].concentrations[0].defaults = { dosePerAdmin: { value: "250", unit: "mg" } };
    // 2,500 = 10 × 250 on the bag's own block; the entry's 3,000 is measured against the smallest default, 250.
    expect(tenfold(lib)).toEqual([
      "/entries/1/concentrations/0/overrides/dosePerAdmin/hardMax",
      "/entries/1/limits/dosePerAdmin/hardMax",
    ]);
  });

  it("REQ-LC-002: bolus dose rates are dose blocks too: hard max 10× the soft max is flagged", () => {
    const lib = validLibrary();
    lib.entries[3].limits.bolusDoseRate = { unit: "units/kg/min", softMax: "1", hardMax: "10" };
    expect(tenfold(lib)).toEqual(["/entries/3/limits/bolusDoseRate/hardMax"]);
    lib.entries[3].limits.bolusDoseRate.hardMax = "9.999999";
    expect(tenfold(lib)).toEqual([]);
  });
});

describe("REQ-LIB-041 lint override-drops-hard-tier", () => {
  const dropped = (lib: Json): [string, string][] =>
    lintLibrary(lib)
      .findings.filter((f) => f.rule === "override-drops-hard-tier")
      .map((f) => [f.path, f.severity]);

  it("REQ-LIB-041: a concentration's block without the entry's hard min is a warning at the missing tier; with its own hard min none", () => {
    const lib = validLibrary();
    lib.entries[1].concentrations[0].overrides = { duration: { unit: "min", softMin: "90" } };
    expect(dropped(lib)).toEqual([["/entries/1/concentrations/0/overrides/duration/hardMin", "warning"]]);
    lib.entries[1].concentrations[0].overrides.duration.hardMin = "90";
    expect(dropped(lib)).toEqual([]);
    // A block the entry does not have drops nothing.
    lib.entries[1].concentrations[0].overrides = { rate: { unit: "mL/h", softMax: "100" } };
    expect(dropped(lib)).toEqual([]);
  });
});
