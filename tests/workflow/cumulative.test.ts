// Issue 11 feature 6, the pump side (docs/workflow.md §6.3): heparin 3040 of the example library
// (Oncology; heparin 1001's limits) has a cumulative limit of 35,000 units (soft) and 40,000 units (hard) in 24 h. 25,000 units / 500 mL is
// 50,000 ABU per µL, one unit 10^6 ABU; at 50,000 µL/h (the hourly cap of 2,500 units/h, 100 kg:
// 25 units/kg/h, the dose soft max, within) a µL takes 72 ms. Every expectation is worked by hand.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mode, Param, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { PumpDriver } from "./driver.ts";

const HEPARIN = 3040; // "Heparin (24 h limit)", care area ONC
const ONC = 4;

const UNIT = 1_000_000n; // ABU per unit
const SOFT_MAX = 35_000n * UNIT;
const HARD_MAX = 40_000n * UNIT;
const RATE = 50_000n; // µL/h: 2,500 units/h
const ABU_PER_UL = 50_000n;
const CUMULATIVE_ALARM = 1 << Alarm.CUMULATIVE_LIMIT;

function heparinSelected(): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ONC);
  expect(pump.setPatient(100_000).result).toBe(Result.OK);
  pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
  return pump;
}

const snapshot = (pump: PumpDriver) => pump.getInfusion().value!.snapshot;
const recordsOf = (pump: PumpDriver, type: EventType) => pump.records().filter((r) => r.type === type);

/** PROGRAM at RATE with `vtbiUl` (undefined: none) — the checked result. */
function programHeparin(pump: PumpDriver, vtbiUl?: bigint) {
  const answer = pump.program({ mode: Mode.RATE, rateUlPerHour: RATE, ...(vtbiUl === undefined ? {} : { vtbiUl }) });
  expect(answer.result).toBe(Result.OK);
  return answer.value!.result!;
}

/** 799 mL (39,950 units) at 50 mL/h, soft stop overridden, started. */
function running799(): PumpDriver {
  const pump = heparinSelected();
  const result = programHeparin(pump, 799_000n);
  expect(result).toMatchObject({
    verdict: Verdict.SOFT_STOP,
    bindingParam: Param.CUMULATIVE,
    bindingTier: Tier.SOFT_MAX,
  });
  expect(pump.override(1).result).toBe(Result.OK);
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

describe("REQ-ENG-076 REQ-WF-088 PROGRAM: what one window of the program delivers, one µL below, at and above", () => {
  it("799,999 µL and 800,000 µL (40,000 units, equal is within) are soft stops; 800,001 µL is a hard stop", () => {
    const pump = heparinSelected();
    for (const [vtbi, verdict, tier, limit] of [
      [799_999n, Verdict.SOFT_STOP, Tier.SOFT_MAX, SOFT_MAX],
      [800_000n, Verdict.SOFT_STOP, Tier.SOFT_MAX, SOFT_MAX],
      [800_001n, Verdict.HARD_STOP, Tier.HARD_MAX, HARD_MAX],
    ] as const) {
      const result = programHeparin(pump, vtbi);
      expect(result).toMatchObject({
        verdict,
        bindingParam: Param.CUMULATIVE,
        bindingTier: tier,
        bindingLimitValue: limit,
      });
      expect(result.params[Param.CUMULATIVE].displayValue).toBe(vtbi * ABU_PER_UL);
    }
  });

  it("without a VTBI the window is 24 h at the rate: 60,000 units, a hard stop; 1,666 units/h (33,333 µL/h) alone is a go", () => {
    const pump = heparinSelected();
    expect(programHeparin(pump)).toMatchObject({ verdict: Verdict.HARD_STOP, bindingParam: Param.CUMULATIVE });
    // 33,333 µL/h × 24 h = 799,992 µL = 39,999.6 units: above the soft max.
    const slow = pump.program({ mode: Mode.RATE, rateUlPerHour: 33_333n }).value!.result!;
    expect(slow).toMatchObject({
      verdict: Verdict.SOFT_STOP,
      bindingParam: Param.CUMULATIVE,
      bindingTier: Tier.SOFT_MAX,
    });
    // 29,166 µL/h × 24 h = 699,984 µL = 34,999.2 units: within both.
    const within = pump.program({ mode: Mode.RATE, rateUlPerHour: 29_166n }).value!.result!;
    expect(within.verdict).toBe(Verdict.GO);
  });
});

describe("REQ-WF-089 delivery stops at the last millisecond within the hard maximum", () => {
  it("799 mL, then KVO: stopped at 61,128,000 ms with exactly 40,000 units; a tick before, at and after", () => {
    const pump = running799();
    // 799,000 µL at 50,000 µL/h: 57,528,000 ms; then KVO 1,000 µL/h, 50 units/h; 50 units left = 1,000 µL = 3,600,000 ms.
    pump.tick(57_528_000);
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.RUNNING,
      segment: Segment.KVO,
      primaryDeliveredUl: 799_000n,
    });
    pump.tick(3_599_999); // 61,127,999: 1 ms more is still within
    expect(snapshot(pump).state).toBe(PumpState.RUNNING);
    pump.tick(1); // 61,128,000: exactly 40,000 units, equal is within
    expect(snapshot(pump)).toMatchObject({ state: PumpState.RUNNING, totalDeliveredUl: 800_000n });
    expect(recordsOf(pump, EventType.CUMULATIVE_LIMIT_REACHED)).toEqual([]);
    pump.tick(1); // the next millisecond would cross it: stopped, at 61,128,000
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.ALARM,
      motorRateUlPerHour: 0n,
      totalDeliveredUl: 800_000n,
      governingAlarm: Alarm.CUMULATIVE_LIMIT,
    });
    expect(snapshot(pump).alarmMask & CUMULATIVE_ALARM).toBe(CUMULATIVE_ALARM);
    expect(pump.motorRate()).toBe(0n);
    expect(recordsOf(pump, EventType.CUMULATIVE_LIMIT_REACHED)).toMatchObject([
      { timeMs: 61_128_000n, entryId: HEPARIN, value: HARD_MAX, limit: HARD_MAX, detail: 86_400, rateUlPerHour: 0n },
    ]);
    expect(recordsOf(pump, EventType.INFUSION_PAUSED).at(-1)).toMatchObject({ timeMs: 61_128_000n, detail: 0x10d });
    expect(recordsOf(pump, EventType.ALARM_RAISED).at(-1)).toMatchObject({ detail: 0x20d, alarmPriority: 3 });
    // The infusion does not continue: RESUME refused, STOP clears the alarm.
    expect(pump.resume()).toMatchObject({ result: Result.ALARM_ACTIVE });
    expect(pump.stop().result).toBe(Result.OK);
    expect(snapshot(pump).alarmMask & CUMULATIVE_ALARM).toBe(0);
  });

  it("a tick that crosses the limit inside itself is split: the motor stops mid-tick at the same millisecond", () => {
    const pump = running799();
    pump.tick(57_528_000);
    pump.tick(10_000_000);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.ALARM, totalDeliveredUl: 800_000n });
    expect(recordsOf(pump, EventType.CUMULATIVE_LIMIT_REACHED)[0].timeMs).toBe(61_128_000n);
  });
});

describe("REQ-WF-088 REQ-WF-090 the history: kept by STOP and a new program, cleared by a power cycle", () => {
  it("25,000 units given, stopped: 20,000 units more is a hard stop (45,000), 15,000 units a soft stop (exactly 40,000)", () => {
    const pump = heparinSelected();
    programHeparin(pump, 500_000n); // 25,000 units: within
    expect(pump.start().result).toBe(Result.OK);
    pump.tick(36_000_000); // 10 h: the VTBI is reached exactly
    expect(snapshot(pump).segment).toBe(Segment.KVO);
    expect(pump.stop().result).toBe(Result.OK);
    // Alone 20,000 units is within; with the 25,000 units still in every window until they roll off
    // (the first minute leaves the 24 h window 14 h from now, long after the 8 h program), 45,000.
    const over = programHeparin(pump, 400_000n);
    expect(over).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.CUMULATIVE,
      bindingLimitValue: HARD_MAX,
    });
    expect(over.params[Param.CUMULATIVE].displayValue).toBe(45_000n * UNIT);
    const at = programHeparin(pump, 300_000n);
    expect(at).toMatchObject({
      verdict: Verdict.SOFT_STOP,
      bindingParam: Param.CUMULATIVE,
      bindingTier: Tier.SOFT_MAX,
    });
    expect(at.params[Param.CUMULATIVE].displayValue).toBe(40_000n * UNIT);
  });

  it("a power cycle clears it: the same 20,000 units are then a go (RAM only, decision 0030)", () => {
    const pump = heparinSelected();
    programHeparin(pump, 500_000n);
    pump.start();
    pump.tick(36_000_000);
    pump.stop();
    const after = new PumpDriver({ nv: pump.nv() });
    after.selectCareArea(ONC);
    after.setPatient(100_000);
    after.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
    const result = programHeparin(after, 400_000n);
    expect(result.verdict).toBe(Verdict.GO);
    expect(result.params[Param.CUMULATIVE].displayValue).toBe(20_000n * UNIT);
  });

  it("a bolus that pushes the planned window over the hard maximum is a hard stop on CUMULATIVE", () => {
    const pump = heparinSelected();
    programHeparin(pump, 790_000n); // 39,500 units: soft stop
    pump.override(1);
    pump.start();
    // 80 units/kg at 100 kg = 8,000 units (160,000 µL): 47,500 units in the window.
    const bolus = pump.bolus({ kind: 0, dose: 80_000_000n, rateUlPerHour: 500_000n });
    expect(bolus.result).toBe(Result.OK);
    expect(bolus.value!.result!).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.CUMULATIVE,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: HARD_MAX,
    });
  });
});

describe("REQ-WF-089 property: the trailing 24 h total never exceeds the hard maximum", () => {
  it("random programs, titrations, boluses, pauses, stops and time, sampled every minute", () => {
    type Action =
      | { kind: "program"; rate: number; vtbi: number }
      | { kind: "titrate"; rate: number }
      | { kind: "bolus"; dose: number }
      | { kind: "pause" | "resume" | "stop" | "override" | "start" }
      | { kind: "tick"; minutes: number };
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({
        kind: fc.constant("program" as const),
        rate: fc.integer({ min: 1_000, max: 50_000 }),
        vtbi: fc.integer({ min: 1_000, max: 900_000 }),
      }),
      fc.record({ kind: fc.constant("titrate" as const), rate: fc.integer({ min: 1_000, max: 50_000 }) }),
      fc.record({ kind: fc.constant("bolus" as const), dose: fc.integer({ min: 1, max: 100 }) }),
      fc.record({
        kind: fc.constantFrom(
          "pause" as const,
          "resume" as const,
          "stop" as const,
          "override" as const,
          "start" as const,
        ),
      }),
      fc.record({ kind: fc.constant("tick" as const), minutes: fc.integer({ min: 1, max: 240 }) }),
    );
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 30 }), (actions) => {
        const pump = heparinSelected();
        // Every action happens on a minute boundary of the pump clock and the pump is sampled after
        // each minute: the µL delivered in each minute, from the snapshot's whole-µL total. Summed
        // over the last 1,440 minutes the floors telescope: at most 1 µL above the true amount.
        const perMinute: bigint[] = [];
        let windowUl = 0n;
        let lastTotal = 0n;
        const sampleMinute = () => {
          const total = snapshot(pump).totalDeliveredUl;
          const delivered = total - lastTotal;
          lastTotal = total;
          perMinute.push(delivered);
          windowUl += delivered;
          if (perMinute.length > 1_440) windowUl -= perMinute[perMinute.length - 1_441];
          expect(windowUl * ABU_PER_UL).toBeLessThanOrEqual(HARD_MAX + ABU_PER_UL);
        };
        for (const a of actions) {
          if (a.kind === "program")
            pump.program({ mode: Mode.RATE, rateUlPerHour: BigInt(a.rate), vtbiUl: BigInt(a.vtbi) });
          else if (a.kind === "titrate") pump.titrate({ mode: Mode.RATE, rateUlPerHour: BigInt(a.rate) });
          else if (a.kind === "bolus") pump.bolus({ kind: 0, dose: BigInt(a.dose) * UNIT, rateUlPerHour: 500_000n });
          else if (a.kind === "pause") pump.pause();
          else if (a.kind === "resume") pump.resume();
          else if (a.kind === "override") pump.override(1);
          else if (a.kind === "start") pump.start();
          else if (a.kind === "stop") {
            if (pump.stop().result === Result.OK) lastTotal = 0n; // the snapshot's total restarts at the next START
          } else if (a.kind === "tick") {
            for (let m = 0; m < a.minutes; m++) {
              pump.tick(60_000);
              sampleMinute();
            }
          }
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("REQ-WF-088 START re-checks a titration against the history as it is then", () => {
  it("a titration exactly at the hard max when checked is refused at START one millisecond of delivery later", () => {
    const pump = heparinSelected();
    programHeparin(pump, 700_000n); // 35,000 units: equal to the soft max, a go
    expect(pump.start().result).toBe(Result.OK);
    pump.tick(36_000_000); // 10 h: 25,000 units, no remainder
    // A new VTBI of 300,000 µL (15,000 units) from now: 25,000 + 15,000 = 40,000, within the hard max.
    const titration = pump.titrate({ mode: Mode.RATE, rateUlPerHour: RATE, vtbiUl: 300_000n });
    expect(titration.value!.result!).toMatchObject({
      verdict: Verdict.SOFT_STOP,
      bindingParam: Param.CUMULATIVE,
      bindingTier: Tier.SOFT_MAX,
    });
    expect(titration.value!.result!.params[Param.CUMULATIVE].displayValue).toBe(HARD_MAX);
    expect(pump.override(1).result).toBe(Result.OK);
    pump.tick(1); // 694.4 ABU more delivered at the running rate
    expect(pump.start()).toMatchObject({ result: Result.START_BLOCKED, detail: 2 });
    expect(recordsOf(pump, EventType.START_REFUSED)).toHaveLength(1);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.RUNNING, pendingKind: 2 });
  });
});
