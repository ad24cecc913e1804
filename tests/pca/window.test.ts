// Issue 15 §1 (docs/workflow.md §11.4): the PCA window total counts the basal, every patient dose,
// clinician bolus and loading dose (the cumulative accountant of decision 0030 with the programmed
// maximum as its hard maximum); a request that would cross it is denied with a warning and the pump
// goes to KVO; delivery never crosses it — a bolus in progress is truncated at the last millisecond
// within it. Morphine 30 mg / 30 mL: 1 µL is 10^6 ABU.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mode, PCA_WINDOW_1H_S, PCA_WINDOW_4H_S } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import {
  Alarm,
  PcaBolusEnd,
  PcaBolusSource,
  PcaDenial,
  PcaOutcome,
  PumpState,
  Segment,
} from "../../firmware/abi/workflow-codes.ts";
import { ABU_PER_UL, MEDSURG, MG, MORPHINE, PcaPump, startedPca } from "./pca-driver.ts";

const recordsOf = (pump: PcaPump, type: EventType) => pump.records().filter((r) => r.type === type);
const snapshot = (pump: PcaPump) => pump.getInfusion().value!.snapshot;

/** Basal 1.5 mg/h (above the soft max 1 mg/h: overridden), 2 mg per dose, 12 mg per 4 h. */
function fastBasal(): PcaPump {
  const pump = new PcaPump();
  pump.selectCareArea(MEDSURG);
  pump.selectDrug({ entryId: MORPHINE, concentrationIndex: 0 });
  const checked = pump.pcaProgram(
    { mode: Mode.RATE, rateUlPerHour: 1500n },
    { doseAbu: 2n * MG, lockoutS: 600, maxDosesPerHour: 6, windowMaxAbu: 12n * MG, windowS: PCA_WINDOW_4H_S },
  );
  expect(checked.value!.result).toMatchObject({ verdict: 1, bindingParam: 3 }); // soft stop on the basal dose rate
  expect(pump.override(1).result).toBe(Result.OK);
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

describe("REQ-PCA-026 REQ-PCA-027 a request that would cross the window maximum: denied, KVO, a warning", () => {
  it("three 2 mg doses fit 12 mg per 4 h with the basal planned after them; the fourth is denied and the pump runs KVO", () => {
    const pump = fastBasal();
    for (let i = 0; i < 3; i++) {
      expect(pump.pcaRequest().value!.pca.lastOutcome, `dose ${i + 1}`).toBe(PcaOutcome.GRANTED);
      pump.tick(600_000);
    }
    const denied = pump.pcaRequest().value!;
    expect(denied.pca).toMatchObject({ lastOutcome: PcaOutcome.DENIED, lastDenial: PcaDenial.WINDOW_MAX });
    expect(denied.snapshot).toMatchObject({
      state: PumpState.RUNNING,
      segment: Segment.KVO,
      motorRateUlPerHour: 1000n,
      governingAlarm: Alarm.PCA_WINDOW_MAX,
      highestAlarmPriority: 2,
    });
    const record = recordsOf(pump, EventType.PCA_REQUEST_DENIED).at(-1)!;
    expect(record).toMatchObject({ detail: PcaDenial.WINDOW_MAX, limit: 12n * MG, reasonCode: PcaBolusSource.PATIENT });
    expect(record.value).toBeGreaterThan(12n * MG);
    // The basal planned after each granted dose was counted: 2 + 6 mg of plan at the first.
    const granted = recordsOf(pump, EventType.PCA_REQUEST_GRANTED);
    expect(granted[0].limit).toBeGreaterThan(7n * MG);
    expect(recordsOf(pump, EventType.ALARM_RAISED).at(-1)).toMatchObject({ detail: Alarm.PCA_WINDOW_MAX | (1 << 8) });
  });

  it("in KVO a request is denied KVO; ACK_ALARMS gives the basal back", () => {
    const pump = fastBasal();
    for (let i = 0; i < 3; i++) {
      pump.pcaRequest();
      pump.tick(600_000);
    }
    pump.pcaRequest();
    pump.tick(600_000);
    expect(pump.pcaRequest().value!.pca.lastDenial).toBe(PcaDenial.KVO);
    expect(pump.acknowledgeAlarms().result).toBe(Result.OK);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.PRIMARY, motorRateUlPerHour: 1500n, alarmMask: 0 });
  });
});

/** Basal 0.1 mg/h, 0.5 mg per dose, 1.3 mg per 1 h; a 1 mg clinician bolus over 600 s (1,016 µL at 6,096 µL/h). */
function clinicianRunning(): PcaPump {
  const pump = startedPca(
    { doseAbu: MG / 2n, lockoutS: 600, maxDosesPerHour: 4, windowMaxAbu: 1_300_000_000n, windowS: PCA_WINDOW_1H_S },
    { mode: Mode.RATE, rateUlPerHour: 100n },
  );
  expect(pump.clinicianBolus(MG, 600).value!.snapshot).toMatchObject({
    segment: Segment.BOLUS,
    motorRateUlPerHour: 6096n,
    bolusRemainingUl: 1016n,
  });
  return pump;
}

describe("REQ-PCA-034 a patient dose pre-empts a clinician bolus, which resumes with exactly what it had left", () => {
  it("half way (508 µL given) the patient's 500 µL runs first, then the clinician bolus goes on with 508 µL", () => {
    const pump = clinicianRunning();
    pump.tick(300_000);
    const granted = pump.pcaRequest().value!;
    expect(granted.pca).toMatchObject({ lastOutcome: PcaOutcome.GRANTED, clinicianBolusPreempted: true });
    expect(granted.snapshot).toMatchObject({ motorRateUlPerHour: 200_000n, bolusRemainingUl: 500n });
    expect(recordsOf(pump, EventType.PCA_CLINICIAN_BOLUS_PREEMPTED)).toMatchObject([
      { timeMs: 300_000n, value: 508n, rateUlPerHour: 6096n },
    ]);
    pump.tick(9_000); // 500 µL at 200,000 µL/h
    expect(snapshot(pump)).toMatchObject({ segment: Segment.BOLUS, motorRateUlPerHour: 6096n, bolusRemainingUl: 508n });
    expect(recordsOf(pump, EventType.PCA_CLINICIAN_BOLUS_RESUMED)).toMatchObject([
      { timeMs: 309_000n, value: 508n, rateUlPerHour: 6096n },
    ]);
  });
});

describe("REQ-PCA-028 delivery never crosses the window maximum: a bolus in progress is truncated at once", () => {
  it("the resumed clinician bolus reaches 1.3 mg at 481,440 ms: truncated there, the motor stops", () => {
    const pump = clinicianRunning();
    pump.tick(300_000);
    pump.pcaRequest();
    pump.tick(9_000);
    pump.tick(172_439);
    expect(snapshot(pump).state).toBe(PumpState.RUNNING);
    pump.tick(1);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.RUNNING, segment: Segment.BOLUS });
    pump.tick(1); // one more millisecond would cross 1.3 mg
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.ALARM,
      segment: Segment.PRIMARY,
      motorRateUlPerHour: 0n,
      bolusRemainingUl: 0n,
      governingAlarm: Alarm.CUMULATIVE_LIMIT,
    });
    expect(pump.pcaStatus().windowTotalAbu).toBeLessThanOrEqual(1_300_000_000n);
    expect(recordsOf(pump, EventType.PCA_WINDOW_MAX_REACHED)).toMatchObject([
      { timeMs: 481_440n, limit: 1_300_000_000n, detail: PCA_WINDOW_1H_S },
    ]);
    expect(recordsOf(pump, EventType.PCA_BOLUS_ENDED).at(-1)).toMatchObject({
      timeMs: 481_440n,
      detail: PcaBolusEnd.TRUNCATED,
      reasonCode: PcaBolusSource.CLINICIAN,
      value: 799n,
    });
    expect(recordsOf(pump, EventType.CUMULATIVE_LIMIT_REACHED)).toHaveLength(1);
    // The infusion does not continue (decision 0030): RESUME refused, STOP ends it.
    expect(pump.resume().result).toBe(Result.ALARM_ACTIVE);
    expect(pump.stop().result).toBe(Result.OK);
  });
});

type Step =
  { kind: "tick"; ms: number } | { kind: "request" } | { kind: "clinician"; doseUg: number; durationS: number };

describe("REQ-PCA-026 REQ-PCA-028 property: basal, patient doses and clinician boluses interleaved never exceed the window maximum", () => {
  it("the delivered volume between any two moments at most one window apart stays within the maximum", () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: 1, max: 900_000 }) }),
      fc.constant({ kind: "request" as const }),
      fc.record({
        kind: fc.constant("clinician" as const),
        doseUg: fc.integer({ min: 100, max: 2000 }),
        durationS: fc.integer({ min: 1, max: 3600 }),
      }),
    );
    let reachedMax = 0;
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 600, max: 1000 }),
        (steps, basalUlPerHour) => {
          const windowMaxAbu = 3n * MG;
          const pump = startedPca(
            { doseAbu: MG, lockoutS: 360, maxDosesPerHour: 6, windowMaxAbu, windowS: PCA_WINDOW_1H_S },
            { mode: Mode.RATE, rateUlPerHour: BigInt(basalUlPerHour) },
          );
          // (time ms, delivered µL) samples; delivered is floor(units): off by under 1 µL.
          const samples: [number, bigint][] = [[0, 0n]];
          let now = 0;
          for (const s of steps) {
            if (s.kind === "tick") {
              pump.tick(s.ms);
              now += s.ms;
            } else if (s.kind === "request") pump.pcaRequest();
            else pump.clinicianBolus(BigInt(s.doseUg) * 1_000_000n, s.durationS);
            samples.push([now, snapshot(pump).totalDeliveredUl]);
            expect(pump.pcaStatus().windowTotalAbu).toBeLessThanOrEqual(windowMaxAbu);
          }
          for (const [t0, v0] of samples)
            for (const [t1, v1] of samples) {
              if (t1 <= t0 || t1 - t0 > PCA_WINDOW_1H_S * 1000) continue;
              // Delivered in (t0, t1] is below (v1 − v0 + 1) µL.
              expect((v1 - v0 - 1n) * ABU_PER_UL).toBeLessThanOrEqual(windowMaxAbu);
            }
          const atMax = pump
            .records()
            .some(
              (r) =>
                r.type === EventType.PCA_WINDOW_MAX_REACHED ||
                (r.type === EventType.PCA_REQUEST_DENIED && r.detail === PcaDenial.WINDOW_MAX),
            );
          if (atMax) reachedMax++;
        },
      ),
      { numRuns: 60 },
    );
    // Not vacuous: the maximum was what bound in a good part of the runs.
    expect(reachedMax).toBeGreaterThan(5);
  });
});
