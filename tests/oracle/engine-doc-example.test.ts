// The worked example of docs/engine.md §8, every field of the result derived by hand from the doc.
import { describe, expect, it } from "vitest";
import { Cls, OracleMode, OracleStatus, Param, Tier, Verdict } from "./constants.ts";
import { Oracle } from "./evaluate.ts";
import { writeTestImage } from "./test-image-writer.ts";
import { writeTestRequest } from "./test-request-writer.ts";

const norepinephrineLibrary = writeTestImage({
  name: "engine.md §8",
  version: 1,
  status: 2,
  areas: [{ id: 1, name: "ICU", maxRateUlPerHour: 999_000n }],
  entries: [
    {
      id: 1001,
      name: "norepinephrine",
      type: 0,
      basis: 1,
      areas: [1],
      amountUnit: 3,
      timeUnit: 2,
      limits: { dose: { hmin: 600_000n, smax: 60_000_000n, hmax: 180_000_000n } },
      concentrations: [{ amountUnit: 2, amountAbu: 8_000_000_000n, volumeUl: 250_000n }],
    },
  ],
});

function oracleWithLibrary(): Oracle {
  const oracle = new Oracle();
  expect(oracle.loadLibrary(norepinephrineLibrary)).toBe(OracleStatus.OK);
  return oracle;
}

const rateRequest = (rateUlPerHour: bigint): Uint8Array =>
  writeTestRequest({
    entryId: 1001,
    careAreaId: 1,
    concentrationIndex: 0,
    mode: OracleMode.RATE,
    values: { RATE: rateUlPerHour, WEIGHT: 80_000n },
  });

const notChecked = { classification: Cls.NOT_CHECKED, tier: Tier.NONE, displayValue: 0n, limitValue: 0n };
const unlimited = (displayValue: bigint) => ({
  classification: Cls.NO_LIMIT,
  tier: Tier.NONE,
  displayValue,
  limitValue: 0n,
});
const within = (displayValue: bigint) => ({
  classification: Cls.WITHIN,
  tier: Tier.NONE,
  displayValue,
  limitValue: 0n,
});

describe("REQ-ENG-020 REQ-ENG-030 REQ-ENG-031 oracle on the engine.md §8 worked example", () => {
  it("10.5 mL/h at 80 kg: dose 4,200,000 ABU/kg/h is within, verdict GO", () => {
    const result = oracleWithLibrary().evaluateRaw(rateRequest(10_500n));
    const params = new Array(23).fill(notChecked); // 13, 14: workflow parameters; 15, 16: no bolus or loading dose; 17–22: no format-3 records
    params[Param.WEIGHT] = unlimited(80_000n);
    params[Param.DOSE] = within(4_200_000n);
    // 10,500 µL/h × 8e9 ABU / 250,000 µL: no absolute cap in this library.
    params[Param.DOSE_ABSOLUTE] = unlimited(336_000_000n);
    params[Param.RATE] = unlimited(10_500n);
    params[Param.AREA_MAX_RATE] = within(10_500n);
    expect(result).toEqual({
      status: OracleStatus.OK,
      verdict: Verdict.GO,
      bindingParam: 0xff,
      bindingTier: Tier.NONE,
      bindingLimitValue: 0n,
      deliveredRateUlPerHour: 10_500n,
      // The example's entry has no DEFAULTS record: mask and values zero (docs/abi.md §5).
      defaults: [0n, 0n, 0n, 0n, 0n, 0n],
      params,
    });
  });

  it("300 mL/h: dose 120,000,000 > SMAX gives SOFT_STOP bound by DOSE at SMAX 60,000,000", () => {
    const result = oracleWithLibrary().evaluateRaw(rateRequest(300_000n));
    expect(result.verdict).toBe(Verdict.SOFT_STOP);
    expect([result.bindingParam, result.bindingTier, result.bindingLimitValue]).toEqual([
      Param.DOSE,
      Tier.SMAX,
      60_000_000n,
    ]);
    expect(result.params[Param.DOSE]).toEqual({
      classification: Cls.ABOVE_SOFT_MAX,
      tier: Tier.SMAX,
      displayValue: 120_000_000n,
      limitValue: 60_000_000n,
    });
  });

  it("REQ-ENG-033 1,000 mL/h crosses the care area's 999 mL/h cap as a hard max", () => {
    const result = oracleWithLibrary().evaluateRaw(rateRequest(1_000_000n));
    // DOSE (id 3) is above its hard max too (400,000,000 > 180,000,000) and has the lower ID.
    expect([result.verdict, result.bindingParam, result.bindingTier, result.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.DOSE,
      Tier.HMAX,
      180_000_000n,
    ]);
    expect(result.params[Param.AREA_MAX_RATE]).toEqual({
      classification: Cls.ABOVE_HARD_MAX,
      tier: Tier.HMAX,
      displayValue: 1_000_000n,
      limitValue: 999_000n,
    });
  });

  it("REQ-ENG-010 at exactly 1.5 mL/h the dose equals HMIN 0.01 mcg/kg/min (within); 1.499 mL/h is below it", () => {
    // 600,000 ABU/kg/h × 250,000 µL × 80,000 g / (8e9 ABU × 1000) = 1,500 µL/h exactly.
    const atLimit = oracleWithLibrary().evaluateRaw(rateRequest(1_500n));
    expect(atLimit.params[Param.DOSE].classification).toBe(Cls.WITHIN);
    const below = oracleWithLibrary().evaluateRaw(rateRequest(1_499n));
    expect([below.verdict, below.bindingParam, below.bindingTier, below.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.DOSE,
      Tier.HMIN,
      600_000n,
    ]);
    // 1,499 µL/h gives 599,600 ABU/kg/h.
    expect(below.params[Param.DOSE].displayValue).toBe(599_600n);
  });
});
