// Shared inputs for the lifecycle-tool tests: a small library that compiles and lints clean under
// the default severities (each rule test breaks one thing in a fresh copy), the CLI run in-process,
// and the release firmware copied once, retrying while another build may be rewriting it.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../hil/library/cli.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests break the shape on purpose
export type Json = any;

const CLEAN = {
  formatVersion: 1,
  name: "Lifecycle test",
  version: 4,
  status: "draft",
  careAreas: [
    {
      id: 0,
      code: "ICU",
      name: "Adult ICU",
      basicInfusionAllowed: false,
      maxRate: { value: "999", unit: "mL/h" },
      weight: { unit: "kg", hardMin: "30", softMin: "40", softMax: "200", hardMax: "350" },
    },
    {
      id: 1,
      code: "PEDS",
      name: "Pediatrics",
      basicInfusionAllowed: false,
      maxVtbi: { value: "2000", unit: "mL" },
      weight: { unit: "kg", hardMin: "2", hardMax: "150" },
    },
  ],
  entries: [
    {
      id: 10,
      drug: "heparin",
      displayName: "Heparin",
      highAlert: true,
      infusionType: "continuous",
      doseBasis: "weight",
      doseUnit: "units/kg/h",
      careAreas: ["ICU"],
      concentrations: [{ amount: "25000", amountUnit: "units", volume: "500", volumeUnit: "mL" }],
      advisory: "Independent double check of weight, dose and rate.",
      limits: {
        dose: { unit: "units/kg/h", softMin: "5", softMax: "25", hardMax: "40" },
        bolusDose: { unit: "units/kg", softMax: "80", hardMax: "100" },
        doseAbsolute: { unit: "units/h", hardMax: "2500" },
      },
    },
    {
      id: 11,
      drug: "heparin",
      displayName: "Heparin (peds)",
      highAlert: true,
      infusionType: "continuous",
      doseBasis: "weight",
      doseUnit: "units/kg/h",
      careAreas: ["PEDS"],
      concentrations: [{ amount: "10000", amountUnit: "units", volume: "250", volumeUnit: "mL" }],
      advisory: "Pediatric concentration 40 units/mL.",
      limits: {
        dose: { unit: "units/kg/h", softMin: "10", softMax: "28", hardMax: "35" },
        doseAbsolute: { unit: "units/h", hardMax: "1000" },
      },
    },
    {
      id: 20,
      drug: "dopamine",
      displayName: "DOPamine",
      highAlert: true,
      infusionType: "continuous",
      doseBasis: "weight",
      doseUnit: "mcg/kg/min",
      careAreas: ["PEDS"],
      concentrations: [
        { amount: "400", amountUnit: "mg", volume: "250", volumeUnit: "mL" },
        {
          custom: true,
          amountUnit: "mg",
          limits: { unit: "mcg/mL", hardMin: "400", softMin: "800", softMax: "1600", hardMax: "3200" },
        },
      ],
      limits: {
        dose: { unit: "mcg/kg/min", softMin: "2", softMax: "20", hardMax: "25" },
        doseAbsolute: { unit: "mg/h", hardMax: "300" },
      },
    },
    {
      id: 30,
      drug: "vancomycin",
      displayName: "Vancomycin",
      highAlert: false,
      infusionType: "intermittent",
      doseBasis: "none",
      doseUnit: "mg/min",
      careAreas: ["ICU", "PEDS"],
      concentrations: [{ amount: "1", amountUnit: "g", volume: "250", volumeUnit: "mL" }],
      advisory: "Infuse over at least 60 min.",
      limits: {
        dose: { unit: "mg/min", softMax: "17", hardMax: "25" },
        duration: { unit: "min", hardMin: "60", softMin: "90" },
        vtbi: { unit: "mL", hardMax: "500" },
      },
    },
    {
      id: 40,
      drug: "sodium chloride 0.9%",
      displayName: "Sodium chloride 0.9%",
      highAlert: false,
      infusionType: "fluid",
      doseBasis: "none",
      careAreas: ["ICU", "PEDS"],
      limits: { rate: { unit: "mL/h", softMax: "500", hardMax: "999" } },
    },
  ],
};

/** A library that compiles and has no lint finding at all; a fresh copy each call. */
export function cleanLibrary(): Json {
  return structuredClone(CLEAN);
}

export const EXAMPLE_LIBRARY_PATH = "hil/library/examples/general-hospital.json";
export const EXAMPLE_ORDERS_PATH = "hil/library/examples/general-hospital-orders.csv";

export function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, "utf8"));
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

export interface Run {
  code: number;
  out: string[];
  err: string[];
}

/** The library CLI in-process, as `npm run library -- <argv>` runs it. */
export function cli(...argv: string[]): Run {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/**
 * A private copy of build/ders.wasm that instantiates with the current host. Another engineer's
 * `npm run build:firmware` may be rewriting the file, so a missing or half-written module is
 * retried for up to a minute before the test fails.
 */
export async function firmwareCopy(dir: string): Promise<string> {
  const target = join(dir, "ders.wasm");
  let lastError: unknown;
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      copyFileSync(RELEASE_WASM_PATH, target);
      Firmware.fromBytes(readFileSync(target));
      return target;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  throw new Error(
    `build/ders.wasm is missing or unusable (${(lastError as Error).message}); run npm run build:firmware`,
  );
}
