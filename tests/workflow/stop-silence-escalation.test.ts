// Issue 15 §2, the remainder of alarm management (docs/workflow.md §7.2, §7.3): STOP silences the
// alarms still standing and clears the latched ones (REQ-WF-110), and every alarm that stops
// delivery counts for escalation, not only the sensor alarms (REQ-WF-111). Boundaries are tested
// one millisecond before and at the silence's end, and at the escalation window's edge ±1 ms.
import { describe, expect, it } from "vitest";
import { Mode, Verdict } from "../../firmware/abi/codes.ts";
import { EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import {
  Alarm,
  ESCALATION_WINDOW_MS,
  LINK_LOSS_MS,
  PumpState,
  RealarmCause,
  SILENCE_PERIOD_MS,
  SilenceSource,
  StopCause,
} from "../../firmware/abi/workflow-codes.ts";
import { HEPARIN, ICU, NO_CONCENTRATION, PumpDriver, SALINE } from "./driver.ts";

const UNITS = 1_000_000n;
const OCCLUSION = 1 << SensorFault.OCCLUSION;
const LOW_BATTERY = 1 << SensorFault.LOW_BATTERY;
const EMPTY = 1 << Alarm.RESERVOIR_EMPTY;
const NEAR = 1 << Alarm.RESERVOIR_NEAR_EMPTY;
/** ALARM_RAISED / ALARM_CLEARED detail: the bit | implied rate (2 stop) << 8. */
const ESCALATION_DETAIL = Alarm.ESCALATION | (2 << 8);

const snapshot = (pump: PumpDriver) => pump.getInfusion().value!.snapshot;
const recordsOf = (pump: PumpDriver, type: EventType) => pump.records().filter((r) => r.type === type);

/** Heparin 18 units/kg/h for 70 kg: 25.2 mL/h, 500 mL — it runs for hours. */
function heparinRunning(): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.setPatient(70_000, 0);
  pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
  expect(pump.program({ mode: Mode.DOSE, dose: 18n * UNITS, vtbiUl: 500_000n }).value?.result?.verdict).toBe(
    Verdict.GO,
  );
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

/** Saline at 3,600 µL/h (1 µL per second) from a container of `containerUl`, with `vtbiUl`. */
function salineRunning(containerUl: number, vtbiUl = 1_000_000n): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.selectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION });
  expect(pump.setContainer(containerUl).result).toBe(Result.OK);
  pump.program({ mode: Mode.RATE, rateUlPerHour: 3_600n, vtbiUl });
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

describe("REQ-WF-110 STOP silences every alarm still standing and clears the latched ones", () => {
  it("a STOP at the pump silences the standing sensor alarms for SILENCE_PERIOD_MS; they re-alarm at its end", () => {
    const pump = heparinRunning();
    pump.setFaults(OCCLUSION | LOW_BATTERY);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.ALARM, alarmsSilenced: false });
    const stopped = pump.atPump(() => pump.stop());
    expect(stopped.value?.snapshot).toMatchObject({
      state: PumpState.DRUG_SELECTED,
      alarmMask: OCCLUSION | LOW_BATTERY,
      alarmsSilenced: true,
      governingAlarm: Alarm.OCCLUSION,
    });
    // Logged as SILENCE_ALARMS logs: the source, the period, the mask silenced; after INFUSION_STOPPED.
    expect(recordsOf(pump, EventType.ALARM_SILENCED)).toMatchObject([
      { detail: OCCLUSION | LOW_BATTERY, reasonCode: SilenceSource.LOCAL, value: BigInt(SILENCE_PERIOD_MS) },
    ]);
    const types = pump.records().map((r) => r.type);
    expect(types.lastIndexOf(EventType.ALARM_SILENCED)).toBeGreaterThan(types.lastIndexOf(EventType.INFUSION_STOPPED));
    pump.tick(SILENCE_PERIOD_MS - 1);
    expect(snapshot(pump).alarmsSilenced).toBe(true);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toEqual([]);
    pump.tick(1);
    expect(snapshot(pump).alarmsSilenced).toBe(false);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([
      {
        detail: OCCLUSION | LOW_BATTERY,
        reasonCode: RealarmCause.PERIOD_EXPIRED,
        value: BigInt(SILENCE_PERIOD_MS),
      },
    ]);
  });

  it("a cause that goes away during the silence does not re-alarm; nothing standing, nothing silenced", () => {
    const pump = heparinRunning();
    pump.setFaults(OCCLUSION);
    pump.atPump(() => pump.stop());
    expect(snapshot(pump).alarmsSilenced).toBe(true);
    pump.setFaults(0);
    expect(snapshot(pump)).toMatchObject({ alarmsSilenced: false, alarmMask: 0 });
    pump.tick(SILENCE_PERIOD_MS);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toEqual([]);

    const quiet = heparinRunning();
    expect(quiet.atPump(() => quiet.stop()).value?.snapshot).toMatchObject({ alarmMask: 0, alarmsSilenced: false });
    expect(recordsOf(quiet, EventType.ALARM_SILENCED)).toEqual([]);
  });

  it("the latched alarms are cleared (VTBI complete), the standing ones silenced (low battery, the reservoir)", () => {
    // 1,000 µL at 1 µL/s: the VTBI is complete at 1,000,000 ms; the 1,100 µL bag (100 µL left, a tenth is 110) is near empty then.
    const pump = salineRunning(1_100, 1_000n);
    pump.tick(1_000_000);
    pump.setFaults(LOW_BATTERY);
    expect(snapshot(pump).alarmMask).toBe((1 << Alarm.VTBI_COMPLETE) | NEAR | LOW_BATTERY);
    const stopped = pump.atPump(() => pump.stop());
    expect(stopped.value?.snapshot).toMatchObject({ alarmMask: NEAR | LOW_BATTERY, alarmsSilenced: true });
    expect(recordsOf(pump, EventType.ALARM_CLEARED).map((r) => r.detail & 0xff)).toEqual([Alarm.VTBI_COMPLETE]);
    expect(recordsOf(pump, EventType.ALARM_SILENCED)).toMatchObject([{ detail: NEAR | LOW_BATTERY }]);
    pump.tick(SILENCE_PERIOD_MS - 1);
    expect(snapshot(pump).alarmsSilenced).toBe(true);
    pump.tick(1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([{ detail: NEAR | LOW_BATTERY }]);
  });

  it("a STOP over the serial line silences remotely: the silence also ends when the link is lost", () => {
    const pump = heparinRunning();
    pump.setFaults(OCCLUSION);
    pump.stop();
    expect(recordsOf(pump, EventType.ALARM_SILENCED)).toMatchObject([{ reasonCode: SilenceSource.REMOTE }]);
    pump.tick(LINK_LOSS_MS - 1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toEqual([]);
    pump.tick(1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([
      { detail: OCCLUSION, reasonCode: RealarmCause.LINK_LOST },
    ]);
  });
});

describe("REQ-WF-111 every alarm that stops delivery counts for escalation (REQ-WF-073)", () => {
  /** A 10 µL bag at 1 µL/s empties 10,000 ms after each RESUME. */
  const BAG_UL = 10;
  const BAG_MS = 10_000;

  /**
   * Three empty-bag cycles with stops at t0, t0 + 10,000 and t0 + 20,000 (t0 = 10,000 ms after
   * START), the third bag changed and resumed so that the fourth empties at t0 + `fourthStopMs`,
   * within a tick that runs `overshootMs` past it.
   */
  function fourthEmptyAt(fourthStopMs: number, overshootMs: number): PumpDriver {
    const pump = salineRunning(BAG_UL);
    for (let i = 0; i < 3; i++) {
      pump.tick(BAG_MS);
      expect(snapshot(pump)).toMatchObject({ state: PumpState.ALARM, alarmMask: EMPTY | NEAR });
      if (i === 2) pump.tick(fourthStopMs - 3 * BAG_MS); // waits in ALARM before the third bag change
      expect(pump.setContainer(BAG_UL).result).toBe(Result.OK);
      expect(pump.resume().result).toBe(Result.OK);
    }
    pump.tick(BAG_MS + overshootMs);
    return pump;
  }

  for (const overshootMs of [0, 5_000]) {
    it(`a fourth empty bag exactly ESCALATION_WINDOW_MS after the first escalates (tick ${overshootMs} ms past it)`, () => {
      const pump = fourthEmptyAt(ESCALATION_WINDOW_MS, overshootMs);
      expect(snapshot(pump)).toMatchObject({
        state: PumpState.DRUG_SELECTED,
        alarmMask: EMPTY | NEAR | (1 << Alarm.ESCALATION),
        motorRateUlPerHour: 0n,
      });
      const paused = recordsOf(pump, EventType.INFUSION_PAUSED);
      expect(paused).toHaveLength(4);
      expect(paused.at(-1)).toMatchObject({ detail: 0x100 | Alarm.RESERVOIR_EMPTY });
      expect(recordsOf(pump, EventType.INFUSION_STOPPED)).toMatchObject([{ detail: StopCause.ESCALATION }]);
      expect(recordsOf(pump, EventType.ALARM_RAISED).at(-1)).toMatchObject({ detail: ESCALATION_DETAIL });
      // Nothing can be resumed; a new bag does not bring the infusion back.
      expect(pump.setContainer(BAG_UL).result).toBe(Result.OK);
      expect(pump.resume().result).toBe(Result.OUT_OF_STATE);
    });

    it(`1 ms beyond the window the fourth empty bag is an ordinary stop (tick ${overshootMs} ms past it)`, () => {
      const pump = fourthEmptyAt(ESCALATION_WINDOW_MS + 1, overshootMs);
      expect(snapshot(pump)).toMatchObject({ state: PumpState.ALARM, alarmMask: EMPTY | NEAR });
      expect(recordsOf(pump, EventType.INFUSION_STOPPED)).toEqual([]);
      expect(recordsOf(pump, EventType.ALARM_RAISED).map((r) => r.detail & 0xff)).not.toContain(Alarm.ESCALATION);
    });
  }

  it("stops by the empty bag and by an occlusion do not add up; sensor stops still escalate on their own", () => {
    const pump = salineRunning(BAG_UL);
    for (let i = 0; i < 3; i++) {
      pump.tick(BAG_MS);
      pump.setContainer(BAG_UL);
      pump.resume();
    }
    pump.tick(1_000);
    pump.setFaults(OCCLUSION); // a fourth stop, by another alarm
    expect(snapshot(pump).state).toBe(PumpState.ALARM);
    for (let i = 0; i < 2; i++) {
      pump.setFaults(0);
      expect(pump.resume().result).toBe(Result.OK);
      pump.setFaults(OCCLUSION);
    }
    expect(snapshot(pump).state).toBe(PumpState.ALARM); // three occlusion stops, two resumed
    pump.setFaults(0);
    pump.resume();
    pump.setFaults(OCCLUSION); // the fourth occlusion stop: escalates
    expect(snapshot(pump).state).toBe(PumpState.DRUG_SELECTED);
    expect(recordsOf(pump, EventType.INFUSION_STOPPED)).toMatchObject([{ detail: StopCause.ESCALATION }]);
  });
});
