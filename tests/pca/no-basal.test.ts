// Issue 15 §1, decision 0044: PCA without a basal (the patient's doses alone, the most common opioid PCA
// mode). A continuous dose of 0 is programmed as a rate or dose of 0 with the PCA block; the line is kept
// open by the carrier infusion, not by the opioid: nothing runs between doses, KVO included. Lockout,
// doses per hour and the window total are those of a PCA with a basal. Morphine 30 mg / 30 mL in
// Med-Surg (hil/library/pca/pca-hospital.json): 1 mg = 1,000 µL, given at 200,000 µL/h in 18,000 ms.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Classification, Mode, Param, PCA_WINDOW_1H_S, Status } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, PcaDenial, PcaOutcome, PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import { freshEngine } from "../firmware/engine-fixture.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { encodePcaBlock, encodeRequest } from "../../simulator/host/request-codec.ts";
import { REQUEST_SIZE, REQUEST_SIZE_WITH_PCA } from "../../firmware/abi/codes.ts";
import {
  ABU_PER_UL,
  MEDSURG,
  MG,
  MORPHINE,
  PCA_LIBRARY_PATH,
  PcaPump,
  pcaLibraryImage,
  STANDARD,
  startedPca,
} from "./pca-driver.ts";

const NO_BASAL_RATE = { mode: Mode.RATE, rateUlPerHour: 0n } as const;
const NO_BASAL_DOSE = { mode: Mode.DOSE, dose: 0n } as const;
const DOSE_MS = 18_000;
const LOCKOUT_MS = 600_000;
const BLOCK = { doseAbu: 1n * MG, lockoutS: 600n, maxDosesPerHour: 4n, clinicianBolusAbu: 0n, windowMaxAbu: 8n * MG };

let engine: Firmware;
beforeAll(async () => {
  engine = await freshEngine();
  expect(engine.loadLibrary(pcaLibraryImage())).toBe(Status.OK);
});

function morphine(values: Partial<EngineRequest>): EngineRequest {
  return {
    entryId: MORPHINE,
    careAreaId: MEDSURG,
    concentrationIndex: 0,
    mode: Mode.RATE,
    pcaWindowS: BigInt(PCA_WINDOW_1H_S),
    pca: BLOCK,
    ...values,
  } as EngineRequest;
}

const snapshot = (pump: PcaPump) => pump.getInfusion().value!.snapshot;
const recordsOf = (pump: PcaPump, type: EventType) => pump.records().filter((r) => r.type === type);

describe("REQ-PCA-038 a PCA program with a continuous dose of 0 is accepted", () => {
  it("rate 0 and dose 0 with the PCA block: OK, GO, delivered rate 0; the basal's limits see 0 (within); no duration", () => {
    for (const basal of [{ rateUlPerHour: 0n }, { mode: Mode.DOSE, dose: 0n }]) {
      const result = engine.evaluate(morphine({ ...basal, vtbiUl: 30_000n }));
      expect(result).toMatchObject({ status: Status.OK, verdict: 0, deliveredRateUlPerHour: 0n });
      expect(result.params[Param.DOSE]).toMatchObject({ classification: Classification.WITHIN, displayValue: 0n });
      expect(result.params[Param.RATE]).toMatchObject({ classification: Classification.NO_LIMIT, displayValue: 0n });
      expect(result.params[Param.VTBI].classification).not.toBe(Classification.NOT_CHECKED);
      expect(result.params[Param.DURATION].classification).toBe(Classification.NOT_CHECKED);
      // Parameter 28, the basal in the window: 0 ABU.
      expect(engine.pcaSlots()[5]).toMatchObject({ classification: Classification.WITHIN, displayValue: 0n });
    }
  });

  it("a basal limit with a hard minimum makes a PCA without a basal a hard stop (the library decides)", async () => {
    const json = JSON.parse(readFileSync(PCA_LIBRARY_PATH, "utf8"));
    json.entries.find((e: { id: number }) => e.id === MORPHINE).limits.dose.hardMin = "0.1";
    const compiled = compileLibrary(json);
    if (!compiled.ok) throw new Error("library");
    const other = await freshEngine();
    expect(other.loadLibrary(compiled.image)).toBe(Status.OK);
    const result = other.evaluate(morphine({ rateUlPerHour: 0n }));
    expect(result).toMatchObject({ status: Status.OK, verdict: 2, bindingParam: Param.DOSE });
    expect(result.params[Param.DOSE].classification).toBe(Classification.BELOW_HARD_MIN);
  });

  it("PCA_PROGRAM with rate 0 or dose 0 programs and starts a PCA whose motor stands still between doses", () => {
    for (const basal of [NO_BASAL_RATE, NO_BASAL_DOSE]) {
      const pump = startedPca(STANDARD, basal);
      expect(snapshot(pump)).toMatchObject({
        state: PumpState.RUNNING,
        segment: Segment.PRIMARY,
        primaryRateUlPerHour: 0n,
        motorRateUlPerHour: 0n,
      });
      pump.tick(3_600_000);
      expect(snapshot(pump).totalDeliveredUl).toBe(0n);
      expect(recordsOf(pump, EventType.PCA_STARTED)).toHaveLength(1);
    }
  });
});

describe("REQ-PCA-039 a rate or dose of 0 only with the PCA block; nothing else changes", () => {
  it("without the PCA block (another entry) a rate 0 stays VALUE_OUT_OF_RANGE; a PCA with bit 14 on a continuous entry is UNEXPECTED_VALUE", () => {
    expect(
      engine.evaluate({ entryId: 5030, careAreaId: MEDSURG, concentrationIndex: 0, mode: Mode.RATE, rateUlPerHour: 0n })
        .status,
    ).toBe(Status.VALUE_OUT_OF_RANGE);
    expect(engine.evaluate(morphine({ entryId: 5030, rateUlPerHour: 0n })).status).toBe(Status.UNEXPECTED_VALUE);
    expect(engine.evaluate(morphine({ rateUlPerHour: 0n, pcaWindowS: undefined, pca: undefined })).status).toBe(
      Status.VALUE_OUT_OF_RANGE,
    );
  });

  it("a duration of 0 stays out of range; a dose of 1 ABU/h, whose rate rounds down to 0, is DERIVED_OUT_OF_RANGE", () => {
    expect(engine.evaluate(morphine({ mode: Mode.DURATION, durationS: 0n, vtbiUl: 1000n })).status).toBe(
      Status.VALUE_OUT_OF_RANGE,
    );
    expect(engine.evaluate(morphine({ mode: Mode.DOSE, dose: 1n })).status).toBe(Status.DERIVED_OUT_OF_RANGE);
    // One step up: the smallest basal the pump runs, 1 µL/h (10^6 ABU/h at 1 mg/mL).
    expect(engine.evaluate(morphine({ mode: Mode.DOSE, dose: ABU_PER_UL })).deliveredRateUlPerHour).toBe(1n);
    expect(engine.evaluate(morphine({ mode: Mode.DOSE, dose: ABU_PER_UL - 1n })).status).toBe(
      Status.DERIVED_OUT_OF_RANGE,
    );
  });

  it("the oracle agrees with the engine on PCA requests with and without a basal (the whole result and slots 23–28)", () => {
    const oracle = new Oracle();
    expect(oracle.loadLibrary(pcaLibraryImage())).toBe(Status.OK);
    fc.assert(
      fc.property(
        fc.record({
          mode: fc.constantFrom(Mode.RATE, Mode.DOSE),
          value: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 3n * MG })),
          vtbiUl: fc.option(fc.bigInt({ min: 1n, max: 40_000n }), { nil: undefined }),
          windowMaxAbu: fc.bigInt({ min: 1n, max: 12n * MG }),
        }),
        (r) => {
          const request = morphine({
            mode: r.mode,
            ...(r.mode === Mode.RATE ? { rateUlPerHour: r.value / 1000n } : { dose: r.value }),
            vtbiUl: r.vtbiUl,
            pca: { ...BLOCK, windowMaxAbu: r.windowMaxAbu },
          });
          const actual = engine.evaluate(request);
          // The 176 bytes of docs/abi.md §4.1: the request, then the PCA block.
          const bytes = new Uint8Array(REQUEST_SIZE_WITH_PCA);
          bytes.set(encodeRequest(request), 0);
          bytes.set(encodePcaBlock(request.pca), REQUEST_SIZE);
          const expected = oracle.evaluateRawWithPca(bytes);
          expect(actual.status).toBe(expected.status);
          if (expected.status !== Status.OK) return;
          const { pcaParams, ...head } = expected;
          expect(actual).toEqual(head);
          expect(engine.pcaSlots().map(({ param: _, ...slot }) => slot)).toEqual(pcaParams);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("REQ-PCA-040 without a basal nothing of the opioid runs between doses, KVO included", () => {
  it("a dose runs at 200,000 µL/h, then the motor stops: exactly 1,000 µL per dose", () => {
    const pump = startedPca(STANDARD, NO_BASAL_RATE);
    expect(pump.pcaRequest().value!.pca.lastOutcome).toBe(PcaOutcome.GRANTED);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.BOLUS, motorRateUlPerHour: 200_000n });
    pump.tick(DOSE_MS - 1);
    expect(snapshot(pump).segment).toBe(Segment.BOLUS);
    pump.tick(1);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.PRIMARY, motorRateUlPerHour: 0n, totalDeliveredUl: 1000n });
    pump.tick(3_600_000);
    expect(snapshot(pump).totalDeliveredUl).toBe(1000n);
  });

  it("a request that would cross the window maximum: denied WINDOW_MAX, the alarm, KVO at 0 µL/h; ACK gives back the (zero) basal", () => {
    // 2 mg per dose, 6 doses per hour, 6 min lockout, 5 mg per hour: two doses fit, the third (6 mg) does not.
    const pump = startedPca(
      { doseAbu: 2n * MG, lockoutS: 360, maxDosesPerHour: 6, windowMaxAbu: 5n * MG, windowS: PCA_WINDOW_1H_S },
      NO_BASAL_RATE,
    );
    for (let i = 0; i < 2; i++) {
      expect(pump.pcaRequest().value!.pca.lastOutcome, `dose ${i + 1}`).toBe(PcaOutcome.GRANTED);
      pump.tick(360_000);
    }
    const denied = pump.pcaRequest().value!;
    expect(denied.pca).toMatchObject({ lastOutcome: PcaOutcome.DENIED, lastDenial: PcaDenial.WINDOW_MAX });
    expect(denied.snapshot).toMatchObject({
      segment: Segment.KVO,
      motorRateUlPerHour: 0n,
      governingAlarm: Alarm.PCA_WINDOW_MAX,
    });
    expect(pump.pcaRequest().value!.pca.lastDenial).toBe(PcaDenial.KVO);
    pump.tick(3_600_000);
    expect(snapshot(pump).totalDeliveredUl).toBe(4000n);
    expect(pump.acknowledgeAlarms().result).toBe(Result.OK);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.PRIMARY, motorRateUlPerHour: 0n, alarmMask: 0 });
    // An hour later the window is empty again: a dose is granted.
    expect(pump.pcaRequest().value!.pca.lastOutcome).toBe(PcaOutcome.GRANTED);
  });

  it("the VTBI reached by the doses alone: VTBI complete, KVO at 0 µL/h", () => {
    const pump = startedPca(STANDARD, { ...NO_BASAL_RATE, vtbiUl: 1500n });
    pump.pcaRequest();
    pump.tick(LOCKOUT_MS);
    pump.pcaRequest();
    pump.tick(LOCKOUT_MS);
    expect(snapshot(pump)).toMatchObject({
      segment: Segment.KVO,
      motorRateUlPerHour: 0n,
      totalDeliveredUl: 1500n,
      governingAlarm: Alarm.VTBI_COMPLETE,
    });
  });

  it("a clinician bolus without a basal is exactly its volume, at ceil(V × 3600 / d)", () => {
    const pump = startedPca(STANDARD, NO_BASAL_RATE);
    // 1 mg over 600 s: 1,000 µL at 6,000 µL/h.
    const answer = pump.clinicianBolus(1n * MG, 600);
    expect(answer.result).toBe(Result.OK);
    expect(answer.value!.snapshot).toMatchObject({ segment: Segment.BOLUS, motorRateUlPerHour: 6000n });
    pump.tick(600_000);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.PRIMARY, motorRateUlPerHour: 0n, totalDeliveredUl: 1000n });
  });
});

describe("REQ-PCA-041 without a basal the lockout, doses per hour and window are unchanged", () => {
  it("the lockout is exact: one millisecond before its expiry denied, at it granted", () => {
    const pump = startedPca(STANDARD, NO_BASAL_RATE);
    pump.pcaRequest();
    pump.tick(LOCKOUT_MS - 1);
    expect(pump.pcaRequest().value!.pca).toMatchObject({ lastDenial: PcaDenial.LOCKOUT, lockoutLeftMs: 1 });
    pump.tick(1);
    expect(pump.pcaRequest().value!.pca.lastOutcome).toBe(PcaOutcome.GRANTED);
  });

  it("hours of random presses: the window total never exceeds the maximum; no dose beyond those granted", () => {
    let windowDenials = 0;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1_000, max: 900_000 }), { minLength: 20, maxLength: 40 }), (gaps) => {
        const pump = startedPca(
          { doseAbu: 2n * MG, lockoutS: 360, maxDosesPerHour: 6, windowMaxAbu: 7n * MG, windowS: PCA_WINDOW_1H_S },
          NO_BASAL_RATE,
        );
        for (const gap of gaps) {
          const answer = pump.pcaRequest().value!;
          if (answer.pca.lastDenial === PcaDenial.WINDOW_MAX) windowDenials++;
          if (answer.pca.lastDenial === PcaDenial.WINDOW_MAX || answer.pca.lastDenial === PcaDenial.KVO)
            pump.acknowledgeAlarms();
          pump.tick(gap);
          const status = pump.pcaStatus();
          expect(status.windowTotalAbu).toBeLessThanOrEqual(status.windowMaxAbu);
        }
        // Every granted dose was given in full (no truncation: the request check stopped the rest).
        const granted = recordsOf(pump, EventType.PCA_REQUEST_GRANTED).length;
        expect(snapshot(pump).totalDeliveredUl).toBeLessThanOrEqual(BigInt(granted) * 2000n);
      }),
      { numRuns: 20 },
    );
    // The maximum was reached, not merely never approached.
    expect(windowDenials).toBeGreaterThan(0);
  });
});
