// Issue 15 §2, alarm management (docs/workflow.md §7): the one alarm table and the governing alarm,
// SILENCE_ALARMS with its period and link loss, and the escalation of repeated stop/restart cycles.
// Boundaries are tested one millisecond before, at and after each period.
import { describe, expect, it } from "vitest";
import { Mode, Verdict } from "../../firmware/abi/codes.ts";
import { AlarmPriority, EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import {
  Alarm,
  ESCALATION_WINDOW_MS,
  LINK_LOSS_MS,
  NO_ALARM,
  PumpState,
  RealarmCause,
  SILENCE_PERIOD_MS,
  SilenceSource,
  StopCause,
} from "../../firmware/abi/workflow-codes.ts";
import { HEPARIN, ICU, PumpDriver } from "./driver.ts";

const UNITS = 1_000_000n;
const OCCLUSION = 1 << SensorFault.OCCLUSION;
const DOOR = 1 << SensorFault.DOOR_OPEN;
const LOW_BATTERY = 1 << SensorFault.LOW_BATTERY;

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

const snapshot = (pump: PumpDriver) => pump.getInfusion().value!.snapshot;
const recordsOf = (pump: PumpDriver, type: EventType) => pump.records().filter((r) => r.type === type);

describe("REQ-WF-070 one alarm table; the governing alarm and the queue behind it", () => {
  it("the highest priority governs, then the most restrictive rate; the others queue and govern when it clears", () => {
    const pump = heparinRunning();
    expect(snapshot(pump)).toMatchObject({ governingAlarm: NO_ALARM, highestAlarmPriority: AlarmPriority.NONE });
    pump.setFaults(LOW_BATTERY);
    expect(snapshot(pump)).toMatchObject({
      governingAlarm: Alarm.LOW_BATTERY,
      highestAlarmPriority: AlarmPriority.MEDIUM,
      state: PumpState.RUNNING,
    });
    pump.setFaults(LOW_BATTERY | DOOR | OCCLUSION);
    // Occlusion and door open are both high and stop: the lower bit governs; low battery queues.
    expect(snapshot(pump)).toMatchObject({
      governingAlarm: Alarm.OCCLUSION,
      highestAlarmPriority: AlarmPriority.HIGH,
      alarmMask: LOW_BATTERY | DOOR | OCCLUSION,
    });
    pump.setFaults(LOW_BATTERY | DOOR);
    expect(snapshot(pump).governingAlarm).toBe(Alarm.DOOR_OPEN);
    pump.setFaults(LOW_BATTERY);
    expect(snapshot(pump)).toMatchObject({
      governingAlarm: Alarm.LOW_BATTERY,
      highestAlarmPriority: AlarmPriority.MEDIUM,
    });
    pump.setFaults(0);
    expect(snapshot(pump).governingAlarm).toBe(NO_ALARM);
  });

  it("with no library, NO_LIBRARY (medium, continue) governs; a high alarm takes over from it", () => {
    const pump = new PumpDriver({ library: false });
    expect(snapshot(pump)).toMatchObject({
      governingAlarm: Alarm.NO_LIBRARY,
      highestAlarmPriority: AlarmPriority.MEDIUM,
    });
    pump.setFaults(DOOR);
    expect(snapshot(pump)).toMatchObject({ governingAlarm: Alarm.DOOR_OPEN, highestAlarmPriority: AlarmPriority.HIGH });
  });

  it("the fault records carry the table's priority (low battery medium, the others high)", () => {
    const pump = heparinRunning();
    pump.setFaults(LOW_BATTERY | (1 << SensorFault.NV_STORAGE));
    expect(recordsOf(pump, EventType.FAULT_RAISED).map((r) => r.alarmPriority)).toEqual([
      AlarmPriority.MEDIUM,
      AlarmPriority.HIGH,
    ]);
  });
});

describe("REQ-WF-071 SILENCE_ALARMS mutes for SILENCE_PERIOD_MS of pump time, then the alarms sound again", () => {
  it("nothing to silence is refused and changes nothing; a bad source byte is refused", () => {
    const pump = heparinRunning();
    expect(pump.silenceAlarms(SilenceSource.LOCAL)).toMatchObject({ result: Result.NO_ALARM_TO_SILENCE, detail: 0 });
    pump.setFaults(LOW_BATTERY);
    expect(pump.silenceAlarms(2)).toMatchObject({ result: Result.BAD_SILENCE_SOURCE, detail: 2 });
    expect(snapshot(pump).alarmsSilenced).toBe(false);
    expect(recordsOf(pump, EventType.ALARM_SILENCED)).toEqual([]);
  });

  it("a local silence ends exactly SILENCE_PERIOD_MS later: not 1 ms before, logged at the tick that reaches it", () => {
    expect(SILENCE_PERIOD_MS).toBe(120_000);
    const pump = heparinRunning();
    pump.setFaults(LOW_BATTERY);
    const silenced = pump.silenceAlarms(SilenceSource.LOCAL);
    expect(silenced.value?.snapshot).toMatchObject({
      alarmsSilenced: true,
      alarmMask: LOW_BATTERY,
      governingAlarm: Alarm.LOW_BATTERY,
      state: PumpState.RUNNING,
    });
    expect(recordsOf(pump, EventType.ALARM_SILENCED)).toMatchObject([
      { detail: LOW_BATTERY, reasonCode: SilenceSource.LOCAL, value: 120_000n },
    ]);
    pump.tick(SILENCE_PERIOD_MS - 1);
    expect(snapshot(pump).alarmsSilenced).toBe(true);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toEqual([]);
    pump.tick(1);
    expect(snapshot(pump).alarmsSilenced).toBe(false);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([
      { detail: LOW_BATTERY, reasonCode: RealarmCause.PERIOD_EXPIRED, value: 120_000n },
    ]);
    pump.tick(1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toHaveLength(1);
  });

  it("a tick that passes the end re-alarms at its end (value = the time silenced)", () => {
    const pump = heparinRunning();
    pump.setFaults(LOW_BATTERY);
    pump.silenceAlarms(SilenceSource.LOCAL);
    pump.tick(SILENCE_PERIOD_MS + 1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([
      { reasonCode: RealarmCause.PERIOD_EXPIRED, value: 120_001n },
    ]);
  });

  it("silencing changes no alarm and no rate; an alarm raised during the silence sounds, the silenced one stays muted", () => {
    const pump = heparinRunning();
    pump.setFaults(LOW_BATTERY);
    pump.silenceAlarms(SilenceSource.LOCAL);
    expect(pump.motorRate()).toBe(25_200n);
    pump.setFaults(LOW_BATTERY | OCCLUSION);
    // The occlusion stops the motor and is not silenced; low battery still is.
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.ALARM,
      governingAlarm: Alarm.OCCLUSION,
      alarmsSilenced: true,
    });
    pump.setFaults(LOW_BATTERY);
    pump.tick(SILENCE_PERIOD_MS);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([{ detail: LOW_BATTERY }]);
  });

  it("a silenced alarm that clears ends its silence without a re-alarm; raised again it sounds at once", () => {
    const pump = heparinRunning();
    pump.setFaults(LOW_BATTERY);
    pump.silenceAlarms(SilenceSource.LOCAL);
    pump.setFaults(0);
    pump.setFaults(LOW_BATTERY);
    expect(snapshot(pump).alarmsSilenced).toBe(false);
    pump.tick(SILENCE_PERIOD_MS);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toEqual([]);
  });

  it("STOP clears the infusion's latched alarms and with them their silence", () => {
    const pump = heparinRunning();
    pump.titrate({ mode: Mode.DOSE, dose: 18n * UNITS, vtbiUl: 1n });
    pump.start();
    pump.tick(1_000); // 1 µL at 25.2 mL/h takes 143 ms: VTBI complete, KVO
    expect(snapshot(pump).alarmMask).toBe(1 << Alarm.VTBI_COMPLETE);
    pump.silenceAlarms(SilenceSource.LOCAL);
    expect(pump.stop().value?.snapshot).toMatchObject({
      alarmMask: 0,
      alarmsSilenced: false,
      governingAlarm: NO_ALARM,
    });
    expect(recordsOf(pump, EventType.ALARM_CLEARED).map((r) => r.detail & 0xff)).toEqual([Alarm.VTBI_COMPLETE]);
    pump.tick(SILENCE_PERIOD_MS);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toEqual([]);
  });
});

describe("REQ-WF-072 a remote silence re-alarms on link loss: no valid frame for LINK_LOSS_MS of pump time", () => {
  it("frames every LINK_LOSS_MS − 1 ms keep it; the link lost at exactly LINK_LOSS_MS re-alarms", () => {
    expect(LINK_LOSS_MS).toBe(10_000);
    const pump = heparinRunning();
    pump.setFaults(LOW_BATTERY);
    pump.silenceAlarms(SilenceSource.REMOTE);
    for (let i = 0; i < 5; i++) {
      pump.tick(LINK_LOSS_MS - 1);
      expect(pump.getInfusion().value?.snapshot.alarmsSilenced).toBe(true); // a valid frame: the link lives
    }
    pump.tick(LINK_LOSS_MS - 1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toEqual([]);
    pump.tick(1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([
      { detail: LOW_BATTERY, reasonCode: RealarmCause.LINK_LOST, value: 6n * BigInt(LINK_LOSS_MS) - 5n },
    ]);
    expect(snapshot(pump).alarmsSilenced).toBe(false);
  });

  it("a local silence ignores the link; a remote one kept alive still ends with its period", () => {
    const local = heparinRunning();
    local.setFaults(LOW_BATTERY);
    local.silenceAlarms(SilenceSource.LOCAL);
    local.tick(LINK_LOSS_MS * 5);
    expect(recordsOf(local, EventType.ALARM_REALARMED)).toEqual([]);
    const remote = heparinRunning();
    remote.setFaults(LOW_BATTERY);
    remote.silenceAlarms(SilenceSource.REMOTE);
    for (let t = 0; t < SILENCE_PERIOD_MS; t += 5_000) {
      remote.tick(5_000);
      remote.getInfusion();
    }
    expect(recordsOf(remote, EventType.ALARM_REALARMED)).toMatchObject([{ reasonCode: RealarmCause.PERIOD_EXPIRED }]);
  });

  it("a damaged frame is not a valid frame: it does not keep the link alive", () => {
    const pump = heparinRunning();
    pump.setFaults(LOW_BATTERY);
    pump.silenceAlarms(SilenceSource.REMOTE);
    pump.tick(LINK_LOSS_MS - 1);
    new Uint8Array(pump.firmware.memory.buffer).set([0x01, 0x02, 0x03, 0x00], pump.firmware.rxBufferOffset());
    pump.firmware.receive(4);
    pump.tick(1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([{ reasonCode: RealarmCause.LINK_LOST }]);
  });
});

describe("REQ-WF-073 the same alarm stopping the infusion a fourth time within 10 minutes escalates", () => {
  /** One cycle: the occlusion stops the motor at the current time, clears after `clearMs`, RESUME. */
  function cycle(pump: PumpDriver, clearMs: number): void {
    pump.setFaults(OCCLUSION);
    expect(pump.motorRate()).toBe(0n);
    pump.tick(clearMs);
    pump.setFaults(0);
    expect(pump.resume().result).toBe(Result.OK);
  }

  /** Three cycles with their stops at 0, 1,000 and 2,000 ms, then the fourth stop at 2,000 + `gapMs` after the third RESUME. */
  function fourthStopAt(fourthStopMs: number): PumpDriver {
    const pump = heparinRunning();
    for (let i = 0; i < 3; i++) {
      cycle(pump, 500);
      pump.tick(500);
    }
    // The first stop was at clock t0; now is t0 + 3,000. The fourth stop comes at t0 + fourthStopMs.
    pump.tick(fourthStopMs - 3_000);
    pump.setFaults(OCCLUSION);
    return pump;
  }

  it("at exactly ESCALATION_WINDOW_MS after the first stop the fourth stop ends the infusion and raises ESCALATION", () => {
    expect(ESCALATION_WINDOW_MS).toBe(600_000);
    const pump = fourthStopAt(ESCALATION_WINDOW_MS);
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.DRUG_SELECTED,
      governingAlarm: Alarm.OCCLUSION,
      alarmMask: OCCLUSION | (1 << Alarm.ESCALATION),
      motorRateUlPerHour: 0n,
    });
    expect(recordsOf(pump, EventType.INFUSION_STOPPED).at(-1)).toMatchObject({ detail: StopCause.ESCALATION });
    expect(recordsOf(pump, EventType.ALARM_RAISED).at(-1)).toMatchObject({
      detail: Alarm.ESCALATION | (2 << 8),
      alarmPriority: AlarmPriority.HIGH,
    });
    // Nothing restarts it; a new START is refused until the escalation is acknowledged.
    expect(pump.resume().result).toBe(Result.OUT_OF_STATE);
    pump.setFaults(0);
    expect(snapshot(pump).governingAlarm).toBe(Alarm.ESCALATION);
    pump.program({ mode: Mode.DOSE, dose: 18n * UNITS, vtbiUl: 500_000n });
    expect(pump.start()).toMatchObject({ result: Result.ALARM_ACTIVE });
    expect(pump.acknowledgeAlarms().value?.snapshot.alarmMask).toBe(0);
    expect(recordsOf(pump, EventType.ALARM_CLEARED).at(-1)).toMatchObject({ detail: Alarm.ESCALATION | (2 << 8) });
    expect(pump.start().result).toBe(Result.OK);
  });

  it("1 ms beyond the window the fourth stop is an ordinary stop", () => {
    const pump = fourthStopAt(ESCALATION_WINDOW_MS + 1);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.ALARM, alarmMask: OCCLUSION });
    expect(recordsOf(pump, EventType.ALARM_RAISED)).toEqual([]);
  });

  it("three stops do not escalate, nor do stops by different alarms, nor cycles of a previous infusion", () => {
    const pump = heparinRunning();
    cycle(pump, 10);
    cycle(pump, 10);
    pump.setFaults(OCCLUSION);
    expect(snapshot(pump).state).toBe(PumpState.ALARM);
    pump.setFaults(0);
    pump.resume();
    pump.setFaults(DOOR); // a fourth stop, but by another alarm
    expect(snapshot(pump).state).toBe(PumpState.ALARM);
    pump.setFaults(0);
    pump.stop(); // a new infusion starts a new history
    pump.program({ mode: Mode.DOSE, dose: 18n * UNITS, vtbiUl: 500_000n });
    pump.start();
    pump.setFaults(OCCLUSION);
    expect(snapshot(pump).state).toBe(PumpState.ALARM);
    expect(recordsOf(pump, EventType.ALARM_RAISED)).toEqual([]);
  });

  it("three quick cycles and a fourth stop by the same alarm escalate (the shortest case)", () => {
    const pump = heparinRunning();
    for (let i = 0; i < 3; i++) cycle(pump, 10);
    pump.setFaults(OCCLUSION); // the fourth: escalates
    expect(snapshot(pump).state).toBe(PumpState.DRUG_SELECTED);
  });
});
