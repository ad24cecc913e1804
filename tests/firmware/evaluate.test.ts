import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import {
  Classification as C,
  Mode,
  NO_CONCENTRATION,
  NO_PARAM,
  Param,
  Status,
  Tier,
  Verdict,
} from "../../firmware/abi/codes.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { docExampleImage } from "../support/library-image-doc.ts";
import { freshEngine } from "./engine-fixture.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { CARBOPLATIN, DOPAMINE, ICU, NICU, OXYTOCIN, SALINE, WARD_SPEC } from "./ward-library.ts";

let engine: Firmware;

function param(result: EngineResult, p: Param) {
  return result.params[p];
}

function expectBinding(
  result: EngineResult,
  verdict: Verdict,
  bindingParam: number,
  bindingTier: Tier,
  limit: bigint,
): void {
  expect(result.status).toBe(Status.OK);
  expect({
    verdict: result.verdict,
    bindingParam: result.bindingParam,
    bindingTier: result.bindingTier,
    limit: result.bindingLimitValue,
  }).toEqual({
    verdict,
    bindingParam,
    bindingTier,
    limit,
  });
}

// docs/library-image.md §8: dopamine 400 mg / 250 mL, weight-based, dose SMAX 1.2e9, HMAX 1.5e9
// ABU/kg/h; care area 0 caps the rate at 500,000 µL/h. At 80 kg, d = r × 4e11 × 1000 / (250000 × 80000)
// = 20,000 × r.
describe("docs/library-image.md §8 tiny library, hand-computed", () => {
  const AT_80_KG: EngineRequest = {
    entryId: 7,
    careAreaId: 0,
    concentrationIndex: 0,
    mode: Mode.RATE,
    rateUlPerHour: 10_500n,
    weightG: 80_000n,
  };
  beforeEach(async () => {
    engine = await freshEngine();
    expect(engine.loadLibrary(docExampleImage())).toBe(Status.OK);
  });

  it("REQ-ENG-011 REQ-ENG-031 GO at 10.5 mL/h: every parameter's slot", () => {
    const result = engine.evaluate(AT_80_KG);
    expectBinding(result, Verdict.GO, NO_PARAM, Tier.NONE, 0n);
    expect(result.deliveredRateUlPerHour).toBe(10_500n);
    const slots = result.params.map((p) => [p.classification, p.tier, p.displayValue, p.limitValue]);
    expect(slots).toEqual([
      [C.NO_LIMIT, 0, 80_000n, 0n], // WEIGHT: the area has no weight tiers
      [C.NOT_CHECKED, 0, 0n, 0n], // BSA
      [C.NOT_CHECKED, 0, 0n, 0n], // CONCENTRATION: fixed
      [C.WITHIN, 0, 210_000_000n, 0n], // DOSE = 20,000 × 10,500
      [C.NO_LIMIT, 0, 16_800_000_000n, 0n], // DOSE_ABSOLUTE = 10,500 × 4e11 / 250,000
      [C.NO_LIMIT, 0, 10_500n, 0n], // RATE
      [C.WITHIN, 0, 10_500n, 0n], // AREA_MAX_RATE 500,000
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n], // 13, 14: workflow parameters, no slot
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n], // BOLUS_DOSE_ABSOLUTE: no bolus dose
      [C.NOT_CHECKED, 0, 0n, 0n], // LOADING_DOSE_ABSOLUTE
      [C.NOT_CHECKED, 0, 0n, 0n], // 17–22 (ABI 7): no format-3 limit record in this library
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
      [C.NOT_CHECKED, 0, 0n, 0n],
    ]);
  });

  it("REQ-ENG-010 a dose equal to SMAX is WITHIN (r = 60,000 → d = 1.2e9)", () => {
    const result = engine.evaluate({ ...AT_80_KG, rateUlPerHour: 60_000n });
    expectBinding(result, Verdict.GO, NO_PARAM, Tier.NONE, 0n);
    expect(param(result, Param.DOSE)).toEqual({
      classification: C.WITHIN,
      tier: 0,
      displayValue: 1_200_000_000n,
      limitValue: 0n,
    });
  });

  it("REQ-ENG-010 SOFT_STOP one LSU above SMAX, in DOSE mode and in RATE mode", () => {
    const byDose = engine.evaluate({ ...AT_80_KG, mode: Mode.DOSE, rateUlPerHour: undefined, dose: 1_200_000_001n });
    expectBinding(byDose, Verdict.SOFT_STOP, Param.DOSE, Tier.SOFT_MAX, 1_200_000_000n);
    expect(byDose.deliveredRateUlPerHour).toBe(60_000n); // floor(1,200,000,001 / 20,000)
    expect(param(byDose, Param.DOSE)).toEqual({
      classification: C.ABOVE_SOFT_MAX,
      tier: Tier.SOFT_MAX,
      displayValue: 1_200_000_001n,
      limitValue: 1_200_000_000n,
    });
    const byRate = engine.evaluate({ ...AT_80_KG, rateUlPerHour: 60_001n });
    expectBinding(byRate, Verdict.SOFT_STOP, Param.DOSE, Tier.SOFT_MAX, 1_200_000_000n);
    expect(param(byRate, Param.DOSE).displayValue).toBe(1_200_020_000n);
  });

  it("REQ-ENG-010 REQ-ENG-030 equal to HMAX is soft, one LSU above is HARD_STOP", () => {
    const atHmax = engine.evaluate({ ...AT_80_KG, mode: Mode.DOSE, rateUlPerHour: undefined, dose: 1_500_000_000n });
    expectBinding(atHmax, Verdict.SOFT_STOP, Param.DOSE, Tier.SOFT_MAX, 1_200_000_000n);
    const aboveHmax = engine.evaluate({ ...AT_80_KG, mode: Mode.DOSE, rateUlPerHour: undefined, dose: 1_500_000_001n });
    expectBinding(aboveHmax, Verdict.HARD_STOP, Param.DOSE, Tier.HARD_MAX, 1_500_000_000n);
    expect(aboveHmax.deliveredRateUlPerHour).toBe(75_000n);
    expect(param(aboveHmax, Param.DOSE).classification).toBe(C.ABOVE_HARD_MAX);
  });

  it("REQ-ENG-033 the care-area max rate binds at 500,001 µL/h (1,000 kg keeps the dose within)", () => {
    const heavy = { ...AT_80_KG, weightG: 1_000_000n }; // d = 1,600 × r
    expectBinding(engine.evaluate({ ...heavy, rateUlPerHour: 500_000n }), Verdict.GO, NO_PARAM, Tier.NONE, 0n);
    const result = engine.evaluate({ ...heavy, rateUlPerHour: 500_001n });
    expectBinding(result, Verdict.HARD_STOP, Param.AREA_MAX_RATE, Tier.HARD_MAX, 500_000n);
    expect(param(result, Param.DOSE)).toEqual({
      classification: C.WITHIN,
      tier: 0,
      displayValue: 800_001_600n,
      limitValue: 0n,
    });
  });

  it("REQ-ENG-031 the lowest-ID hard parameter binds: DOSE (3) before AREA_MAX_RATE (6)", () => {
    const result = engine.evaluate({ ...AT_80_KG, rateUlPerHour: 600_000n });
    expectBinding(result, Verdict.HARD_STOP, Param.DOSE, Tier.HARD_MAX, 1_500_000_000n);
    expect(param(result, Param.AREA_MAX_RATE).classification).toBe(C.ABOVE_HARD_MAX);
  });

  it("docs/engine.md §8: the dose display floors the exact rational", () => {
    // At 80,001 g: d = 60,001 × 1.6e9 / 80,001 = 1,200,004,999.94 → SOFT, display 1,200,004,999.
    const result = engine.evaluate({ ...AT_80_KG, weightG: 80_001n, rateUlPerHour: 60_001n });
    expectBinding(result, Verdict.SOFT_STOP, Param.DOSE, Tier.SOFT_MAX, 1_200_000_000n);
    expect(param(result, Param.DOSE).displayValue).toBe((60_001n * 1_600_000_000n) / 80_001n);
  });
});

describe("ward library, hand-computed", () => {
  beforeEach(async () => {
    engine = await freshEngine();
    expect(engine.loadLibrary(writeTestImage(WARD_SPEC))).toBe(Status.OK);
  });

  // Oxytocin, custom concentration of 1 ABU in 3 µL, no dose basis: d = r / 3 ABU/h, SMAX 1,000.
  const OXY_CUSTOM: EngineRequest = {
    entryId: OXYTOCIN,
    careAreaId: NICU,
    concentrationIndex: 1,
    mode: Mode.RATE,
    rateUlPerHour: 3_000n,
    customAmountAbu: 1n,
    customVolumeUl: 3n,
  };

  it("REQ-ENG-020 REQ-ENG-034 a dose a third of an ABU above SMAX is soft although it displays as SMAX", () => {
    const at = engine.evaluate(OXY_CUSTOM);
    expectBinding(at, Verdict.GO, NO_PARAM, Tier.NONE, 0n);
    expect(param(at, Param.CONCENTRATION)).toEqual({
      classification: C.WITHIN,
      tier: 0,
      displayValue: 333n,
      limitValue: 0n,
    });
    const above = engine.evaluate({ ...OXY_CUSTOM, rateUlPerHour: 3_001n });
    expectBinding(above, Verdict.SOFT_STOP, Param.DOSE, Tier.SOFT_MAX, 1_000n);
    expect(param(above, Param.DOSE)).toEqual({
      classification: C.ABOVE_SOFT_MAX,
      tier: Tier.SOFT_MAX,
      displayValue: 1_000n,
      limitValue: 1_000n,
    });
  });

  it("REQ-ENG-034 a custom concentration below its hard minimum stops hard and binds first", () => {
    // Dopamine custom: HMIN 1e8 ABU/mL. 24,999,999 ABU in 250 µL = 99,999,996 ABU/mL.
    const request: EngineRequest = {
      entryId: DOPAMINE,
      careAreaId: ICU,
      concentrationIndex: 1,
      mode: Mode.RATE,
      rateUlPerHour: 10_000n,
      weightG: 70_000n,
      customAmountAbu: 24_999_999n,
      customVolumeUl: 250n,
    };
    const result = engine.evaluate(request);
    expectBinding(result, Verdict.HARD_STOP, Param.CONCENTRATION, Tier.HARD_MIN, 100_000_000n);
    expect(param(result, Param.CONCENTRATION).displayValue).toBe(99_999_996n);
    expectBinding(engine.evaluate({ ...request, customAmountAbu: 25_000_000n }), Verdict.GO, NO_PARAM, Tier.NONE, 0n);
  });

  it("REQ-ENG-036 patient weight tiers: soft below SMIN, hard above HMAX, hard before soft", () => {
    const base: EngineRequest = {
      entryId: SALINE,
      careAreaId: ICU,
      concentrationIndex: NO_CONCENTRATION,
      mode: Mode.RATE,
      rateUlPerHour: 50_000n,
    };
    expectBinding(
      engine.evaluate({ ...base, weightG: 1_999n }),
      Verdict.SOFT_STOP,
      Param.WEIGHT,
      Tier.SOFT_MIN,
      2_000n,
    );
    expectBinding(engine.evaluate({ ...base, weightG: 2_000n }), Verdict.GO, NO_PARAM, Tier.NONE, 0n);
    expectBinding(
      engine.evaluate({ ...base, weightG: 300_001n }),
      Verdict.HARD_STOP,
      Param.WEIGHT,
      Tier.HARD_MAX,
      300_000n,
    );
    expectBinding(engine.evaluate({ ...base, weightG: 499n }), Verdict.HARD_STOP, Param.WEIGHT, Tier.HARD_MIN, 500n);
    // A soft weight (ID 0) loses to a hard BSA (ID 1): hard wins whatever the ID.
    expectBinding(
      engine.evaluate({ ...base, weightG: 1_999n, bsaM2X10000: 999n }),
      Verdict.HARD_STOP,
      Param.BSA,
      Tier.HARD_MIN,
      1_000n,
    );
  });

  it("REQ-ENG-033 the care-area VTBI cap and the fluid's own VTBI limit", () => {
    const base: EngineRequest = {
      entryId: SALINE,
      careAreaId: ICU,
      concentrationIndex: NO_CONCENTRATION,
      mode: Mode.RATE,
      rateUlPerHour: 100_000n,
    };
    const soft = engine.evaluate({ ...base, vtbiUl: 1_000_001n });
    expectBinding(soft, Verdict.SOFT_STOP, Param.VTBI, Tier.SOFT_MAX, 1_000_000n);
    expect(param(soft, Param.DURATION)).toEqual({
      classification: C.NO_LIMIT,
      tier: 0,
      displayValue: 36_000n,
      limitValue: 0n,
    });
    expectBinding(
      engine.evaluate({ ...base, vtbiUl: 2_000_001n }),
      Verdict.HARD_STOP,
      Param.AREA_MAX_VTBI,
      Tier.HARD_MAX,
      2_000_000n,
    );
    const nicu = engine.evaluate({ ...base, careAreaId: NICU, rateUlPerHour: 50_000n, vtbiUl: 2_000_001n });
    expect(param(nicu, Param.AREA_MAX_VTBI).classification).toBe(C.NO_LIMIT);
  });

  it("REQ-ENG-020 the duration derived from the rate: 100 mL at 50 mL/h is 7,200 s; 1 µL/h slower is above HMAX", () => {
    const base: EngineRequest = {
      entryId: CARBOPLATIN,
      careAreaId: ICU,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 50_000n,
      bsaM2X10000: 17_300n,
      vtbiUl: 100_000n,
    };
    const at = engine.evaluate(base);
    expect(param(at, Param.DURATION)).toEqual({
      classification: C.WITHIN,
      tier: 0,
      displayValue: 7_200n,
      limitValue: 0n,
    });
    const slower = engine.evaluate({ ...base, rateUlPerHour: 49_999n });
    expectBinding(slower, Verdict.HARD_STOP, Param.DURATION, Tier.HARD_MAX, 7_200n);
    expect(param(slower, Param.DURATION).displayValue).toBe(7_200n); // 7,200.14 s floors to the limit
  });

  it("REQ-ENG-021 DURATION mode: r = floor(vtbi × 3600 / t), the programmed duration is classified as entered", () => {
    const request: EngineRequest = {
      entryId: CARBOPLATIN,
      careAreaId: ICU,
      concentrationIndex: 0,
      mode: Mode.DURATION,
      durationS: 7_000n,
      bsaM2X10000: 17_300n,
      vtbiUl: 100_000n,
    };
    const result = engine.evaluate(request);
    expect(result.deliveredRateUlPerHour).toBe(51_428n); // 360,000,000 / 7,000 = 51,428.57
    expect(param(result, Param.DURATION)).toEqual({
      classification: C.WITHIN,
      tier: 0,
      displayValue: 7_000n,
      limitValue: 0n,
    });
    // BSA-based dose: d = 51,428 × 4.5e11 × 10,000 / (45,000 × 17,300) ABU/m²/h.
    expect(param(result, Param.DOSE).displayValue).toBe((51_428n * 450_000_000_000n * 10_000n) / (45_000n * 17_300n));
  });

  it("REQ-ENG-035 the absolute dose cap binds for a heavy patient within the per-kg limit", () => {
    // Dopamine 1.6 mg/mL at 150 kg: r = 37,501 µL/h → absolute 37,501 × 1.6e6 = 60,001,600,000 > 6e10;
    // per kg 4e11 × 1000 × 37,501 / (250,000 × 150,000) = 400,010,666 ≤ 1.2e9.
    const result = engine.evaluate({
      entryId: DOPAMINE,
      careAreaId: ICU,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 37_501n,
      weightG: 150_000n,
    });
    expectBinding(result, Verdict.HARD_STOP, Param.DOSE_ABSOLUTE, Tier.HARD_MAX, 60_000_000_000n);
    expect(param(result, Param.DOSE).classification).toBe(C.WITHIN);
    expect(param(result, Param.DOSE_ABSOLUTE).displayValue).toBe(60_001_600_000n);
  });

  it("REQ-ENG-011 bolus and loading doses are classified as entered", () => {
    const base: EngineRequest = {
      entryId: OXYTOCIN,
      careAreaId: NICU,
      concentrationIndex: 0,
      mode: Mode.DOSE,
      dose: 600n,
    };
    const result = engine.evaluate({ ...base, bolusDose: 9n, loadingDose: 51n, bolusRateUlPerHour: 5n });
    expect(result.deliveredRateUlPerHour).toBe(10n); // floor(600 × 500,000 / 30,000,000)
    expect(param(result, Param.BOLUS_DOSE)).toEqual({
      classification: C.BELOW_SOFT_MIN,
      tier: Tier.SOFT_MIN,
      displayValue: 9n,
      limitValue: 10n,
    });
    expect(param(result, Param.BOLUS_RATE)).toEqual({
      classification: C.NO_LIMIT,
      tier: 0,
      displayValue: 5n,
      limitValue: 0n,
    });
    expectBinding(result, Verdict.HARD_STOP, Param.LOADING_DOSE, Tier.HARD_MAX, 50n);
  });

  it("REQ-ENG-023 DOSE mode gives the largest rate whose dose does not exceed the programmed dose", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: (1n << 53n) - 1n }),
        fc.bigInt({ min: 0n, max: 10_000_001n }),
        fc.boolean(),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.bigInt({ min: 1n, max: (1n << 48n) - 1n }),
        fc.bigInt({ min: 1n, max: 9_999_999n }),
        (anyDose, targetRate, aimAtRate, weightG, amountAbu, volumeUl) => {
          // Half the runs aim the dose at a deliverable rate, so both outcomes are exercised.
          const aimed = (targetRate * amountAbu * 1000n) / (volumeUl * weightG);
          const dose = aimAtRate && aimed >= 1n && aimed < 1n << 53n ? aimed : anyDose;
          const request: EngineRequest = {
            entryId: DOPAMINE,
            careAreaId: ICU,
            concentrationIndex: 1,
            mode: Mode.DOSE,
            dose,
            weightG,
            customAmountAbu: amountAbu,
            customVolumeUl: volumeUl,
          };
          const result = engine.evaluate(request);
          const doseOf = (r: bigint) => [r * amountAbu * 1000n, volumeUl * weightG] as const;
          const expected = (dose * volumeUl * weightG) / (amountAbu * 1000n);
          if (expected < 1n || expected > 9_999_999n) {
            expect(result.status).toBe(Status.DERIVED_OUT_OF_RANGE);
            return;
          }
          expect(result.status).toBe(Status.OK);
          const r = result.deliveredRateUlPerHour;
          expect(r).toBe(expected);
          const [n, d] = doseOf(r);
          const [nNext, dNext] = doseOf(r + 1n);
          expect(n <= dose * d).toBe(true);
          expect(nNext > dose * dNext).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("docs/engine.md §7 display values saturate at 2^63 − 1", () => {
    // Custom 2^48 − 1 ABU in 1 µL at 1,000 g, r = 9,999,999: d ≈ 2.8e24 ABU/kg/h.
    const result = engine.evaluate({
      entryId: DOPAMINE,
      careAreaId: ICU,
      concentrationIndex: 1,
      mode: Mode.RATE,
      rateUlPerHour: 9_999_999n,
      weightG: 1_000n,
      customAmountAbu: (1n << 48n) - 1n,
      customVolumeUl: 1n,
    });
    expect(param(result, Param.DOSE).displayValue).toBe((1n << 63n) - 1n);
    expect(param(result, Param.DOSE).classification).toBe(C.ABOVE_HARD_MAX);
    expect(param(result, Param.CONCENTRATION).displayValue).toBe(((1n << 48n) - 1n) * 1000n);
  });
});
