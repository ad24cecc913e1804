// Patient bands and defaults in the library JSON (issue 11 §3, §4; REQ-LIB-032, REQ-LIB-033): what
// the compiler accepts and each rule it enforces, with ±1 least-unit boundaries (1 g, 1 day,
// 1 canonical unit of a default). Expected values worked out by hand from docs/library-format.md.
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { exportCsv } from "../../hil/library/tools/csv/export.ts";
import { importCsv } from "../../hil/library/tools/csv/import.ts";
import { diffLibraries } from "../../hil/library/tools/diff/compare.ts";
import { errorsOf, validLibrary, type Json } from "../library/helpers.ts";

/** The valid library with two vancomycin entries in ICU: 20 (intermittent) and a copy 21. */
function twoVancomycins(band20: Json, band21: Json): Json {
  const lib = validLibrary();
  const copy = structuredClone(lib.entries[1]);
  copy.id = 21;
  copy.displayName = "Vancomycin (large)";
  lib.entries[1].patientBand = band20;
  copy.patientBand = band21;
  lib.entries.push(copy);
  return lib;
}

const rules = (lib: Json): [string, string][] => errorsOf(lib).map((e) => [e.path, e.rule]);

describe("REQ-LIB-032 patient bands", () => {
  it("REQ-LIB-032: disjoint weight bands of one drug compile: max 39.999 kg and min 40 kg (1 g apart)", () => {
    const lib = twoVancomycins({ weight: { unit: "kg", max: "39.999" } }, { weight: { unit: "kg", min: "40" } });
    expect(errorsOf(lib)).toEqual([]);
    const compiled = compileLibrary(lib);
    if (!compiled.ok) throw new Error("does not compile");
    const byId = new Map(compiled.library.entries.map((e) => [e.id, e]));
    // PATIENT_BAND records (kind 28): mask bit 1 max weight, bit 0 min weight (g).
    expect(byId.get(20)?.records).toEqual([{ kind: 28, mask: 0b0010, argument: 0, values: [0n, 39_999n, 0n, 0n] }]);
    expect(byId.get(21)?.records).toEqual([{ kind: 28, mask: 0b0001, argument: 0, values: [40_000n, 0n, 0n, 0n] }]);
  });

  it("REQ-LIB-032: bands that share one gram overlap: band-overlap naming both entries and the care area", () => {
    const lib = twoVancomycins({ weight: { unit: "kg", max: "40" } }, { weight: { unit: "kg", min: "40" } });
    const errors = errorsOf(lib);
    expect(errors.map((e) => [e.path, e.rule])).toEqual([["/entries/4/patientBand", "band-overlap"]]);
    expect(errors[0].message).toContain("entry 21 overlaps that of entry 20 (both vancomycin) in care area ICU");
  });

  it("REQ-LIB-032: overlap needs both dimensions to intersect: same weights, disjoint ages compile", () => {
    const disjoint = twoVancomycins(
      { weight: { unit: "kg", min: "10" }, age: { unit: "days", max: "364" } },
      { weight: { unit: "kg", min: "10" }, age: { unit: "years", min: "1" } },
    );
    expect(errorsOf(disjoint)).toEqual([]);
    const touching = twoVancomycins(
      { weight: { unit: "kg", min: "10" }, age: { unit: "days", max: "365" } },
      { weight: { unit: "kg", min: "10" }, age: { unit: "years", min: "1" } },
    );
    expect(rules(touching)).toEqual([["/entries/4/patientBand", "band-overlap"]]);
  });

  it("REQ-LIB-032: no overlap error for other drugs, other care areas, or an entry without a band", () => {
    const otherArea = twoVancomycins({ weight: { unit: "kg", max: "50" } }, { weight: { unit: "kg", min: "40" } });
    otherArea.entries[1].careAreas = ["NICU"];
    otherArea.entries[4].careAreas = ["ICU"];
    expect(errorsOf(otherArea)).toEqual([]);
    const unbanded = twoVancomycins({ weight: { unit: "kg", max: "50" } }, undefined);
    expect(errorsOf(unbanded)).toEqual([]);
    const otherDrug = twoVancomycins({ weight: { unit: "kg", max: "50" } }, { weight: { unit: "kg", min: "40" } });
    otherDrug.entries[4].drug = "cefazolin";
    expect(errorsOf(otherDrug)).toEqual([]);
  });

  it("REQ-LIB-032: min above max, an empty band or range, a weight finer than 1 g, an age above 150 years are errors", () => {
    const lib = validLibrary();
    lib.entries[1].patientBand = { weight: { unit: "kg", min: "40", max: "39.999" } };
    expect(rules(lib)).toEqual([["/entries/1/patientBand/weight/max", "tier-order"]]);
    lib.entries[1].patientBand = {};
    expect(rules(lib)).toEqual([["/entries/1/patientBand", "band-empty"]]);
    lib.entries[1].patientBand = { age: { unit: "days" } };
    expect(rules(lib)).toEqual([["/entries/1/patientBand/age", "band-empty"]]);
    lib.entries[1].patientBand = { weight: { unit: "kg", max: "39.9995" } };
    expect(rules(lib)).toEqual([["/entries/1/patientBand/weight/max", "value-resolution"]]);
    lib.entries[1].patientBand = { age: { unit: "days", max: "54751" } };
    expect(rules(lib)).toEqual([["/entries/1/patientBand/age/max", "value-range"]]);
    lib.entries[1].patientBand = { age: { unit: "years", max: "150" } };
    expect(errorsOf(lib)).toEqual([]);
    lib.entries[1].patientBand = { weight: { unit: "g", max: "150" } };
    expect(rules(lib)[0][0]).toBe("/entries/1/patientBand/weight/unit");
  });
});

describe("REQ-LIB-033 defaults", () => {
  it("REQ-LIB-033: entry and concentration defaults compile into canonical units", () => {
    const lib = validLibrary();
    lib.entries[0].defaults = { dose: { value: "5", unit: "mcg/kg/min" }, rate: { value: "10", unit: "mL/h" } };
    lib.entries[0].concentrations[0].defaults = { dose: { value: "2.5", unit: "mcg/kg/min" } };
    lib.entries[1].defaults = { duration: { value: "90", unit: "min" }, vtbi: { value: "250", unit: "mL" } };
    const compiled = compileLibrary(lib);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const byId = new Map(compiled.library.entries.map((e) => [e.id, e]));
    // 5 mcg/kg/min = 5 × 10^6 ABU (1 ABU = 1 pg, docs/units.md) × 60 = 300,000,000 ABU/kg/h.
    // DEFAULTS records (kind 24): bit 0 dose, 1 rate, 2 duration, 3 VTBI.
    expect(byId.get(10)?.records).toEqual([
      { kind: 24, mask: 0b0011, argument: 0, values: [300_000_000n, 10_000n, 0n, 0n] },
    ]);
    expect(byId.get(10)?.concentrations[0].records).toEqual([
      { kind: 24, mask: 0b0001, argument: 0, values: [150_000_000n, 0n, 0n, 0n] },
    ]);
    expect(byId.get(20)?.records).toEqual([
      { kind: 24, mask: 0b1100, argument: 0, values: [0n, 0n, 5_400n, 250_000n] },
    ]);
  });

  it("REQ-LIB-033: a default equal to a hard limit compiles; one least unit beyond it is default-outside-hard-limits", () => {
    const lib = validLibrary();
    // Dopamine dose hard max 25 mcg/kg/min = 1,500 mcg/kg/h = 1,500,000,000 ABU/kg/h; one ABU/kg/h
    // more is 1500.000001 mcg/kg/h.
    lib.entries[0].defaults = { dose: { value: "1500", unit: "mcg/kg/h" } };
    expect(errorsOf(lib)).toEqual([]);
    lib.entries[0].defaults = { dose: { value: "1500.000001", unit: "mcg/kg/h" } };
    expect(rules(lib)).toEqual([["/entries/0/defaults/dose/value", "default-outside-hard-limits"]]);
    // Vancomycin duration hard min 60 min = 3,600 s: 3,599 s is outside.
    lib.entries[0].defaults = undefined;
    lib.entries[1].limits.duration = { unit: "min", hardMin: "60" };
    lib.entries[1].defaults = { duration: { value: "60", unit: "min" } };
    expect(errorsOf(lib)).toEqual([]);
    // 3,599 s cannot be written in min or h exactly; 0.99972... h is refused as value-resolution.
    lib.entries[1].defaults = { duration: { value: "0.9997222222", unit: "h" } };
    expect(rules(lib).map(([, rule]) => rule)).toEqual(["value-resolution"]);
    // 59 min (3,540 s) is below the hard min of 60 min.
    lib.entries[1].defaults = { duration: { value: "59", unit: "min" } };
    expect(rules(lib)).toEqual([["/entries/1/defaults/duration/value", "default-outside-hard-limits"]]);
  });

  it("REQ-LIB-033: a default that does not apply, in the wrong unit, or zero is an error", () => {
    const lib = validLibrary();
    lib.entries[0].defaults = { duration: { value: "60", unit: "min" } };
    expect(rules(lib)).toEqual([["/entries/0/defaults/duration", "default-not-applicable"]]);
    lib.entries[0].defaults = { dose: { value: "5", unit: "mcg/min" } };
    expect(rules(lib)).toEqual([["/entries/0/defaults/dose/unit", "unit-mismatch"]]);
    lib.entries[0].defaults = { rate: { value: "0", unit: "mL/h" } };
    expect(rules(lib)).toEqual([["/entries/0/defaults/rate/value", "value-range"]]);
    lib.entries[0].defaults = { bolus: { value: "1", unit: "mL/h" } };
    expect(rules(lib)[0][1]).toBe("schema:additionalProperties");
  });
});

describe("REQ-LIB-032 REQ-LIB-033 bands and defaults in the CSV sheets and in diff", () => {
  function banded(): Json {
    const lib = twoVancomycins(
      { weight: { unit: "kg", max: "39.999" }, age: { unit: "years", min: "1" } },
      { weight: { unit: "kg", min: "40" } },
    );
    lib.entries[0].defaults = { dose: { value: "5", unit: "mcg/kg/min" } };
    lib.entries[0].concentrations[0].defaults = { rate: { value: "7.5", unit: "mL/h" } };
    lib.entries[1].defaults = { duration: { value: "90", unit: "min" }, vtbi: { value: "250", unit: "mL" } };
    return lib;
  }

  it("REQ-LIB-032: export then import gives the same bands and defaults (and compiles to the same canonical library)", () => {
    const lib = banded();
    const sheets = exportCsv(lib);
    const back = importCsv({
      areas: { file: "areas.csv", text: sheets.areas },
      entries: { file: "entries.csv", text: sheets.entries },
      name: lib.name,
      version: lib.version,
    });
    if (!back.ok) throw new Error(back.errors.join("\n"));
    const entries = back.library.entries as Json[];
    expect(entries.map((e) => [e.id, e.patientBand, e.defaults])).toEqual(
      lib.entries.map((e: Json) => [e.id, e.patientBand, e.defaults]),
    );
    expect(entries[0].concentrations[0].defaults).toEqual({ rate: { value: "7.5", unit: "mL/h" } });
    const a = compileLibrary(lib);
    const b = compileLibrary(back.library);
    if (!a.ok || !b.ok) throw new Error("does not compile");
    expect(b.library).toEqual(a.library);
  });

  it("REQ-LIB-033: an import error in a default names its cell", () => {
    const lib = banded();
    lib.entries[0].defaults = { dose: { value: "30", unit: "mcg/kg/min" } }; // above the hard max 25
    const sheets = exportCsv(lib);
    const back = importCsv({
      areas: { file: "areas.csv", text: sheets.areas },
      entries: { file: "entries.csv", text: sheets.entries },
      name: lib.name,
      version: lib.version,
    });
    expect(back.ok).toBe(false);
    if (back.ok) return;
    expect(back.errors[0]).toMatch(
      /^entries\.csv row 2, column defaults\.dose\.value: .*\[default-outside-hard-limits\]$/,
    );
  });

  it("REQ-LIB-032: diff: a band's min raised or max lowered tightens, widened loosens; defaults have no direction", () => {
    const before = banded();
    const after = banded();
    after.entries[1].patientBand.weight.max = "39.998";
    after.entries[4].patientBand.weight.min = "39.999";
    after.entries[1].patientBand.age = { unit: "days", min: "366" };
    after.entries[0].defaults.dose.value = "6";
    const diff = diffLibraries(before, after);
    const fields = diff.entries.flatMap((e) => e.fields.map((f) => [e.id, f.field, f.old, f.new, f.direction]));
    expect(fields).toEqual([
      [10, "defaults.dose", "5 mcg/kg/min", "6 mcg/kg/min", "neutral"],
      [20, "patientBand.weight.max", "39.999 kg", "39.998 kg", "tightened"],
      [20, "patientBand.age.min", "1 years", "366 days", "tightened"],
      [21, "patientBand.weight.min", "40 kg", "39.999 kg", "loosened"],
    ]);
  });
});
