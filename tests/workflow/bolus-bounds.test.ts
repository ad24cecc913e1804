// Bolus bounds and bookkeeping (docs/workflow.md §4.4, §6.1; decision 0020), regression cases of
// issue 10 §3, by hand from the example library: heparin 1001, 50 units/mL; at 70 kg 18 units/kg/h
// runs at 25,200 µL/h and a dose of d units/kg is d × 1,400 µL (80 units/kg: 112,000 µL).
import { describe, expect, it } from "vitest";
import { MAX_BOLUS_DURATION_S, Mode, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { PARAM_BOLUS_DURATION, Segment } from "../../firmware/abi/workflow-codes.ts";
import { HEPARIN, ICU, PumpDriver } from "./driver.ts";

const UNITS = 1_000_000n; // ABU per unit

function runningHeparin(vtbiUl?: bigint): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.setPatient(70_000);
  pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
  expect(pump.program({ mode: Mode.DOSE, dose: 18n * UNITS, vtbiUl }).value?.result?.verdict).toBe(Verdict.GO);
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

describe("REQ-WF-032 bolus duration and rate bounds", () => {
  it("issue 10 §3: a 98 mL heparin bolus at 1 mL/h, below the 25.2 mL/h basal, is refused and changes nothing", () => {
    const pump = runningHeparin();
    const before = pump.getInfusion().value!.snapshot;
    // 70 units/kg at 70 kg = 98,000 µL.
    const answer = pump.bolus({ kind: 0, dose: 70n * UNITS, rateUlPerHour: 1_000n });
    expect(answer).toMatchObject({ result: Result.BOLUS_RATE_BELOW_PRIMARY, detail: 0 });
    expect(pump.getInfusion().value!.snapshot).toEqual(before);
    // One µL/h below the basal is refused; the basal rate itself is allowed (equal is within).
    expect(pump.bolus({ kind: 0, dose: 1n * UNITS, rateUlPerHour: 25_199n }).result).toBe(
      Result.BOLUS_RATE_BELOW_PRIMARY,
    );
    expect(pump.bolus({ kind: 0, dose: 1n * UNITS, rateUlPerHour: 25_200n }).value?.result?.verdict).toBe(Verdict.GO);
  });

  it("issue 10 §3: a bolus longer than the pump's maximum duration (1 h) is a hard stop on BOLUS_DURATION", () => {
    expect(MAX_BOLUS_DURATION_S).toBe(3600);
    const pump = runningHeparin();
    // 112,000 µL at 112,000 µL/h takes exactly 3,600 s: within.
    expect(pump.bolus({ kind: 0, dose: 80n * UNITS, rateUlPerHour: 112_000n }).value?.result).toMatchObject({
      verdict: Verdict.GO,
    });
    // At 111,999 µL/h it takes 3,600.03… s: one unit beyond, a hard stop reporting 3,601 s.
    const beyond = pump.bolus({ kind: 0, dose: 80n * UNITS, rateUlPerHour: 111_999n });
    expect(beyond.value?.result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: PARAM_BOLUS_DURATION,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: 3600n,
    });
    expect(pump.start()).toMatchObject({ result: Result.START_BLOCKED, detail: 2 });
    pump.cancel();
    expect(pump.records().at(-1)).toMatchObject({
      type: EventType.PROGRAM_CANCELLED,
      param: PARAM_BOLUS_DURATION,
      value: 3601n,
      limit: 3600n,
      rateUlPerHour: 111_999n,
    });
  });
});

describe("REQ-WF-032 bolus bookkeeping", () => {
  it("issue 10 §3: a bolus cut short by the primary VTBI leaves 0 µL bolus remaining, also after ACK_ALARMS", () => {
    const pump = runningHeparin(700n);
    // 1 unit/kg at 70 kg = 1,400 µL, but only 700 µL of the primary VTBI are left.
    expect(pump.bolus({ kind: 0, dose: 1n * UNITS, rateUlPerHour: 600_000n }).value?.result?.verdict).toBe(Verdict.GO);
    expect(pump.start().value?.snapshot).toMatchObject({ segment: Segment.BOLUS, bolusRemainingUl: 1_400n });
    pump.tick(10_000); // 700 µL at 600,000 µL/h take 4,200 ms
    expect(pump.records().some((r) => r.type === EventType.BOLUS_ENDED && r.value === 700n)).toBe(true);
    expect(pump.getInfusion().value!.snapshot).toMatchObject({ segment: Segment.KVO, bolusRemainingUl: 0n });
    expect(pump.acknowledgeAlarms().value!.snapshot).toMatchObject({ segment: Segment.KVO, bolusRemainingUl: 0n });
  });
});
