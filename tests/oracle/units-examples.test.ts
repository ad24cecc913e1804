// The conversions of docs/units.md, worked by hand with clinical arithmetic (mL/h from mg, units,
// mEq) and checked against the oracle's delivered rate and derived values.
import { describe, expect, it } from "vitest";
import { Cls, OracleMode, OracleStatus, Param } from "./constants.ts";
import { Oracle } from "./evaluate.ts";
import { AREA_ICU, CHEMO, fixtureImage, HEPARIN, KCL, OXYTOCIN } from "./fixture-library.ts";
import { type TestRequest, writeTestRequest } from "./test-request-writer.ts";

function evaluate(request: TestRequest) {
  const oracle = new Oracle();
  expect(oracle.loadLibrary(fixtureImage)).toBe(OracleStatus.OK);
  return oracle.evaluateRaw(writeTestRequest(request));
}
const doseMode = (entryId: number, values: TestRequest["values"], concentrationIndex = 0): TestRequest => ({
  entryId,
  careAreaId: AREA_ICU,
  concentrationIndex,
  mode: OracleMode.DOSE,
  values,
});

describe("REQ-ENG-023 oracle conversions on the docs/units.md examples", () => {
  it("heparin 18 units/kg/h at 70 kg with 100 units/mL runs at 12.6 mL/h", () => {
    const result = evaluate(doseMode(HEPARIN, { DOSE: 18_000_000n, WEIGHT: 70_000n }));
    expect(result.deliveredRateUlPerHour).toBe(12_600n);
    // 1,260 units/h total.
    expect(result.params[Param.DOSE_ABSOLUTE].displayValue).toBe(1_260_000_000n);
  });

  it("oxytocin 2 milliunits/min (120,000 ABU/h) with 60 milliunits/mL runs at 2 mL/h", () => {
    expect(evaluate(doseMode(OXYTOCIN, { DOSE: 120_000n })).deliveredRateUlPerHour).toBe(2_000n);
  });

  it("potassium chloride 10 mEq/h with 0.2 mEq/mL runs at 50 mL/h", () => {
    expect(evaluate(doseMode(KCL, { DOSE: 10_000_000n })).deliveredRateUlPerHour).toBe(50_000n);
  });

  it("1 mg/m²/h at BSA 1.73 m² with 0.1 mg/mL runs at 17.3 mL/h", () => {
    const result = evaluate(doseMode(CHEMO, { DOSE: 1_000_000_000n, BSA: 17_300n, VTBI: 100_000n }));
    expect(result.deliveredRateUlPerHour).toBe(17_300n);
    // 100 mL at 17.3 mL/h is 20,809.24… s; DURATION limits 1,800 s hard min, 3,600 s soft min.
    expect(result.params[Param.DURATION]).toMatchObject({ classification: Cls.WITHIN, displayValue: 20_809n });
  });

  it("a custom 16,000 units / 250 mL is exactly 64 units/mL; at the custom SMAX 100 units/mL within, one ABU more above", () => {
    const custom = (amountAbu: bigint) =>
      evaluate(
        doseMode(HEPARIN, { DOSE: 18_000_000n, WEIGHT: 70_000n, CUSTOM_AMOUNT: amountAbu, CUSTOM_VOLUME: 250_000n }, 1),
      );
    expect(custom(16_000_000_000n).params[Param.CONCENTRATION]).toMatchObject({
      classification: Cls.WITHIN,
      displayValue: 64_000_000n,
    });
    expect(custom(25_000_000_000n).params[Param.CONCENTRATION]).toMatchObject({
      classification: Cls.WITHIN,
      displayValue: 100_000_000n,
    });
    // 100,000,000.004 ABU/mL: above the limit although its display value rounds down onto it.
    expect(custom(25_000_000_001n).params[Param.CONCENTRATION]).toMatchObject({
      classification: Cls.ABOVE_SOFT_MAX,
      displayValue: 100_000_000n,
    });
  });
});

describe("REQ-ENG-021 REQ-ENG-022 oracle rounding of the delivered rate", () => {
  it("oxytocin 120,001 ABU/h gives 2,000.0166… µL/h, delivered 2,000, dose classified as programmed", () => {
    const result = evaluate(doseMode(OXYTOCIN, { DOSE: 120_001n }));
    expect(result.deliveredRateUlPerHour).toBe(2_000n);
    expect(result.params[Param.DOSE].displayValue).toBe(120_001n);
  });

  it("a dose below one µL/h of drug is DERIVED_OUT_OF_RANGE", () => {
    // 59 ABU/h × 500,000 µL / 30,000,000 ABU = 0.98 µL/h.
    expect(evaluate(doseMode(OXYTOCIN, { DOSE: 59n })).status).toBe(OracleStatus.DERIVED_OUT_OF_RANGE);
    expect(evaluate(doseMode(OXYTOCIN, { DOSE: 60n })).deliveredRateUlPerHour).toBe(1n);
  });

  it("DURATION mode: 1 mL over 7 s is 514,285.7 µL/h, delivered 514,285; 100 mL over 7 s is beyond the pump", () => {
    const duration = (vtbiUl: bigint) =>
      evaluate({
        entryId: KCL,
        careAreaId: AREA_ICU,
        concentrationIndex: 0,
        mode: OracleMode.DURATION,
        values: { VTBI: vtbiUl, DURATION: 7n },
      });
    expect(duration(1_000n).deliveredRateUlPerHour).toBe(514_285n);
    expect(duration(100_000n).status).toBe(OracleStatus.DERIVED_OUT_OF_RANGE);
  });
});
