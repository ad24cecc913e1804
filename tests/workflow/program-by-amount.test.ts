// The workflow's program block carries the amount per dose and the line access (issue 11 §1 and §7,
// REQ-WF-092, docs/workflow.md §4.1): an intermittent infusion programmed through the pump by amount
// and duration (or amount and rate) runs the VTBI and rate the engine derived — the same derivation
// as CHECK_PROGRAM, no second one — and a program for a peripheral line is held to the peripheral
// maximum concentration. Worked by hand on the ward library's CARBOplatin, 450 mg in 45 mL (10 mg/mL),
// BSA 1.73 m²: 400 mg/m² is 692 mg, 69,200 µL; and DOPamine 400 mg / 250 mL = 1,600,000,000 ABU/mL.
import { describe, expect, it } from "vitest";
import { Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { Command, ErrorDetail, Result } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, Segment } from "../../firmware/abi/workflow-codes.ts";
import { encodeProgramBlock } from "../../simulator/client/workflow-messages.ts";
import { CARBOPLATIN, DOPAMINE, ICU, WARD_SPEC } from "../firmware/ward-library.ts";
import { writeTestImage, type SpecLibrary } from "../oracle/test-image-writer.ts";
import { PumpDriver } from "./driver.ts";

const MG = 1_000_000_000n; // ABU per mg

function spec(peripheralMax?: bigint): SpecLibrary {
  return {
    ...WARD_SPEC,
    entries: WARD_SPEC.entries.map((e) => {
      if (e.id === CARBOPLATIN)
        return {
          ...e,
          secondaryAllowed: true,
          records: [
            { kind: LimitKind.DOSE_PER_ADMIN, mask: 0b1100, values: [0n, 0n, 400n * MG, 500n * MG] },
            { kind: LimitKind.DOSE_PER_ADMIN_ABSOLUTE, mask: 0b1000, values: [0n, 0n, 0n, 800n * MG] },
          ],
        };
      if (e.id === DOPAMINE && peripheralMax !== undefined)
        return {
          ...e,
          records: [
            { kind: LimitKind.PERIPHERAL_MAX_CONCENTRATION, mask: 0b1000, values: [0n, 0n, 0n, peripheralMax] },
          ],
        };
      return e;
    }),
  };
}

function pumpWith(entryId: number, peripheralMax?: bigint): PumpDriver {
  const pump = new PumpDriver({ image: writeTestImage(spec(peripheralMax)) });
  expect(pump.selectCareArea(ICU).result).toBe(Result.OK);
  expect(pump.setPatient(70_000, 17_300).result).toBe(Result.OK);
  expect(pump.selectDrug({ entryId, concentrationIndex: 0 }).result).toBe(Result.OK);
  return pump;
}

describe("REQ-WF-092 PROGRAM by amount per dose: the pump runs what the engine derived", () => {
  it("400 mg/m² over 3,600 s: GO at 69,200 µL/h, VTBI 69,200 µL; 1 ABU/m² more is the soft stop on DOSE_PER_ADMIN", () => {
    const pump = pumpWith(CARBOPLATIN);
    const at = pump.program({ mode: Mode.DURATION, durationS: 3_600n, doseAmount: 400n * MG }).value?.result;
    expect(at).toMatchObject({ verdict: Verdict.GO, deliveredRateUlPerHour: 69_200n });
    expect(at?.params[Param.VTBI].displayValue).toBe(69_200n);
    const above = pump.program({ mode: Mode.DURATION, durationS: 3_600n, doseAmount: 400n * MG + 1n }).value?.result;
    expect(above).toMatchObject({
      verdict: Verdict.SOFT_STOP,
      bindingParam: Param.DOSE_PER_ADMIN,
      bindingTier: Tier.SOFT_MAX,
      bindingLimitValue: 400n * MG,
    });
    // Over 7,200 s, so the dose rate (250 mg/m²/h) stays within the entry's 400 mg/m²/h.
    const hard = pump.program({ mode: Mode.DURATION, durationS: 7_200n, doseAmount: 500n * MG + 1n }).value?.result;
    expect(hard).toMatchObject({ verdict: Verdict.HARD_STOP, bindingParam: Param.DOSE_PER_ADMIN });
    expect(pump.start().result).toBe(Result.START_BLOCKED);
    pump.program({ mode: Mode.DURATION, durationS: 3_600n, doseAmount: 400n * MG });
    expect(pump.start().value?.snapshot).toMatchObject({
      segment: Segment.PRIMARY,
      motorRateUlPerHour: 69_200n,
      primaryRateUlPerHour: 69_200n,
      primaryVtbiUl: 69_200n,
    });
  });

  it("400 mg/m² at 50 mL/h: the derived 69,200 µL complete at 4,982,400 ms, not one ms earlier", () => {
    const pump = pumpWith(CARBOPLATIN);
    expect(
      pump.program({ mode: Mode.RATE, rateUlPerHour: 50_000n, doseAmount: 400n * MG }).value?.result?.verdict,
    ).toBe(Verdict.GO);
    expect(pump.start().value?.snapshot.primaryVtbiUl).toBe(69_200n);
    pump.tick(4_982_399);
    expect(pump.getInfusion().value?.snapshot).toMatchObject({ segment: Segment.PRIMARY, primaryDeliveredUl: 69_199n });
    pump.tick(1);
    const done = pump.getInfusion().value?.snapshot;
    expect(done).toMatchObject({ segment: Segment.KVO, primaryDeliveredUl: 69_200n });
    expect((done?.alarmMask ?? 0) & (1 << Alarm.VTBI_COMPLETE)).not.toBe(0);
  });

  it("the amount stands instead of the VTBI: both is UNEXPECTED_VALUE; an amount on a continuous drug likewise", () => {
    const pump = pumpWith(CARBOPLATIN);
    const both = pump.program({ mode: Mode.RATE, rateUlPerHour: 50_000n, vtbiUl: 69_200n, doseAmount: 400n * MG });
    expect([both.result, both.detail]).toEqual([Result.ENGINE_STATUS, Status.UNEXPECTED_VALUE]);
    const dopamine = pumpWith(DOPAMINE);
    const continuous = dopamine.program({ mode: Mode.RATE, rateUlPerHour: 10_000n, doseAmount: 1n });
    expect([continuous.result, continuous.detail]).toEqual([Result.ENGINE_STATUS, Status.UNEXPECTED_VALUE]);
  });

  it("SECONDARY by amount: the piggyback's VTBI is the derived 69,200 µL", () => {
    const pump = pumpWith(DOPAMINE);
    pump.program({ mode: Mode.RATE, rateUlPerHour: 10_000n });
    expect(pump.start().result).toBe(Result.OK);
    const secondary = pump.secondary({
      entryId: CARBOPLATIN,
      concentrationIndex: 0,
      program: { mode: Mode.DURATION, durationS: 3_600n, doseAmount: 400n * MG },
    });
    expect(secondary.value?.result).toMatchObject({ verdict: Verdict.GO, deliveredRateUlPerHour: 69_200n });
    expect(pump.start().value?.snapshot).toMatchObject({
      segment: Segment.SECONDARY,
      motorRateUlPerHour: 69_200n,
      secondaryRemainingUl: 69_200n,
    });
    const soft = pumpWith(DOPAMINE);
    soft.program({ mode: Mode.RATE, rateUlPerHour: 10_000n });
    soft.start();
    const above = soft.secondary({
      entryId: CARBOPLATIN,
      concentrationIndex: 0,
      program: { mode: Mode.DURATION, durationS: 3_600n, doseAmount: 400n * MG + 1n },
    });
    expect(above.value?.result).toMatchObject({ verdict: Verdict.SOFT_STOP, bindingParam: Param.DOSE_PER_ADMIN });
    // The override echoes the 56-byte payload as sent.
    expect(soft.override(1).result).toBe(Result.OK);
    expect(soft.start().value?.snapshot.segment).toBe(Segment.SECONDARY);
  });
});

describe("REQ-WF-092 PROGRAM with the line access: the peripheral maximum concentration", () => {
  it("peripheral line: at the maximum GO, 1 ABU/mL below the concentration a hard stop; central: no limit", () => {
    const at = pumpWith(DOPAMINE, 1_600_000_000n).program({ mode: Mode.RATE, rateUlPerHour: 1_000n, lineAccess: 1 });
    expect(at.value?.result?.verdict).toBe(Verdict.GO);
    const below = pumpWith(DOPAMINE, 1_599_999_999n);
    const stop = below.program({ mode: Mode.RATE, rateUlPerHour: 1_000n, lineAccess: 1 }).value?.result;
    expect(stop).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.PERIPHERAL_CONCENTRATION,
      bindingLimitValue: 1_599_999_999n,
    });
    expect(below.program({ mode: Mode.RATE, rateUlPerHour: 1_000n, lineAccess: 2 }).value?.result?.verdict).toBe(
      Verdict.GO,
    );
    // The line not given while it decides: the engine asks for it (check 12).
    const missing = below.program({ mode: Mode.RATE, rateUlPerHour: 1_000n });
    expect([missing.result, missing.detail]).toEqual([Result.ENGINE_STATUS, Status.MISSING_VALUE]);
    const bad = below.program({ mode: Mode.RATE, rateUlPerHour: 1_000n, lineAccess: 3 });
    expect([bad.result, bad.detail]).toEqual([Result.ENGINE_STATUS, Status.VALUE_OUT_OF_RANGE]);
  });

  it("a titration without a line access keeps the running program's line; with one, its own", () => {
    const pump = pumpWith(DOPAMINE, 1_599_999_999n);
    pump.program({ mode: Mode.RATE, rateUlPerHour: 1_000n, lineAccess: 2 });
    expect(pump.start().result).toBe(Result.OK);
    expect(pump.titrate({ mode: Mode.RATE, rateUlPerHour: 1_100n }).value?.result?.verdict).toBe(Verdict.GO);
    expect(pump.titrate({ mode: Mode.RATE, rateUlPerHour: 1_100n, lineAccess: 1 }).value?.result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.PERIPHERAL_CONCENTRATION,
    });
  });

  it("a basic infusion accepts the line access (nothing limits it there)", () => {
    const pump = new PumpDriver({ image: writeTestImage(spec()) });
    pump.selectCareArea(ICU);
    expect(pump.selectBasic(1).result).toBe(Result.OK);
    expect(pump.program({ mode: Mode.RATE, rateUlPerHour: 1_000n, lineAccess: 1 }).value?.result?.verdict).toBe(
      Verdict.GO,
    );
  });
});

describe("REQ-WF-092 the program block's two lengths", () => {
  it("the 36-byte block of before issue 11 is still accepted; bits 11/12 in it, or a non-zero reserved byte in the 48-byte one, are BAD_PAYLOAD", () => {
    const pump = pumpWith(CARBOPLATIN);
    const short = encodeProgramBlock({ mode: Mode.DURATION, durationS: 3_600n, vtbiUl: 69_200n });
    expect(short.length).toBe(36);
    expect(pump.send(Command.PROGRAM, short).result).toBe(Result.OK);
    const withAmountBit = short.slice();
    withAmountBit[3] = 1 << (11 - 8);
    const refused = pump.send(Command.PROGRAM, withAmountBit);
    expect([refused.result, refused.detail]).toEqual([Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD]);
    const long = encodeProgramBlock({ mode: Mode.DURATION, durationS: 3_600n, doseAmount: 400n * MG });
    expect(long.length).toBe(48);
    expect(pump.send(Command.PROGRAM, long).result).toBe(Result.OK);
    for (const at of [45, 46, 47]) {
      const bad = long.slice();
      bad[at] = 1;
      expect(pump.send(Command.PROGRAM, bad).result, `byte ${at}`).toBe(Result.BAD_PAYLOAD);
    }
    const amountWithoutBit = long.slice();
    amountWithoutBit[3] = 0;
    expect(pump.send(Command.PROGRAM, amountWithoutBit).result).toBe(Result.BAD_PAYLOAD);
    const lineWithoutBit = encodeProgramBlock({ mode: Mode.DURATION, durationS: 3_600n, doseAmount: 400n * MG });
    lineWithoutBit[44] = 1;
    expect(pump.send(Command.PROGRAM, lineWithoutBit).result).toBe(Result.BAD_PAYLOAD);
    const other = pump.send(Command.PROGRAM, new Uint8Array(40));
    expect([other.result, other.detail]).toEqual([Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH]);
  });
});
