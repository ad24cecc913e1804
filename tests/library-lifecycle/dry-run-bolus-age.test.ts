// Dry-run orders with a bolus, a loading dose, the rate they run at and the patient's age (CHECK_PROGRAM
// request bits 6, 7, 8 and 13), on the REAL firmware engine with the example library: the verdicts
// and bindings at each limit and one least unit beyond it, and the order-set errors for these cells.
// Needs build/ders.wasm (npm run build:firmware).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, EXAMPLE_LIBRARY_PATH, firmwareCopy, tempDir, type Json } from "./helpers.ts";

let dir: string;
let firmware: string;
beforeAll(async () => {
  dir = tempDir("dry-run-bolus-age");
  firmware = await firmwareCopy(dir);
});

const HEADER =
  "order,careArea,entry,concentration,weightKg,dose,doseUnit,durationMin,doseAmount,doseAmountUnit,bolusDose,bolusDoseUnit,loadingDose,loadingDoseUnit,bolusRateMlPerH,ageYears,ageDays";

function orders(name: string, ...rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, [HEADER, ...rows].join("\r\n"));
  return path;
}

interface Row {
  order: string;
  verdict: string;
  reason: string | null;
  binding: { param: string; tier: string; limit: string } | null;
}

function run(library: string, path: string): { code: number; err: string[]; results: Row[] } {
  const json = cli("dry-run", library, path, "--firmware", firmware, "--format", "json");
  return { code: json.code, err: json.err, results: JSON.parse(json.out.join("\n")).results };
}

const verdicts = (rows: Row[]) =>
  rows.map((r) => [
    r.order,
    r.verdict,
    r.binding === null ? null : `${r.binding.param} ${r.binding.tier} ${r.binding.limit}`,
  ]);

describe("REQ-LC-036 dry-run with bolus, loading dose and bolus rate (request bits 6–8)", () => {
  it("REQ-LC-036 REQ-ENG-010: heparin bolus at its soft max, one unit beyond, the absolute cap and the bolus rate cap", () => {
    // Heparin 1001 (ICU-ADULT): bolus soft max 80 units/kg, absolute soft max 8,000 units, bolus rate
    // hard max 999 mL/h. 80 units/kg × 80 kg = 6,400 units; × 110 kg = 8,800 units.
    const path = orders(
      "bolus.csv",
      "HB1,ICU-ADULT,Heparin,25000 units/500 mL,80,18,units/kg/h,,,,80,units/kg,,,999,,",
      "HB2,ICU-ADULT,Heparin,25000 units/500 mL,80,18,units/kg/h,,,,80.001,units/kg,,,500,,",
      "HB3,ICU-ADULT,Heparin,25000 units/500 mL,110,18,units/kg/h,,,,80,units/kg,,,500,,",
      "HB4,ICU-ADULT,Heparin,25000 units/500 mL,80,18,units/kg/h,,,,80,units/kg,,,999.001,,",
    );
    const r = run(EXAMPLE_LIBRARY_PATH, path);
    expect(r.err).toEqual([]);
    expect(verdicts(r.results)).toEqual([
      ["HB1", "go", null],
      ["HB2", "soft", "BOLUS_DOSE soft max 80 units/kg"],
      ["HB3", "soft", "BOLUS_DOSE_ABSOLUTE soft max 8000 units"],
      ["HB4", "hard", "BOLUS_RATE hard max 999 mL/h"],
    ]);
  });

  it("REQ-LC-036 REQ-ENG-064: dexmedetomidine loading dose rate at 0.1 mcg/kg/min is go, 1 µL/h faster is soft", () => {
    // 1 mcg/kg × 80 kg = 80 mcg = 20 mL of 4 mcg/mL; 120 mL/h = 8 mcg/min = 0.1 mcg/kg/min (soft max),
    // over 10 min (the bolus duration's soft min). 240.001 mL/h is above the 0.2 hard max.
    const path = orders(
      "loading.csv",
      "DL1,ICU-ADULT,dexmedeTOMIDine,400 mcg/100 mL,80,0.7,mcg/kg/h,,,,,,1,mcg/kg,120,,",
      "DL2,ICU-ADULT,dexmedeTOMIDine,400 mcg/100 mL,80,0.7,mcg/kg/h,,,,,,1,mcg/kg,120.001,,",
      "DL3,ICU-ADULT,dexmedeTOMIDine,400 mcg/100 mL,80,0.7,mcg/kg/h,,,,,,1,mcg/kg,240.001,,",
      "ML1,OB,Magnesium sulfate,20 g/500 mL,,1.5,g/h,,,,,,3.999,g,200,,",
    );
    const r = run(EXAMPLE_LIBRARY_PATH, path);
    expect(r.err).toEqual([]);
    expect(verdicts(r.results)).toEqual([
      ["DL1", "go", null],
      ["DL2", "soft", "LOADING_DOSE_RATE soft max 0.1 mcg/kg/min"],
      ["DL3", "hard", "LOADING_DOSE_RATE hard max 0.2 mcg/kg/min"],
      ["ML1", "soft", "LOADING_DOSE soft min 4 g"],
    ]);
  });

  it("REQ-LC-036: bad bolus cells are error rows naming row and column; the other orders still run", () => {
    const path = orders(
      "bad.csv",
      "B1,ICU-ADULT,Heparin,25000 units/500 mL,80,18,units/kg/h,,,,80,units/h,,,,,",
      "B2,ICU-ADULT,Heparin,25000 units/500 mL,80,18,units/kg/h,,,,,,,,500,,",
      "B3,ICU-ADULT,Heparin,25000 units/500 mL,80,18,units/kg/h,,,,,units/kg,,,,,",
      "B4,ICU-ADULT,Heparin,25000 units/500 mL,80,18,units/kg/h,,,,80,units/kg,,,,,",
    );
    const r = run(EXAMPLE_LIBRARY_PATH, path);
    expect(r.code).toBe(2);
    expect(r.results.map((x) => [x.order, x.verdict, x.reason])).toEqual([
      [
        "B1",
        "error",
        expect.stringMatching(/bad\.csv row 2, column bolusDoseUnit: "units\/h" is not an amount per dose unit/),
      ],
      [
        "B2",
        "error",
        expect.stringMatching(
          /bad\.csv row 3, column bolusRateMlPerH: a bolus rate needs the bolusDose or loadingDose/,
        ),
      ],
      ["B3", "error", expect.stringMatching(/bad\.csv row 4, column bolusDose: required with bolusDoseUnit/)],
      ["B4", "go", null],
    ]);
  });
});

describe("REQ-LC-036 REQ-ENG-071 dry-run with the patient's age (request bit 13)", () => {
  // The example's ceFAZolin (< 40 kg) entry, given an age band of at most 17 years (6,205 days: a
  // year is exactly 365 days in the library, docs/library-format.md, and in the order set).
  let library: string;
  beforeAll(() => {
    const json: Json = JSON.parse(readFileSync(EXAMPLE_LIBRARY_PATH, "utf8"));
    const entry = json.entries.find((e: Json) => e.id === 3020);
    entry.patientBand.age = { unit: "years", max: "17" };
    library = join(dir, "age-band.json");
    writeFileSync(library, JSON.stringify(json));
  });

  it("REQ-ENG-071: 17 years and 6,205 days are inside the band; 18 years and 6,206 days outside; no age is a missing value", () => {
    const row = (name: string, years: string, days: string) =>
      `${name},PEDS,ceFAZolin (< 40 kg),1 g/50 mL,20,,,30,25,mg/kg,,,,,,${years},${days}`;
    const path = orders(
      "age.csv",
      row("Y17", "17", ""),
      row("D6205", "", "6205"),
      row("Y18", "18", ""),
      row("D6206", "", "6206"),
      row("NONE", "", ""),
    );
    const r = run(library, path);
    expect(r.err).toEqual([]);
    expect(r.results.map((x) => [x.order, x.verdict])).toEqual([
      ["Y17", "go"],
      ["D6205", "go"],
      ["Y18", "error"],
      ["D6206", "error"],
      ["NONE", "error"],
    ]);
    expect(r.results[2].reason).toMatch(/OUTSIDE_PATIENT_BAND/);
    expect(r.results[3].reason).toMatch(/OUTSIDE_PATIENT_BAND/);
    expect(r.results[4].reason).toMatch(/MISSING_VALUE.*the patient age \(ageYears or ageDays\)/);
  });

  it("REQ-LC-036: an age in both columns, a fraction or beyond 150 years is a bad order", () => {
    const row = (name: string, years: string, days: string) =>
      `${name},PEDS,ceFAZolin (< 40 kg),1 g/50 mL,20,,,30,25,mg/kg,,,,,,${years},${days}`;
    const path = orders(
      "age-bad.csv",
      row("BOTH", "3", "10"),
      row("FRAC", "6.5", ""),
      row("OLD", "", "54751"),
      row("NEG", "-1", ""),
    );
    const r = run(library, path);
    expect(r.code).toBe(2);
    expect(r.results.map((x) => x.reason)).toEqual([
      expect.stringMatching(/row 2, column ageDays: give the age in years or in days, not both/),
      expect.stringMatching(/row 3, column ageYears: "6\.5" is not a whole number of years/),
      expect.stringMatching(/row 4, column ageDays: "54751" is above the engine's maximum age of 54750 days/),
      expect.stringMatching(/row 5, column ageYears: "-1" is not a whole number of years/),
    ]);
  });
});
