// Selection of care area, patient, drug and basic infusion (docs/workflow.md §3), on the example
// library. Expected values are worked out by hand from hil/library/examples/general-hospital.json.
import { describe, expect, it } from "vitest";
import { Classification, Param } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { BasicReason, PumpState } from "../../firmware/abi/workflow-codes.ts";
import { HEPARIN, ICU, MEDSURG, NO_CONCENTRATION, PumpDriver, SALINE } from "./driver.ts";

describe("REQ-WF-001 care area", () => {
  it("accepts an area of the library and refuses one that is not", () => {
    const pump = new PumpDriver();
    expect(pump.selectCareArea(7).result).toBe(Result.BAD_PAYLOAD);
    expect(pump.getInfusion().value?.snapshot.state).toBe(PumpState.IDLE);
    const answer = pump.selectCareArea(ICU);
    expect(answer.result).toBe(Result.OK);
    expect(answer.value?.snapshot).toMatchObject({ state: PumpState.AREA_SELECTED, careAreaId: ICU });
  });

  it("without a library every selection answers NO_LIBRARY", () => {
    const pump = new PumpDriver({ library: false });
    expect(pump.selectCareArea(ICU).result).toBe(Result.NO_LIBRARY);
    expect(pump.setPatient(70_000).result).toBe(Result.NO_LIBRARY);
    expect(pump.selectBasic(BasicReason.EMERGENCY).result).toBe(Result.NO_LIBRARY);
  });

  it("refuses selection while an infusion runs (OUT_OF_STATE) and changes nothing", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(MEDSURG);
    pump.selectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION });
    pump.program({ mode: 1, rateUlPerHour: 100_000n, vtbiUl: 1_000_000n });
    expect(pump.start().result).toBe(Result.OK);
    const before = pump.getInfusion().value?.snapshot;
    for (const refused of [
      pump.selectCareArea(ICU),
      pump.setPatient(70_000),
      pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 }),
    ]) {
      expect(refused.result).toBe(Result.OUT_OF_STATE);
      expect(refused.detail).toBe(PumpState.RUNNING);
    }
    expect(pump.getInfusion().value?.snapshot).toEqual(before);
  });
});

describe("REQ-WF-002 patient weight against the care area (ICU: hard 30–350 kg, soft 40–200 kg)", () => {
  it("keeps a weight within limits", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    const answer = pump.setPatient(70_000);
    expect(answer.value?.patient).toEqual({ weightClassification: Classification.WITHIN, bsaClassification: 0 });
    expect(answer.value?.snapshot.weightG).toBe(70_000);
  });

  it("keeps a soft-limit weight, classified ABOVE_SOFT_MAX; 200 kg itself is within", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    expect(pump.setPatient(200_000).value?.patient?.weightClassification).toBe(Classification.WITHIN);
    const answer = pump.setPatient(200_001);
    expect(answer.value?.patient?.weightClassification).toBe(Classification.ABOVE_SOFT_MAX);
    expect(answer.value?.snapshot.weightG).toBe(200_001);
  });

  it("refuses a hard-limit weight with LIMIT_HARD_STOP and keeps the previous one", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    pump.setPatient(70_000);
    expect(pump.setPatient(350_000).result).toBe(Result.OK);
    const refused = pump.setPatient(350_001);
    expect(refused).toMatchObject({ result: Result.LIMIT_HARD_STOP, detail: Param.WEIGHT });
    expect(pump.getInfusion().value?.snapshot.weightG).toBe(350_000);
    expect(pump.setPatient(29_999).detail).toBe(Param.WEIGHT);
  });

  it("checks BSA too (ICU BSA hard max 4 m²)", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    expect(pump.setPatient(70_000, 40_001)).toMatchObject({ result: Result.LIMIT_HARD_STOP, detail: Param.BSA });
    expect(pump.setPatient(70_000, 30_001).value?.patient?.bsaClassification).toBe(Classification.ABOVE_SOFT_MAX);
  });

  it("needs a care area first", () => {
    const pump = new PumpDriver();
    expect(pump.setPatient(70_000)).toMatchObject({ result: Result.OUT_OF_STATE, detail: PumpState.IDLE });
  });
});

describe("REQ-WF-003 drug selection and its advisory", () => {
  it("reports flags, type and the advisory on selection", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    const answer = pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
    expect(answer.result).toBe(Result.OK);
    // Entry flags: bit 0 high-alert, bit 2 EXTENDED (heparin 1001 carries a default dose, a limit record).
    expect(answer.value).toMatchObject({ entryFlags: 5, infusionType: 0, doseBasis: 1, concentrationKind: 0 });
    expect(answer.value?.advisory).toBe(
      "High-alert: independent double check of weight (kg), dose and rate. Bolus from the same bag.",
    );
    expect(answer.value?.advisoryLength).toBe(answer.value?.advisory.length);
    expect(answer.value?.snapshot).toMatchObject({
      state: PumpState.DRUG_SELECTED,
      entryId: HEPARIN,
      concentrationIndex: 0,
    });
  });

  it("READ_ADVISORY returns the advisory from an offset", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    const full = pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 }).value?.advisory ?? "";
    const raw = pump.send(0x0015, Uint8Array.of(10, 0)).raw;
    expect(new TextDecoder().decode(raw.subarray(6))).toBe(full.slice(10));
  });

  it("refuses custom values on a fixed concentration with BAD_PAYLOAD", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    expect(
      pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0, customAmountAbu: 1n, customVolumeUl: 1 }).result,
    ).toBe(Result.BAD_PAYLOAD);
    expect(pump.getInfusion().value?.snapshot.state).toBe(PumpState.AREA_SELECTED);
  });
});

describe("REQ-WF-005 drug selection refusals name what was not found and are logged", () => {
  it("issue 10 §6: SELECT_DRUG of an unknown entry or concentration answers a specific result and logs what was asked", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    pump.setPatient(70_000, 0);
    pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
    const before = pump.getInfusion().value?.snapshot;
    const logBefore = pump.records().length;
    const cases: [number, number, Result, number][] = [
      [9999, 0, Result.UNKNOWN_ENTRY, 0],
      [1002, 0, Result.ENTRY_NOT_IN_CARE_AREA, ICU], // heparin PEDS only
      [HEPARIN, 1, Result.UNKNOWN_CONCENTRATION, 1], // heparin has one concentration
      [SALINE, 0, Result.UNKNOWN_CONCENTRATION, 0], // a fluid takes only 0xFF
    ];
    for (const [entryId, concentrationIndex, result, detail] of cases) {
      const answer = pump.selectDrug({ entryId, concentrationIndex });
      expect([answer.result, answer.detail], `${entryId}/${concentrationIndex}`).toEqual([result, detail]);
      expect(answer.events.map((e) => e.code)).toEqual([EventType.DRUG_SELECTION_REFUSED]);
    }
    const records = pump.records().slice(logBefore);
    expect(
      records.map((r) => [r.type, r.entryId, r.concentrationIndex, r.careAreaId, r.detail, r.outcome, r.param]),
    ).toEqual(
      cases.map(([entryId, concentrationIndex, result]) => [
        EventType.DRUG_SELECTION_REFUSED,
        entryId,
        concentrationIndex,
        ICU,
        result,
        0xff,
        0xff,
      ]),
    );
    // Nothing else changed: the drug selected before is still selected.
    expect(pump.getInfusion().value?.snapshot).toEqual(before);
  });
});

describe("REQ-WF-004 basic infusion", () => {
  it("is refused where the care area does not allow it (ICU)", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    expect(pump.selectBasic(BasicReason.EMERGENCY).result).toBe(Result.NOT_ALLOWED);
  });

  it("needs a reason from the fixed list", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(MEDSURG);
    expect(pump.selectBasic(0).result).toBe(Result.BAD_PAYLOAD);
    expect(pump.selectBasic(5).result).toBe(Result.BAD_PAYLOAD);
  });

  it("is logged as non-compliant with its reason; RATE mode only, still bounded by the care area's caps and weight tiers", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(MEDSURG);
    const answer = pump.selectBasic(BasicReason.DRUG_NOT_IN_LIBRARY);
    expect(answer.value?.snapshot).toMatchObject({
      state: PumpState.DRUG_SELECTED,
      basicInfusion: true,
      basicReason: 1,
      entryId: 0,
    });
    const record = pump.records().at(-1);
    expect(record).toMatchObject({
      type: EventType.BASIC_INFUSION_SELECTED,
      careAreaId: MEDSURG,
      reasonCode: BasicReason.DRUG_NOT_IN_LIBRARY,
    });
    expect(pump.program({ mode: 2, dose: 5n }).result).toBe(Result.ENGINE_STATUS);
    expect(pump.program({ mode: 1, rateUlPerHour: 10_000_000n }).result).toBe(Result.ENGINE_STATUS);
    // No drug limits, but Med-Surg's caps hold: 500 mL/h is within, one µL/h more a hard stop.
    const over = pump.program({ mode: 1, rateUlPerHour: 500_001n, vtbiUl: 50_000n });
    expect(over.value?.result).toMatchObject({
      verdict: 2,
      bindingParam: Param.AREA_MAX_RATE,
      bindingLimitValue: 500_000n,
    });
    expect(pump.program({ mode: 1, rateUlPerHour: 100_000n, vtbiUl: 5_000_001n }).value?.result).toMatchObject({
      verdict: 2,
      bindingParam: Param.AREA_MAX_VTBI,
    });
    expect(pump.program({ mode: 1, rateUlPerHour: 500_000n, vtbiUl: 50_000n }).value?.result?.verdict).toBe(0);
    expect(pump.start().value?.snapshot.motorRateUlPerHour).toBe(500_000n);
  });

  it("a basic program carries a soft-limit weight as a soft stop on WEIGHT (Med-Surg soft max 180 kg)", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(MEDSURG);
    pump.setPatient(190_000);
    pump.selectBasic(BasicReason.EMERGENCY);
    expect(pump.program({ mode: 1, rateUlPerHour: 100_000n }).value?.result).toMatchObject({
      verdict: 1,
      bindingParam: Param.WEIGHT,
      bindingLimitValue: 180_000n,
    });
    expect(pump.start().result).toBe(Result.START_BLOCKED);
  });
});
