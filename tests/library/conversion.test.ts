// REQ-LIB-002: exact decimal → canonical integer conversion, checked against the worked values
// of docs/units.md and, as a property, against an independent computation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal, scaleExact } from "../../hil/library/compiler/decimal.ts";
import { parseUnit } from "../../hil/library/compiler/units.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { validLibrary } from "./helpers.ts";

function canonical(value: string, unit: string): bigint | undefined {
  const parsed = parseUnit(unit);
  const decimal = parseDecimal(value);
  if (parsed === undefined || decimal === undefined) throw new Error(`bad test input ${value} ${unit}`);
  return scaleExact(decimal, parsed.factor);
}

describe("REQ-LIB-002 exact decimal values with units", () => {
  // The example table of docs/units.md.
  it.each([
    ["0.05", "mcg/kg/min", 3_000_000n],
    ["18", "units/kg/h", 18_000_000n],
    ["2", "milliunits/min", 120_000n],
    ["10", "mEq/h", 10_000_000n],
    ["80", "units/kg", 80_000_000n],
    ["8", "mg", 8_000_000_000n],
    ["250", "mL", 250_000n],
    ["64", "mcg/mL", 64_000_000n],
    ["12.5", "mL/h", 12_500n],
    ["72.4", "kg", 72_400n],
    ["1.73", "m2", 17_300n],
    ["1", "g", 1_000_000_000_000n],
    ["1", "ng", 1_000n],
    ["1", "mmol", 1_000_000n],
    ["60", "min", 3_600n],
    ["1", "h", 3_600n],
    ["2", "mg/m2/h", 2_000_000_000n],
  ])("REQ-LIB-002: %s %s = %s canonical units (docs/units.md)", (value, unit, expected) => {
    expect(canonical(value, unit)).toBe(expected);
  });

  it("REQ-LIB-002: 0.0001 ng/h is not an integer number of ABU/h", () => {
    expect(canonical("0.0001", "ng/h")).toBeUndefined();
    expect(canonical("0.001", "ng/h")).toBe(1n);
  });

  it("REQ-LIB-002: trailing zeros and long fractions do not change the value", () => {
    expect(canonical("25.000000000000000000", "mcg/kg/min")).toBe(1_500_000_000n);
    expect(canonical("0.000000016666", "mcg/kg/min")).toBeUndefined();
  });

  it("REQ-LIB-002: conversion equals digits × factor / 10^scale exactly, for any decimal (property)", () => {
    const units = ["mcg/kg/min", "mg/h", "units/kg", "milliunits/min", "mL/h", "mL", "min", "h", "kg", "m2", "g/mL"];
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(...units),
        (digits, scale, unit) => {
          const text =
            scale === 0
              ? digits.toString()
              : `${digits / 10n ** BigInt(scale)}.${(digits % 10n ** BigInt(scale)).toString().padStart(scale, "0")}`;
          const factor = parseUnit(unit)!.factor;
          const product = digits * factor;
          const divisor = 10n ** BigInt(scale);
          expect(canonical(text, unit)).toBe(product % divisor === 0n ? product / divisor : undefined);
        },
      ),
    );
  });

  it("REQ-LIB-002: the compiled library carries the exact canonical integers", () => {
    const result = compileLibrary(validLibrary());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [icu, nicu] = result.library.careAreas;
    expect(icu).toMatchObject({ maxRateUlPerHour: 999_000n, weightG: { hardMin: 30_000n, hardMax: 350_000n } });
    expect(nicu).toMatchObject({ maxVtbiUl: 500_000n, bsaM2X10000: { hardMax: 5_000n } });
    const [dopamine, vancomycin, , heparin] = result.library.entries;
    expect(dopamine.limits.dose).toEqual({ softMin: 120_000_000n, softMax: 1_200_000_000n, hardMax: 1_500_000_000n });
    expect(dopamine.limits.doseAbsolute).toEqual({ hardMax: 300_000_000_000n });
    expect(vancomycin.concentrations[0]).toMatchObject({ amountAbu: 1_000_000_000_000n, volumeUl: 250_000n });
    expect(vancomycin.limits.duration).toEqual({ hardMin: 3_600n });
    expect(heparin.concentrations[1].limits).toEqual({ hardMin: 10_000_000n, hardMax: 100_000_000n });
    expect(heparin.limits.bolusDose).toEqual({ hardMax: 100_000_000n });
  });
});

describe("REQ-LIB-004 units are looked up by their own spelling only", () => {
  it.each(["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf"])(
    "REQ-LIB-004: %s is not a unit (no Object.prototype member is taken for one)",
    (name) => {
      expect(parseUnit(name)).toBeUndefined();
      for (const text of [`${name}/h`, `${name}/kg/min`, `${name}/mL`, `mg/${name}`])
        expect(parseUnit(text)).toBeUndefined();
    },
  );
});
