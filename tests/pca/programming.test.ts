// Issue 15 §1 (docs/workflow.md §11.2, §11.5): PCA_PROGRAM and the clinician bolus. Morphine PCA in
// Med-Surg (hil/library/pca/pca-hospital.json), 30 mg / 30 mL: 1 mg is 1,000 µL.
import { describe, expect, it } from "vitest";
import {
  MAX_BOLUS_DURATION_S,
  MAX_RATE_UL_PER_HOUR,
  Mode,
  Param,
  PCA_WINDOW_1H_S,
  PCA_WINDOW_4H_S,
  Status,
  Tier,
  Verdict,
} from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command, ErrorDetail, Result } from "../../firmware/abi/protocol-codes.ts";
import {
  PCA_SETTINGS_AT,
  PCA_SETTINGS_RESERVED,
  PcaBolusSource,
  PcaDenial,
  PumpState,
  Segment,
} from "../../firmware/abi/workflow-codes.ts";
import { encodePcaProgram } from "../../simulator/client/pca-messages.ts";
import { MEDSURG, MG, MORPHINE, PcaPump, STANDARD, STANDARD_BASAL, startedPca } from "./pca-driver.ts";

const CONTINUOUS_MORPHINE = 5030;
const FENTANYL = 5040;
const recordsOf = (pump: PcaPump, type: EventType) => pump.records().filter((r) => r.type === type);
const snapshot = (pump: PcaPump) => pump.getInfusion().value!.snapshot;

function selected(entryId: number): PcaPump {
  const pump = new PcaPump();
  expect(pump.selectCareArea(MEDSURG).result).toBe(Result.OK);
  expect(pump.selectDrug({ entryId, concentrationIndex: 0 }).result).toBe(Result.OK);
  return pump;
}

describe("REQ-PCA-020 PCA_PROGRAM: a PCA entry's basal and settings, checked, pending, started", () => {
  it("a go becomes the pending primary; its response carries the 576-byte result and the six PCA slots", () => {
    const pump = selected(MORPHINE);
    const answer = pump.pcaProgram(STANDARD_BASAL, STANDARD);
    expect(answer.result).toBe(Result.OK);
    expect(answer.value!.snapshot).toMatchObject({
      state: PumpState.PROGRAM_PENDING,
      pendingKind: 1,
      pendingVerdict: 0,
    });
    expect(answer.value!.result).toMatchObject({
      status: Status.OK,
      verdict: Verdict.GO,
      deliveredRateUlPerHour: 500n,
    });
    expect(answer.value!.pcaSlots.map((s) => s.displayValue)).toEqual([MG, 600n, 4n, 0n, 8n * MG, MG / 2n]);
    expect(pump.start().result).toBe(Result.OK);
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.RUNNING,
      segment: Segment.PRIMARY,
      motorRateUlPerHour: 500n,
    });
  });

  it("a soft stop on a PCA parameter needs OVERRIDE with the 68-byte payload echoed; a hard stop cannot start", () => {
    const pump = selected(MORPHINE);
    const soft = pump.pcaProgram(STANDARD_BASAL, { ...STANDARD, maxDosesPerHour: 7 }).value!;
    expect(soft.result).toMatchObject({ verdict: Verdict.SOFT_STOP, bindingParam: Param.PCA_MAX_DOSES_PER_HOUR });
    expect(pump.start()).toMatchObject({ result: Result.START_BLOCKED, detail: 1 });
    expect(pump.override(2).result).toBe(Result.OK);
    expect(pump.start().result).toBe(Result.OK);

    const other = selected(MORPHINE);
    const hard = other.pcaProgram(STANDARD_BASAL, { ...STANDARD, lockoutS: 299 }).value!;
    expect(hard.result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.PCA_LOCKOUT,
      bindingTier: Tier.HARD_MIN,
      bindingLimitValue: 300n,
    });
    expect(other.start()).toMatchObject({ result: Result.START_BLOCKED, detail: 2 });
    expect(other.override(1).result).toBe(Result.NOT_OVERRIDABLE);
  });

  it("a PCA entry cannot be programmed by PROGRAM (MISSING_VALUE), nor another entry by PCA_PROGRAM (NOT_ALLOWED)", () => {
    const pump = selected(MORPHINE);
    expect(pump.program(STANDARD_BASAL)).toMatchObject({ result: Result.ENGINE_STATUS, detail: Status.MISSING_VALUE });
    const continuous = selected(CONTINUOUS_MORPHINE);
    expect(continuous.pcaProgram(STANDARD_BASAL, STANDARD)).toMatchObject({ result: Result.NOT_ALLOWED, detail: 0 });
  });

  it("settings out of the pump's range are the engine's VALUE_OUT_OF_RANGE; a reserved byte is BAD_PAYLOAD", () => {
    const pump = selected(MORPHINE);
    expect(pump.pcaProgram(STANDARD_BASAL, { ...STANDARD, windowS: 7200 })).toMatchObject({
      result: Result.ENGINE_STATUS,
      detail: Status.VALUE_OUT_OF_RANGE,
    });
    expect(pump.pcaProgram(STANDARD_BASAL, { ...STANDARD, maxDosesPerHour: 61 })).toMatchObject({
      result: Result.ENGINE_STATUS,
      detail: Status.VALUE_OUT_OF_RANGE,
    });
    const payload = encodePcaProgram(STANDARD_BASAL, STANDARD);
    payload[PCA_SETTINGS_AT + PCA_SETTINGS_RESERVED] = 1;
    expect(pump.send(Command.PCA_PROGRAM, payload)).toMatchObject({
      result: Result.BAD_PAYLOAD,
      detail: ErrorDetail.PAYLOAD_FIELD,
    });
    expect(pump.send(Command.PCA_PROGRAM, payload.subarray(0, 67))).toMatchObject({
      result: Result.BAD_PAYLOAD,
      detail: ErrorDetail.PAYLOAD_LENGTH,
    });
  });
});

describe("REQ-PCA-021 the pump gives no PCA dose nobody bounded", () => {
  it("fentaNYL has no hard maximum per 4 h: a 4 h program is PCA_NOT_BOUNDED, a 1 h one is accepted", () => {
    const pump = selected(FENTANYL);
    // 300 mcg / 30 mL: 10 mcg per mL; basal 1 mcg/h = 100 µL/h; 20 mcg per dose.
    const settings = { doseAbu: 20_000_000n, lockoutS: 600, maxDosesPerHour: 4, windowMaxAbu: 150_000_000n };
    expect(
      pump.pcaProgram({ mode: Mode.RATE, rateUlPerHour: 100n }, { ...settings, windowS: PCA_WINDOW_4H_S }),
    ).toMatchObject({ result: Result.PCA_NOT_BOUNDED });
    expect(
      pump.pcaProgram({ mode: Mode.RATE, rateUlPerHour: 100n }, { ...settings, windowS: PCA_WINDOW_1H_S }).result,
    ).toBe(Result.OK);
  });
});

describe("REQ-PCA-035 a PCA infusion takes a loading dose; a plain bolus and a secondary are not allowed", () => {
  it("BOLUS kind 0 and SECONDARY: NOT_ALLOWED; BOLUS kind 1 within the loading-dose limits: a go; TITRATE refused", () => {
    const pump = startedPca();
    expect(pump.bolus({ kind: 0, dose: MG, rateUlPerHour: 10_000n })).toMatchObject({ result: Result.NOT_ALLOWED });
    expect(
      pump.secondary({ entryId: CONTINUOUS_MORPHINE, concentrationIndex: 0, program: STANDARD_BASAL }),
    ).toMatchObject({ result: Result.NOT_ALLOWED });
    const loading = pump.bolus({ kind: 1, dose: 5n * MG, rateUlPerHour: 10_000n }).value!;
    expect(loading.result!.verdict).toBe(Verdict.GO);
    expect(pump.cancel().result).toBe(Result.OK);
    // TITRATE: the titration's request has no PCA block; the settings change only by STOP and a new program.
    expect(pump.titrate({ mode: Mode.RATE, rateUlPerHour: 600n })).toMatchObject({
      result: Result.ENGINE_STATUS,
      detail: Status.MISSING_VALUE,
    });
  });
});

describe("REQ-PCA-031 REQ-PCA-032 REQ-PCA-033 the clinician bolus", () => {
  it("its rate follows from volume and duration plus the basal: 1 mg over 600 s at 500 µL/h is 1,083 µL at 6,498 µL/h", () => {
    const pump = startedPca();
    const answer = pump.clinicianBolus(MG, 600);
    expect(answer.result).toBe(Result.OK);
    // 1,000 µL + floor(500 × 600 / 3,600) = 1,083 µL; ceil(1,083 × 3,600 / 600) = 6,498 µL/h.
    expect(answer.value!.snapshot).toMatchObject({
      segment: Segment.BOLUS,
      motorRateUlPerHour: 6498n,
      bolusRemainingUl: 1083n,
    });
    expect(recordsOf(pump, EventType.PCA_CLINICIAN_BOLUS_STARTED)).toMatchObject([
      { value: 1083n, limit: MG, rateUlPerHour: 6498n, detail: 600 },
    ]);
    // 1,083 µL at 6,498 µL/h: 600,000 ms; then the basal.
    pump.tick(599_999);
    expect(snapshot(pump).segment).toBe(Segment.BOLUS);
    pump.tick(1);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.PRIMARY, motorRateUlPerHour: 500n });
    expect(recordsOf(pump, EventType.PCA_BOLUS_ENDED).at(-1)).toMatchObject({
      value: 1083n,
      reasonCode: PcaBolusSource.CLINICIAN,
    });
  });

  it("capped at the pump's maximum rate: 4 mg in 1 s would be 14,400,000 µL/h; it runs at 9,999,999", () => {
    const pump = startedPca();
    const answer = pump.clinicianBolus(4n * MG, 1, 1);
    expect(answer.value!.snapshot.motorRateUlPerHour).toBe(BigInt(MAX_RATE_UL_PER_HOUR));
  });

  it("its duration is 1 … 3,600 s: 0 and 3,601 are PCA_BOLUS_DURATION, 3,600 runs", () => {
    const pump = startedPca();
    expect(pump.clinicianBolus(MG, 0)).toMatchObject({ result: Result.PCA_BOLUS_DURATION });
    expect(pump.clinicianBolus(MG, MAX_BOLUS_DURATION_S + 1)).toMatchObject({ result: Result.PCA_BOLUS_DURATION });
    expect(pump.clinicianBolus(MG, MAX_BOLUS_DURATION_S).result).toBe(Result.OK);
  });

  it("checked on parameter 26: above the soft max it needs an override reason; above the hard max it is refused and logged", () => {
    const pump = startedPca();
    expect(pump.clinicianBolus(2n * MG + 1n, 600)).toMatchObject({ result: Result.START_BLOCKED, detail: 1 });
    expect(pump.clinicianBolus(4n * MG + 1n, 600, 1)).toMatchObject({ result: Result.START_BLOCKED, detail: 2 });
    expect(recordsOf(pump, EventType.PCA_REQUEST_DENIED).map((r) => [r.detail, r.reasonCode])).toEqual([
      [0x101, PcaBolusSource.CLINICIAN],
      [0x102, PcaBolusSource.CLINICIAN],
    ]);
    expect(snapshot(pump).segment).toBe(Segment.PRIMARY);
    const answer = pump.clinicianBolus(2n * MG + 1n, 600, 1);
    expect(answer.result).toBe(Result.OK);
    expect(recordsOf(pump, EventType.PCA_CLINICIAN_BOLUS_STARTED).at(-1)!.reasonCode).toBe(1);
  });

  it("one that would cross the window maximum is refused START_BLOCKED / 2 and logged WINDOW_MAX", () => {
    const pump = startedPca({ ...STANDARD, windowMaxAbu: 2n * MG });
    expect(pump.clinicianBolus(2n * MG, 600)).toMatchObject({ result: Result.START_BLOCKED, detail: 2 });
    expect(recordsOf(pump, EventType.PCA_REQUEST_DENIED).at(-1)).toMatchObject({
      detail: PcaDenial.WINDOW_MAX,
      limit: 2n * MG,
      reasonCode: PcaBolusSource.CLINICIAN,
    });
  });

  it("only while the basal runs: during a patient dose it is OUT_OF_STATE; without a PCA infusion PCA_NOT_ACTIVE", () => {
    const pump = startedPca();
    pump.pcaRequest();
    expect(pump.clinicianBolus(MG, 600)).toMatchObject({ result: Result.OUT_OF_STATE, detail: PumpState.RUNNING });
    const idle = selected(MORPHINE);
    expect(idle.clinicianBolus(MG, 600)).toMatchObject({ result: Result.PCA_NOT_ACTIVE });
  });
});

describe("REQ-PCA-036 PCA_STATUS reports the PCA state without changing it", () => {
  it("lockout left, doses in the hour, window total and maximum", () => {
    const pump = startedPca();
    pump.pcaRequest();
    pump.tick(60_000);
    const before = pump.records().length;
    expect(pump.pcaStatus()).toMatchObject({
      underWay: true,
      dosesInHour: 1,
      lockoutLeftMs: 540_000,
      windowMaxAbu: 8n * MG,
      windowS: 3600,
      granted: 1,
      denied: 0,
    });
    expect(pump.pcaStatus().windowTotalAbu).toBeGreaterThanOrEqual(MG);
    expect(pump.records().length).toBe(before);
  });
});
