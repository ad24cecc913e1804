// Shared inputs for the library tests. Every call returns a fresh deep copy, so a test that
// breaks one field never affects another test.
import { readFileSync } from "node:fs";
import { compileLibrary, type LibraryError } from "../../hil/library/compiler/compile.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break the shape on purpose
export type Json = any;

const BASE = {
  formatVersion: 1,
  name: "Test library",
  version: 1,
  status: "draft",
  careAreas: [
    {
      id: 0,
      code: "ICU",
      name: "Adult ICU",
      basicInfusionAllowed: false,
      maxRate: { value: "999", unit: "mL/h" },
      weight: { unit: "kg", hardMin: "30", hardMax: "350" },
    },
    {
      id: 5,
      code: "NICU",
      name: "NICU",
      basicInfusionAllowed: false,
      maxVtbi: { value: "500", unit: "mL" },
      bsa: { unit: "m2", hardMax: "0.5" },
    },
  ],
  entries: [
    {
      id: 10,
      drug: "dopamine",
      displayName: "DOPamine",
      highAlert: true,
      infusionType: "continuous",
      doseBasis: "weight",
      doseUnit: "mcg/kg/min",
      careAreas: ["ICU"],
      concentrations: [{ amount: "400", amountUnit: "mg", volume: "250", volumeUnit: "mL" }],
      limits: {
        dose: { unit: "mcg/kg/min", softMin: "2", softMax: "20", hardMax: "25" },
        doseAbsolute: { unit: "mg/h", hardMax: "300" },
      },
    },
    {
      id: 20,
      drug: "vancomycin",
      displayName: "Vancomycin",
      highAlert: false,
      infusionType: "intermittent",
      doseBasis: "none",
      doseUnit: "mg/min",
      careAreas: ["ICU", "NICU"],
      concentrations: [{ amount: "1", amountUnit: "g", volume: "250", volumeUnit: "mL" }],
      advisory: "Infuse over at least 60 min.",
      limits: {
        dose: { unit: "mg/min", hardMax: "10" },
        duration: { unit: "min", hardMin: "60" },
        vtbi: { unit: "mL", hardMax: "500" },
      },
    },
    {
      id: 30,
      drug: "sodium chloride 0.9%",
      displayName: "Sodium chloride 0.9%",
      highAlert: false,
      infusionType: "fluid",
      doseBasis: "none",
      careAreas: ["ICU"],
      limits: { rate: { unit: "mL/h", softMax: "500", hardMax: "999" }, bolusRate: { unit: "mL/h", hardMax: "999" } },
    },
    {
      id: 40,
      drug: "heparin",
      displayName: "Heparin",
      highAlert: true,
      infusionType: "continuous",
      doseBasis: "weight",
      doseUnit: "units/kg/h",
      careAreas: ["ICU"],
      concentrations: [
        { amount: "25000", amountUnit: "units", volume: "500", volumeUnit: "mL" },
        { custom: true, amountUnit: "units", limits: { unit: "units/mL", hardMin: "10", hardMax: "100" } },
      ],
      limits: {
        dose: { unit: "units/kg/h", hardMax: "40" },
        bolusDose: { unit: "units/kg", hardMax: "100" },
        loadingDose: { unit: "units/kg", hardMax: "100" },
      },
    },
  ],
};

/** A valid library using most fields; a fresh copy each call. */
export function validLibrary(): Json {
  return structuredClone(BASE);
}

/** The errors `json` compiles to ([] when it compiles). */
export function errorsOf(json: unknown): LibraryError[] {
  const result = compileLibrary(json);
  return result.ok ? [] : result.errors;
}

export const TINY_LIBRARY_PATH = "tests/fixtures/tiny-library.json";
export const EXAMPLE_LIBRARY_PATH = "hil/library/examples/general-hospital.json";

export function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, "utf8"));
}
