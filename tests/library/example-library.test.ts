// REQ-LIB-013: the shipped example library compiles cleanly and shows the format's features.
import { describe, expect, it } from "vitest";
import { DoseBasis, InfusionType, MAX_CARE_AREAS } from "../../firmware/abi/codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { EXAMPLE_LIBRARY_PATH, readJson } from "./helpers.ts";

describe("REQ-LIB-013 example library", () => {
  const json = readJson(EXAMPLE_LIBRARY_PATH);
  const result = compileLibrary(json);

  it("REQ-LIB-013: compiles with no error, ≥ 20 entries over ≥ 4 care areas", () => {
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.library.entries.length).toBeGreaterThanOrEqual(20);
    expect(result.library.careAreas.length).toBeGreaterThanOrEqual(4);
    expect(result.library.careAreas.length).toBeLessThanOrEqual(MAX_CARE_AREAS);
  });

  it("REQ-LIB-013: says NOT FOR CLINICAL USE", () => {
    expect(json.notice).toContain("NOT FOR CLINICAL USE");
  });

  it("REQ-LIB-013: covers the required drugs, a fluid, a custom concentration, an absolute cap and tall-man names", () => {
    if (!result.ok) throw new Error("example does not compile");
    const drugs = json.entries.map((e: { drug: string }) => e.drug);
    for (const drug of [
      "heparin",
      "insulin regular",
      "norepinephrine",
      "propofol",
      "fentanyl",
      "potassium chloride",
      "magnesium sulfate",
      "vancomycin",
      "oxytocin",
      "dopamine",
    ]) {
      expect(drugs).toContain(drug);
    }
    const entries = result.library.entries;
    expect(entries.some((e) => e.infusionType === InfusionType.FLUID)).toBe(true);
    expect(entries.some((e) => e.concentrations.some((c) => c.limits.hardMin !== undefined))).toBe(true);
    expect(entries.some((e) => e.doseBasis === DoseBasis.WEIGHT && e.limits.doseAbsolute.hardMax !== undefined)).toBe(
      true,
    );
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(["DOPamine", "HYDROmorphone", "norEPINEPHrine"]));
    const vancomycin = json.entries.find((e: { drug: string }) => e.drug === "vancomycin");
    expect(vancomycin.limits.duration).toMatchObject({ unit: "min", hardMin: "60" });
    expect(entries.find((e) => e.name === "Magnesium sulfate")?.limits.loadingDose.hardMax).toBe(6_000_000_000_000n);
    // REQ-LIB-015, REQ-LIB-016: the antibiotic may run as a secondary; titrated drips carry a step limit.
    expect(entries.filter((e) => e.secondaryAllowed).map((e) => e.id)).toEqual([1070]);
    const steps = Object.fromEntries(
      entries.filter((e) => e.maxTitrationStepPercent !== undefined).map((e) => [e.id, e.maxTitrationStepPercent]),
    );
    expect(steps).toEqual({ 1001: 25, 1002: 25, 1010: 50, 1020: 50, 1021: 50, 1030: 50, 3040: 25 });
  });
});
