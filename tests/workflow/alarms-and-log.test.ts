// Issue 10 §6, alarms and the log: the firmware's own standing NO_LIBRARY alarm, alerts logged when
// they are raised (a power cut while one is pending must not lose it), and START refused for an
// alert logged (docs/workflow.md §5.4, §7, §9; docs/event-log.md §3.4).
import { describe, expect, it } from "vitest";
import { Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { AlarmPriority, EventType } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, OverrideReason, ProgramKind, PumpState } from "../../firmware/abi/workflow-codes.ts";
import { loadImage } from "../nv/firmware-instance.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import { HEPARIN, ICU, PumpDriver } from "./driver.ts";

const UNITS = 1_000_000n; // ABU per unit
const heparinDose = (unitsPerKgPerHour: bigint) => ({
  mode: Mode.DOSE,
  dose: unitsPerKgPerHour * UNITS,
  vtbiUl: 500_000n,
});
const NO_LIBRARY_BIT = 1 << Alarm.NO_LIBRARY;

function heparinPump(): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.setPatient(70_000, 0);
  pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
  return pump;
}

describe("REQ-WF-042 no library: the firmware's standing NO_LIBRARY alarm", () => {
  it("issue 10 §6: no library loaded raises a standing medium-priority alarm that clears on activation and returns when the library is dropped", () => {
    const pump = new PumpDriver({ library: false });
    expect(pump.getInfusion().value?.snapshot).toMatchObject({
      state: PumpState.IDLE,
      alarmMask: NO_LIBRARY_BIT,
      highestAlarmPriority: AlarmPriority.MEDIUM,
    });
    // Standing: acknowledging does not clear it, and it stops nothing (the motor is stopped anyway).
    expect(pump.acknowledgeAlarms().value?.snapshot.alarmMask).toBe(NO_LIBRARY_BIT);
    expect(pump.motorRate()).toBe(0n);
    expect(loadImage(pump.firmware, exampleLibraryImage())).toBe(Status.OK);
    expect(pump.getInfusion().value?.snapshot).toMatchObject({
      alarmMask: 0,
      highestAlarmPriority: AlarmPriority.NONE,
    });
    expect(pump.firmware.init()).toBe(Status.OK); // engine reset: the library is dropped
    expect(pump.getInfusion().value?.snapshot).toMatchObject({
      alarmMask: NO_LIBRARY_BIT,
      highestAlarmPriority: AlarmPriority.MEDIUM,
    });
  });
});

describe("REQ-WF-051 an alert is logged when raised; a START refused for it is logged", () => {
  it("issue 10 §6: a hard stop is logged when it is raised, so a power cut while it is pending does not lose it", () => {
    const pump = heparinPump();
    const checked = pump.program(heparinDose(41n));
    expect(checked.value?.result?.verdict).toBe(Verdict.HARD_STOP);
    expect(checked.events.map((e) => e.code)).toEqual([EventType.ALERT_RAISED]);
    const alert = {
      type: EventType.ALERT_RAISED,
      entryId: HEPARIN,
      careAreaId: ICU,
      outcome: Verdict.HARD_STOP,
      param: Param.DOSE,
      tier: Tier.HARD_MAX,
      reasonCode: 0,
      mode: Mode.DOSE,
      concentrationIndex: 0,
      value: 41n * UNITS,
      limit: 40n * UNITS,
      rateUlPerHour: 57_400n,
      detail: ProgramKind.PRIMARY,
    };
    expect(pump.records().at(-1)).toMatchObject(alert);
    // Power cut while the hard stop is pending: the program is gone (RAM), the alert is in the log.
    const after = new PumpDriver({ nv: pump.nv() });
    expect(after.records().filter((r) => r.type === EventType.ALERT_RAISED)).toMatchObject([alert]);
    expect(after.getInfusion().value?.snapshot.state).toBe(PumpState.IDLE);
  });

  it("issue 10 §6: a soft stop is logged when raised, and still resolved by exactly one record", () => {
    const pump = heparinPump();
    const checked = pump.program(heparinDose(30n));
    expect(checked.events.map((e) => e.code)).toEqual([EventType.ALERT_RAISED]);
    expect(pump.records().at(-1)).toMatchObject({
      type: EventType.ALERT_RAISED,
      outcome: Verdict.SOFT_STOP,
      param: Param.DOSE,
      tier: Tier.SOFT_MAX,
    });
    const edited = pump.program(heparinDose(18n)); // a go: the soft stop is resolved by the edit, no new alert
    expect(edited.events.map((e) => e.code)).toEqual([EventType.SOFT_STOP_EDITED]);
  });

  it("issue 10 §6: a refused START of a hard stop, or of a soft stop not overridden, is logged START_REFUSED", () => {
    const pump = heparinPump();
    pump.program(heparinDose(41n));
    const hard = pump.start();
    expect([hard.result, hard.detail]).toEqual([Result.START_BLOCKED, 2]);
    expect(hard.events.map((e) => e.code)).toEqual([EventType.START_REFUSED]);
    expect(pump.records().at(-1)).toMatchObject({
      type: EventType.START_REFUSED,
      outcome: Verdict.HARD_STOP,
      param: Param.DOSE,
      value: 41n * UNITS,
      detail: ProgramKind.PRIMARY,
    });
    pump.program(heparinDose(30n));
    const soft = pump.start();
    expect([soft.result, soft.detail]).toEqual([Result.START_BLOCKED, 1]);
    expect(pump.records().at(-1)).toMatchObject({
      type: EventType.START_REFUSED,
      outcome: Verdict.SOFT_STOP,
      reasonCode: 0,
    });
    // The refusal changed nothing else: still pending, START works once overridden.
    expect(pump.override(OverrideReason.CONFIRMED_WITH_PRESCRIBER).result).toBe(Result.OK);
    expect(pump.start().result).toBe(Result.OK);
  });
});
