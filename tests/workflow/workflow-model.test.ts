// Model-based test of the programming workflow (fast-check `commands`): random command sequences
// against the release firmware, with a model that decides every verdict with the independent
// oracle (tests/oracle, written from docs/engine.md) and the step and bolus rules of
// docs/workflow.md. After every command:
//   - a refused command changed nothing (snapshot and log) (REQ-WF-013);
//   - every verdict the pump reports is the oracle's (REQ-WF-010, REQ-WF-011, REQ-WF-021, REQ-WF-030);
//   - START succeeds only for a go or an overridden soft stop of exactly the confirmed payload, so
//     no sequence starts or keeps running a program that breaks a hard limit, or a soft one
//     without its override (REQ-WF-010, REQ-WF-011);
//   - the running primary program changes only at such a START (REQ-WF-020);
//   - the motor runs at a rate of the running program, or not at all (REQ-WF-041, REQ-WF-060);
//   - every checked program is resolved by exactly one outcome record (REQ-WF-050);
//   - a bolus slower than the primary is refused, one longer than the pump's maximum duration is a
//     hard stop, and outside a bolus segment no bolus volume remains (REQ-WF-032, issue 10 §3).
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  Classification,
  MAX_BOLUS_DURATION_S,
  Mode,
  NO_CONCENTRATION,
  Status,
  Verdict,
} from "../../firmware/abi/codes.ts";
import { EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import {
  Alarm,
  ESCALATION_CYCLES,
  ESCALATION_WINDOW_MS,
  KVO_RATE_UL_PER_HOUR,
  ProgramKind,
  PumpState,
  Segment,
} from "../../firmware/abi/workflow-codes.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import {
  encodeBolus,
  encodeProgramBlock,
  encodeSecondary,
  type InfusionSnapshot,
  type ProgramValues,
} from "../../simulator/client/workflow-messages.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import { type Answer, PumpDriver } from "./driver.ts";

interface LibraryJson {
  careAreas: {
    id: number;
    maxRate?: { value: string; unit: string };
    maxVtbi?: { value: string; unit: string };
    weight?: { unit: string; hardMin?: string; softMin?: string; softMax?: string; hardMax?: string };
  }[];
  entries: {
    id: number;
    maxTitrationStepPercent?: string;
    doseBasis: string;
    concentrations?: { amount?: string; amountUnit: string; volume?: string; volumeUnit?: string }[];
    limits: Record<string, unknown>;
  }[];
}
const library = JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8")) as LibraryJson;
const stepPercent = new Map(library.entries.map((e) => [e.id, BigInt(e.maxTitrationStepPercent ?? "0")]));
/** Entries that allow a bolus (kind 0) or loading dose (kind 1): those with a hard maximum for it. */
const allowsDose = (entryId: number, kind: 0 | 1): boolean =>
  library.entries.some(
    (e) =>
      e.id === entryId &&
      (e.limits[kind === 0 ? "bolusDose" : "loadingDose"] as { hardMax?: string } | undefined)?.hardMax !== undefined,
  );
/** ABU per author amount unit (docs/units.md). */
const ABU_PER_UNIT: Record<string, bigint> = {
  g: 10n ** 12n,
  mg: 10n ** 9n,
  mcg: 10n ** 6n,
  ng: 10n ** 3n,
  units: 10n ** 6n,
  milliunits: 10n ** 3n,
  mEq: 10n ** 6n,
  mmol: 10n ** 6n,
};
/** A decimal string × a power-of-ten scale, exactly. */
function scaled(decimal: string, scale: bigint): bigint {
  const [whole, fraction = ""] = decimal.split(".");
  const exact = (BigInt(whole + fraction) * scale) % 10n ** BigInt(fraction.length);
  if (exact !== 0n) throw new Error(`model: ${decimal} is finer than its canonical unit`);
  return (BigInt(whole + fraction) * scale) / 10n ** BigInt(fraction.length);
}
/** Bolus volume in µL (docs/workflow.md §4.4): floor(dose × volumeUl × W / (amountAbu × B)), fixed concentrations. */
function bolusVolumeUl(entryId: number, concentrationIndex: number, weightG: number, dose: bigint): bigint {
  const entry = library.entries.find((e) => e.id === entryId)!;
  const concentration = entry.concentrations![concentrationIndex];
  if (concentration.volumeUnit !== "mL") throw new Error("model expects container volumes in mL");
  const amountAbu = scaled(concentration.amount!, ABU_PER_UNIT[concentration.amountUnit]);
  const volumeUl = scaled(concentration.volume!, 1000n);
  const [scale, patient] =
    entry.doseBasis === "weight" ? [1000n, BigInt(weightG)] : entry.doseBasis === "none" ? [1n, 1n] : [0n, 0n];
  if (scale === 0n) throw new Error("model: no BSA-based bolus entry expected");
  return (dose * volumeUl * patient) / (amountAbu * scale);
}
/** A decimal string × 1000, exactly (mL → µL, kg → g), as the model needs it. */
function thousandths(decimal: string): bigint {
  const [whole, fraction = ""] = decimal.split(".");
  if (fraction.length > 3) throw new Error(`model: ${decimal} is finer than 1/1000`);
  return BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, "0"));
}
function unitIs(value: { unit: string } | undefined, unit: string): void {
  if (value !== undefined && value.unit !== unit) throw new Error(`model expects ${unit}, got ${value.unit}`);
}
/** Care-area maximum rates (µL/h) and VTBIs (µL), and weight tiers (g). */
const areaMaxRate = new Map(
  library.careAreas
    .filter((a) => a.maxRate !== undefined)
    .map((a) => {
      unitIs(a.maxRate, "mL/h");
      return [a.id, thousandths(a.maxRate!.value)];
    }),
);
const areaMaxVtbi = new Map(
  library.careAreas
    .filter((a) => a.maxVtbi !== undefined)
    .map((a) => {
      unitIs(a.maxVtbi, "mL");
      return [a.id, thousandths(a.maxVtbi!.value)];
    }),
);
const areaWeight = new Map(
  library.careAreas.map((a) => {
    unitIs(a.weight, "kg");
    const tier = (v: string | undefined): bigint | undefined => (v === undefined ? undefined : thousandths(v));
    return [a.id, { softMin: tier(a.weight?.softMin), softMax: tier(a.weight?.softMax) }];
  }),
);

/** Basic infusion (docs/workflow.md §3): the care area's caps (hard) and weight tiers (soft; hard weights never get this far). */
function basicVerdict(careAreaId: number, weightG: number, values: ProgramValues): number {
  const rateCap = areaMaxRate.get(careAreaId);
  const vtbiCap = areaMaxVtbi.get(careAreaId);
  if (rateCap !== undefined && values.rateUlPerHour! > rateCap) return Verdict.HARD_STOP;
  if (vtbiCap !== undefined && values.vtbiUl !== undefined && values.vtbiUl > vtbiCap) return Verdict.HARD_STOP;
  const weight = areaWeight.get(careAreaId);
  const w = BigInt(weightG);
  if (
    weightG !== 0 &&
    weight !== undefined &&
    ((weight.softMin !== undefined && w < weight.softMin) || (weight.softMax !== undefined && w > weight.softMax))
  ) {
    return Verdict.SOFT_STOP;
  }
  return Verdict.GO;
}

interface Pending {
  kind: ProgramKind;
  payload: Uint8Array;
  request: Uint8Array;
  verdict: number;
  overridden: boolean;
  rateUlPerHour: bigint;
  bolusRateUlPerHour: bigint;
}

interface Model {
  pending: Pending | undefined;
  /** The running primary program's request and rate, as the model accepted them at START. */
  running: { request: Uint8Array; rateUlPerHour: bigint } | undefined;
  bolusRateUlPerHour: bigint;
  secondaryRateUlPerHour: bigint;
  checked: number;
  /** Programs resolved by a record of RESOLUTIONS. */
  resolved: number;
  /** Overridden programs then started: their outcome record is the SOFT_STOP_OVERRIDDEN one. */
  startedOverridden: number;
  overrides: number;
  /** Checks that raised a soft or hard stop: each is logged ALERT_RAISED once, when raised (issue 10 §6). */
  alerts: number;
  /** START refused for a pending alert (START_BLOCKED): each is logged START_REFUSED once. */
  startRefusals: number;
  /** Pump time: the sum of the ticks (docs/workflow.md §7.3 counts the escalation window in it). */
  clockMs: number;
  /** Per stopping alarm: stop times of the resumed cycles of the running infusion, the last three. */
  cycles: Map<number, number[]>;
  /** The alarm that stopped the running infusion and when, until RESUME. */
  stoppedBy: { alarm: number; atMs: number } | undefined;
  /** ESCALATION stands (until ACK_ALARMS). */
  escalated: boolean;
}

interface Real {
  pump: PumpDriver;
  oracle: Oracle;
  /** Outcome records seen in event frames, by type. */
  outcomes: Map<number, number>;
}

const RESOLUTIONS = [
  EventType.PROGRAM_ACCEPTED_NO_ALERT,
  EventType.SOFT_STOP_EDITED,
  EventType.HARD_STOP_EDITED,
  EventType.PROGRAM_CANCELLED,
  EventType.PROGRAM_REPLACED,
];
const STOPPING_FAULTS = (1 << SensorFault.OCCLUSION) | (1 << SensorFault.AIR_IN_LINE) | (1 << SensorFault.DOOR_OPEN);
const ESCALATION_BIT = 1 << Alarm.ESCALATION;
/** Alarms that START of a primary waits for: the stopping sensor faults and ESCALATION. */
const START_BLOCKING = STOPPING_FAULTS | ESCALATION_BIT;

function snapshotOf(real: Real): InfusionSnapshot {
  const answer = real.pump.getInfusion();
  countEvents(real, answer);
  return answer.value!.snapshot;
}

function countEvents(real: Real, answer: Answer<unknown>): void {
  for (const frame of answer.events) real.outcomes.set(frame.code, (real.outcomes.get(frame.code) ?? 0) + 1);
}

/** The refusals that are logged (docs/workflow.md §9): a START of an alert, a drug the library does not offer. */
const LOGGED_REFUSALS = new Map<number, EventType>([
  [Result.START_BLOCKED, EventType.START_REFUSED],
  [Result.UNKNOWN_ENTRY, EventType.DRUG_SELECTION_REFUSED],
  [Result.UNKNOWN_CONCENTRATION, EventType.DRUG_SELECTION_REFUSED],
  [Result.ENTRY_NOT_IN_CARE_AREA, EventType.DRUG_SELECTION_REFUSED],
]);

/** Sends a command, checking that a refusal changed nothing (but its own record, when it has one); returns the answer. */
function act<T>(real: Real, body: () => Answer<T>): Answer<T> {
  const before = snapshotOf(real);
  const eventsBefore = [...real.outcomes.values()].reduce((a, b) => a + b, 0);
  const answer = body();
  countEvents(real, answer);
  if (answer.result !== Result.OK) {
    const logged = LOGGED_REFUSALS.get(answer.result);
    expect(
      answer.events.map((e) => e.code),
      "a refused command logs nothing but its refusal record",
    ).toEqual(logged === undefined ? [] : [logged]);
    if (logged !== undefined) {
      expect(snapshotOf(real), "a refused command changes nothing").toEqual(before);
      return answer;
    }
    expect(snapshotOf(real), "a refused command changes nothing").toEqual(before);
    expect([...real.outcomes.values()].reduce((a, b) => a + b, 0)).toBe(eventsBefore);
  }
  return answer;
}

function requestFor(
  snapshot: InfusionSnapshot,
  entryId: number,
  concentrationIndex: number,
  values: ProgramValues,
): EngineRequest {
  return {
    entryId,
    careAreaId: snapshot.careAreaId,
    concentrationIndex,
    mode: values.mode,
    rateUlPerHour: values.rateUlPerHour,
    dose: values.dose,
    durationS: values.durationS,
    vtbiUl: values.vtbiUl,
    weightG: snapshot.weightG === 0 ? undefined : BigInt(snapshot.weightG),
    bsaM2X10000: snapshot.bsaM2X10000 === 0 ? undefined : BigInt(snapshot.bsaM2X10000),
  };
}

/** The engine's verdict narrowed to the bolus parameters 10–12, plus the care-area rate cap (docs/workflow.md §4.4). */
function bolusVerdict(result: EngineResult, bolusRateUlPerHour: bigint, careAreaId: number): number {
  // BOLUS_DOSE, BOLUS_RATE, LOADING_DOSE and the absolute amounts BOLUS_DOSE_ABSOLUTE, LOADING_DOSE_ABSOLUTE (15, 16).
  const classes = [...result.params.slice(10, 13), ...result.params.slice(15, 17)].map((p) => p.classification);
  const cap = areaMaxRate.get(careAreaId);
  if (cap !== undefined && bolusRateUlPerHour > cap) return Verdict.HARD_STOP;
  if (classes.some((c) => c >= Classification.BELOW_HARD_MIN)) return Verdict.HARD_STOP;
  if (classes.some((c) => c === Classification.BELOW_SOFT_MIN || c === Classification.ABOVE_SOFT_MAX))
    return Verdict.SOFT_STOP;
  return Verdict.GO;
}

/** The entry's bolusDuration tiers in s, HMIN, SMIN, SMAX, HMAX (docs/library-format.md §5). */
function bolusDurationTiers(entryId: number): (bigint | undefined)[] {
  const block = library.entries.find((e) => e.id === entryId)?.limits.bolusDuration as
    Record<string, string> | undefined;
  const perUnit = block?.unit === "h" ? 3600n : 60n;
  return ["hardMin", "softMin", "softMax", "hardMax"].map((k) =>
    block?.[k] === undefined ? undefined : scaled(block[k], perUnit),
  );
}

/** The bolus duration volume × 3600 / rate (numerator given) against the entry's tiers and the pump's 1 h (REQ-WF-032, REQ-WF-033). */
function bolusDurationVerdict(entryId: number, numerator: bigint, rateUlPerHour: bigint): number {
  const [hmin, smin, smax, hmax] = bolusDurationTiers(entryId);
  const above = (limit: bigint | undefined): boolean => limit !== undefined && numerator > limit * rateUlPerHour;
  const below = (limit: bigint | undefined): boolean => limit !== undefined && numerator < limit * rateUlPerHour;
  if (above(hmax) || below(hmin) || above(BigInt(MAX_BOLUS_DURATION_S))) return Verdict.HARD_STOP;
  if (above(smax) || below(smin)) return Verdict.SOFT_STOP;
  return Verdict.GO;
}

/** A check the pump kept as pending: its reported verdict must be the model's. */
function expectChecked(
  model: Model,
  real: Real,
  answer: Answer<{ result?: EngineResult }>,
  expected: EngineResult,
  pending: Omit<Pending, "verdict" | "overridden">,
  verdict: number,
): void {
  if (expected.status !== Status.OK) {
    expect(answer).toMatchObject({ result: Result.ENGINE_STATUS, detail: expected.status });
    return;
  }
  expect(answer.result).toBe(Result.OK);
  expect(answer.value?.result?.verdict, "the pump's verdict is the oracle's").toBe(verdict);
  const raised = answer.events.filter((e) => e.code === EventType.ALERT_RAISED).length;
  expect(raised, "issue 10 §6: an alert is logged in the answer of the check that raised it").toBe(
    verdict === Verdict.GO ? 0 : 1,
  );
  if (model.pending !== undefined) model.resolved++;
  model.pending = { ...pending, verdict, overridden: false };
  model.checked++;
  if (verdict !== Verdict.GO) model.alerts++;
}

type WorkflowCommand = fc.Command<Model, Real>;

class SelectArea implements WorkflowCommand {
  constructor(readonly careAreaId: number) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const answer = act(real, () => real.pump.selectCareArea(this.careAreaId));
    if (answer.result === Result.OK && model.pending !== undefined) {
      model.pending = undefined;
      model.resolved++;
    }
  }
  toString = (): string => `SelectArea(${this.careAreaId})`;
}

class SetPatient implements WorkflowCommand {
  constructor(readonly weightG: number) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const answer = act(real, () => real.pump.setPatient(this.weightG));
    if (answer.result === Result.OK && model.pending !== undefined) {
      model.pending = undefined;
      model.resolved++;
    }
  }
  toString = (): string => `SetPatient(${this.weightG})`;
}

class SelectDrug implements WorkflowCommand {
  constructor(
    readonly entryId: number,
    readonly concentrationIndex: number,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const answer = act(real, () =>
      real.pump.selectDrug({ entryId: this.entryId, concentrationIndex: this.concentrationIndex }),
    );
    if (answer.result === Result.OK && model.pending !== undefined) {
      model.pending = undefined;
      model.resolved++;
    }
  }
  toString = (): string => `SelectDrug(${this.entryId}, ${this.concentrationIndex})`;
}

class SelectBasic implements WorkflowCommand {
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const answer = act(real, () => real.pump.selectBasic(1));
    if (answer.result === Result.OK && model.pending !== undefined) {
      model.pending = undefined;
      model.resolved++;
    }
  }
  toString = (): string => "SelectBasic";
}

class Program implements WorkflowCommand {
  constructor(
    readonly values: ProgramValues,
    readonly titration: boolean,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const s = snapshotOf(real);
    const answer = act(real, () => (this.titration ? real.pump.titrate(this.values) : real.pump.program(this.values)));
    const allowed = this.titration
      ? [PumpState.RUNNING, PumpState.PAUSED, PumpState.ALARM].includes(s.state) && s.segment === Segment.PRIMARY
      : s.drugSelected && (s.state === PumpState.DRUG_SELECTED || s.state === PumpState.PROGRAM_PENDING);
    if (!allowed) {
      expect(answer.result).toBe(Result.OUT_OF_STATE);
      return;
    }
    const values = { ...this.values };
    if (this.titration && values.vtbiUl === undefined && s.primaryVtbiUl !== 0n)
      values.vtbiUl = s.primaryVtbiUl - s.primaryDeliveredUl;
    const request = encodeRequest(requestFor(s, s.entryId, s.concentrationIndex, values));
    const payload = encodeProgramBlock(this.values);
    const kind = this.titration ? ProgramKind.TITRATION : ProgramKind.PRIMARY;
    if (s.basicInfusion) {
      // Basic infusion: the pump's range only, RATE mode (docs/workflow.md §3).
      const ok = values.mode === Mode.RATE && values.dose === undefined && values.durationS === undefined;
      if (!ok) {
        expect(answer.result).toBe(Result.ENGINE_STATUS);
        return;
      }
      expectChecked(
        model,
        real,
        answer,
        { status: Status.OK } as EngineResult,
        { kind, payload, request, rateUlPerHour: values.rateUlPerHour!, bolusRateUlPerHour: 0n },
        basicVerdict(s.careAreaId, s.weightG, values),
      );
      return;
    }
    const expected = real.oracle.evaluateRaw(request);
    let verdict = expected.verdict;
    const step = stepPercent.get(s.entryId) ?? 0n;
    if (this.titration && expected.status === Status.OK && verdict !== Verdict.HARD_STOP && step > 0n) {
      const running = s.primaryRateUlPerHour;
      const change =
        expected.deliveredRateUlPerHour > running
          ? expected.deliveredRateUlPerHour - running
          : running - expected.deliveredRateUlPerHour;
      if (change * 100n > step * running) verdict = Verdict.HARD_STOP;
    }
    expectChecked(
      model,
      real,
      answer,
      expected,
      { kind, payload, request, rateUlPerHour: expected.deliveredRateUlPerHour, bolusRateUlPerHour: 0n },
      verdict,
    );
  }
  toString = (): string =>
    `${this.titration ? "Titrate" : "Program"}(${JSON.stringify(this.values, (_, v) => (typeof v === "bigint" ? `${v}` : v))})`;
}

/** A titration by a percentage of the running rate, so steps near the entry's limit are common. */
class TitrateBy implements WorkflowCommand {
  constructor(
    readonly percent: bigint,
    readonly withVtbi: boolean,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const running = snapshotOf(real).primaryRateUlPerHour;
    const rate = (running * (100n + this.percent)) / 100n;
    const values: ProgramValues = { mode: Mode.RATE, rateUlPerHour: rate < 1n ? 1n : rate };
    if (this.withVtbi) values.vtbiUl = 300_000n;
    new Program(values, true).run(model, real);
  }
  toString = (): string => `TitrateBy(${this.percent}%${this.withVtbi ? ", VTBI" : ""})`;
}

class Bolus implements WorkflowCommand {
  constructor(
    readonly kind: 0 | 1,
    readonly dose: bigint,
    readonly rateUlPerHour: bigint,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const s = snapshotOf(real);
    const answer = act(real, () =>
      real.pump.bolus({ kind: this.kind, dose: this.dose, rateUlPerHour: this.rateUlPerHour }),
    );
    if (s.state !== PumpState.RUNNING || s.segment !== Segment.PRIMARY) {
      expect(answer.result).toBe(Result.OUT_OF_STATE);
      return;
    }
    if (s.basicInfusion || s.entryId === 2001 || !allowsDose(s.entryId, this.kind)) {
      expect(answer.result).toBe(Result.NOT_ALLOWED);
      return;
    }
    const request = model.running!.request.slice();
    const view = new DataView(request.buffer);
    const bit = this.kind === 0 ? 6 : 8;
    view.setUint32(8, view.getUint32(8, true) | (1 << bit) | (1 << 7), true);
    view.setBigUint64(16 + 8 * bit, this.dose, true);
    view.setBigUint64(16 + 8 * 7, this.rateUlPerHour, true);
    const expected = real.oracle.evaluateRaw(request);
    if (expected.status === Status.OK && answer.result === Result.ENGINE_STATUS) {
      // A dose whose volume rounds to 0 µL or exceeds the pump's range (docs/workflow.md §4.3).
      expect(answer.detail).toBe(Status.DERIVED_OUT_OF_RANGE);
      return;
    }
    if (expected.status === Status.OK && this.rateUlPerHour < s.primaryRateUlPerHour) {
      expect(answer, "a bolus slower than the primary is refused").toMatchObject({
        result: Result.BOLUS_RATE_BELOW_PRIMARY,
        detail: 0,
      });
      return;
    }
    let verdict =
      expected.status === Status.OK ? bolusVerdict(expected, this.rateUlPerHour, s.careAreaId) : Verdict.NONE;
    if (verdict === Verdict.GO || verdict === Verdict.SOFT_STOP) {
      const volumeUl = bolusVolumeUl(s.entryId, s.concentrationIndex, s.weightG, this.dose);
      verdict = Math.max(verdict, bolusDurationVerdict(s.entryId, volumeUl * 3600n, this.rateUlPerHour));
    }
    const kind = this.kind === 0 ? ProgramKind.BOLUS : ProgramKind.LOADING_DOSE;
    expectChecked(
      model,
      real,
      answer,
      expected,
      { kind, payload: encodeBolus(this), request, rateUlPerHour: 0n, bolusRateUlPerHour: this.rateUlPerHour },
      verdict,
    );
  }
  toString = (): string => `Bolus(${this.kind}, ${this.dose}, ${this.rateUlPerHour})`;
}

class Secondary implements WorkflowCommand {
  constructor(
    readonly concentrationIndex: number,
    readonly values: ProgramValues,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const s = snapshotOf(real);
    const order = { entryId: 1070, concentrationIndex: this.concentrationIndex, program: this.values };
    const answer = act(real, () => real.pump.secondary(order));
    if (![PumpState.RUNNING, PumpState.PAUSED, PumpState.ALARM].includes(s.state) || s.segment !== Segment.PRIMARY) {
      expect(answer.result).toBe(Result.OUT_OF_STATE);
      return;
    }
    if (this.values.vtbiUl === undefined || s.careAreaId === 5) {
      expect(answer.result).toBe(Result.BAD_PAYLOAD); // no VTBI, or vancomycin is not in that care area
      return;
    }
    const request = encodeRequest(requestFor(s, 1070, this.concentrationIndex, this.values));
    const expected = real.oracle.evaluateRaw(request);
    expectChecked(
      model,
      real,
      answer,
      expected,
      {
        kind: ProgramKind.SECONDARY,
        payload: encodeSecondary(order),
        request,
        rateUlPerHour: expected.deliveredRateUlPerHour,
        bolusRateUlPerHour: 0n,
      },
      expected.verdict,
    );
  }
  toString = (): string =>
    `Secondary(${this.concentrationIndex}, ${JSON.stringify(this.values, (_, v) => (typeof v === "bigint" ? `${v}` : v))})`;
}

class Override implements WorkflowCommand {
  constructor(
    readonly reason: number,
    readonly tamper: number,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const pending = model.pending;
    const echo = pending === undefined ? new Uint8Array(36) : pending.payload.slice();
    if (this.tamper > 0 && echo.length > 0) echo[this.tamper % echo.length] ^= 1;
    const answer = act(real, () => real.pump.override(this.reason, echo));
    const valid =
      pending !== undefined &&
      pending.verdict === Verdict.SOFT_STOP &&
      !pending.overridden &&
      this.reason >= 1 &&
      this.reason <= 5 &&
      this.tamper === 0;
    expect(answer.result === Result.OK, "override accepted exactly when valid").toBe(valid);
    if (valid) {
      pending.overridden = true;
      model.overrides++;
    }
  }
  toString = (): string => `Override(${this.reason}, tamper ${this.tamper})`;
}

class Start implements WorkflowCommand {
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const s = snapshotOf(real);
    const answer = act(real, () => real.pump.start());
    const pending = model.pending;
    const startable =
      pending !== undefined &&
      (pending.verdict === Verdict.GO || (pending.verdict === Verdict.SOFT_STOP && pending.overridden));
    if (!startable) {
      // The safety property: a hard stop, or a soft stop without its override, never starts.
      expect(answer.result, "START of an unconfirmed program is refused").not.toBe(Result.OK);
      if (answer.result === Result.START_BLOCKED) model.startRefusals++;
      return;
    }
    const needsRunning =
      pending.kind === ProgramKind.BOLUS ||
      pending.kind === ProgramKind.LOADING_DOSE ||
      pending.kind === ProgramKind.SECONDARY;
    const blocked =
      (needsRunning && s.state !== PumpState.RUNNING) ||
      (pending.kind === ProgramKind.PRIMARY && (s.alarmMask & START_BLOCKING) !== 0) ||
      (pending.kind !== ProgramKind.PRIMARY && s.segment !== Segment.PRIMARY);
    expect(answer.result === Result.OK).toBe(!blocked);
    if (blocked) return;
    if (pending.kind === ProgramKind.PRIMARY || pending.kind === ProgramKind.TITRATION) {
      model.running = { request: pending.request, rateUlPerHour: pending.rateUlPerHour };
    } else if (pending.kind === ProgramKind.SECONDARY) {
      model.secondaryRateUlPerHour = pending.rateUlPerHour;
    } else {
      model.bolusRateUlPerHour = pending.bolusRateUlPerHour;
    }
    if (pending.overridden) model.startedOverridden++;
    else model.resolved++;
    model.pending = undefined;
  }
  toString = (): string => "Start";
}

class Simple implements WorkflowCommand {
  constructor(readonly name: "Cancel" | "Pause" | "Resume" | "Stop" | "Ack") {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const s = snapshotOf(real);
    const call = {
      Cancel: real.pump.cancel,
      Pause: real.pump.pause,
      Resume: real.pump.resume,
      Stop: real.pump.stop,
      Ack: real.pump.acknowledgeAlarms,
    }[this.name];
    const answer = act(real, call);
    if (answer.result !== Result.OK) return;
    if (this.name === "Cancel" && model.pending !== undefined) {
      model.pending = undefined;
      model.resolved++;
    }
    if (this.name === "Stop") {
      if (model.pending !== undefined) model.resolved++;
      model.pending = undefined;
      model.running = undefined;
      model.cycles.clear();
      model.stoppedBy = undefined;
    }
    if (this.name === "Ack") model.escalated = false;
    if (this.name === "Resume") {
      expect(s.alarmMask & STOPPING_FAULTS).toBe(0);
      if (s.state === PumpState.ALARM && model.stoppedBy !== undefined) {
        const times = [...(model.cycles.get(model.stoppedBy.alarm) ?? []), model.stoppedBy.atMs].slice(
          -ESCALATION_CYCLES,
        );
        model.cycles.set(model.stoppedBy.alarm, times);
      }
      model.stoppedBy = undefined;
    }
  }
  toString = (): string => this.name;
}

class Tick implements WorkflowCommand {
  constructor(readonly elapsedMs: number) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    expect(real.pump.tick(this.elapsedMs)).toBe(0);
    model.clockMs += this.elapsedMs;
  }
  toString = (): string => `Tick(${this.elapsedMs})`;
}

class Faults implements WorkflowCommand {
  constructor(readonly mask: number) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const before = snapshotOf(real);
    expect(real.pump.setFaults(this.mask)).toBe(0);
    if ((this.mask & STOPPING_FAULTS) !== 0) expect(real.pump.motorRate(), "a stopping alarm stops the motor").toBe(0n);
    const stopping = this.mask & STOPPING_FAULTS;
    if (before.state !== PumpState.RUNNING || stopping === 0) return;
    // docs/workflow.md §7.3: the fourth stop by the same alarm within the window ends the infusion.
    const alarm = 31 - Math.clz32(stopping & -stopping);
    const times = model.cycles.get(alarm) ?? [];
    if (times.length === ESCALATION_CYCLES && model.clockMs - times[0] <= ESCALATION_WINDOW_MS) {
      if (model.pending !== undefined) model.resolved++;
      model.pending = undefined;
      model.running = undefined;
      model.cycles.clear();
      model.stoppedBy = undefined;
      model.escalated = true;
      expect(snapshotOf(real)).toMatchObject({ state: PumpState.DRUG_SELECTED });
    } else {
      model.stoppedBy = { alarm, atMs: model.clockMs };
    }
  }
  toString = (): string => `Faults(${this.mask})`;
}

/** `times` alert → stop → restart cycles (docs/workflow.md §7.3): the fault stops the motor, clears, RESUME, a short tick. */
class AlarmCycles implements WorkflowCommand {
  constructor(
    readonly mask: number,
    readonly times: number,
    readonly gapMs: number,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    for (let i = 0; i < this.times; i++) {
      new Faults(this.mask).run(model, real);
      new Faults(0).run(model, real);
      new Simple("Resume").run(model, real);
      new Tick(this.gapMs).run(model, real);
    }
  }
  toString = (): string => `AlarmCycles(${this.mask}, ${this.times}, ${this.gapMs})`;
}

/** Invariants after every command. */
function checkInvariants(model: Model, real: Real): void {
  const s = snapshotOf(real);
  const motor = real.pump.motorRate();
  if (motor !== 0n) {
    expect(s.state).toBe(PumpState.RUNNING);
    const running = model.running;
    expect(running, "the motor runs only a program the model accepted at START").toBeDefined();
    const kvo =
      running!.rateUlPerHour < BigInt(KVO_RATE_UL_PER_HOUR) ? running!.rateUlPerHour : BigInt(KVO_RATE_UL_PER_HOUR);
    expect([running!.rateUlPerHour, kvo, model.bolusRateUlPerHour, model.secondaryRateUlPerHour]).toContain(motor);
  }
  if (model.running !== undefined)
    expect(s.primaryRateUlPerHour, "the running program changes only at START").toBe(model.running.rateUlPerHour);
  else expect(s.primaryRateUlPerHour).toBe(0n);
  expect(s.pendingKind === 0).toBe(model.pending === undefined);
  if (s.segment !== Segment.BOLUS)
    expect(s.bolusRemainingUl, "no bolus remains once it ended, for any reason").toBe(0n);
  const resolutions = RESOLUTIONS.reduce((n, type) => n + (real.outcomes.get(type) ?? 0), 0);
  expect(resolutions, "every resolved program has one outcome record").toBe(model.resolved);
  expect(real.outcomes.get(EventType.SOFT_STOP_OVERRIDDEN) ?? 0).toBe(model.overrides);
  // issue 10 §6: every alert is logged exactly once, when raised — not only when resolved.
  expect(real.outcomes.get(EventType.ALERT_RAISED) ?? 0, "every alert raised is logged once at raise time").toBe(
    model.alerts,
  );
  expect(real.outcomes.get(EventType.START_REFUSED) ?? 0, "every START refused for an alert is logged").toBe(
    model.startRefusals,
  );
  expect(model.checked).toBe(model.resolved + model.startedOverridden + (model.pending === undefined ? 0 : 1));
  expect(
    (s.alarmMask & ESCALATION_BIT) !== 0,
    "ESCALATION stands exactly when the model escalated and it was not acknowledged",
  ).toBe(model.escalated);
}

class Checked implements WorkflowCommand {
  constructor(readonly inner: WorkflowCommand) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    this.inner.run(model, real);
    checkInvariants(model, real);
  }
  toString = (): string => this.inner.toString();
}

const UNITS = 1_000_000n;
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });
const programValues: fc.Arbitrary<ProgramValues> = fc
  .oneof(
    fc.record({
      mode: fc.constant(Mode.RATE),
      rateUlPerHour: fc.bigInt(1n, 130_000n),
      vtbiUl: optional(fc.bigInt(1n, 600_000n)),
    }),
    fc.record({
      mode: fc.constant(Mode.DOSE),
      dose: fc.bigInt(1n, 45n).map((u) => u * UNITS),
      vtbiUl: optional(fc.bigInt(1n, 600_000n)),
    }),
    fc.record({
      mode: fc.constant(Mode.DURATION),
      durationS: fc.bigInt(1_800n, 30_000n),
      vtbiUl: fc.bigInt(1_000n, 600_000n),
    }),
  )
  .map((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)) as unknown as ProgramValues);

const drugs: [number, number][] = [
  [1001, 0],
  [1070, 0],
  [1070, 1],
  [2001, NO_CONCENTRATION],
  [1050, 0],
  [1010, 0],
  [1060, 0],
];

const selection = [
  fc.constantFrom(0, 1, 5).map((id) => new SelectArea(id)),
  fc.constantFrom(0, 25_000, 70_000, 210_000, 400_000).map((w) => new SetPatient(w)),
  fc.constantFrom(...drugs).map(([entry, conc]) => new SelectDrug(entry, conc)),
  fc.constant(new SelectBasic()),
];
const programming = [
  programValues.map((v) => new Program(v, false)),
  programValues.map((v) => new Program(v, true)),
  fc.tuple(fc.bigInt(-40n, 40n), fc.boolean()).map(([p, v]) => new TitrateBy(p, v)),
  fc
    .tuple(fc.constantFrom<0 | 1>(0, 1), fc.bigInt(1n, 120n), fc.bigInt(1n, 1_100_000n))
    .map(([k, d, r]) => new Bolus(k, d * UNITS, r)),
  fc.tuple(fc.constantFrom(0, 1), programValues).map(([c, v]) => new Secondary(c, v)),
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 43 })))
    .map(([r, t]) => new Override(r, t)),
  fc.constant(new Start()),
];
const control = [
  fc
    .constantFrom<"Cancel" | "Pause" | "Resume" | "Stop" | "Ack">("Cancel", "Pause", "Resume", "Stop", "Ack")
    .map((n) => new Simple(n)),
  fc.integer({ min: 0, max: 3_600_000 }).map((ms) => new Tick(ms)),
  fc.constantFrom(0, 0, 0, 1, 2, 4, 8).map((mask) => new Faults(mask)),
  fc.integer({ min: 0, max: 300_000 }).map((ms) => new Tick(ms)),
  fc
    .tuple(
      fc.constantFrom(1, 1, 4),
      fc.integer({ min: 1, max: 4 }),
      fc.constantFrom(0, 1_000, 199_999, 200_000, 200_001),
    )
    .map(([mask, times, gap]) => new AlarmCycles(mask, times, gap)),
];
// Weighted by repetition: programming and starting dominate, so runs get past selection into
// pending, running, titration, bolus, secondary and alarms rather than idling.
const commandArbitraries = [...selection, ...programming, ...programming, ...programming, ...control, ...control].map(
  (arb) => arb.map((command) => new Checked(command)),
);

/**
 * Each run begins with a care area, a patient, a drug and a program — in three runs of four, heparin
 * at 70 kg started (in its go range, or overridden above its soft max) — so most commands meet a
 * programmable or running pump.
 */
const randomSetup = fc
  .tuple(fc.constantFrom(0, 0, 1), fc.constantFrom(70_000, 70_000, 210_000), fc.constantFrom(...drugs), programValues)
  .map(([area, weight, [entry, conc], values]) => [
    new SelectArea(area),
    new SetPatient(weight),
    new SelectDrug(entry, conc),
    new Program(values, false),
  ]);
const runningSetup = fc
  .tuple(fc.bigInt(5n, 25n), fc.option(fc.bigInt(1_000n, 600_000n), { nil: undefined }))
  .map(([units, vtbiUl]) => [
    new SelectArea(0),
    new SetPatient(70_000),
    new SelectDrug(1001, 0),
    new Program(
      vtbiUl === undefined
        ? { mode: Mode.DOSE, dose: units * UNITS }
        : { mode: Mode.DOSE, dose: units * UNITS, vtbiUl },
      false,
    ),
    new Start(),
  ]);
/** Running on an overridden soft stop: a bolus must still be judged on its own limits only. */
const overriddenSetup = fc
  .bigInt(26n, 39n)
  .map((units) => [
    new SelectArea(0),
    new SetPatient(70_000),
    new SelectDrug(1001, 0),
    new Program({ mode: Mode.DOSE, dose: units * UNITS, vtbiUl: 500_000n }, false),
    new Override(3, 0),
    new Start(),
  ]);
const setupArbitrary = fc
  .oneof(randomSetup, runningSetup, runningSetup, overriddenSetup)
  .map((commands) => commands.map((command) => new Checked(command)));

describe("workflow model (fast-check commands)", () => {
  it("REQ-WF-010 REQ-WF-011 REQ-WF-013 REQ-WF-020 REQ-WF-021 REQ-WF-030 REQ-WF-032 REQ-WF-041 REQ-WF-050 REQ-WF-073 never starts or keeps an unconfirmed program; verdicts are the oracle's; every outcome is logged", () => {
    const oracle = new Oracle();
    expect(oracle.loadLibrary(exampleLibraryImage())).toBe(Status.OK);
    fc.assert(
      fc.property(setupArbitrary, fc.commands(commandArbitraries, { maxCommands: 60 }), (setup, commands) => {
        const real: Real = { pump: new PumpDriver(), oracle, outcomes: new Map() };
        const model: Model = {
          pending: undefined,
          running: undefined,
          bolusRateUlPerHour: -1n,
          secondaryRateUlPerHour: -1n,
          checked: 0,
          resolved: 0,
          startedOverridden: 0,
          overrides: 0,
          alerts: 0,
          startRefusals: 0,
          clockMs: 0,
          cycles: new Map(),
          stoppedBy: undefined,
          escalated: false,
        };
        for (const command of setup) command.run(model, real);
        fc.modelRun(() => ({ model, real }), commands);
      }),
      { numRuns: 400 },
    );
  });
});
