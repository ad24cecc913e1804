// Delivery accounting, start/pause/resume/stop, alarms and power cycles (docs/workflow.md §6–§7).
// Saline 2001 (fluid, rate soft max 500 mL/h) in the ICU makes the arithmetic plain: 3,600 µL/h is
// exactly 1 µL per second.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { AlarmPriority, EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Command, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { PumpHost } from "../../simulator/pump/pump-host.ts";
import { encodeFrame } from "../../simulator/client/frame.ts";
import { encodeCareArea, encodeProgramBlock, encodeSelectDrug } from "../../simulator/client/workflow-messages.ts";
import { loadImage } from "../nv/firmware-instance.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import { ICU, NO_CONCENTRATION, PumpDriver, SALINE } from "./driver.ts";

function salinePump(rateUlPerHour: bigint, vtbiUl?: bigint): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.selectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION });
  expect(pump.program({ mode: Mode.RATE, rateUlPerHour, vtbiUl }).result).toBe(Result.OK);
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

const snapshot = (pump: PumpDriver) => pump.getInfusion().value!.snapshot;

describe("REQ-WF-023 exact delivery accounting", () => {
  it("any split of the same elapsed time delivers the same volume: floor(rate × ms / 3,600,000)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500_000 }),
        fc.array(fc.integer({ min: 0, max: 600_000 }), { minLength: 1, maxLength: 12 }),
        (rate, ticks) => {
          const pump = salinePump(BigInt(rate));
          ticks.forEach((ms) => pump.tick(ms));
          const totalMs = BigInt(ticks.reduce((a, b) => a + b, 0));
          expect(snapshot(pump).totalDeliveredUl).toBe((BigInt(rate) * totalMs) / 3_600_000n);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("VTBI complete at the exact millisecond: KVO at 1 mL/h and a medium alarm implying KVO", () => {
    const pump = salinePump(3_600n, 10n); // 10 µL at 1 µL/s: done at 10,000 ms
    const start = pump.records().at(-1)!.timeMs;
    pump.tick(9_999);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.PRIMARY, primaryDeliveredUl: 9n });
    pump.tick(5_000);
    const s = snapshot(pump);
    expect(s).toMatchObject({
      segment: Segment.KVO,
      motorRateUlPerHour: 1_000n,
      primaryDeliveredUl: 10n,
      alarmMask: 1 << Alarm.VTBI_COMPLETE,
      highestAlarmPriority: AlarmPriority.MEDIUM,
    });
    const alarm = pump.records().at(-1)!;
    expect(alarm).toMatchObject({
      type: EventType.ALARM_RAISED,
      alarmPriority: AlarmPriority.MEDIUM,
      detail: Alarm.VTBI_COMPLETE | (1 << 8),
      rateUlPerHour: 1_000n,
    });
    expect(alarm.timeMs - start).toBe(10_000n);
    // The other 4,999 ms ran at KVO: 1,000 µL/h × 4,999 ms in progress units, below one µL.
    expect(s.totalDeliveredUl).toBe(10n + (1_000n * 4_999n) / 3_600_000n);
  });

  it("KVO is the programmed rate when that is lower than 1 mL/h", () => {
    const pump = salinePump(500n, 1n);
    pump.tick(7_200);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.KVO, motorRateUlPerHour: 500n });
  });

  it("ACK_ALARMS clears the VTBI-complete notice; KVO continues until STOP", () => {
    const pump = salinePump(3_600n, 10n);
    pump.tick(20_000);
    expect(pump.acknowledgeAlarms().value?.snapshot).toMatchObject({
      alarmMask: 0,
      segment: Segment.KVO,
      motorRateUlPerHour: 1_000n,
    });
    expect(pump.records().at(-1)).toMatchObject({
      type: EventType.ALARM_CLEARED,
      detail: Alarm.VTBI_COMPLETE | (1 << 8),
    });
  });
});

describe("REQ-WF-022 start, pause, resume, stop", () => {
  it("pause stops the motor and delivery; resume continues; stop ends with the volume logged", () => {
    const pump = salinePump(3_600n, 1_000n);
    pump.tick(100_000);
    expect(pump.pause().value?.snapshot).toMatchObject({ state: PumpState.PAUSED, motorRateUlPerHour: 0n });
    expect(pump.motorRate()).toBe(0n);
    pump.tick(100_000);
    expect(snapshot(pump).totalDeliveredUl).toBe(100n);
    expect(pump.pause().result).toBe(Result.OUT_OF_STATE);
    expect(pump.resume().value?.snapshot).toMatchObject({ state: PumpState.RUNNING, motorRateUlPerHour: 3_600n });
    pump.tick(50_000);
    const stopped = pump.stop().value?.snapshot;
    expect(stopped).toMatchObject({
      state: PumpState.DRUG_SELECTED,
      motorRateUlPerHour: 0n,
      segment: Segment.NONE,
      entryId: SALINE,
    });
    expect(
      pump
        .records()
        .slice(-3)
        .map((r) => r.type),
    ).toEqual([EventType.INFUSION_PAUSED, EventType.INFUSION_RESUMED, EventType.INFUSION_STOPPED]);
    expect(pump.records().at(-1)).toMatchObject({ value: 150n, detail: 0 });
    expect(pump.stop().result).toBe(Result.OUT_OF_STATE);
    expect(pump.resume().result).toBe(Result.OUT_OF_STATE);
  });

  it("START with nothing pending is OUT_OF_STATE", () => {
    const pump = new PumpDriver();
    expect(pump.start()).toMatchObject({ result: Result.OUT_OF_STATE, detail: PumpState.IDLE });
  });
});

describe("REQ-WF-041 REQ-WF-040 alarms and no automatic restart", () => {
  it("occlusion stops the motor at once; clearing it does not restart; RESUME does, and not before", () => {
    const pump = salinePump(3_600n, 1_000n);
    expect(pump.setFaults(1 << SensorFault.OCCLUSION)).toBe(0);
    expect(pump.motorRate()).toBe(0n);
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.ALARM,
      highestAlarmPriority: AlarmPriority.HIGH,
      alarmMask: 1 << Alarm.OCCLUSION,
    });
    expect(pump.records().at(-1)).toMatchObject({ type: EventType.INFUSION_PAUSED, detail: 0x100 | Alarm.OCCLUSION });
    pump.tick(60_000);
    expect(snapshot(pump).totalDeliveredUl).toBe(0n);
    expect(pump.resume()).toMatchObject({ result: Result.ALARM_ACTIVE, detail: 1 << Alarm.OCCLUSION });
    pump.setFaults(0);
    expect(pump.motorRate()).toBe(0n);
    expect(snapshot(pump).state).toBe(PumpState.ALARM);
    expect(pump.resume().value?.snapshot).toMatchObject({ state: PumpState.RUNNING, motorRateUlPerHour: 3_600n });
  });

  it.each([
    [SensorFault.AIR_IN_LINE, Alarm.AIR_IN_LINE],
    [SensorFault.DOOR_OPEN, Alarm.DOOR_OPEN],
  ])("fault bit %i stops the motor with a high-priority alarm", (fault, alarm) => {
    const pump = salinePump(3_600n, 1_000n);
    pump.setFaults(1 << fault);
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.ALARM,
      motorRateUlPerHour: 0n,
      alarmMask: 1 << alarm,
      highestAlarmPriority: AlarmPriority.HIGH,
    });
  });

  it("low battery is a medium alarm and delivery continues", () => {
    const pump = salinePump(3_600n, 1_000n);
    pump.setFaults(1 << SensorFault.LOW_BATTERY);
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.RUNNING,
      motorRateUlPerHour: 3_600n,
      highestAlarmPriority: AlarmPriority.MEDIUM,
    });
  });

  it("START of a first program is refused while a stopping alarm is active", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    pump.selectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION });
    pump.program({ mode: Mode.RATE, rateUlPerHour: 3_600n });
    pump.setFaults(1 << SensorFault.DOOR_OPEN);
    expect(pump.start()).toMatchObject({ result: Result.ALARM_ACTIVE, detail: 1 << Alarm.DOOR_OPEN });
  });

  it("a power cycle while running comes back idle with the motor stopped", () => {
    const pump = salinePump(3_600n, 1_000n);
    pump.tick(10_000);
    const after = new PumpDriver({ nv: pump.nv() });
    expect(after.motorRate()).toBe(0n);
    expect(snapshot(after)).toMatchObject({ state: PumpState.IDLE, segment: Segment.NONE });
    after.tick(60_000);
    expect(after.motorRate()).toBe(0n);
    expect(after.records().at(-1)?.type).toBe(EventType.POWER_ON);
  });
});

describe("REQ-WF-060 the host runs the motor at motorRate()", () => {
  it("PumpHost's motor follows the firmware through start, occlusion, resume and stop", async () => {
    const host = await PumpHost.create();
    expect(host.loadLibrary(exampleLibraryImage())).toBe(0);
    let sequence = 0;
    const send = (code: number, payload: Uint8Array): void => {
      const frame = encodeFrame(FrameType.REQUEST, sequence++, code, payload);
      host.receive(Uint8Array.of(0, ...frame));
      host.drainTransmit();
    };
    send(Command.SELECT_CARE_AREA, encodeCareArea(ICU));
    send(Command.SELECT_DRUG, encodeSelectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION }));
    send(Command.PROGRAM, encodeProgramBlock({ mode: Mode.RATE, rateUlPerHour: 3_600n }));
    expect(host.motor.rateUlPerHour).toBe(0);
    send(Command.START, new Uint8Array(0));
    expect(host.motor.rateUlPerHour).toBe(3_600);
    host.setSensorFaults(1 << SensorFault.OCCLUSION);
    expect(host.motor.rateUlPerHour).toBe(0);
    host.setSensorFaults(0);
    host.tick(1_000);
    expect(host.motor.rateUlPerHour).toBe(0);
    send(Command.RESUME, new Uint8Array(0));
    expect(host.motor.rateUlPerHour).toBe(3_600);
    send(Command.STOP, new Uint8Array(0));
    expect(host.motor.rateUlPerHour).toBe(0);
  });
});

describe("REQ-WF-041 sensor alarms survive a library load", () => {
  it("an occlusion reported before libraryLoad still blocks START after it", () => {
    const pump = new PumpDriver();
    pump.setFaults(1 << SensorFault.OCCLUSION);
    expect(loadImage(pump.firmware, exampleLibraryImage())).toBe(0);
    pump.selectCareArea(ICU);
    pump.selectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION });
    pump.program({ mode: Mode.RATE, rateUlPerHour: 20_000n });
    expect(pump.start()).toMatchObject({ result: Result.ALARM_ACTIVE, detail: 1 << Alarm.OCCLUSION });
    expect(pump.motorRate()).toBe(0n);
  });
});
