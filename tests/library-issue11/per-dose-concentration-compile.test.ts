// Dose per administration, limits per concentration, bolus/loading dose rates, the peripheral
// maximum concentration and concentration advisories in the library JSON (issue 11 §1, §2, §5,
// §7; REQ-LIB-040 .. REQ-LIB-044): which blocks compile to which limit records, the exact
// conversion with ±1 least unit at the resolution and the maximum, and each rule's error with its
// JSON pointer. Expected values worked out by hand from docs/library-format.md and docs/units.md.
import { describe, expect, it } from "vitest";
import { MAX_LIMIT_VALUE } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import type { CanonicalLimitRecord } from "../../hil/library/compiler/canonical.ts";
import { decodeImage } from "../library/decode-image.ts";
import { errorsOf, validLibrary, type Json } from "../library/helpers.ts";

const rules = (lib: Json): [string, string][] => errorsOf(lib).map((e) => [e.path, e.rule]);

function compiled(lib: Json) {
  const result = compileLibrary(lib);
  if (!result.ok) throw new Error(`does not compile: ${JSON.stringify(result.errors)}`);
  return result;
}

/** Entry `id`'s records and its concentrations' records in the compiled library. */
function recordsOf(lib: Json, id: number): { entry: CanonicalLimitRecord[]; concentrations: CanonicalLimitRecord[][] } {
  const entry = compiled(lib).library.entries.find((e) => e.id === id);
  if (entry === undefined) throw new Error(`no entry ${id}`);
  return { entry: entry.records ?? [], concentrations: entry.concentrations.map((c) => c.records ?? []) };
}

/** The BASE library's vancomycin (entry 20, index 1) made weight-based: mg/kg/min, 1 g / 250 mL. */
function weightBasedVancomycin(): Json {
  const lib = validLibrary();
  const v = lib.entries[1];
  v.doseBasis = "weight";
  v.doseUnit = "mg/kg/min";
  v.limits = { duration: { unit: "min", hardMin: "60" } };
  return lib;
}

// One ABU is 10⁻⁹ mg, 10⁻⁶ mcg, 10⁻⁶ units, 10⁻⁶ mEq, 10⁻⁶ mmol (docs/units.md).
const UNIT_CASES: [string, string, string, string, bigint][] = [
  // doseUnit, block unit, a value with the finest exact resolution, one digit too fine, expected ABU
  ["mg/min", "mg", "3000.000000001", "3000.0000000001", 3_000_000_000_001n],
  ["mg/min", "g", "3.000000000001", "3.0000000000001", 3_000_000_000_001n],
  ["mcg/min", "mcg", "250.000001", "250.0000001", 250_000_001n],
  ["units/h", "units", "5000.000001", "5000.0000001", 5_000_000_001n],
  ["mEq/h", "mEq", "40.000001", "40.0000001", 40_000_001n],
  ["mmol/h", "mmol", "30.000001", "30.0000001", 30_000_001n],
  ["mg/kg/min", "mg/kg", "20.000000001", "20.0000000001", 20_000_000_001n],
  ["mg/m2/h", "mg/m2", "100.000000001", "100.0000000001", 100_000_000_001n],
];

describe("REQ-LIB-040 dose per administration (kinds 16, 17)", () => {
  it.each(UNIT_CASES)(
    "REQ-LIB-040: doseUnit %s, dosePerAdmin in %s: %s is exact to 1 ABU, one decimal more is value-resolution at its path",
    (doseUnit, unit, exact, tooFine, abu) => {
      const lib = validLibrary();
      const v = lib.entries[1];
      v.doseUnit = doseUnit;
      v.doseBasis = doseUnit.includes("/kg") ? "weight" : doseUnit.includes("/m2") ? "bsa" : "none";
      v.concentrations = [{ amount: "1", amountUnit: unit.split("/")[0], volume: "250", volumeUnit: "mL" }];
      v.limits = { dosePerAdmin: { unit, hardMax: exact } };
      expect(recordsOf(lib, 20).entry).toEqual([
        { kind: LimitKind.DOSE_PER_ADMIN, mask: 0b1000, argument: 0, values: [0n, 0n, 0n, abu] },
      ]);
      v.limits.dosePerAdmin.hardMax = tooFine;
      const errors = errorsOf(lib);
      expect(errors.map((e) => [e.path, e.rule])).toEqual([
        ["/entries/1/limits/dosePerAdmin/hardMax", "value-resolution"],
      ]);
      expect(errors[0].message).toContain("use fewer decimals");
    },
  );

  it("REQ-LIB-040: four tiers are written in tier order; a tier below the one before it is tier-order", () => {
    const lib = validLibrary();
    lib.entries[1].limits.dosePerAdmin = {
      unit: "mg",
      hardMin: "250",
      softMin: "500",
      softMax: "2000",
      hardMax: "3000",
    };
    expect(recordsOf(lib, 20).entry).toEqual([
      {
        kind: 16,
        mask: 0b1111,
        argument: 0,
        values: [250_000_000_000n, 500_000_000_000n, 2_000_000_000_000n, 3_000_000_000_000n],
      },
    ]);
    lib.entries[1].limits.dosePerAdmin.softMax = "3000.000000001";
    expect(rules(lib)).toEqual([["/entries/1/limits/dosePerAdmin/hardMax", "tier-order"]]);
  });

  it("REQ-LIB-040: at most MAX_LIMIT_VALUE ABU: the maximum compiles, one ABU more is value-range", () => {
    const lib = validLibrary();
    const max = BigInt(MAX_LIMIT_VALUE);
    const mg = (abu: bigint): string => `${abu / 1_000_000_000n}.${(abu % 1_000_000_000n).toString().padStart(9, "0")}`;
    lib.entries[1].limits.dosePerAdmin = { unit: "mg", hardMax: mg(max) };
    expect(recordsOf(lib, 20).entry[0].values[3]).toBe(max);
    lib.entries[1].limits.dosePerAdmin.hardMax = mg(max + 1n);
    expect(rules(lib)).toEqual([["/entries/1/limits/dosePerAdmin/hardMax", "value-range"]]);
  });

  it("REQ-LIB-040: the absolute per-dose cap of a weight-based entry is an amount with no basis (kind 17)", () => {
    const lib = weightBasedVancomycin();
    lib.entries[1].limits.dosePerAdmin = { unit: "mg/kg", softMax: "20", hardMax: "25" };
    lib.entries[1].limits.dosePerAdminAbsolute = { unit: "g", hardMax: "3" };
    expect(recordsOf(lib, 20).entry).toEqual([
      { kind: 16, mask: 0b1100, argument: 0, values: [0n, 0n, 20_000_000_000n, 25_000_000_000n] },
      { kind: 17, mask: 0b1000, argument: 0, values: [0n, 0n, 0n, 3_000_000_000_000n] },
    ]);
    // A per-kg cap unit, or a per-dose block in mg on a per-kg entry, is the wrong basis.
    lib.entries[1].limits.dosePerAdminAbsolute.unit = "mg/kg";
    lib.entries[1].limits.dosePerAdmin.unit = "mg";
    expect(rules(lib)).toEqual([
      ["/entries/1/limits/dosePerAdmin/unit", "unit-mismatch"],
      ["/entries/1/limits/dosePerAdminAbsolute/unit", "unit-mismatch"],
    ]);
  });

  it("REQ-LIB-040: not applicable: per dose on a continuous entry or a fluid, an absolute cap without a basis", () => {
    const lib = validLibrary();
    lib.entries[0].limits.dosePerAdmin = { unit: "mcg/kg", hardMax: "1" };
    lib.entries[2].limits.dosePerAdmin = { unit: "mg", hardMax: "1" };
    lib.entries[1].limits.dosePerAdminAbsolute = { unit: "mg", hardMax: "3000" };
    const errors = errorsOf(lib);
    expect(errors.map((e) => [e.path, e.rule])).toEqual([
      ["/entries/0/limits/dosePerAdmin", "limit-not-applicable"],
      ["/entries/1/limits/dosePerAdminAbsolute", "limit-not-applicable"],
      ["/entries/2/limits/dosePerAdmin", "limit-not-applicable"],
    ]);
    expect(errors[0].message).toContain("only to intermittent entries");
    expect(errors[1].message).toContain("use dosePerAdmin.hardMax");
    expect(errors[2].message).toContain("a fluid has no dose");
  });

  it("REQ-LIB-040: an entry with a per-dose block is written as image format 3; the image carries the record", () => {
    const lib = validLibrary();
    lib.entries[1].limits.dosePerAdmin = { unit: "mg", hardMax: "3000" };
    const image = compiled(lib).image;
    const decoded = decodeImage(image);
    expect(image[4] | (image[5] << 8)).toBe(3);
    expect(JSON.stringify(decoded, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).toContain('"3000000000000"');
  });
});

describe("REQ-LIB-041 limit blocks per concentration", () => {
  it("REQ-LIB-041: every entry block may be given per concentration; each compiles to its override kind (EntryLimit + 1)", () => {
    const lib = validLibrary();
    const heparin = lib.entries[3];
    heparin.concentrations[0].overrides = {
      dose: { unit: "units/kg/h", hardMax: "30" },
      rate: { unit: "mL/h", hardMax: "50" },
      vtbi: { unit: "mL", hardMax: "500" },
      bolusDose: { unit: "units/kg", hardMax: "80" },
      bolusRate: { unit: "mL/h", hardMax: "300" },
      loadingDose: { unit: "units/kg", hardMax: "80" },
      doseAbsolute: { unit: "units/h", hardMax: "2000" },
      bolusDoseAbsolute: { unit: "units", hardMax: "10000" },
      bolusDuration: { unit: "min", hardMax: "10" },
      loadingDoseAbsolute: { unit: "units", hardMax: "10000" },
      bolusDoseRate: { unit: "units/kg/min", hardMax: "20" },
      loadingDoseRate: { unit: "units/kg/min", hardMax: "20" },
      peripheralMaxConcentration: { unit: "units/mL", hardMax: "100" },
    };
    const records = recordsOf(lib, 40);
    expect(records.entry).toEqual([]);
    expect(records.concentrations[0].map((r) => [r.kind, r.mask, r.values[3]])).toEqual([
      [1, 8, 30_000_000n], // 30 units/kg/h in ABU/kg/h
      [2, 8, 50_000n],
      [4, 8, 500_000n],
      [5, 8, 80_000_000n],
      [6, 8, 300_000n],
      [7, 8, 80_000_000n],
      [8, 8, 2_000_000_000n],
      [9, 8, 10_000_000_000n],
      [10, 8, 600n],
      [11, 8, 10_000_000_000n],
      [18, 8, 1_200_000_000n], // 20 units/kg/min = 1,200 units/kg/h
      [19, 8, 1_200_000_000n],
      [20, 8, 100_000_000n], // ABU/mL
    ]);
    expect(records.concentrations[1]).toEqual([]);
  });

  it("REQ-LIB-041: a vancomycin bag with its own minimum duration and per-dose block (kinds 3, 16), the entry keeps its own", () => {
    const lib = validLibrary();
    const v = lib.entries[1];
    v.limits.dosePerAdmin = { unit: "mg", hardMax: "3000" };
    v.concentrations[0].overrides = {
      duration: { unit: "min", hardMin: "120" },
      dosePerAdmin: { unit: "g", softMax: "1.5", hardMax: "2" },
    };
    const records = recordsOf(lib, 20);
    expect(records.entry).toEqual([{ kind: 16, mask: 8, argument: 0, values: [0n, 0n, 0n, 3_000_000_000_000n] }]);
    expect(records.concentrations[0]).toEqual([
      { kind: 3, mask: 1, argument: 0, values: [7200n, 0n, 0n, 0n] },
      { kind: 16, mask: 0b1100, argument: 0, values: [0n, 0n, 1_500_000_000_000n, 2_000_000_000_000n] },
    ]);
  });

  it("REQ-LIB-041: an override follows the entry's rules: units, applicability, resolution, each at its own path", () => {
    const lib = validLibrary();
    lib.entries[0].concentrations[0].overrides = {
      duration: { unit: "min", hardMin: "60" }, // continuous: no duration
      dose: { unit: "mcg/min", hardMax: "25" }, // wrong basis
      rate: { unit: "mL/h", hardMax: "10.0001" }, // finer than 1 µL/h
      dosePerAdmin: { unit: "mcg/kg", hardMax: "5" }, // continuous: no dose per administration
    };
    expect(rules(lib)).toEqual([
      ["/entries/0/concentrations/0/overrides/dose/unit", "unit-mismatch"],
      ["/entries/0/concentrations/0/overrides/rate/hardMax", "value-resolution"],
      ["/entries/0/concentrations/0/overrides/duration", "limit-not-applicable"],
      ["/entries/0/concentrations/0/overrides/dosePerAdmin", "limit-not-applicable"],
    ]);
  });

  it("REQ-LIB-041: the schema knows the blocks: a misspelt override or a soft tier on a hard-max-only block is a schema error", () => {
    const lib = validLibrary();
    lib.entries[0].concentrations[0].overrides = { doze: { unit: "mcg/kg/min", hardMax: "1" } };
    expect(rules(lib)).toEqual([["/entries/0/concentrations/0/overrides/doze", "schema:additionalProperties"]]);
    const capped = validLibrary();
    capped.entries[0].limits.peripheralMaxConcentration = { unit: "mg/mL", softMax: "1", hardMax: "2" };
    expect(rules(capped)).toEqual([
      ["/entries/0/limits/peripheralMaxConcentration/softMax", "schema:additionalProperties"],
    ]);
  });
});

describe("REQ-LIB-043 bolus and loading dose rates, peripheral maximum concentration, concentration advisories", () => {
  it("REQ-LIB-043: bolusDoseRate / loadingDoseRate in the entry's dose-rate kind and basis (kinds 18, 19), ±1 ABU/kg/h", () => {
    const lib = validLibrary();
    // 0.000000001 units/kg/min = 0.06 ABU/kg/h: not exact. 0.000001 units/kg/h = 1 ABU/kg/h: exact.
    lib.entries[3].limits.bolusDoseRate = { unit: "units/kg/h", hardMax: "1000.000001" };
    lib.entries[3].limits.loadingDoseRate = { unit: "units/kg/min", softMax: "10" };
    expect(recordsOf(lib, 40).entry).toEqual([
      { kind: 18, mask: 8, argument: 0, values: [0n, 0n, 0n, 1_000_000_001n] },
      { kind: 19, mask: 4, argument: 0, values: [0n, 0n, 600_000_000n, 0n] },
    ]);
    lib.entries[3].limits.bolusDoseRate = { unit: "units/kg/min", hardMax: "0.000000001" };
    lib.entries[3].limits.loadingDoseRate = { unit: "units/min", softMax: "10" };
    expect(rules(lib)).toEqual([
      ["/entries/3/limits/bolusDoseRate/hardMax", "value-resolution"],
      ["/entries/3/limits/loadingDoseRate/unit", "unit-mismatch"],
    ]);
    const fluid = validLibrary();
    fluid.entries[2].limits.bolusDoseRate = { unit: "mg/h", hardMax: "1" };
    expect(rules(fluid)).toEqual([["/entries/2/limits/bolusDoseRate", "limit-not-applicable"]]);
  });

  it("REQ-LIB-043: peripheralMaxConcentration is a hard max in AMOUNT/mL of the entry's kind (kind 20), exact to 1 ABU/mL", () => {
    const lib = validLibrary();
    lib.entries[1].limits.peripheralMaxConcentration = { unit: "mg/mL", hardMax: "5.000000001" };
    expect(recordsOf(lib, 20).entry).toEqual([
      { kind: 20, mask: 8, argument: 0, values: [0n, 0n, 0n, 5_000_000_001n] },
    ]);
    lib.entries[1].limits.peripheralMaxConcentration = { unit: "mg/mL", hardMax: "5.0000000001" };
    expect(rules(lib)).toEqual([["/entries/1/limits/peripheralMaxConcentration/hardMax", "value-resolution"]]);
    lib.entries[1].limits.peripheralMaxConcentration = { unit: "units/mL", hardMax: "5" };
    expect(rules(lib)).toEqual([["/entries/1/limits/peripheralMaxConcentration/unit", "unit-mismatch"]]);
    lib.entries[1].limits.peripheralMaxConcentration = { unit: "mg", hardMax: "5" };
    expect(rules(lib)).toEqual([["/entries/1/limits/peripheralMaxConcentration/unit", "unit-mismatch"]]);
  });

  it("REQ-LIB-043: a concentration's advisory is an ADVISORY record (kind 30) after its limit records; over 1024 bytes is text-length", () => {
    const lib = validLibrary();
    lib.entries[1].concentrations[0].advisory = "Central line only.";
    lib.entries[1].concentrations[0].overrides = { rate: { unit: "mL/h", hardMax: "250" } };
    const records = recordsOf(lib, 20).concentrations[0];
    expect(records.map((r) => r.kind)).toEqual([2, 30]);
    expect(records[1]).toMatchObject({ kind: 30, mask: 0, text: "Central line only." });
    lib.entries[1].concentrations[0].advisory = "x".repeat(1025);
    expect(rules(lib)).toEqual([["/entries/1/concentrations/0/advisory", "text-length"]]);
    lib.entries[1].concentrations[0].advisory = "";
    expect(rules(lib)).toEqual([["/entries/1/concentrations/0/advisory", "schema:minLength"]]);
  });
});

describe("REQ-LIB-042 defaults against the hard limits that will meet them", () => {
  it("REQ-LIB-042: a dosePerAdmin default at the dose-per-admin hard max compiles; 1 ABU above is default-outside-hard-limits", () => {
    const lib = validLibrary();
    lib.entries[1].limits.dosePerAdmin = { unit: "mg", hardMin: "500", hardMax: "3000" };
    lib.entries[1].defaults = { dosePerAdmin: { value: "3000", unit: "mg" } };
    expect(recordsOf(lib, 20).entry.map((r) => r.kind)).toEqual([16, 25]);
    lib.entries[1].defaults.dosePerAdmin.value = "3000.000000001";
    expect(rules(lib)).toEqual([["/entries/1/defaults/dosePerAdmin/value", "default-outside-hard-limits"]]);
    lib.entries[1].defaults.dosePerAdmin.value = "499.999999999";
    expect(rules(lib)).toEqual([["/entries/1/defaults/dosePerAdmin/value", "default-outside-hard-limits"]]);
  });

  it("REQ-LIB-042: a concentration's default meets its own block; the entry's default meets every concentration block it stands for", () => {
    const lib = validLibrary();
    const v = lib.entries[1];
    v.limits.dosePerAdmin = { unit: "mg", hardMax: "3000" };
    v.concentrations[0].overrides = {
      dosePerAdmin: { unit: "mg", hardMax: "2000" },
      rate: { unit: "mL/h", hardMax: "250" },
    };
    v.defaults = { dosePerAdmin: { value: "2000", unit: "mg" }, rate: { value: "250", unit: "mL/h" } };
    expect(errorsOf(lib)).toEqual([]);
    v.defaults.dosePerAdmin.value = "2000.000000001";
    const errors = errorsOf(lib);
    expect(errors.map((e) => [e.path, e.rule])).toEqual([
      ["/entries/1/defaults/dosePerAdmin/value", "default-outside-hard-limits"],
    ]);
    expect(errors[0].message).toContain("of concentration 0 (its own block, which replaces the entry's)");
    // The concentration's own default replaces the entry's there, so only it meets the 2,000 mg block.
    v.concentrations[0].defaults = { dosePerAdmin: { value: "2000.000000001", unit: "mg" } };
    expect(rules(lib)).toEqual([
      ["/entries/1/concentrations/0/defaults/dosePerAdmin/value", "default-outside-hard-limits"],
    ]);
    v.concentrations[0].defaults.dosePerAdmin.value = "2000";
    expect(errorsOf(lib)).toEqual([]);
    v.defaults.rate.value = "250.001";
    expect(rules(lib)).toEqual([["/entries/1/defaults/rate/value", "default-outside-hard-limits"]]);
  });
});
