// End to end on the shipped example library (REQ-LIB-013): JSON → compiler → image → release
// WASM engine. Each expectation is worked out by hand from the library's values (shown in the
// comments, canonical units of docs/units.md), not read back from the engine.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  Classification,
  Mode,
  NO_CONCENTRATION,
  NO_PARAM,
  Param,
  Status,
  Tier,
  Verdict,
} from "../../firmware/abi/codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

const AREA = { ICU: 0, MEDSURG: 1, PEDS: 2, NICU: 3, OB: 5 } as const;
const ENTRY = {
  HEPARIN: 1001,
  NOREPINEPHRINE: 1020,
  KCL: 1050,
  VANCOMYCIN: 1070,
  OXYTOCIN: 1080,
  DOPAMINE_NICU: 1091,
  CISPLATIN: 1170,
  NACL: 2001,
} as const;

let engine: Firmware;

beforeAll(async () => {
  const compiled = compileLibrary(JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8")));
  if (!compiled.ok) throw new Error(`example library does not compile: ${JSON.stringify(compiled.errors)}`);
  engine = await Firmware.fromFile(RELEASE_WASM_PATH);
  expect(engine.loadLibrary(compiled.image)).toBe(Status.OK);
});

function evaluate(request: EngineRequest): EngineResult {
  const result = engine.evaluate(request);
  expect(result.status, "status").toBe(Status.OK);
  return result;
}

// Heparin 25,000 units / 500 mL = 50 units/mL; ICU; 80 kg. Dose limits units/kg/h: soft 5–25, hard max 40.
const heparin = (rateUlPerHour: bigint, weightG = 80_000n): EngineRequest => ({
  entryId: ENTRY.HEPARIN,
  careAreaId: AREA.ICU,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour,
  weightG,
});

describe("REQ-ENG-030 REQ-ENG-031 heparin by rate, 80 kg", () => {
  it("28 mL/h = 1,400 units/h = 17.5 units/kg/h: GO", () => {
    const r = evaluate(heparin(28_000n));
    expect(r.verdict).toBe(Verdict.GO);
    expect(r.bindingParam).toBe(NO_PARAM);
    expect(r.params[Param.DOSE]).toMatchObject({ classification: Classification.WITHIN, displayValue: 17_500_000n });
    expect(r.params[Param.DOSE_ABSOLUTE]).toMatchObject({
      classification: Classification.WITHIN,
      displayValue: 1_400_000_000n,
    });
  });

  it("REQ-ENG-010 40 mL/h is exactly the 25 units/kg/h soft max: within", () => {
    const r = evaluate(heparin(40_000n));
    expect(r.params[Param.DOSE].classification).toBe(Classification.WITHIN);
    expect(r.verdict).toBe(Verdict.GO);
  });

  it("REQ-ENG-010 one µL/h more (40.001 mL/h, 25.000625 units/kg/h) is a soft stop on the dose soft max", () => {
    const r = evaluate(heparin(40_001n));
    expect(r.verdict).toBe(Verdict.SOFT_STOP);
    expect([r.bindingParam, r.bindingTier, r.bindingLimitValue]).toEqual([Param.DOSE, Tier.SOFT_MAX, 25_000_000n]);
    expect(r.params[Param.DOSE].displayValue).toBe(25_000_625n);
  });

  it("a 10× keying error (280 mL/h = 175 units/kg/h) is a hard stop on the dose hard max, and on the 2,500 units/h cap", () => {
    const r = evaluate(heparin(280_000n));
    expect(r.verdict).toBe(Verdict.HARD_STOP);
    expect([r.bindingParam, r.bindingTier, r.bindingLimitValue]).toEqual([Param.DOSE, Tier.HARD_MAX, 40_000_000n]);
    expect(r.params[Param.DOSE_ABSOLUTE]).toMatchObject({
      classification: Classification.ABOVE_HARD_MAX,
      limitValue: 2_500_000_000n,
    });
  });

  it("REQ-ENG-036 a weight keyed in pounds beyond the ICU hard max (400 kg > 350 kg) is a hard stop bound to WEIGHT", () => {
    const r = evaluate(heparin(28_000n, 400_000n));
    expect(r.verdict).toBe(Verdict.HARD_STOP);
    expect([r.bindingParam, r.bindingTier, r.bindingLimitValue]).toEqual([Param.WEIGHT, Tier.HARD_MAX, 350_000n]);
  });

  it("REQ-ENG-003 a weight-based entry without a weight is refused", () => {
    const { weightG: _omitted, ...noWeight } = heparin(28_000n);
    expect(engine.evaluate(noWeight).status).toBe(Status.MISSING_VALUE);
  });
});

describe("REQ-ENG-020 vancomycin 1,000 mg / 250 mL, intermittent, duration hard min 60 min", () => {
  const vancomycin = (durationS: bigint): EngineRequest => ({
    entryId: ENTRY.VANCOMYCIN,
    careAreaId: AREA.MEDSURG,
    concentrationIndex: 0,
    mode: Mode.DURATION,
    durationS,
    vtbiUl: 250_000n,
  });

  it("250 mL over 60 min: 250 mL/h, 16.7 mg/min ≤ 17 soft max, duration at its hard min: GO", () => {
    const r = evaluate(vancomycin(3_600n));
    expect(r.deliveredRateUlPerHour).toBe(250_000n);
    expect(r.params[Param.DURATION].classification).toBe(Classification.WITHIN);
    expect(r.verdict).toBe(Verdict.GO);
  });

  it("over 30 min: duration below its hard min and 33.3 mg/min above the 25 mg/min hard max; DOSE binds (lower ID)", () => {
    const r = evaluate(vancomycin(1_800n));
    expect(r.params[Param.DURATION]).toMatchObject({
      classification: Classification.BELOW_HARD_MIN,
      limitValue: 3_600n,
    });
    expect(r.params[Param.DOSE].classification).toBe(Classification.ABOVE_HARD_MAX);
    expect([r.verdict, r.bindingParam]).toEqual([Verdict.HARD_STOP, Param.DOSE]);
  });
});

describe("REQ-ENG-023 oxytocin 30 units / 500 mL (60 milliunits/mL) programmed by dose", () => {
  const oxytocin = (dose: bigint): EngineRequest => ({
    entryId: ENTRY.OXYTOCIN,
    careAreaId: AREA.OB,
    concentrationIndex: 0,
    mode: Mode.DOSE,
    dose,
  });

  it("2 milliunits/min (120,000 ABU/h) runs at exactly 2 mL/h: GO", () => {
    const r = evaluate(oxytocin(120_000n));
    expect(r.deliveredRateUlPerHour).toBe(2_000n);
    expect(r.verdict).toBe(Verdict.GO);
  });

  it("units/milliunits confusion (200 milliunits/min) is a hard stop on the 30 milliunits/min hard max", () => {
    const r = evaluate(oxytocin(12_000_000n));
    expect([r.verdict, r.bindingParam, r.bindingLimitValue]).toEqual([Verdict.HARD_STOP, Param.DOSE, 1_800_000n]);
  });
});

describe("REQ-ENG-030 potassium chloride 20 mEq / 100 mL, intermittent", () => {
  const kcl = (rateUlPerHour: bigint): EngineRequest => ({
    entryId: ENTRY.KCL,
    careAreaId: AREA.ICU,
    concentrationIndex: 1,
    mode: Mode.RATE,
    rateUlPerHour,
    vtbiUl: 100_000n,
  });

  it("100 mL/h = 20 mEq/h: above the 10 mEq/h soft max, at the hard max: soft stop", () => {
    const r = evaluate(kcl(100_000n));
    expect(r.params[Param.RATE].classification).toBe(Classification.WITHIN);
    expect([r.verdict, r.bindingParam, r.bindingTier]).toEqual([Verdict.SOFT_STOP, Param.DOSE, Tier.SOFT_MAX]);
  });

  it("100.001 mL/h breaks the rate and dose hard maxima: hard stop", () => {
    const r = evaluate(kcl(100_001n));
    expect(r.params[Param.RATE].classification).toBe(Classification.ABOVE_HARD_MAX);
    expect([r.verdict, r.bindingParam, r.bindingTier]).toEqual([Verdict.HARD_STOP, Param.DOSE, Tier.HARD_MAX]);
  });

  it("REQ-ENG-003 an intermittent infusion without a VTBI is refused", () => {
    const { vtbiUl: _omitted, ...noVtbi } = kcl(50_000n);
    expect(engine.evaluate(noVtbi).status).toBe(Status.MISSING_VALUE);
  });
});

describe("REQ-ENG-034 NICU DOPamine custom concentration, limits 400–3,200 mcg/mL (hard)", () => {
  it("10 mg / 50 mL = 200 mcg/mL is below the hard min: hard stop bound to CONCENTRATION", () => {
    const r = evaluate({
      entryId: ENTRY.DOPAMINE_NICU,
      careAreaId: AREA.NICU,
      concentrationIndex: 1,
      mode: Mode.RATE,
      rateUlPerHour: 500n,
      weightG: 1_200n,
      customAmountAbu: 10_000_000_000n,
      customVolumeUl: 50_000n,
    });
    expect([r.verdict, r.bindingParam, r.bindingTier, r.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.CONCENTRATION,
      Tier.HARD_MIN,
      400_000_000n,
    ]);
  });
});

describe("REQ-ENG-033 care-area caps", () => {
  it("saline at 350 mL/h in Pediatrics (cap 300 mL/h) is a hard stop though the entry allows it", () => {
    const r = evaluate({
      entryId: ENTRY.NACL,
      careAreaId: AREA.PEDS,
      concentrationIndex: NO_CONCENTRATION,
      mode: Mode.RATE,
      rateUlPerHour: 350_000n,
    });
    expect(r.params[Param.RATE].classification).toBe(Classification.WITHIN);
    expect([r.verdict, r.bindingParam, r.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.AREA_MAX_RATE,
      300_000n,
    ]);
  });
});

describe("REQ-ENG-002 lookups", () => {
  it("norEPINEPHrine is not offered in Med-Surg", () => {
    const status = engine.evaluate({
      entryId: ENTRY.NOREPINEPHRINE,
      careAreaId: AREA.MEDSURG,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 5_000n,
      weightG: 70_000n,
    }).status;
    expect(status).toBe(Status.NOT_IN_CARE_AREA);
  });

  it("a BSA-based entry (CISplatin) without a BSA is refused", () => {
    const status = engine.evaluate({
      entryId: ENTRY.CISPLATIN,
      careAreaId: 4,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 100_000n,
      vtbiUl: 500_000n,
      customAmountAbu: 100_000_000_000n,
      customVolumeUl: 500_000n,
    }).status;
    expect(status).toBe(Status.MISSING_VALUE);
  });
});
