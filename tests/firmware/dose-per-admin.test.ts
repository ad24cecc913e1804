// Dose per administration and amount programming (docs/engine.md §2 parameters 17 and 18, §4, §5;
// REQ-ENG-061, REQ-ENG-062), worked by hand on the ward library's CARBOplatin: BSA-based,
// intermittent, 450 mg in 45 mL (450,000,000,000 ABU / 45,000 µL), given per-dose limits of
// 400 mg/m² soft max and 500 mg/m² hard max, and 800 mg absolute hard max. The patient has a BSA of
// 1.73 m² (17,300), so W / B = 1.73. Firmware and oracle must give the same result each time.
import { beforeEach, describe, expect, it } from "vitest";
import { Classification as C, Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { writeTestImage, type SpecLibrary } from "../oracle/test-image-writer.ts";
import { freshEngine } from "./engine-fixture.ts";
import { CARBOPLATIN, DOPAMINE, ICU, WARD_SPEC } from "./ward-library.ts";

const MG = 1_000_000_000n; // ABU per mg (docs/units.md: mass ABU = 1 pg)
const SPEC: SpecLibrary = {
  ...WARD_SPEC,
  entries: WARD_SPEC.entries.map((e) =>
    e.id === CARBOPLATIN
      ? {
          ...e,
          records: [
            { kind: LimitKind.DOSE_PER_ADMIN, mask: 0b1100, values: [0n, 0n, 400n * MG, 500n * MG] },
            { kind: LimitKind.DOSE_PER_ADMIN_ABSOLUTE, mask: 0b1000, values: [0n, 0n, 0n, 800n * MG] },
          ],
        }
      : e,
  ),
};

let engine: Firmware;
let oracle: Oracle;
beforeEach(async () => {
  engine = await freshEngine();
  oracle = new Oracle();
  const image = writeTestImage(SPEC);
  expect(engine.loadLibrary(image)).toBe(Status.OK);
  expect(oracle.loadLibrary(image)).toBe(Status.OK);
});

const base: EngineRequest = {
  entryId: CARBOPLATIN,
  careAreaId: ICU,
  concentrationIndex: 0,
  mode: Mode.RATE,
  // 50 mL/h = 289 mg/m²/h, within the entry's 400 mg/m²/h dose hard max.
  rateUlPerHour: 50_000n,
  bsaM2X10000: 17_300n,
};

/** Evaluates on both and checks they agree; returns the firmware's result. */
function run(request: EngineRequest): EngineResult {
  const result = engine.evaluate(request);
  expect(oracle.evaluateRaw(encodeRequest(request)), "oracle agrees").toEqual(result);
  return result;
}

const slot = (r: EngineResult, p: Param) => {
  const { classification, tier, displayValue, limitValue } = r.params[p];
  return [classification, tier, displayValue, limitValue];
};

describe("REQ-ENG-061 the amount per dose against DOSE_PER_ADMIN and DOSE_PER_ADMIN_ABSOLUTE", () => {
  it("programmed by amount: 400 mg/m² is within the soft max, 1 ABU more is above it; the hard max likewise", () => {
    const at = run({ ...base, doseAmount: 400n * MG });
    expect(at.status).toBe(Status.OK);
    expect(slot(at, Param.DOSE_PER_ADMIN)).toEqual([C.WITHIN, Tier.NONE, 400n * MG, 0n]);
    // 400 mg/m² × 1.73 m² = 692 mg for the patient, below 800 mg.
    expect(slot(at, Param.DOSE_PER_ADMIN_ABSOLUTE)).toEqual([C.WITHIN, Tier.NONE, 692n * MG, 0n]);
    expect(at.verdict).toBe(Verdict.GO);
    const above = run({ ...base, doseAmount: 400n * MG + 1n });
    expect(slot(above, Param.DOSE_PER_ADMIN)).toEqual([C.ABOVE_SOFT_MAX, Tier.SOFT_MAX, 400n * MG + 1n, 400n * MG]);
    expect([above.verdict, above.bindingParam]).toEqual([Verdict.SOFT_STOP, Param.DOSE_PER_ADMIN]);
    expect(slot(run({ ...base, doseAmount: 500n * MG }), Param.DOSE_PER_ADMIN)[0]).toBe(C.ABOVE_SOFT_MAX);
    const hard = run({ ...base, doseAmount: 500n * MG + 1n });
    expect(slot(hard, Param.DOSE_PER_ADMIN)).toEqual([C.ABOVE_HARD_MAX, Tier.HARD_MAX, 500n * MG + 1n, 500n * MG]);
    expect(hard.verdict).toBe(Verdict.HARD_STOP);
  });

  it("the absolute cap: 800 mg = 462,427,745,664.7… ABU/m² × 1.73; the last ABU/m² within and the first above", () => {
    // 462,427,745,664 × 1.73 = 799,999,999,998.72 → within; + 1 → 800,000,000,000.45 → above.
    const within = run({ ...base, doseAmount: 462_427_745_664n });
    expect(slot(within, Param.DOSE_PER_ADMIN_ABSOLUTE)).toEqual([C.WITHIN, Tier.NONE, 799_999_999_998n, 0n]);
    const above = run({ ...base, doseAmount: 462_427_745_665n });
    expect(slot(above, Param.DOSE_PER_ADMIN_ABSOLUTE)).toEqual([
      C.ABOVE_HARD_MAX,
      Tier.HARD_MAX,
      800_000_000_000n,
      800n * MG,
    ]);
    // The soft max per m² (400 mg/m²) is crossed too, but hard beats soft.
    expect([above.verdict, above.bindingParam, above.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.DOSE_PER_ADMIN_ABSOLUTE,
      800n * MG,
    ]);
  });

  it("programmed by VTBI: the amount is derived exactly — 69,200 µL is exactly 400 mg/m², 69,201 µL is above", () => {
    // 69,200 µL × 10 mg/mL = 692 mg; / 1.73 m² = 400 mg/m².
    const at = run({ ...base, vtbiUl: 69_200n });
    expect(slot(at, Param.DOSE_PER_ADMIN)).toEqual([C.WITHIN, Tier.NONE, 400n * MG, 0n]);
    expect(slot(at, Param.DOSE_PER_ADMIN_ABSOLUTE)).toEqual([C.WITHIN, Tier.NONE, 692n * MG, 0n]);
    // 69,201 µL: 692.01 mg / 1.73 = 400.00578… mg/m², floor 400,005,780,346 ABU/m².
    const above = run({ ...base, vtbiUl: 69_201n });
    expect(slot(above, Param.DOSE_PER_ADMIN)).toEqual([C.ABOVE_SOFT_MAX, Tier.SOFT_MAX, 400_005_780_346n, 400n * MG]);
  });

  it("without the records the parameters are not checked", async () => {
    const plain = await freshEngine();
    expect(plain.loadLibrary(writeTestImage(WARD_SPEC))).toBe(Status.OK);
    const result = plain.evaluate({ ...base, doseAmount: 400n * MG });
    expect(result.status).toBe(Status.OK);
    expect(result.params[Param.DOSE_PER_ADMIN].classification).toBe(C.NOT_CHECKED);
    expect(result.params[Param.DOSE_PER_ADMIN_ABSOLUTE].classification).toBe(C.NOT_CHECKED);
  });
});

describe("REQ-ENG-062 programming an intermittent infusion by amount derives the third value exactly", () => {
  it("amount and rate: VTBI = floor(amount × W × 0.1 µL/mg / B) — 400 mg/m² gives 69,200 µL, duration 4,982.4 s", () => {
    const result = run({ ...base, doseAmount: 400n * MG });
    expect(slot(result, Param.VTBI)).toEqual([C.WITHIN, Tier.NONE, 69_200n, 0n]);
    // t = 69,200 × 3,600 / 50,000 = 4,982.4 s, within 1,800 .. 7,200.
    expect(slot(result, Param.DURATION)).toEqual([C.WITHIN, Tier.NONE, 4_982n, 0n]);
    expect(result.deliveredRateUlPerHour).toBe(50_000n);
  });

  it("the VTBI is rounded down: 1 ABU/m² more still gives 69,200 µL", () => {
    expect(run({ ...base, doseAmount: 400n * MG + 1n }).params[Param.VTBI].displayValue).toBe(69_200n);
  });

  it("amount and duration: 400 mg/m² over 3,600 s is 69,200 µL at 69,200 µL/h", () => {
    const result = run({
      ...base,
      mode: Mode.DURATION,
      rateUlPerHour: undefined,
      durationS: 3_600n,
      doseAmount: 400n * MG,
    });
    expect(result.deliveredRateUlPerHour).toBe(69_200n);
    expect(slot(result, Param.DURATION)).toEqual([C.WITHIN, Tier.NONE, 3_600n, 0n]);
  });

  it("amount and dose rate (DOSE mode) give the rate, then the VTBI", () => {
    const result = run({
      ...base,
      mode: Mode.DOSE,
      rateUlPerHour: undefined,
      dose: 400n * MG, // 400 mg/m²/h → 69,200 µL/h
      doseAmount: 200n * MG, // → 34,600 µL
    });
    expect(result.deliveredRateUlPerHour).toBe(69_200n);
    expect(result.params[Param.VTBI].displayValue).toBe(34_600n);
    expect(result.params[Param.DURATION].displayValue).toBe(1_800n);
  });

  it("a derived VTBI of 0 µL is DERIVED_OUT_OF_RANGE: 5,780,346 ABU/m² gives 0.99999986 µL, 5,780,347 gives 1 µL", () => {
    expect(run({ ...base, doseAmount: 5_780_346n }).status).toBe(Status.DERIVED_OUT_OF_RANGE);
    const one = run({ ...base, doseAmount: 5_780_347n });
    expect(one.status).toBe(Status.OK);
    expect(one.params[Param.VTBI].displayValue).toBe(1n);
  });

  it("a derived VTBI above MAX_VOLUME_UL (9,999,999 µL) is DERIVED_OUT_OF_RANGE", () => {
    // 57,803,468,208,092 ABU/m² → 9,999,999.99… µL (within); + 1 → 10,000,000.0… µL.
    expect(run({ ...base, doseAmount: 57_803_468_208_092n }).status).toBe(Status.OK);
    expect(run({ ...base, doseAmount: 57_803_468_208_093n }).status).toBe(Status.DERIVED_OUT_OF_RANGE);
  });

  it("the amount stands instead of the VTBI: both is UNEXPECTED_VALUE, neither is MISSING_VALUE", () => {
    expect(run({ ...base, doseAmount: 400n * MG, vtbiUl: 69_200n }).status).toBe(Status.UNEXPECTED_VALUE);
    expect(run(base).status).toBe(Status.MISSING_VALUE);
  });

  it("an amount per dose on a continuous entry is UNEXPECTED_VALUE; 0 and above MAX_LIMIT_VALUE are out of range", () => {
    expect(
      run({
        entryId: DOPAMINE,
        careAreaId: ICU,
        concentrationIndex: 0,
        mode: Mode.RATE,
        rateUlPerHour: 10_000n,
        weightG: 70_000n,
        doseAmount: 1n,
      }).status,
    ).toBe(Status.UNEXPECTED_VALUE);
    expect(run({ ...base, doseAmount: 0n }).status).toBe(Status.VALUE_OUT_OF_RANGE);
    expect(run({ ...base, doseAmount: 2n ** 53n }).status).toBe(Status.VALUE_OUT_OF_RANGE);
  });
});
