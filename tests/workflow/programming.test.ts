// Program checks, overrides, edits, titration, bolus and secondary (docs/workflow.md §4–§5), by hand
// from the example library. Heparin 1001: 25,000 units / 500 mL = 50 units/mL = 50,000 ABU/µL;
// dose units/kg/h soft 5–25, hard max 40; absolute cap 2,500 units/h; bolus soft max 80 units/kg,
// hard max 100; bolus rate hard max 999 mL/h; titration step 25 %. At 70 kg, rate µL/h =
// dose ABU/kg/h × 70 / 50,000, so 18 units/kg/h = 25,200 µL/h.
import { describe, expect, it } from "vitest";
import { Classification, Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import {
  OverrideReason,
  PARAM_TITRATION_STEP,
  ProgramKind,
  PumpState,
  Segment,
} from "../../firmware/abi/workflow-codes.ts";
import { encodeProgramBlock } from "../../simulator/client/workflow-messages.ts";
import { HEPARIN, ICU, NO_CONCENTRATION, PumpDriver, SALINE, VANCOMYCIN } from "./driver.ts";

const UNITS = 1_000_000n; // ABU per unit
const heparinDose = (unitsPerKgPerHour: bigint, vtbiUl = 500_000n) => ({
  mode: Mode.DOSE,
  dose: unitsPerKgPerHour * UNITS,
  vtbiUl,
});

function heparinPump(weightG = 70_000): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.setPatient(weightG);
  pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
  return pump;
}

function running(pump: PumpDriver, dose = 18n): void {
  expect(pump.program(heparinDose(dose)).value?.result?.verdict).toBe(Verdict.GO);
  expect(pump.start().result).toBe(Result.OK);
}

const outcomeTypes = new Set<number>([16, 17, 18, 19, 20, 26]);
const outcomes = (pump: PumpDriver) => pump.records().filter((r) => outcomeTypes.has(r.type));

describe("REQ-WF-012 go", () => {
  it("18 units/kg/h at 70 kg: GO, START runs the motor at 25,200 µL/h and logs no-alert then start", () => {
    const pump = heparinPump();
    const checked = pump.program(heparinDose(18n));
    expect(checked.value?.result).toMatchObject({
      status: Status.OK,
      verdict: Verdict.GO,
      deliveredRateUlPerHour: 25_200n,
    });
    expect(checked.value?.snapshot).toMatchObject({
      state: PumpState.PROGRAM_PENDING,
      pendingKind: ProgramKind.PRIMARY,
      pendingVerdict: Verdict.GO,
    });
    expect(pump.motorRate()).toBe(0n);
    const started = pump.start();
    expect(started.value?.snapshot).toMatchObject({
      state: PumpState.RUNNING,
      segment: Segment.PRIMARY,
      motorRateUlPerHour: 25_200n,
    });
    expect(pump.motorRate()).toBe(25_200n);
    const [accepted, startRecord] = pump.records().slice(-2);
    expect(accepted).toMatchObject({
      type: EventType.PROGRAM_ACCEPTED_NO_ALERT,
      entryId: HEPARIN,
      careAreaId: ICU,
      outcome: Verdict.GO,
      rateUlPerHour: 25_200n,
    });
    expect(startRecord).toMatchObject({ type: EventType.INFUSION_STARTED, value: 500_000n, rateUlPerHour: 25_200n });
  });
});

describe("REQ-WF-010 hard stop", () => {
  it("41 units/kg/h: HARD_STOP on DOSE; START and OVERRIDE refused; edit is logged HARD_STOP_EDITED", () => {
    const pump = heparinPump();
    const checked = pump.program(heparinDose(41n));
    expect(checked.value?.result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.DOSE,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: 40n * UNITS,
    });
    expect(pump.start()).toMatchObject({ result: Result.START_BLOCKED, detail: 2 });
    expect(pump.override(OverrideReason.CONFIRMED_WITH_PRESCRIBER)).toMatchObject({
      result: Result.NOT_OVERRIDABLE,
      detail: Verdict.HARD_STOP,
    });
    expect(pump.motorRate()).toBe(0n);
    expect(pump.program(heparinDose(18n)).value?.result?.verdict).toBe(Verdict.GO);
    expect(outcomes(pump).at(-1)).toMatchObject({
      type: EventType.HARD_STOP_EDITED,
      outcome: Verdict.HARD_STOP,
      param: Param.DOSE,
      tier: Tier.HARD_MAX,
      limit: 40n * UNITS,
      value: 41n * UNITS,
    });
  });

  it("CANCEL of a hard stop is logged PROGRAM_CANCELLED and returns to the drug", () => {
    const pump = heparinPump();
    pump.program(heparinDose(41n));
    expect(pump.cancel().value?.snapshot.state).toBe(PumpState.DRUG_SELECTED);
    expect(outcomes(pump).at(-1)).toMatchObject({ type: EventType.PROGRAM_CANCELLED, outcome: Verdict.HARD_STOP });
  });
});

describe("REQ-WF-011 soft stop and override", () => {
  it("30 units/kg/h: SOFT_STOP; START blocked; override echoing the values with a reason allows START", () => {
    const pump = heparinPump();
    const checked = pump.program(heparinDose(30n));
    expect(checked.value?.result).toMatchObject({
      verdict: Verdict.SOFT_STOP,
      bindingParam: Param.DOSE,
      bindingTier: Tier.SOFT_MAX,
    });
    expect(pump.start()).toMatchObject({ result: Result.START_BLOCKED, detail: 1 });
    expect(pump.override(0).result).toBe(Result.BAD_PAYLOAD);
    expect(pump.override(6).result).toBe(Result.BAD_PAYLOAD);
    const overridden = pump.override(OverrideReason.PATIENT_SPECIFIC_PROTOCOL);
    expect(overridden.value?.snapshot.pendingOverride).toBe(OverrideReason.PATIENT_SPECIFIC_PROTOCOL);
    expect(outcomes(pump).at(-1)).toMatchObject({
      type: EventType.SOFT_STOP_OVERRIDDEN,
      reasonCode: OverrideReason.PATIENT_SPECIFIC_PROTOCOL,
      outcome: Verdict.SOFT_STOP,
      param: Param.DOSE,
      tier: Tier.SOFT_MAX,
      limit: 25n * UNITS,
      value: 30n * UNITS,
      rateUlPerHour: 42_000n,
    });
    expect(pump.override(OverrideReason.EMERGENCY).result).toBe(Result.NOT_OVERRIDABLE); // already overridden
    expect(pump.start().value?.snapshot.motorRateUlPerHour).toBe(42_000n);
  });

  it("an override echoing other values (one ABU more) is refused with OVERRIDE_MISMATCH", () => {
    const pump = heparinPump();
    pump.program(heparinDose(30n));
    const other = encodeProgramBlock({ ...heparinDose(30n), dose: 30n * UNITS + 1n });
    expect(pump.override(OverrideReason.EMERGENCY, other).result).toBe(Result.OVERRIDE_MISMATCH);
    expect(pump.override(OverrideReason.EMERGENCY, new Uint8Array(18)).result).toBe(Result.OVERRIDE_MISMATCH);
    expect(pump.start().result).toBe(Result.START_BLOCKED);
  });

  it("an edit after an override checks again and needs a new override", () => {
    const pump = heparinPump();
    pump.program(heparinDose(30n));
    pump.override(OverrideReason.CLINICAL_CONDITION);
    const edited = pump.program(heparinDose(31n));
    expect(edited.value?.snapshot).toMatchObject({ pendingVerdict: Verdict.SOFT_STOP, pendingOverride: 0 });
    expect(pump.start().result).toBe(Result.START_BLOCKED);
    expect(outcomes(pump).at(-1)).toMatchObject({
      type: EventType.PROGRAM_REPLACED,
      reasonCode: OverrideReason.CLINICAL_CONDITION,
    });
  });

  it("a soft stop then edited is logged SOFT_STOP_EDITED; a soft weight comes back as a soft stop on WEIGHT", () => {
    const pump = heparinPump(210_000); // ICU soft max 200 kg
    const checked = pump.program({ mode: Mode.RATE, rateUlPerHour: 20_000n, vtbiUl: 100_000n });
    expect(checked.value?.result).toMatchObject({ verdict: Verdict.SOFT_STOP, bindingParam: Param.WEIGHT });
    pump.program({ mode: Mode.RATE, rateUlPerHour: 21_000n, vtbiUl: 100_000n });
    expect(outcomes(pump).at(-1)).toMatchObject({
      type: EventType.SOFT_STOP_EDITED,
      param: Param.WEIGHT,
      value: 210_000n,
    });
  });
});

describe("REQ-WF-013 refused programs change nothing", () => {
  it("a program the engine refuses (no weight for a weight-based entry) leaves state and log as they were", () => {
    const pump = heparinPump(0);
    const logBefore = pump.records().length;
    const refused = pump.program(heparinDose(18n));
    expect(refused).toMatchObject({ result: Result.ENGINE_STATUS, detail: Status.MISSING_VALUE });
    expect(pump.getInfusion().value?.snapshot).toMatchObject({ state: PumpState.DRUG_SELECTED, pendingKind: 0 });
    expect(pump.records().length).toBe(logBefore);
  });

  it("a malformed program block (absent value not 0, unknown presence bit) is BAD_PAYLOAD", () => {
    const pump = heparinPump();
    const block = encodeProgramBlock(heparinDose(18n));
    block[4] = 1; // rate bytes while rate is absent
    expect(pump.send(0x0016, block).result).toBe(Result.BAD_PAYLOAD);
    const unknownBit = encodeProgramBlock(heparinDose(18n));
    unknownBit[2] |= 0x10;
    expect(pump.send(0x0016, unknownBit).result).toBe(Result.BAD_PAYLOAD);
    expect(pump.send(0x0016, block.subarray(0, 35)).result).toBe(Result.BAD_PAYLOAD);
  });
});

describe("REQ-WF-020 REQ-WF-021 titration", () => {
  it("a hard-stopped titration leaves the running program and its rate unchanged", () => {
    const pump = heparinPump();
    running(pump);
    const titration = pump.titrate(heparinDose(45n));
    expect(titration.value?.result?.verdict).toBe(Verdict.HARD_STOP);
    expect(titration.value?.snapshot).toMatchObject({
      state: PumpState.RUNNING,
      primaryRateUlPerHour: 25_200n,
      pendingKind: ProgramKind.TITRATION,
    });
    expect(pump.motorRate()).toBe(25_200n);
    expect(pump.start().result).toBe(Result.START_BLOCKED);
    expect(pump.cancel().value?.snapshot).toMatchObject({
      state: PumpState.RUNNING,
      pendingKind: 0,
      primaryRateUlPerHour: 25_200n,
    });
  });

  it("a step of exactly 25 % passes; one µL/h more is a hard stop on TITRATION_STEP", () => {
    const pump = heparinPump();
    running(pump); // 25,200 µL/h; 25 % = 6,300
    const over = pump.titrate({ mode: Mode.RATE, rateUlPerHour: 31_501n, vtbiUl: 400_000n });
    expect(over.value?.result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: PARAM_TITRATION_STEP,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: 25n,
    });
    const down = pump.titrate({ mode: Mode.RATE, rateUlPerHour: 18_899n, vtbiUl: 400_000n });
    expect(down.value?.result?.bindingParam).toBe(PARAM_TITRATION_STEP);
    expect(outcomes(pump).at(-1)).toMatchObject({
      type: EventType.HARD_STOP_EDITED,
      param: PARAM_TITRATION_STEP,
      value: 26n,
      limit: 25n,
    });
    const exact = pump.titrate({ mode: Mode.RATE, rateUlPerHour: 31_500n, vtbiUl: 400_000n });
    expect(exact.value?.result?.verdict).toBe(Verdict.GO);
    expect(pump.motorRate()).toBe(25_200n); // not before START
    expect(pump.start().value?.snapshot).toMatchObject({
      primaryRateUlPerHour: 31_500n,
      primaryVtbiUl: 400_000n,
      motorRateUlPerHour: 31_500n,
    });
    expect(pump.records().at(-1)).toMatchObject({ type: EventType.TITRATION_APPLIED, rateUlPerHour: 31_500n });
  });

  it("a titration with no VTBI keeps the VTBI target; what runs between TITRATE and START still counts", () => {
    const pump = heparinPump();
    running(pump); // VTBI 500 mL at 25.2 mL/h
    pump.tick(3_600_000); // 25,200 µL given
    const checked = pump.titrate({ mode: Mode.DOSE, dose: 20n * UNITS });
    // The check judged the duration of the 474,800 µL left then: 474,800 × 3,600 / 28,000 s.
    expect(checked.value?.result?.params[Param.DURATION].displayValue).toBe((474_800n * 3_600n) / 28_000n);
    pump.tick(3_600_000); // another 25,200 µL at the old rate before START
    const applied = pump.start().value?.snapshot;
    expect(applied).toMatchObject({
      primaryRateUlPerHour: 28_000n,
      primaryVtbiUl: 500_000n,
      primaryDeliveredUl: 50_400n,
      totalDeliveredUl: 50_400n,
    });
    pump.tick(100 * 3_600_000);
    // Exactly the VTBI went to the primary, then KVO.
    expect(pump.getInfusion().value?.snapshot).toMatchObject({ segment: Segment.KVO, primaryDeliveredUl: 500_000n });
  });

  it("a titration checked before the VTBI completed cannot start in KVO", () => {
    const pump = heparinPump();
    expect(pump.program(heparinDose(18n, 100n)).value?.result?.verdict).toBe(Verdict.GO);
    pump.start();
    expect(pump.titrate({ mode: Mode.DOSE, dose: 20n * UNITS }).value?.result?.verdict).toBe(Verdict.GO);
    pump.tick(60_000); // 100 µL at 25,200 µL/h takes under 15 s
    expect(pump.getInfusion().value?.snapshot.segment).toBe(Segment.KVO);
    expect(pump.start()).toMatchObject({ result: Result.OUT_OF_STATE, detail: PumpState.RUNNING });
  });

  it("titration is out of state before anything runs", () => {
    const pump = heparinPump();
    expect(pump.titrate(heparinDose(18n)).result).toBe(Result.OUT_OF_STATE);
  });
});

describe("REQ-WF-030 bolus and loading dose", () => {
  it("80 units/kg at 70 kg is 112,000 µL, given at the bolus rate, then the primary rate resumes", () => {
    const pump = heparinPump();
    running(pump);
    const bolus = pump.bolus({ kind: 0, dose: 80n * UNITS, rateUlPerHour: 600_000n });
    expect(bolus.value?.result).toMatchObject({ verdict: Verdict.GO });
    expect(pump.start().value?.snapshot).toMatchObject({
      segment: Segment.BOLUS,
      motorRateUlPerHour: 600_000n,
      bolusRemainingUl: 112_000n,
    });
    expect(pump.records().at(-1)).toMatchObject({
      type: EventType.BOLUS_STARTED,
      value: 112_000n,
      rateUlPerHour: 600_000n,
    });
    pump.tick(672_000); // 112,000 µL at 600,000 µL/h takes 0.18666… h = 672,000 ms exactly
    const after = pump.getInfusion().value?.snapshot;
    expect(after).toMatchObject({
      segment: Segment.PRIMARY,
      motorRateUlPerHour: 25_200n,
      bolusRemainingUl: 0n,
      totalDeliveredUl: 112_000n,
      primaryDeliveredUl: 112_000n,
    });
    expect(pump.records().at(-1)).toMatchObject({ type: EventType.BOLUS_ENDED, value: 112_000n });
  });

  it("is checked against the bolus limits only: 90 units/kg is a soft stop on BOLUS_DOSE, 101 a hard stop", () => {
    const pump = heparinPump();
    // The running dose is itself above the soft max, overridden: the bolus does not re-decide it.
    expect(pump.program(heparinDose(30n)).value?.result?.verdict).toBe(Verdict.SOFT_STOP);
    pump.override(OverrideReason.CONFIRMED_WITH_PRESCRIBER);
    expect(pump.start().result).toBe(Result.OK);
    const within = pump.bolus({ kind: 0, dose: 80n * UNITS, rateUlPerHour: 600_000n });
    expect(within.value?.result).toMatchObject({ verdict: Verdict.GO });
    const soft = pump.bolus({ kind: 0, dose: 90n * UNITS, rateUlPerHour: 600_000n });
    expect(soft.value?.result).toMatchObject({
      verdict: Verdict.SOFT_STOP,
      bindingParam: Param.BOLUS_DOSE,
      bindingTier: Tier.SOFT_MAX,
    });
    const hard = pump.bolus({ kind: 0, dose: 101n * UNITS, rateUlPerHour: 600_000n });
    expect(hard.value?.result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.BOLUS_DOSE,
      bindingTier: Tier.HARD_MAX,
    });
    const tooFast = pump.bolus({ kind: 0, dose: 50n * UNITS, rateUlPerHour: 999_001n });
    // Heparin's bolus-rate hard max and the ICU's rate cap are both 999 mL/h: both are crossed, and
    // the lower parameter id (AREA_MAX_RATE, 6) binds, as everywhere in the engine.
    expect(tooFast.value?.result).toMatchObject({ verdict: Verdict.HARD_STOP, bindingParam: Param.AREA_MAX_RATE });
    expect(tooFast.value?.result?.params[Param.BOLUS_RATE].classification).toBe(Classification.ABOVE_HARD_MAX);
    expect(outcomes(pump).at(-1)).toMatchObject({
      type: EventType.HARD_STOP_EDITED,
      param: Param.BOLUS_DOSE,
      rateUlPerHour: 600_000n,
    });
  });

  it("a bolus rate above the care area's maximum rate is a hard stop on AREA_MAX_RATE (Med-Surg: 500 mL/h)", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(1);
    pump.setPatient(70_000);
    pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
    running(pump);
    expect(pump.bolus({ kind: 0, dose: 50n * UNITS, rateUlPerHour: 500_000n }).value?.result?.verdict).toBe(Verdict.GO);
    const over = pump.bolus({ kind: 0, dose: 50n * UNITS, rateUlPerHour: 500_001n });
    expect(over.value?.result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.AREA_MAX_RATE,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: 500_000n,
    });
  });

  it("an entry without limits for a dose kind allows none: heparin has no loading-dose limits", () => {
    const pump = heparinPump();
    running(pump);
    expect(pump.bolus({ kind: 1, dose: 80n * UNITS, rateUlPerHour: 600_000n }).result).toBe(Result.NOT_ALLOWED);
  });

  it("is refused for a fluid and when nothing runs", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    pump.selectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION });
    expect(pump.bolus({ kind: 0, dose: 1n, rateUlPerHour: 1000n }).result).toBe(Result.OUT_OF_STATE);
    pump.program({ mode: Mode.RATE, rateUlPerHour: 100_000n, vtbiUl: 1_000_000n });
    pump.start();
    expect(pump.bolus({ kind: 0, dose: 1n, rateUlPerHour: 1000n }).result).toBe(Result.NOT_ALLOWED);
  });
});

describe("REQ-WF-031 secondary", () => {
  it("vancomycin 1 g / 250 mL over 120 min runs as secondary; heparin resumes at its own rate after", () => {
    const pump = heparinPump();
    running(pump);
    const secondary = pump.secondary({
      entryId: VANCOMYCIN,
      concentrationIndex: 0,
      program: { mode: Mode.DURATION, durationS: 7200n, vtbiUl: 250_000n },
    });
    expect(secondary.value?.result).toMatchObject({ verdict: Verdict.GO, deliveredRateUlPerHour: 125_000n });
    expect(pump.start().value?.snapshot).toMatchObject({
      segment: Segment.SECONDARY,
      motorRateUlPerHour: 125_000n,
      secondaryEntryId: VANCOMYCIN,
      secondaryRemainingUl: 250_000n,
    });
    pump.tick(7_200_000);
    const after = pump.getInfusion().value?.snapshot;
    expect(after).toMatchObject({
      segment: Segment.PRIMARY,
      motorRateUlPerHour: 25_200n,
      primaryDeliveredUl: 0n,
      totalDeliveredUl: 250_000n,
      alarmMask: 1 << 5,
    });
    expect(
      pump
        .records()
        .slice(-2)
        .map((r) => r.type),
    ).toEqual([EventType.SECONDARY_ENDED, EventType.ALARM_RAISED]);
  });

  it("is checked against its own entry: 30 min is below vancomycin's 60 min hard minimum", () => {
    const pump = heparinPump();
    running(pump);
    const secondary = pump.secondary({
      entryId: VANCOMYCIN,
      concentrationIndex: 0,
      program: { mode: Mode.DURATION, durationS: 1800n, vtbiUl: 250_000n },
    });
    expect(secondary.value?.result).toMatchObject({ verdict: Verdict.HARD_STOP });
  });

  it("is refused for an entry that does not allow it, and without a VTBI", () => {
    const pump = heparinPump();
    running(pump);
    expect(
      pump.secondary({
        entryId: HEPARIN,
        concentrationIndex: 0,
        program: { mode: Mode.RATE, rateUlPerHour: 1000n, vtbiUl: 1000n },
      }).result,
    ).toBe(Result.NOT_ALLOWED);
    expect(
      pump.secondary({
        entryId: VANCOMYCIN,
        concentrationIndex: 0,
        program: { mode: Mode.RATE, rateUlPerHour: 100_000n },
      }).result,
    ).toBe(Result.BAD_PAYLOAD);
  });
});
