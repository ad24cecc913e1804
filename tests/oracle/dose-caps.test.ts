// REQ-ENG-037 in the oracle (written from docs/engine.md §2, §4): a bolus or loading dose as an
// absolute amount dose × W / B against the per-dose cap, or, without one, an hour of the basal plus
// the amount against the hourly cap; ±1 ABU at each cap. Weight 1 kg (W / B = 1) makes one ABU/kg
// of dose one ABU of amount.
import { describe, expect, it } from "vitest";
import { Cls, OracleMode, OracleStatus, Param, Tier, Verdict } from "./constants.ts";
import { Oracle } from "./evaluate.ts";
import { type SpecEntry, writeTestImage } from "./test-image-writer.ts";
import { writeTestRequest } from "./test-request-writer.ts";

const CAP = 10_000_000_000n; // 10,000 units in ABU
const HOURLY = 2_500_000_000n; // 2,500 units/h

function oracleWith(limits: SpecEntry["limits"]): Oracle {
  const image = writeTestImage({
    name: "dose caps",
    version: 1,
    status: 2,
    areas: [{ id: 1, name: "ICU", maxRateUlPerHour: 999_000n }],
    entries: [
      {
        id: 7,
        name: "heparin",
        type: 0,
        basis: 1,
        areas: [1],
        amountUnit: 5,
        timeUnit: 1,
        limits,
        concentrations: [{ amountUnit: 5, amountAbu: 25_000_000_000n, volumeUl: 500_000n }],
      },
    ],
  });
  const oracle = new Oracle();
  expect(oracle.loadLibrary(image)).toBe(OracleStatus.OK);
  return oracle;
}

/** 1,000 µL/h of 50 units/mL = 50,000,000 ABU/h of basal, at 1 kg. */
const bolus = (dose: bigint, kind: "BOLUS_DOSE" | "LOADING_DOSE" = "BOLUS_DOSE"): Uint8Array =>
  writeTestRequest({
    entryId: 7,
    careAreaId: 1,
    concentrationIndex: 0,
    mode: OracleMode.RATE,
    values: { RATE: 1_000n, WEIGHT: 1_000n, [kind]: dose },
  });

describe("REQ-ENG-037 absolute bolus and loading amounts in the oracle", () => {
  it("at the per-dose cap the bolus is within; one ABU beyond it is a hard stop on BOLUS_DOSE_ABSOLUTE", () => {
    const oracle = oracleWith({ doseAbsolute: { hmax: HOURLY }, bolusDoseAbsolute: { hmax: CAP } });
    const at = oracle.evaluateRaw(bolus(CAP));
    expect(at.params[Param.BOLUS_DOSE_ABSOLUTE]).toMatchObject({ classification: Cls.WITHIN, displayValue: CAP });
    expect(at.verdict).toBe(Verdict.GO);
    const beyond = oracle.evaluateRaw(bolus(CAP + 1n));
    expect(beyond).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.BOLUS_DOSE_ABSOLUTE,
      bindingTier: Tier.HMAX,
      bindingLimitValue: CAP,
    });
    expect(oracle.evaluateRaw(bolus(CAP - 1n)).params[Param.BOLUS_DOSE_ABSOLUTE].classification).toBe(Cls.WITHIN);
  });

  it("without a per-dose cap, an hour of basal plus the loading amount is held to the hourly cap, ±1 ABU", () => {
    const oracle = oracleWith({ doseAbsolute: { hmax: HOURLY } });
    const room = HOURLY - 50_000_000n; // the basal hour uses 50,000,000 ABU
    const at = oracle.evaluateRaw(bolus(room, "LOADING_DOSE"));
    expect(at.params[Param.LOADING_DOSE_ABSOLUTE]).toMatchObject({ classification: Cls.WITHIN, displayValue: HOURLY });
    expect(at.verdict).toBe(Verdict.GO);
    const beyond = oracle.evaluateRaw(bolus(room + 1n, "LOADING_DOSE"));
    expect(beyond).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.LOADING_DOSE_ABSOLUTE,
      bindingTier: Tier.HMAX,
      bindingLimitValue: HOURLY,
    });
    expect(beyond.params[Param.BOLUS_DOSE_ABSOLUTE].classification).toBe(Cls.NOT_CHECKED);
  });

  it("issue 10 §2: 80 units/kg at 300 kg is 24,000 units, a hard stop against the 10,000-unit cap", () => {
    const oracle = oracleWith({
      doseAbsolute: { hmax: HOURLY },
      bolusDose: { smax: 80_000_000n, hmax: 100_000_000n },
      bolusDoseAbsolute: { hmax: CAP },
    });
    const request = writeTestRequest({
      entryId: 7,
      careAreaId: 1,
      concentrationIndex: 0,
      mode: OracleMode.RATE,
      values: { RATE: 1_000n, WEIGHT: 300_000n, BOLUS_DOSE: 80_000_000n, BOLUS_RATE: 500_000n },
    });
    const result = oracle.evaluateRaw(request);
    expect(result.params[Param.BOLUS_DOSE_ABSOLUTE]).toMatchObject({
      classification: Cls.ABOVE_HARD_MAX,
      displayValue: 24_000_000_000n,
    });
    expect(result).toMatchObject({ verdict: Verdict.HARD_STOP, bindingParam: Param.BOLUS_DOSE_ABSOLUTE });
  });
});
