// Model-based test of the PCA state machine (issue 15 §1, docs/workflow.md §11): random sequences of
// patient requests, clinician boluses, ticks, pauses and resumes against the independent model of
// tests/pca/pca-model.ts, the fast-check way (one command class per pump command, fc.commands +
// fc.modelRun). After every command the pump's outcome, reason, lockout, doses in the hour, segment,
// motor rate, bolus left and delivered volume must be the model's exactly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RATE_UL_PER_HOUR, PCA_DEMAND_RATE_UL_PER_HOUR, PCA_WINDOW_4H_S } from "../../firmware/abi/codes.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { PcaDenial, PcaOutcome, PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { MG, type PcaPump, startedPca } from "./pca-driver.ts";
import { PcaModel } from "./pca-model.ts";

const UNITS_PER_UL = 3_600_000n;
/** 1 mg per dose (1,000 µL), 6 min lockout, 4 per hour, 30 mg per 4 h: never reached with at most 8 mg of clinician boluses. */
const SETTINGS = {
  doseAbu: MG,
  lockoutS: 360,
  maxDosesPerHour: 4,
  windowMaxAbu: 30n * MG,
  windowS: PCA_WINDOW_4H_S,
};
const CLINICIAN_BUDGET_UL = 8_000n;

interface Real {
  pump: PcaPump;
}

const SEGMENTS = { basal: Segment.PRIMARY, patient: Segment.BOLUS, clinician: Segment.BOLUS } as const;

function agree(model: PcaModel, real: Real): void {
  const snapshot = real.pump.getInfusion().value!.snapshot;
  expect(snapshot.state).toBe(model.paused ? PumpState.PAUSED : PumpState.RUNNING);
  expect(snapshot.segment).toBe(SEGMENTS[model.segment]);
  expect(snapshot.motorRateUlPerHour).toBe(model.rate());
  expect(snapshot.totalDeliveredUl).toBe(model.delivered / UNITS_PER_UL);
  expect(snapshot.bolusRemainingUl).toBe(model.bolusRemainingUl());
  const status = real.pump.pcaStatus();
  expect(BigInt(status.lockoutLeftMs)).toBe(model.lockoutLeftMs());
  expect(status.dosesInHour).toBe(model.dosesInHour());
  expect(status.clinicianBolusPreempted).toBe(model.held !== undefined);
}

class Request implements fc.Command<PcaModel, Real> {
  check = () => true;
  run(model: PcaModel, real: Real): void {
    const expected = model.request();
    const answer = real.pump.pcaRequest();
    expect(answer.result).toBe(Result.OK);
    expect(answer.value!.pca.lastOutcome).toBe(expected === PcaDenial.NONE ? PcaOutcome.GRANTED : PcaOutcome.DENIED);
    expect(answer.value!.pca.lastDenial).toBe(expected);
    agree(model, real);
  }
  toString = () => "request";
}

class Tick implements fc.Command<PcaModel, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  run(model: PcaModel, real: Real): void {
    model.tick(BigInt(this.ms));
    real.pump.tick(this.ms);
    agree(model, real);
  }
  toString = () => `tick(${this.ms})`;
}

class Clinician implements fc.Command<PcaModel, Real> {
  constructor(
    readonly doseUl: number,
    readonly durationS: number,
  ) {}
  check = (model: Readonly<PcaModel>) =>
    !model.paused && model.segment === "basal" && model.clinicianGivenUl + BigInt(this.doseUl) <= CLINICIAN_BUDGET_UL;
  run(model: PcaModel, real: Real): void {
    model.clinician(BigInt(this.doseUl), BigInt(this.durationS));
    // 1 µL is 1 mcg = 10^6 ABU.
    const answer = real.pump.clinicianBolus(BigInt(this.doseUl) * 1_000_000n, this.durationS);
    expect(answer.result).toBe(Result.OK);
    agree(model, real);
  }
  toString = () => `clinician(${this.doseUl} µL, ${this.durationS} s)`;
}

class Pause implements fc.Command<PcaModel, Real> {
  check = (model: Readonly<PcaModel>) => !model.paused;
  run(model: PcaModel, real: Real): void {
    model.paused = true;
    expect(real.pump.pause().result).toBe(Result.OK);
    agree(model, real);
  }
  toString = () => "pause";
}

class Resume implements fc.Command<PcaModel, Real> {
  check = (model: Readonly<PcaModel>) => model.paused;
  run(model: PcaModel, real: Real): void {
    model.paused = false;
    expect(real.pump.resume().result).toBe(Result.OK);
    agree(model, real);
  }
  toString = () => "resume";
}

const commands = [
  fc.constant(new Request()),
  fc.integer({ min: 1, max: 1_200_000 }).map((ms) => new Tick(ms)),
  fc.integer({ min: 1, max: 40_000 }).map((ms) => new Tick(ms)),
  fc
    .tuple(fc.integer({ min: 100, max: 2000 }), fc.integer({ min: 1, max: 3600 }))
    .map(([dose, duration]) => new Clinician(dose, duration)),
  fc.constant(new Pause()),
  fc.constant(new Resume()),
];

describe("REQ-PCA-023 REQ-PCA-024 REQ-PCA-025 REQ-PCA-030 REQ-PCA-032 REQ-PCA-034 REQ-PCA-041 model-based: the PCA state machine against an independent model", () => {
  it("requests, clinician boluses, ticks, pauses and resumes: the pump is the model, exactly", () => {
    // A basal of 0 a third of the time: the PCA without a basal (decision 0044) is the same machine.
    const basals = fc.oneof(fc.constant(0), fc.integer({ min: 100, max: 1000 }), fc.integer({ min: 100, max: 1000 }));
    fc.assert(
      fc.property(basals, fc.commands(commands, { maxCommands: 50 }), (basal, cmds) => {
        const pump = startedPca(SETTINGS, { mode: 1, rateUlPerHour: BigInt(basal) });
        const model = new PcaModel({
          basalUlPerHour: BigInt(basal),
          doseUl: 1000n,
          lockoutMs: 360_000n,
          maxDosesPerHour: 4,
          demandUlPerHour: BigInt(PCA_DEMAND_RATE_UL_PER_HOUR),
          maxRateUlPerHour: BigInt(MAX_RATE_UL_PER_HOUR),
        });
        fc.modelRun(() => ({ model, real: { pump } }), cmds);
      }),
      { numRuns: 150 },
    );
  });
});
