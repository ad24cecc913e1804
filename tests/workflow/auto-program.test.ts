// AUTO_PROGRAM (issue 13, docs/workflow.md §5.5, §8.16; docs/decisions/0036): an order matched to
// exactly one entry and concentration, checked by the same engine as PROGRAM, pending until a
// LOCAL confirmation; refusals that change nothing; the order's handle in every record of its
// infusion; link loss reported while delivery goes on.
import { beforeEach, describe, expect, it } from "vitest";
import {
  AmountUnit,
  Classification,
  DoseBasis,
  LineAccess,
  Mode,
  Param,
  Status,
  Verdict,
} from "../../firmware/abi/codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { AlarmPriority, EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import {
  CareAreaDetail,
  ConcentrationDetail,
  LocalOnlyDetail,
  OrderDetail,
} from "../../firmware/abi/auto-program-layout.ts";
import {
  Alarm,
  ImpliedRate,
  LINK_LOSS_MS,
  OverrideReason,
  PumpState,
  RealarmCause,
  SilenceSource,
} from "../../firmware/abi/workflow-codes.ts";
import type { AutoProgramOrder } from "../../simulator/client/auto-program-messages.ts";
import { orderFlags } from "../../simulator/client/auto-program-messages.ts";
import { orderHandleOf, orderIdsOf, orderRecordText, recordOrderHandle } from "../../simulator/pump/order-record.ts";
import { PumpDriver } from "./driver.ts";
import { orderedLibraryImage, orderedLibraryJson } from "./ordered-library.ts";

const ICU = 0;
const PEDS = 2;
const NICU = 3;
const image = orderedLibraryImage();

/** Heparin 25,000 units / 500 mL in Adult ICU, 18 units/kg/h for a 70 kg patient, 100 mL. */
const HEPARIN_ORDER: AutoProgramOrder = {
  orderId: "ORD-0001",
  patientId: "MRN-4711",
  drugCode: "RXN:5224",
  careAreaId: ICU,
  concentration: { amountAbu: 25_000_000_000n, volumeUl: 500_000, amountUnit: AmountUnit.UNITS },
  doseBasis: DoseBasis.WEIGHT,
  weightG: 70_000,
  program: { mode: Mode.DOSE, dose: 18_000_000n, vtbiUl: 100_000n },
};

const dose = (units: bigint): AutoProgramOrder => ({
  ...HEPARIN_ORDER,
  program: { ...HEPARIN_ORDER.program, dose: units },
});

let pump: PumpDriver;
beforeEach(() => {
  pump = new PumpDriver({ image });
});

/** The state, snapshot and log length: what a refusal must leave exactly as it was. */
function observable(): unknown {
  const { raw } = pump.getInfusion();
  return {
    snapshot: [...raw],
    records: pump.records().filter((r) => r.type !== EventType.AUTO_PROGRAM_REFUSED).length,
  };
}

function expectRefused(order: AutoProgramOrder, result: Result, detail: number): void {
  const before = observable();
  const answer = pump.autoProgram(order);
  expect([Result[answer.result], answer.detail]).toEqual([Result[result], detail]);
  expect(observable()).toEqual(before);
  const last = pump.records().at(-1);
  expect(last?.type).toBe(EventType.AUTO_PROGRAM_REFUSED);
  expect(last === undefined ? "" : orderRecordText(last)).toBe(order.orderId);
  expect(last?.detail).toBe(result | (detail << 16));
}

describe("REQ-WF-100 AUTO_PROGRAM matches one entry and concentration and runs the engine of PROGRAM", () => {
  it("REQ-WF-100: the order is pending, bound, with the very engine result a keyed PROGRAM of the same values gets", () => {
    const answer = pump.autoProgram(HEPARIN_ORDER);
    expect(Result[answer.result]).toBe("OK");
    const value = answer.value!;
    expect(value.snapshot).toMatchObject({ state: PumpState.PROGRAM_PENDING, entryId: 1001, careAreaId: ICU });
    expect(value.snapshot).toMatchObject({ concentrationIndex: 0, weightG: 70_000, pendingVerdict: Verdict.GO });
    expect(value.orderBound).toBe(true);
    expect(value.orderHandle).toBe(
      orderHandleOf(pump.records().find((r) => r.type === EventType.ORDER_BOUND)!.sequence),
    );

    const keyed = new PumpDriver({ image });
    keyed.selectCareArea(ICU);
    keyed.setPatient(70_000);
    keyed.selectDrug({ entryId: 1001, concentrationIndex: 0 });
    const manual = keyed.program(HEPARIN_ORDER.program);
    expect(answer.raw.subarray(90, 666)).toEqual(manual.raw.subarray(90, 666));
  });

  it("REQ-WF-100: the concentration's own code finds the same entry and concentration", () => {
    const answer = pump.autoProgram({ ...HEPARIN_ORDER, drugCode: "NDC:0409-7620-03" });
    expect(answer.value?.snapshot).toMatchObject({ entryId: 1001, concentrationIndex: 0 });
  });

  it("REQ-WF-100: ±1 at the limits: 25 units/kg/h is a go, one ABU more a soft stop; 40 soft, one more a hard stop", () => {
    const verdict = (units: bigint): number => {
      const fresh = new PumpDriver({ image });
      // 60 kg: 40 units/kg/h is 2,400 units/h, below the entry's absolute cap of 2,500 units/h.
      return fresh.autoProgram({ ...dose(units), weightG: 60_000 }).value!.snapshot.pendingVerdict;
    };
    expect(verdict(25_000_000n)).toBe(Verdict.GO);
    expect(verdict(25_000_001n)).toBe(Verdict.SOFT_STOP);
    expect(verdict(40_000_000n)).toBe(Verdict.SOFT_STOP);
    expect(verdict(40_000_001n)).toBe(Verdict.HARD_STOP);
  });

  it("REQ-WF-100: a fluid matches by its code with no concentration; a custom concentration takes the order's", () => {
    const saline = pump.autoProgram({
      ...HEPARIN_ORDER,
      drugCode: "FORM:NS-0.9",
      concentration: undefined,
      doseBasis: DoseBasis.NONE,
      program: { mode: Mode.RATE, rateUlPerHour: 100_000n, vtbiUl: 1_000_000n },
    });
    expect(saline.value?.snapshot).toMatchObject({
      entryId: 2001,
      concentrationIndex: 0xff,
      state: PumpState.PROGRAM_PENDING,
    });
    const nicu = new PumpDriver({ image });
    const custom = nicu.autoProgram({
      ...HEPARIN_ORDER,
      drugCode: "FORM:DOPA-NICU",
      careAreaId: NICU,
      weightG: 3_000,
      concentration: { amountAbu: 60_000_000_000n, volumeUl: 50_000, amountUnit: AmountUnit.MG },
      program: { mode: Mode.DOSE, dose: 300_000_000n },
    });
    expect([Result[custom.result], custom.detail]).toEqual(["OK", 0]);
    expect(custom.value?.snapshot).toMatchObject({ entryId: 1091, concentrationIndex: 1 });
  });
});

describe("REQ-WF-101 AUTO_PROGRAM refusals are specific, change nothing and are logged", () => {
  it("REQ-WF-101: no entry carries the code", () => {
    expectRefused({ ...HEPARIN_ORDER, drugCode: "RXN:5225" }, Result.AUTO_PROGRAM_NO_MATCH, 0);
    expectRefused({ ...HEPARIN_ORDER, drugCode: "RXN:522" }, Result.AUTO_PROGRAM_NO_MATCH, 0);
  });

  it("REQ-WF-101: the concentration differs by 1 ABU or 1 µL, is of another kind, or is missing", () => {
    const conc = HEPARIN_ORDER.concentration!;
    expectRefused(
      { ...HEPARIN_ORDER, concentration: { ...conc, amountAbu: conc.amountAbu + 1n } },
      Result.CONCENTRATION_DIFFERS,
      ConcentrationDetail.AMOUNT_OR_VOLUME,
    );
    expectRefused(
      { ...HEPARIN_ORDER, concentration: { ...conc, amountAbu: conc.amountAbu - 1n } },
      Result.CONCENTRATION_DIFFERS,
      ConcentrationDetail.AMOUNT_OR_VOLUME,
    );
    expectRefused(
      { ...HEPARIN_ORDER, concentration: { ...conc, volumeUl: conc.volumeUl + 1 } },
      Result.CONCENTRATION_DIFFERS,
      ConcentrationDetail.AMOUNT_OR_VOLUME,
    );
    expectRefused(
      { ...HEPARIN_ORDER, concentration: { ...conc, amountUnit: AmountUnit.MG } },
      Result.CONCENTRATION_DIFFERS,
      ConcentrationDetail.AMOUNT_KIND,
    );
    expectRefused(
      { ...HEPARIN_ORDER, concentration: undefined },
      Result.CONCENTRATION_DIFFERS,
      ConcentrationDetail.FLUID_MISMATCH,
    );
  });

  it("REQ-WF-101: the entry is not offered in the order's care area; the care area is unknown or not the pump's", () => {
    expectRefused({ ...HEPARIN_ORDER, careAreaId: PEDS }, Result.ENTRY_NOT_IN_CARE_AREA, PEDS);
    expectRefused({ ...HEPARIN_ORDER, careAreaId: 9 }, Result.CARE_AREA_DIFFERS, CareAreaDetail.UNKNOWN);
    pump.selectCareArea(1);
    expectRefused(HEPARIN_ORDER, Result.CARE_AREA_DIFFERS, CareAreaDetail.OTHER_SELECTED);
  });

  it("REQ-WF-101: the weight a band needs is missing, or 1 g outside the band (1–40 kg)", () => {
    const fentanyl: AutoProgramOrder = {
      ...HEPARIN_ORDER,
      drugCode: "FORM:FENT-PED",
      careAreaId: PEDS,
      concentration: { amountAbu: 500_000_000n, volumeUl: 50_000, amountUnit: AmountUnit.MCG },
      program: { mode: Mode.DOSE, dose: 1_000_000n },
    };
    expectRefused({ ...fentanyl, weightG: undefined }, Result.PATIENT_VALUE_NEEDED, 0);
    expectRefused({ ...fentanyl, weightG: 40_001 }, Result.OUTSIDE_PATIENT_BAND, 0);
    expect(Result[pump.autoProgram({ ...fentanyl, weightG: 40_000 }).result]).toBe("OK");
  });

  it("REQ-WF-101: a dose per kg ordered for an absolute entry, and the engine's own refusal", () => {
    expectRefused({ ...HEPARIN_ORDER, doseBasis: DoseBasis.NONE }, Result.ORDER_INCONSISTENT, OrderDetail.DOSE_BASIS);
    expectRefused({ ...HEPARIN_ORDER, weightG: undefined }, Result.ENGINE_STATUS, 5); // MISSING_VALUE: the weight
  });

  it("REQ-WF-101: the pump is busy with a program or an infusion; the weight entered before the refusal stays", () => {
    pump.selectCareArea(ICU);
    pump.setPatient(80_000);
    expectRefused({ ...HEPARIN_ORDER, drugCode: "nothing" }, Result.AUTO_PROGRAM_NO_MATCH, 0);
    expect(pump.getInfusion().value?.snapshot.weightG).toBe(80_000);
    pump.autoProgram(HEPARIN_ORDER);
    expectRefused(HEPARIN_ORDER, Result.PUMP_BUSY, PumpState.PROGRAM_PENDING);
  });

  it("REQ-WF-101: a malformed order is BAD_PAYLOAD and not logged", () => {
    const answer = pump.send(Command.AUTO_PROGRAM, new Uint8Array(160));
    expect([answer.result, answer.detail]).toEqual([Result.BAD_PAYLOAD, 17]);
    expect(pump.records().some((r) => r.type === EventType.AUTO_PROGRAM_REFUSED)).toBe(false);
  });
});

describe("REQ-WF-102 REQ-WF-103 only the pump's own keys confirm an order", () => {
  it("REQ-WF-102: START over the serial line is refused and logged; the motor stays stopped; START at the pump runs it", () => {
    pump.autoProgram(HEPARIN_ORDER);
    const refused = pump.start();
    expect([Result[refused.result], refused.detail]).toEqual(["LOCAL_CONFIRMATION_REQUIRED", LocalOnlyDetail.START]);
    expect(pump.records().at(-1)?.type).toBe(EventType.REMOTE_CONFIRMATION_REFUSED);
    expect(pump.getInfusion().value?.snapshot.state).toBe(PumpState.PROGRAM_PENDING);
    expect(pump.motorRate()).toBe(0n);
    const started = pump.atPump(() => pump.start());
    expect(started.value?.snapshot.state).toBe(PumpState.RUNNING);
    expect(pump.motorRate()).toBe(25_200n); // 18 units/kg/h × 70 kg / 50 units/mL = 25.2 mL/h
  });

  it("REQ-WF-103: a soft stop needs the local OVERRIDE with a reason; over the line it is refused; a hard stop never starts", () => {
    pump.autoProgram(dose(30_000_000n));
    const remote = pump.override(OverrideReason.CONFIRMED_WITH_PRESCRIBER);
    expect([Result[remote.result], remote.detail]).toEqual(["LOCAL_CONFIRMATION_REQUIRED", LocalOnlyDetail.OVERRIDE]);
    expect(pump.atPump(() => pump.start()).result).toBe(Result.START_BLOCKED);
    expect(pump.atPump(() => pump.override(OverrideReason.CONFIRMED_WITH_PRESCRIBER)).result).toBe(Result.OK);
    expect(pump.start().result).toBe(Result.LOCAL_CONFIRMATION_REQUIRED);
    expect(pump.atPump(() => pump.start()).value?.snapshot.state).toBe(PumpState.RUNNING);

    const hard = new PumpDriver({ image });
    hard.autoProgram(dose(40_000_001n));
    expect([Result[hard.atPump(() => hard.start()).result], hard.atPump(() => hard.start()).detail]).toEqual([
      "START_BLOCKED",
      2,
    ]);
    expect(hard.atPump(() => hard.override(OverrideReason.EMERGENCY)).result).toBe(Result.NOT_OVERRIDABLE);
  });

  it("REQ-WF-102: titrating a bound infusion needs the local START too; after STOP the binding is gone", () => {
    pump.autoProgram(HEPARIN_ORDER);
    pump.atPump(() => pump.start());
    expect(pump.titrate({ mode: Mode.DOSE, dose: 20_000_000n }).result).toBe(Result.OK);
    expect(pump.start().result).toBe(Result.LOCAL_CONFIRMATION_REQUIRED);
    expect(pump.atPump(() => pump.start()).result).toBe(Result.OK);
    pump.stop();
    expect(pump.getInfusion().raw[2 + 80] & 0x40).toBe(0);
    pump.program({ mode: Mode.DOSE, dose: 18_000_000n, vtbiUl: 10_000n });
    expect(pump.start().result).toBe(Result.OK); // a keyed program is not an order: as before issue 13
  });

  it("REQ-WF-106: the local input takes exactly one frame; bytes with a delimiter inside are refused, nothing handled", () => {
    const bytes = new Uint8Array([1, 1, 0, 1, 0]);
    new Uint8Array(pump.firmware.memory.buffer).set(bytes, pump.firmware.rxBufferOffset());
    expect(pump.firmware.receiveLocal(bytes.length)).toBeLessThan(0);
    expect(pump.firmware.receiveLocal(0)).toBeLessThan(0);
    expect(pump.firmware.receiveLocal(-1)).toBeLessThan(0);
  });
});

describe("REQ-WF-104 the order id in every record of its infusion", () => {
  it("REQ-WF-104: ORDER_BOUND and ORDER_PATIENT carry the ids; every record up to INFUSION_STOPPED carries the handle", () => {
    pump.autoProgram(dose(30_000_000n));
    pump.atPump(() => pump.override(OverrideReason.PHARMACY_VERIFIED));
    pump.atPump(() => pump.start());
    pump.pause();
    pump.resume();
    pump.tick(60_000);
    pump.stop();
    pump.selectCareArea(ICU);
    const records = pump.records();
    const bound = records.findIndex((r) => r.type === EventType.ORDER_BOUND);
    const stopped = records.findIndex((r) => r.type === EventType.INFUSION_STOPPED);
    expect(orderRecordText(records[bound])).toBe("ORD-0001");
    expect(records[bound + 1].type).toBe(EventType.ORDER_PATIENT);
    expect(orderRecordText(records[bound + 1])).toBe("MRN-4711");
    const ids = orderIdsOf(records);
    const ofOrder = records.slice(bound, stopped + 1);
    expect(ofOrder.map((r) => EventType[r.type])).toEqual(
      expect.arrayContaining([
        "ALERT_RAISED",
        "SOFT_STOP_OVERRIDDEN",
        "INFUSION_STARTED",
        "INFUSION_PAUSED",
        "INFUSION_RESUMED",
      ]),
    );
    for (const record of ofOrder) {
      expect(recordOrderHandle(record), EventType[record.type]).toBe(orderHandleOf(records[bound].sequence));
      expect(ids.get(record.sequence)).toBe("ORD-0001");
    }
    for (const record of records.slice(stopped + 1)) expect(recordOrderHandle(record)).toBe(0);
    for (const record of records.slice(0, bound)) expect(recordOrderHandle(record)).toBe(0);
  });
});

describe("REQ-WF-105 link loss: the pump continues on its confirmed program and reports it", () => {
  it("REQ-WF-105: LINK_LOSS_MS − 1 of silence is nothing; at LINK_LOSS_MS LINK_LOST, delivery unchanged; a serial frame restores", () => {
    pump.autoProgram(HEPARIN_ORDER);
    pump.atPump(() => pump.start());
    const rate = pump.motorRate();
    pump.tick(LINK_LOSS_MS - 1);
    expect(pump.records().some((r) => r.type === EventType.LINK_LOST)).toBe(false);
    pump.atPump(() => pump.getInfusion()); // the pump's own keys say nothing about the link
    pump.tick(1);
    // LINK_LOST, then the low-priority alarm it raises (REQ-WF-122).
    const lost = pump.records().at(-2)!;
    expect(lost.type).toBe(EventType.LINK_LOST);
    expect(lost.detail).toBe(LINK_LOSS_MS);
    expect(pump.motorRate()).toBe(rate);
    const during = pump.atPump(() => pump.getInfusion());
    expect(orderFlags(during.raw)).toEqual({ orderBound: true, linkLost: true });
    expect(during.value?.snapshot.state).toBe(PumpState.RUNNING);
    pump.tick(5_000);
    expect(pump.motorRate()).toBe(rate);
    const back = pump.getInfusion();
    expect(pump.records().at(-2)?.type).toBe(EventType.LINK_RESTORED);
    expect(pump.records().at(-2)?.detail).toBe(LINK_LOSS_MS + 5_000);
    expect(orderFlags(back.raw)).toEqual({ orderBound: true, linkLost: false });
  });

  it("REQ-WF-105: no order bound, no link supervision (a keyed infusion is not reported)", () => {
    pump.selectCareArea(ICU);
    pump.setPatient(70_000);
    pump.selectDrug({ entryId: 1001, concentrationIndex: 0 });
    pump.program(HEPARIN_ORDER.program);
    pump.start();
    pump.tick(LINK_LOSS_MS * 3);
    expect(pump.records().some((r) => r.type === EventType.LINK_LOST)).toBe(false);
  });
});

/** The ordered library with codes on vancomycin (1070, per-dose limits) and potassium chloride (1050, a peripheral maximum). */
function perDoseImage(): Uint8Array {
  const json = orderedLibraryJson();
  for (const e of json.entries) {
    if (e.id === 1070) e.codes = ["RXN:11124"];
    if (e.id === 1050) e.codes = ["RXN:8591"];
  }
  const compiled = compileLibrary(json);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors[0]));
  return compiled.image;
}

const MG = 1_000_000_000n; // ABU per mg (docs/units.md)
/** Vancomycin 2 g / 500 mL in Adult ICU: one dose of `mg` over 120 min, by its amount per dose. */
const vancomycin = (mg: bigint): AutoProgramOrder => ({
  orderId: "ORD-VANC",
  patientId: "MRN-4711",
  drugCode: "RXN:11124",
  careAreaId: ICU,
  concentration: { amountAbu: 2_000n * MG, volumeUl: 500_000, amountUnit: AmountUnit.MG },
  doseBasis: DoseBasis.NONE,
  weightG: 70_000,
  program: { mode: Mode.DURATION, durationS: 7_200n, doseAmount: mg * MG },
});
/** Potassium chloride 40 mEq / 100 mL (central only) at 20 mL/h, 50 mL (150 min), on the line given. */
const potassium = (lineAccess?: LineAccess): AutoProgramOrder => ({
  orderId: "ORD-KCL",
  patientId: "MRN-4711",
  drugCode: "RXN:8591",
  careAreaId: ICU,
  concentration: { amountAbu: 40_000_000n, volumeUl: 100_000, amountUnit: AmountUnit.MEQ },
  doseBasis: DoseBasis.NONE,
  weightG: 70_000,
  program: {
    mode: Mode.RATE,
    rateUlPerHour: 20_000n,
    vtbiUl: 50_000n,
    ...(lineAccess === undefined ? {} : { lineAccess }),
  },
});

describe("REQ-WF-120 REQ-WF-121 AUTO_PROGRAM carries PROGRAM's 48-byte block: an amount per dose and the line access", () => {
  const perDose = perDoseImage();

  it("REQ-WF-120: an order by amount per dose is checked against the entry's per-dose limit at pre-population: 2,000 mg a go, 1 ABU more a soft stop, 1 ABU above 3,000 mg a hard stop", () => {
    const check = (amount: bigint) => {
      const order = vancomycin(0n);
      return new PumpDriver({ image: perDose }).autoProgram({
        ...order,
        program: { ...order.program, doseAmount: amount },
      });
    };
    const go = check(2_000n * MG);
    expect([Result[go.result], go.value?.snapshot.pendingVerdict]).toEqual(["OK", Verdict.GO]);
    // The engine derived the volume from the amount (2,000 mg of 2 g / 500 mL is 500 mL) and the rate from the 2 h.
    expect(go.value?.result?.deliveredRateUlPerHour).toBe(250_000n);
    const soft = check(2_000n * MG + 1n).value!;
    expect([soft.snapshot.pendingVerdict, soft.result?.bindingParam]).toEqual([
      Verdict.SOFT_STOP,
      Param.DOSE_PER_ADMIN,
    ]);
    const hard = check(3_000n * MG + 1n).value!;
    expect(hard.snapshot.pendingVerdict).toBe(Verdict.HARD_STOP);
    expect(hard.result?.params[Param.DOSE_PER_ADMIN].classification).toBe(Classification.ABOVE_HARD_MAX);
  });

  it("REQ-WF-120: the soft stop of a per-dose order is overridden at the pump with the 48-byte block as the echo; the 36-byte echo is refused", () => {
    const p = new PumpDriver({ image: perDose });
    const order = vancomycin(0n);
    const answer = p.autoProgram({ ...order, program: { ...order.program, doseAmount: 2_000n * MG + 1n } });
    expect(answer.value?.snapshot.pendingVerdict).toBe(Verdict.SOFT_STOP);
    expect(p.lastProgramPayload).toHaveLength(48);
    const short = p.atPump(() => p.override(OverrideReason.PHARMACY_VERIFIED, p.lastProgramPayload.slice(0, 36)));
    expect(Result[short.result]).toBe("OVERRIDE_MISMATCH");
    expect(p.atPump(() => p.override(OverrideReason.PHARMACY_VERIFIED)).result).toBe(Result.OK);
    expect(p.atPump(() => p.start()).value?.snapshot.state).toBe(PumpState.RUNNING);
    expect(p.motorRate()).toBe(250_000n);
    const override = p.records().find((r) => r.type === EventType.SOFT_STOP_OVERRIDDEN)!;
    expect([override.reasonCode, override.param]).toEqual([OverrideReason.PHARMACY_VERIFIED, Param.DOSE_PER_ADMIN]);
  });

  it("REQ-WF-120: an amount per dose is per the order's dose basis, which must be the entry's", () => {
    const p = new PumpDriver({ image: perDose });
    expectRefusedOn(
      p,
      { ...vancomycin(1_000n), doseBasis: DoseBasis.WEIGHT },
      Result.ORDER_INCONSISTENT,
      OrderDetail.DOSE_BASIS,
    );
  });

  it("REQ-WF-121: a peripheral order of the central-only 40 mEq / 100 mL bag is stopped at the pump; on a central line it is a go; without a line the pump asks for it", () => {
    const peripheral = new PumpDriver({ image: perDose }).autoProgram(potassium(LineAccess.PERIPHERAL));
    expect(peripheral.value?.snapshot.pendingVerdict ?? Result[peripheral.result]).toEqual(Verdict.HARD_STOP);
    expect(peripheral.value?.result?.bindingParam).toBe(Param.PERIPHERAL_CONCENTRATION);
    const central = new PumpDriver({ image: perDose }).autoProgram(potassium(LineAccess.CENTRAL));
    expect([Result[central.result], central.value?.snapshot.pendingVerdict]).toEqual(["OK", Verdict.GO]);
    const unstated = new PumpDriver({ image: perDose });
    expectRefusedOn(unstated, potassium(), Result.ENGINE_STATUS, Status.MISSING_VALUE);
  });
});

function expectRefusedOn(p: PumpDriver, order: AutoProgramOrder, result: Result, detail: number): void {
  const answer = p.autoProgram(order);
  expect([Result[answer.result], answer.detail]).toEqual([Result[result], detail]);
  expect(p.getInfusion().value?.snapshot.state).toBe(PumpState.IDLE);
  expect(p.records().at(-1)?.type).toBe(EventType.AUTO_PROGRAM_REFUSED);
}

describe("REQ-WF-122 REQ-WF-123 the link-loss alarm: low priority, delivery continues", () => {
  const linkAlarm = 1 << Alarm.LINK_LOST;
  const running = (): PumpDriver => {
    const p = new PumpDriver({ image });
    p.autoProgram(HEPARIN_ORDER);
    p.atPump(() => p.start());
    return p;
  };
  const snapshotAtPump = (p: PumpDriver) => p.atPump(() => p.getInfusion()).value!.snapshot;

  it("REQ-WF-122: at LINK_LOSS_MS the low-priority LINK_LOST alarm is raised with the order's handle; the pump keeps running at its rate; the next serial frame clears it", () => {
    const p = running();
    const rate = p.motorRate();
    p.tick(LINK_LOSS_MS);
    const raised = p.records().at(-1)!;
    expect([raised.type, raised.detail, raised.alarmPriority]).toEqual([
      EventType.ALARM_RAISED,
      Alarm.LINK_LOST | (ImpliedRate.CONTINUE << 8),
      AlarmPriority.LOW,
    ]);
    expect(recordOrderHandle(raised)).toBe(
      orderHandleOf(p.records().find((r) => r.type === EventType.ORDER_BOUND)!.sequence),
    );
    const during = snapshotAtPump(p);
    expect([during.state, during.alarmMask & linkAlarm, during.highestAlarmPriority]).toEqual([
      PumpState.RUNNING,
      linkAlarm,
      AlarmPriority.LOW,
    ]);
    expect(p.motorRate()).toBe(rate);
    p.getInfusion(); // a serial frame: the link is back
    const cleared = p.records().at(-1)!;
    expect([cleared.type, cleared.detail & 0xff]).toEqual([EventType.ALARM_CLEARED, Alarm.LINK_LOST]);
    expect(snapshotAtPump(p).alarmMask & linkAlarm).toBe(0);
  });

  it("REQ-WF-122: ACK_ALARMS at the pump acknowledges it (not raised again while the link stays lost); STOP ends the order and clears it", () => {
    const p = running();
    p.tick(LINK_LOSS_MS);
    expect(p.atPump(() => p.acknowledgeAlarms()).result).toBe(Result.OK);
    p.tick(LINK_LOSS_MS * 2);
    expect(snapshotAtPump(p).alarmMask & linkAlarm).toBe(0);
    expect(p.records().filter((r) => r.type === EventType.ALARM_RAISED)).toHaveLength(1);

    const q = running();
    q.tick(LINK_LOSS_MS);
    q.atPump(() => q.stop());
    expect(snapshotAtPump(q).alarmMask & linkAlarm).toBe(0);
    const cleared = q
      .records()
      .filter((r) => r.type === EventType.ALARM_CLEARED)
      .at(-1)!;
    expect(cleared.detail & 0xff).toBe(Alarm.LINK_LOST);
    // No order, no supervision: nothing is raised however long the line is silent.
    q.tick(LINK_LOSS_MS * 3);
    expect(snapshotAtPump(q).alarmMask & linkAlarm).toBe(0);
  });

  it("REQ-WF-123: an alarm silenced remotely sounds again when the link is lost, and the link alarm sounds with it; a local silence stays, the link alarm sounds", () => {
    const p = running();
    p.setFaults(1 << SensorFault.LOW_BATTERY);
    expect(p.silenceAlarms(SilenceSource.REMOTE).result).toBe(Result.OK);
    expect(snapshotAtPump(p).alarmsSilenced).toBe(true);
    p.tick(LINK_LOSS_MS);
    const realarmed = p.records().find((r) => r.type === EventType.ALARM_REALARMED)!;
    expect(realarmed.reasonCode).toBe(RealarmCause.LINK_LOST);
    const after = snapshotAtPump(p);
    expect([after.alarmsSilenced, after.alarmMask & linkAlarm]).toEqual([false, linkAlarm]);

    const q = running();
    q.setFaults(1 << SensorFault.LOW_BATTERY);
    expect(q.atPump(() => q.silenceAlarms(SilenceSource.LOCAL)).result).toBe(Result.OK);
    q.tick(LINK_LOSS_MS);
    expect(q.records().some((r) => r.type === EventType.ALARM_REALARMED)).toBe(false);
    // The battery alarm stays silenced for its 2 minutes; the link alarm is new and sounds.
    expect(q.records().at(-1)?.type).toBe(EventType.ALARM_RAISED);
    expect(snapshotAtPump(q).alarmMask & linkAlarm).toBe(linkAlarm);
  });
});
