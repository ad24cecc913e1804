// REQ-LIB-001: schema violations are reported with the JSON path of the field and the keyword.
import { describe, expect, it } from "vitest";
import { errorsOf, validLibrary } from "./helpers.ts";

describe("REQ-LIB-001 schema validation with JSON paths", () => {
  it("REQ-LIB-001: a non-object is rejected at the root", () => {
    expect(errorsOf([])).toEqual([{ path: "", rule: "schema:type", message: "must be object" }]);
  });

  it("REQ-LIB-001: a missing required field points at the field itself", () => {
    const lib = validLibrary();
    delete lib.entries[2].highAlert;
    expect(errorsOf(lib)).toEqual([{ path: "/entries/2/highAlert", rule: "schema:required", message: "is required" }]);
  });

  it("REQ-LIB-001: an unknown (misspelt) property is named with the allowed ones", () => {
    const lib = validLibrary();
    lib.entries[0].limits.dose.hardmax = "25";
    expect(errorsOf(lib)).toEqual([
      {
        path: "/entries/0/limits/dose/hardmax",
        rule: "schema:additionalProperties",
        message: "is not a known property here; allowed: unit, hardMin, softMin, softMax, hardMax (check the spelling)",
      },
    ]);
  });

  it("REQ-LIB-001, REQ-LIB-002: a value written as a JSON number is refused (decimal strings only)", () => {
    const lib = validLibrary();
    lib.entries[0].limits.dose.hardMax = 25;
    expect(errorsOf(lib)).toEqual([
      {
        path: "/entries/0/limits/dose/hardMax",
        rule: "schema:type",
        message:
          'must be string; write the value as a decimal string such as "12.5" or "0.05" (no sign, exponent or leading ".")',
      },
    ]);
  });

  it.each([["-1"], [".5"], ["1e3"], ["007"], ["1,5"], [" 1"], ["1."], [""]])(
    "REQ-LIB-002: %j is not a decimal string",
    (text) => {
      const lib = validLibrary();
      lib.entries[0].limits.dose.hardMax = text;
      expect(errorsOf(lib)).toEqual([
        {
          path: "/entries/0/limits/dose/hardMax",
          rule: "schema:pattern",
          message: `${JSON.stringify(text)} is not valid; write the value as a decimal string such as "12.5" or "0.05" (no sign, exponent or leading ".")`,
        },
      ]);
    },
  );

  it.each([["µg/kg/min"], ["ug/kg/min"], ["mL/hr"], ["U/h"], ["mcg/lb/min"], ["MCG/KG/MIN"]])(
    "REQ-LIB-004: unit %j is not an accepted spelling",
    (unit) => {
      const lib = validLibrary();
      lib.entries[0].limits.dose.unit = unit;
      expect(errorsOf(lib)).toEqual([
        {
          path: "/entries/0/limits/dose/unit",
          rule: "schema:pattern",
          message: `${JSON.stringify(unit)} is not valid; use a unit spelled as in docs/library-format.md, e.g. "mcg/kg/min", "units/h", "mg/mL", "mL/h", "mL", "min", "kg", "m2"`,
        },
      ]);
    },
  );

  it("REQ-LIB-001: enums, const, ranges, list sizes and the dosing-unit grammar", () => {
    const lib = validLibrary();
    lib.formatVersion = 2;
    lib.version = 0;
    lib.status = "final";
    lib.careAreas[0].id = 64;
    lib.entries[0].infusionType = "bolus";
    lib.entries[0].doseUnit = "mcg/kg";
    lib.entries[1].careAreas = [];
    lib.entries[3].concentrations[0].volumeUnit = "L";
    lib.entries[3].limits.doseAbsolute = { unit: "units/h", softMax: "1", hardMax: "2" };
    expect(errorsOf(lib)).toEqual([
      { path: "/formatVersion", rule: "schema:const", message: "must be 1" },
      { path: "/version", rule: "schema:minimum", message: "must be >= 1" },
      { path: "/status", rule: "schema:enum", message: 'must be one of: "draft", "approved", "released"' },
      { path: "/careAreas/0/id", rule: "schema:maximum", message: "must be <= 63" },
      {
        path: "/entries/0/infusionType",
        rule: "schema:enum",
        message: 'must be one of: "continuous", "intermittent", "fluid", "pca"',
      },
      {
        path: "/entries/0/doseUnit",
        rule: "schema:pattern",
        message:
          '"mcg/kg" is not valid; use AMOUNT[/kg|/m2]/(h|min), e.g. "mcg/kg/min" or "units/h", AMOUNT one of g mg mcg ng units milliunits mEq mmol',
      },
      { path: "/entries/1/careAreas", rule: "schema:minItems", message: "must NOT have fewer than 1 items" },
      { path: "/entries/3/concentrations/0/volumeUnit", rule: "schema:const", message: 'must be "mL"' },
      {
        path: "/entries/3/limits/doseAbsolute/softMax",
        rule: "schema:additionalProperties",
        message: "is not a known property here; allowed: unit, hardMax (check the spelling)",
      },
    ]);
  });

  it("REQ-LIB-001: more than 16 concentrations and more than 64 care areas", () => {
    const lib = validLibrary();
    lib.entries[0].concentrations = Array.from({ length: 17 }, () => ({
      amount: "1",
      amountUnit: "mg",
      volume: "1",
      volumeUnit: "mL",
    }));
    lib.careAreas = Array.from({ length: 65 }, (_, id) => ({
      id: id % 64,
      code: `A${id}`,
      name: "x",
      basicInfusionAllowed: true,
    }));
    const errors = errorsOf(lib).filter((e) => e.rule.startsWith("schema:"));
    expect(errors).toEqual([
      { path: "/careAreas", rule: "schema:maxItems", message: "must NOT have more than 64 items" },
      { path: "/entries/0/concentrations", rule: "schema:maxItems", message: "must NOT have more than 16 items" },
    ]);
  });
});
