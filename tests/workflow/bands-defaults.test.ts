// Patient bands and defaults on the engine and at SELECT_DRUG (issue 11 §3, §4), on the example
// library with Stream B's example entries added (cefazolin 3020 "< 40 kg", dosed per kg, and 3021
// "≥ 40 kg", a fixed dose; defaults on heparin 1001 and propofol 1030). Expected values by hand:
// 1 mg = 10^9 ABU, 1 unit = 10^6 ABU (docs/units.md); weights in g, so 39,999 g and 40,000 g are the
// ±1 least-unit neighbours of the bands' shared edge.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Mode, Status } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import { PumpDriver } from "./driver.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

const PEDS = 2;
const ICU = 0;
const SMALL = 3020;
const LARGE = 3021;
const MG = 1_000_000_000n;

/** The example library JSON with Stream B's example edits (/tmp-free: the same edits as the docs). */
function libraryJson() {
  const json = JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8"));
  // The example now ships its own cefazolin 3020/3021 (per-dose limits); these tests keep Stream
  // B's versions of the two entries, whose hand-worked values they check.
  json.entries = json.entries.filter((e: { id: number }) => e.id !== SMALL && e.id !== LARGE);
  const entry = (id: number) => json.entries.find((e: { id: number }) => e.id === id);
  entry(1001).defaults = { dose: { value: "18", unit: "units/kg/h" } };
  entry(1030).defaults = { dose: { value: "20", unit: "mcg/kg/min" } };
  entry(1030).concentrations[0].defaults = { vtbi: { value: "100", unit: "mL" } };
  const common = { highAlert: false, infusionType: "intermittent", secondaryAllowed: true };
  json.entries.push(
    {
      id: SMALL,
      drug: "cefazolin",
      displayName: "ceFAZolin (< 40 kg)",
      ...common,
      doseBasis: "weight",
      doseUnit: "mg/kg/h",
      careAreas: ["PEDS"],
      concentrations: [{ amount: "1", amountUnit: "g", volume: "50", volumeUnit: "mL" }],
      limits: {
        dose: { unit: "mg/kg/h", softMax: "100", hardMax: "150" },
        duration: { unit: "min", hardMin: "10", softMin: "20" },
        vtbi: { unit: "mL", hardMax: "100" },
      },
      patientBand: { weight: { unit: "kg", max: "39.999" } },
      defaults: { dose: { value: "60", unit: "mg/kg/h" }, duration: { value: "30", unit: "min" } },
    },
    {
      id: LARGE,
      drug: "cefazolin",
      displayName: "ceFAZolin (≥ 40 kg)",
      ...common,
      doseBasis: "none",
      doseUnit: "mg/h",
      careAreas: ["ICU-ADULT", "MEDSURG", "PEDS"],
      concentrations: [{ amount: "2", amountUnit: "g", volume: "100", volumeUnit: "mL" }],
      limits: {
        dose: { unit: "mg/h", softMax: "6000", hardMax: "8000" },
        duration: { unit: "min", hardMin: "15", softMin: "20" },
        vtbi: { unit: "mL", hardMax: "150" },
      },
      patientBand: { weight: { unit: "kg", min: "40" } },
      defaults: {
        dose: { value: "4000", unit: "mg/h" },
        duration: { value: "30", unit: "min" },
        vtbi: { value: "100", unit: "mL" },
      },
    },
  );
  return json;
}

function image(json = libraryJson()): Uint8Array {
  const compiled = compileLibrary(json);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return compiled.image;
}

let engine: Firmware;
beforeAll(async () => {
  engine = await Firmware.fromFile(RELEASE_WASM_PATH);
});

function evaluate(request: Partial<EngineRequest>, lib: Uint8Array = image()) {
  expect(engine.loadLibrary(lib)).toBe(Status.OK);
  // 200 mL/h of 20 mg/mL for 100 mL: 4,000 mg/h over 30 min, within both cefazolin entries' limits.
  return engine.evaluate({
    entryId: LARGE,
    careAreaId: PEDS,
    concentrationIndex: 0,
    mode: Mode.RATE,
    rateUlPerHour: 200_000n,
    vtbiUl: 100_000n,
    ...request,
  });
}

describe("REQ-ENG-071 the engine checks the entry's patient band (docs/engine.md §5 check 12a)", () => {
  it("REQ-ENG-071: ±1 g at the shared edge: 3021 (min 40 kg) refuses 39,999 g, takes 40,000 g; 3020 the reverse", () => {
    expect(evaluate({ weightG: 39_999n }).status).toBe(Status.OUTSIDE_PATIENT_BAND);
    expect(evaluate({ weightG: 40_000n })).toMatchObject({ status: Status.OK, verdict: 0 });
    // 3020 at 39,999 g: 10 mL/h of 20 mg/mL = 200 mg/h ÷ 39.999 kg ≈ 5 mg/kg/h, 10 mL over 60 min.
    const small = { entryId: SMALL, rateUlPerHour: 10_000n, vtbiUl: 10_000n };
    expect(evaluate({ ...small, weightG: 39_999n })).toMatchObject({ status: Status.OK, verdict: 0 });
    expect(evaluate({ ...small, weightG: 40_000n }).status).toBe(Status.OUTSIDE_PATIENT_BAND);
  });

  it("REQ-ENG-071: a band on the weight with no weight in the request is MISSING_VALUE, even for an entry not dosed per kg", () => {
    expect(evaluate({}).status).toBe(Status.MISSING_VALUE);
  });

  it("REQ-ENG-071: an age band: max 364 days takes 0 and 364, refuses 365; no age is MISSING_VALUE", () => {
    const json = libraryJson();
    json.entries.find((e: { id: number }) => e.id === LARGE).patientBand = {
      weight: { unit: "kg", min: "40" },
      age: { unit: "days", max: "364" },
    };
    const lib = image(json);
    const at = (ageDays?: bigint) => evaluate({ weightG: 40_000n, ...(ageDays === undefined ? {} : { ageDays }) }, lib);
    expect(at(0n).status).toBe(Status.OK);
    expect(at(364n).status).toBe(Status.OK);
    expect(at(365n).status).toBe(Status.OUTSIDE_PATIENT_BAND);
    expect(at().status).toBe(Status.MISSING_VALUE);
  });
});

describe("REQ-ENG-072 every OK result carries the defaults block (docs/abi.md §5 at 528)", () => {
  it("REQ-ENG-072: 3021: mask dose | duration | VTBI = 13; 4,000 mg/h, 1,800 s, 100,000 µL", () => {
    expect(evaluate({ weightG: 40_000n }).defaults).toEqual([13n, 4_000n * MG, 0n, 1_800n, 100_000n, 0n]);
  });

  it("REQ-ENG-072: a soft or hard stop carries them too; a failed request carries zeros", () => {
    // In ICU (max 999 mL/h): 320 mL/h × 20 mg/mL = 6,400 mg/h, above the soft max 6,000 mg/h.
    const soft = evaluate({ careAreaId: ICU, weightG: 40_000n, rateUlPerHour: 320_000n });
    expect([soft.verdict, soft.defaults[0]]).toEqual([1, 13n]);
    expect(evaluate({ weightG: 39_999n }).defaults).toEqual([0n, 0n, 0n, 0n, 0n, 0n]);
  });

  it("REQ-ENG-072: the concentration's values replace the entry's bit by bit (propofol: dose from the entry, VTBI from the bottle)", () => {
    const result = evaluate({
      entryId: 1030,
      careAreaId: ICU,
      weightG: 70_000n,
      rateUlPerHour: 10_000n,
      vtbiUl: undefined,
    });
    // 20 mcg/kg/min = 20 × 10^6 ABU × 60 = 1,200,000,000 ABU/kg/h; 100 mL = 100,000 µL.
    expect(result.defaults).toEqual([9n, 1_200_000_000n, 0n, 0n, 100_000n, 0n]);
  });
});

describe("REQ-WF-081 SELECT_DRUG offers an entry only to the patients of its band", () => {
  it("REQ-WF-081: in PEDS at 10 kg, 3021 (≥ 40 kg) is refused OUTSIDE_PATIENT_BAND / 0 and logged; 3020 is selected", () => {
    const pump = new PumpDriver({ image: image() });
    pump.selectCareArea(PEDS);
    pump.setPatient(10_000);
    const refused = pump.selectDrug({ entryId: LARGE, concentrationIndex: 0 });
    expect([refused.result, refused.detail]).toEqual([Result.OUTSIDE_PATIENT_BAND, 0]);
    expect(refused.events.map((e) => e.code)).toEqual([EventType.DRUG_SELECTION_REFUSED]);
    expect(pump.records().at(-1)).toMatchObject({
      entryId: LARGE,
      careAreaId: PEDS,
      detail: Result.OUTSIDE_PATIENT_BAND,
    });
    expect(pump.selectDrug({ entryId: SMALL, concentrationIndex: 0 }).result).toBe(Result.OK);
  });

  it("REQ-WF-081: with no weight entered a banded entry is refused PATIENT_VALUE_NEEDED / 0; an unbanded one is selected", () => {
    const pump = new PumpDriver({ image: image() });
    pump.selectCareArea(PEDS);
    const refused = pump.selectDrug({ entryId: SMALL, concentrationIndex: 0 });
    expect([refused.result, refused.detail]).toEqual([Result.PATIENT_VALUE_NEEDED, 0]);
    expect(pump.records().at(-1)?.detail).toBe(Result.PATIENT_VALUE_NEEDED);
    expect(pump.selectDrug({ entryId: 2001, concentrationIndex: 0xff }).result).toBe(Result.OK);
  });

  it("REQ-WF-081: a patient changed after the selection: the next PROGRAM is refused ENGINE_STATUS / OUTSIDE_PATIENT_BAND", () => {
    const pump = new PumpDriver({ image: image() });
    pump.selectCareArea(PEDS);
    pump.setPatient(39_999);
    expect(pump.selectDrug({ entryId: SMALL, concentrationIndex: 0 }).result).toBe(Result.OK);
    pump.setPatient(40_000);
    const program = pump.program({ mode: Mode.RATE, rateUlPerHour: 10_000n, vtbiUl: 10_000n });
    expect([program.result, program.detail]).toEqual([Result.ENGINE_STATUS, Status.OUTSIDE_PATIENT_BAND]);
  });
});

describe("REQ-WF-082 SELECT_DRUG returns the defaults", () => {
  it("REQ-WF-082: 3020 at 10 kg: mask dose | duration = 5; 60 mg/kg/h, 1,800 s", () => {
    const pump = new PumpDriver({ image: image() });
    pump.selectCareArea(PEDS);
    pump.setPatient(10_000);
    const selected = pump.selectDrug({ entryId: SMALL, concentrationIndex: 0 });
    expect(selected.value?.defaults).toEqual({
      defaultsMask: 5,
      defaultDose: 60n * MG,
      defaultRateUlPerHour: 0n,
      defaultDurationS: 1_800n,
      defaultVtbiUl: 0n,
      defaultDosePerAdmin: 0n,
    });
  });

  it("REQ-WF-082: heparin 1001 offers 18 units/kg/h (18,000,000 ABU/kg/h); an entry without defaults offers mask 0", () => {
    const pump = new PumpDriver({ image: image() });
    pump.selectCareArea(ICU);
    pump.setPatient(70_000);
    expect(pump.selectDrug({ entryId: 1001, concentrationIndex: 0 }).value?.defaults).toMatchObject({
      defaultsMask: 1,
      defaultDose: 18_000_000n,
    });
    expect(pump.selectDrug({ entryId: 1020, concentrationIndex: 0 }).value?.defaults.defaultsMask).toBe(0);
  });
});
