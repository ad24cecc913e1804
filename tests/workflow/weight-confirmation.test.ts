// Weight confirmation (issue 11 §7, docs/workflow.md §8.3): in NICU (care area 3 of the example
// library, here with `weightConfirmation: true`; weight hard 0.3–8 kg, soft 0.4–5 kg) SET_PATIENT takes a
// weight only entered twice and equal. The 8-byte payload of before issue 11 is refused there with
// a weight and still accepted elsewhere and for clearing the weight. Expected values by hand.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { Classification, MAX_AGE_DAYS } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { AGE_NOT_ENTERED, WeightConfirmationDetail } from "../../firmware/abi/workflow-codes.ts";
import { ICU, PumpDriver } from "./driver.ts";

const NICU = 3;

/** The example library with NICU's weight confirmation on (format 3), as the example asks. */
function nicuConfirmingImage(): Uint8Array {
  const json = JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8"));
  json.careAreas.find((a: { code: string }) => a.code === "NICU").weightConfirmation = true;
  const compiled = compileLibrary(json);
  if (!compiled.ok) throw new Error("does not compile");
  return compiled.image;
}

function inNicu(): PumpDriver {
  const pump = new PumpDriver({ image: nicuConfirmingImage() });
  expect(pump.selectCareArea(NICU).result).toBe(Result.OK);
  return pump;
}

describe("REQ-WF-080 a confirming care area takes a weight only entered twice and equal", () => {
  it("REQ-WF-080: NICU takes 2.5 kg entered twice; the response classifies it as before", () => {
    const pump = inNicu();
    const answer = pump.setPatient(2_500, 0, { confirmWeightG: 2_500 });
    expect(answer.result).toBe(Result.OK);
    expect(answer.value?.patient).toEqual({ weightClassification: Classification.WITHIN, bsaClassification: 0 });
    expect(answer.value?.snapshot.weightG).toBe(2_500);
  });

  it("REQ-WF-080: ±1 g: a second entry of 2,499 g or 2,501 g is refused WEIGHT_NOT_CONFIRMED / 2, logged, nothing changed", () => {
    const pump = inNicu();
    pump.setPatient(1_000, 0, { confirmWeightG: 1_000 });
    const before = pump.getInfusion().value?.snapshot;
    const logBefore = pump.records().length;
    for (const second of [2_499, 2_501]) {
      const answer = pump.setPatient(2_500, 0, { confirmWeightG: second });
      expect([answer.result, answer.detail]).toEqual([Result.WEIGHT_NOT_CONFIRMED, WeightConfirmationDetail.DIFFERS]);
      expect(answer.events.map((e) => e.code)).toEqual([EventType.PATIENT_REFUSED]);
    }
    expect(pump.getInfusion().value?.snapshot).toEqual(before);
    const records = pump.records().slice(logBefore);
    expect(records.map((r) => [r.type, r.careAreaId, r.value, r.limit, r.reasonCode, r.detail])).toEqual([
      [EventType.PATIENT_REFUSED, NICU, 2_500n, 2_499n, WeightConfirmationDetail.DIFFERS, Result.WEIGHT_NOT_CONFIRMED],
      [EventType.PATIENT_REFUSED, NICU, 2_500n, 2_501n, WeightConfirmationDetail.DIFFERS, Result.WEIGHT_NOT_CONFIRMED],
    ]);
  });

  it("REQ-WF-080: the 8-byte payload with a weight, or a 16-byte one without the second entry, is refused / 1 in NICU", () => {
    const pump = inNicu();
    const old = pump.setPatient(2_500);
    expect([old.result, old.detail]).toEqual([Result.WEIGHT_NOT_CONFIRMED, WeightConfirmationDetail.NOT_GIVEN]);
    const unconfirmed = pump.setPatient(2_500, 0, { ageDays: 3 });
    expect([unconfirmed.result, unconfirmed.detail]).toEqual([
      Result.WEIGHT_NOT_CONFIRMED,
      WeightConfirmationDetail.NOT_GIVEN,
    ]);
    const records = pump.records().slice(-2);
    expect(records.map((r) => [r.type, r.value, r.limit, r.reasonCode])).toEqual([
      [EventType.PATIENT_REFUSED, 2_500n, 0n, WeightConfirmationDetail.NOT_GIVEN],
      [EventType.PATIENT_REFUSED, 2_500n, 0n, WeightConfirmationDetail.NOT_GIVEN],
    ]);
    expect(pump.getInfusion().value?.snapshot.weightG).toBe(0);
  });

  it("REQ-WF-080: clearing the weight (0) needs no confirmation, with either payload", () => {
    const pump = inNicu();
    pump.setPatient(2_500, 0, { confirmWeightG: 2_500 });
    expect(pump.setPatient(0).result).toBe(Result.OK);
    expect(pump.getInfusion().value?.snapshot.weightG).toBe(0);
  });

  it("REQ-WF-080: the hard limits still apply after confirmation: 8,001 g entered twice is LIMIT_HARD_STOP, 8,000 g is kept", () => {
    const pump = inNicu();
    expect(pump.setPatient(8_001, 0, { confirmWeightG: 8_001 }).result).toBe(Result.LIMIT_HARD_STOP);
    expect(pump.setPatient(8_000, 0, { confirmWeightG: 8_000 }).value?.patient?.weightClassification).toBe(
      Classification.ABOVE_SOFT_MAX,
    );
  });

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
