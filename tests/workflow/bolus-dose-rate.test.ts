// A bolus given by the pump is held to the entry's bolus limit in dose-rate units (issue 11 §5,
// REQ-ENG-064, docs/workflow.md §4.4): the workflow narrows a BOLUS's verdict to the bolus
// parameters, and parameters 19/20 are among them. Found by review: before, the engine classified
// parameter 19 but the narrowed verdict left it out, so a bolus above it was a GO.
// Worked by hand on the ward library's DOPamine 400 mg / 250 mL at 70 kg: a bolus rate rb µL/h is
// rb × 22,857.142857… ABU/kg/h, so 100,000 µL/h is 2,285,714,285.71… ABU/kg/h.
import { describe, expect, it } from "vitest";
import { Mode, Param, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { DOPAMINE, ICU, WARD_SPEC } from "../firmware/ward-library.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { PumpDriver } from "./driver.ts";

function pumpWithBolusDoseRateMax(hardMax: bigint): PumpDriver {
  const spec = {
    ...WARD_SPEC,
    entries: WARD_SPEC.entries.map((e) =>
      e.id !== DOPAMINE
        ? e
        : {
            ...e,
            limits: { ...e.limits, bolusDose: { hmax: 10_000_000n } },
            records: [{ kind: LimitKind.BOLUS_DOSE_RATE, mask: 0b1000, values: [0n, 0n, 0n, hardMax] }],
          },
    ),
  };
  const pump = new PumpDriver({ image: writeTestImage(spec) });
  expect(pump.selectCareArea(ICU).result).toBe(Result.OK);
  expect(pump.setPatient(70_000).result).toBe(Result.OK);
  expect(pump.selectDrug({ entryId: DOPAMINE, concentrationIndex: 0 }).result).toBe(Result.OK);
  expect(pump.program({ mode: Mode.RATE, rateUlPerHour: 10_000n }).value?.result?.verdict).toBe(Verdict.GO);
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

// 1 mcg/kg = 1,000,000 ABU/kg: 43,750 µL at 100 mL/h, 1,575 s.
const BOLUS = { kind: 0 as const, dose: 1_000_000n, rateUlPerHour: 100_000n };

describe("REQ-ENG-064 the pump holds a bolus to its dose-rate limit", () => {
  it("REQ-ENG-064: one ABU/kg/h under the bolus dose rate is a hard stop on BOLUS_DOSE_RATE; one above it a go", () => {
    const stopped = pumpWithBolusDoseRateMax(2_285_714_285n).bolus(BOLUS).value?.result;
    expect(stopped?.verdict).toBe(Verdict.HARD_STOP);
    expect(stopped?.bindingParam).toBe(Param.BOLUS_DOSE_RATE);
    expect(stopped?.bindingTier).toBe(Tier.HARD_MAX);
    expect(stopped?.bindingLimitValue).toBe(2_285_714_285n);
    expect(pumpWithBolusDoseRateMax(2_285_714_286n).bolus(BOLUS).value?.result?.verdict).toBe(Verdict.GO);
  });
});
