// Weight confirmation (issue 11 §7, docs/workflow.md §8.3): in the example library's NICU (care
// area 3, `weightConfirmation: true`; weight hard 0.3–8 kg, soft 0.4–5 kg) SET_PATIENT takes a
// weight only entered twice and equal. The 8-byte payload of before issue 11 is refused there with
// a weight and still accepted elsewhere and for clearing the weight. Expected values by hand.
import { describe, expect, it } from "vitest";
import { Classification } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { AGE_NOT_ENTERED, MAX_AGE_DAYS, WeightConfirmationDetail } from "../../firmware/abi/workflow-codes.ts";
import { ICU, PumpDriver } from "./driver.ts";

const NICU = 3;

function inNicu(): PumpDriver {
  const pump = new PumpDriver();
  expect(pump.selectCareArea(NICU).result).toBe(Result.OK);
  return pump;
}

describe("REQ-WF-080 a confirming care area takes a weight only entered twice and equal", () => {
  it("REQ-WF-080: elsewhere (ICU) the old payload still works; a second entry that differs is refused there too", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    expect(pump.setPatient(70_000).result).toBe(Result.OK);
    expect(pump.setPatient(70_000, 0, { confirmWeightG: 70_000 }).result).toBe(Result.OK);
    const differs = pump.setPatient(70_000, 0, { confirmWeightG: 7_000 });
    expect([differs.result, differs.detail]).toEqual([Result.WEIGHT_NOT_CONFIRMED, WeightConfirmationDetail.DIFFERS]);
    expect(pump.getInfusion().value?.snapshot.weightG).toBe(70_000);
  });

  it("REQ-WF-080: ageDays 0 … 54,750 and 0xFFFFFFFF are taken; 54,751 and a confirmation without a weight are BAD_PAYLOAD / 17", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    for (const ageDays of [0, MAX_AGE_DAYS, AGE_NOT_ENTERED])
      expect(pump.setPatient(70_000, 0, { ageDays }).result, `${ageDays}`).toBe(Result.OK);
    const old = pump.setPatient(70_000, 0, { ageDays: MAX_AGE_DAYS + 1 });
    expect([old.result, old.detail]).toEqual([Result.BAD_PAYLOAD, 17]);
    const noWeight = pump.setPatient(0, 0, { confirmWeightG: 70_000 });
    expect([noWeight.result, noWeight.detail]).toEqual([Result.BAD_PAYLOAD, 17]);
  });

  it("REQ-WF-080: a payload of 8 or 16 bytes only: 12 bytes is BAD_PAYLOAD / 16", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    const answer = pump.send(Command.SET_PATIENT, new Uint8Array(12));
    expect([answer.result, answer.detail]).toEqual([Result.BAD_PAYLOAD, 16]);
  });
});
