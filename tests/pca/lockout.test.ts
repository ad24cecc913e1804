// Issue 15 §1 (docs/workflow.md §11.3): the lockout is exact and start-to-start, there is no
// stacking, and the doses per hour are counted in the trailing hour with a notice. Morphine PCA in
// Med-Surg (hil/library/pca/pca-hospital.json): 1 mg = 1,000 µL, given at 200,000 µL/h in
// 18,000 ms; basal 500 µL/h; lockout 600 s; 4 doses per hour; 8 mg per 1 h.
import { describe, expect, it } from "vitest";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, PcaBolusSource, PcaDenial, PcaOutcome, Segment } from "../../firmware/abi/workflow-codes.ts";
import { STANDARD, startedPca, type PcaPump } from "./pca-driver.ts";

const DOSE_MS = 18_000;
const LOCKOUT_MS = 600_000;

function request(pump: PcaPump) {
  const answer = pump.pcaRequest();
  expect(answer.result).toBe(Result.OK);
  return answer.value!.pca;
}

const recordsOf = (pump: PcaPump, type: EventType) => pump.records().filter((r) => r.type === type);

/** Granted at 0; the dose is given by 18,000 ms; then the pump is at `atMs` (tick by tick). */
function grantedThenAt(atMs: number): PcaPump {
  const pump = startedPca();
  expect(request(pump).lastOutcome).toBe(PcaOutcome.GRANTED);
  pump.tick(DOSE_MS);
  pump.tick(atMs - DOSE_MS);
  return pump;
}

describe("REQ-PCA-023 the lockout runs start-to-start; at exactly its expiry a request is granted", () => {
  it("one millisecond before the expiry: denied LOCKOUT with 1 ms left, logged", () => {
    const pump = grantedThenAt(LOCKOUT_MS - 1);
    const status = request(pump);
    expect(status).toMatchObject({ lastOutcome: PcaOutcome.DENIED, lastDenial: PcaDenial.LOCKOUT, lockoutLeftMs: 1 });
    expect(recordsOf(pump, EventType.PCA_REQUEST_DENIED).at(-1)).toMatchObject({
      timeMs: BigInt(LOCKOUT_MS - 1),
      detail: PcaDenial.LOCKOUT,
      value: 1n,
      limit: BigInt(LOCKOUT_MS),
      reasonCode: PcaBolusSource.PATIENT,
    });
  });

  it("at exactly the expiry (600,000 ms after the last granted start): granted", () => {
    const pump = grantedThenAt(LOCKOUT_MS);
    expect(pump.pcaStatus().lockoutLeftMs).toBe(0);
    expect(request(pump)).toMatchObject({ lastOutcome: PcaOutcome.GRANTED, dosesInHour: 2, granted: 2 });
    expect(recordsOf(pump, EventType.PCA_REQUEST_GRANTED).at(-1)).toMatchObject({
      timeMs: BigInt(LOCKOUT_MS),
      detail: 2,
      value: 1000n,
      rateUlPerHour: 200_000n,
    });
  });

  it("one millisecond after the expiry: granted", () => {
    const pump = grantedThenAt(LOCKOUT_MS + 1);
    expect(request(pump).lastOutcome).toBe(PcaOutcome.GRANTED);
  });

  it("a denied request does not restart the lockout: denied at 300,000 ms, granted at 600,000 ms", () => {
    const pump = grantedThenAt(300_000);
    expect(request(pump).lastDenial).toBe(PcaDenial.LOCKOUT);
    pump.tick(300_000);
    expect(request(pump).lastOutcome).toBe(PcaOutcome.GRANTED);
  });

  it("start-to-start: the lockout counts from the start of the dose, not its end (18,000 ms later)", () => {
    const pump = grantedThenAt(DOSE_MS);
    expect(pump.pcaStatus().lockoutLeftMs).toBe(LOCKOUT_MS - DOSE_MS);
  });
});

describe("REQ-PCA-024 no stacking: a request while a dose runs is denied, whatever the lockout", () => {
  it("during the patient's own dose: denied DOSE_IN_PROGRESS; the dose goes on unchanged", () => {
    const pump = startedPca();
    request(pump);
    pump.tick(DOSE_MS - 1);
    expect(request(pump)).toMatchObject({ lastDenial: PcaDenial.DOSE_IN_PROGRESS, patientDoseRunning: true });
    expect(pump.getInfusion().value!.snapshot).toMatchObject({ segment: Segment.BOLUS, bolusRemainingUl: 1n });
    pump.tick(1);
    expect(pump.getInfusion().value!.snapshot).toMatchObject({ segment: Segment.PRIMARY, motorRateUlPerHour: 500n });
    expect(recordsOf(pump, EventType.PCA_BOLUS_ENDED)).toMatchObject([
      { timeMs: BigInt(DOSE_MS), value: 1000n, detail: 0, reasonCode: PcaBolusSource.PATIENT },
    ]);
  });

  it("during a loading dose (BOLUS kind 1): denied DOSE_IN_PROGRESS", () => {
    const pump = startedPca();
    // 5 mg loading dose at 10,000 µL/h: 5,000 µL in 30 minutes.
    expect(pump.bolus({ kind: 1, dose: 5n * 1_000_000_000n, rateUlPerHour: 10_000n }).result).toBe(Result.OK);
    expect(pump.start().result).toBe(Result.OK);
    expect(request(pump).lastDenial).toBe(PcaDenial.DOSE_IN_PROGRESS);
  });
});

describe("REQ-PCA-025 the doses per hour: the trailing hour, a denial with a notice at the maximum", () => {
  /** Granted at 0, 600,000, 1,200,000 and 1,800,000 ms (4 doses, the maximum). */
  function fourGranted(): PcaPump {
    const pump = startedPca();
    for (let i = 0; i < 4; i++) {
      if (i > 0) pump.tick(LOCKOUT_MS);
      expect(request(pump).lastOutcome, `dose ${i + 1}`).toBe(PcaOutcome.GRANTED);
    }
    return pump;
  }

  it("the fifth within the hour is denied HOURLY_COUNT and raises the notice (low, delivery continues)", () => {
    const pump = fourGranted();
    pump.tick(LOCKOUT_MS); // 2,400,000 ms
    expect(request(pump)).toMatchObject({ lastDenial: PcaDenial.HOURLY_COUNT, dosesInHour: 4 });
    const snapshot = pump.getInfusion().value!.snapshot;
    expect(snapshot.alarmMask & (1 << Alarm.PCA_DOSE_COUNT)).not.toBe(0);
    expect(snapshot).toMatchObject({ highestAlarmPriority: 1, motorRateUlPerHour: 500n, segment: Segment.PRIMARY });
    expect(recordsOf(pump, EventType.PCA_REQUEST_DENIED).at(-1)).toMatchObject({
      detail: PcaDenial.HOURLY_COUNT,
      value: 4n,
      limit: 4n,
    });
    expect(recordsOf(pump, EventType.ALARM_RAISED).at(-1)).toMatchObject({
      detail: Alarm.PCA_DOSE_COUNT,
      alarmPriority: 1,
    });
    // ACK_ALARMS clears the notice.
    pump.acknowledgeAlarms();
    expect(pump.getInfusion().value!.snapshot.alarmMask & (1 << Alarm.PCA_DOSE_COUNT)).toBe(0);
  });

  it("a dose granted exactly one hour ago has left the hour: 3,599,999 ms denied, 3,600,000 ms granted", () => {
    const pump = fourGranted();
    pump.tick(3_599_999 - 1_800_000);
    expect(request(pump)).toMatchObject({ lastDenial: PcaDenial.HOURLY_COUNT, dosesInHour: 4 });
    pump.tick(1);
    expect(pump.pcaStatus().dosesInHour).toBe(3);
    expect(request(pump)).toMatchObject({ lastOutcome: PcaOutcome.GRANTED, dosesInHour: 4 });
  });
});

describe("REQ-PCA-022 REQ-PCA-029 the handset button is answered and logged in every state of a PCA infusion", () => {
  it("paused: denied NOT_RUNNING and logged; without a PCA infusion: PCA_NOT_ACTIVE, nothing logged", () => {
    const pump = startedPca();
    expect(pump.pause().result).toBe(Result.OK);
    expect(request(pump).lastDenial).toBe(PcaDenial.NOT_RUNNING);
    expect(recordsOf(pump, EventType.PCA_REQUEST_DENIED).at(-1)?.detail).toBe(PcaDenial.NOT_RUNNING);
    expect(pump.stop().result).toBe(Result.OK);
    const before = pump.records().length;
    expect(pump.pcaRequest()).toMatchObject({ result: Result.PCA_NOT_ACTIVE });
    expect(pump.records().length).toBe(before);
  });

  it("START logs PCA_STARTED with the dose, the window maximum and the lockout", () => {
    const pump = startedPca();
    expect(recordsOf(pump, EventType.PCA_STARTED)).toMatchObject([
      { value: STANDARD.doseAbu, limit: STANDARD.windowMaxAbu, detail: STANDARD.lockoutS, rateUlPerHour: 500n },
    ]);
  });
});

describe("REQ-PCA-037 STOP ends the lockout and the count; the window history stays", () => {
  it("after STOP and a new START a request is granted at once; the window still counts the first dose", () => {
    const pump = startedPca();
    request(pump);
    pump.tick(DOSE_MS);
    expect(pump.stop().result).toBe(Result.OK);
    expect(pump.pcaProgram({ mode: 1, rateUlPerHour: 500n }, STANDARD).result).toBe(Result.OK);
    expect(pump.start().result).toBe(Result.OK);
    const status = request(pump);
    expect(status).toMatchObject({ lastOutcome: PcaOutcome.GRANTED, dosesInHour: 1, granted: 1 });
    expect(status.windowTotalAbu).toBeGreaterThanOrEqual(1_000_000_000n);
  });
});
