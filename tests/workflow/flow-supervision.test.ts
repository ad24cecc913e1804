// Flow supervision (issue 15 §2, docs/workflow.md §7.5, REQ-WF-095 … REQ-WF-099): the host reports
// the flow it measures (REPORT_FLOW); more than max(10 %, 500 µL/h) above the motor's rate for
// longer than 30,000 ms — or free flow at once — raises FLOW_OVER_DELIVERY (bit 14, high, KVO).
// Worked by hand on sodium chloride 2001 (example library, Adult ICU) at 36,000 µL/h: the largest
// flow within the tolerance is 36,000 + 3,600 = 39,600 µL/h; at KVO (1,000 µL/h) it is 1,500 µL/h.
import { describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { AlarmPriority, EventType } from "../../firmware/abi/event-types.ts";
import { Command, ErrorDetail, Result } from "../../firmware/abi/protocol-codes.ts";
import {
  Alarm,
  ALARM_COUNT,
  FLOW_OVER_DELIVERY_MS,
  FlowAlarmCause,
  PumpState,
  RealarmCause,
  Segment,
  SilenceSource,
} from "../../firmware/abi/workflow-codes.ts";
import { PumpDriver } from "./driver.ts";

const SALINE = 2001;
const FLOW_BIT = 1 << Alarm.FLOW_OVER_DELIVERY;
const RAISED_DETAIL = Alarm.FLOW_OVER_DELIVERY | (1 << 8); // implied rate KVO

function salineRunning(): PumpDriver {
  const pump = new PumpDriver();
  expect(pump.selectCareArea(0).result).toBe(Result.OK);
  expect(pump.selectDrug({ entryId: SALINE, concentrationIndex: 255 }).result).toBe(Result.OK);
  expect(pump.program({ mode: Mode.RATE, rateUlPerHour: 36_000n, vtbiUl: 1_000_000n }).result).toBe(Result.OK);
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

const snapshot = (pump: PumpDriver) => pump.getInfusion().value!.snapshot;
const recordsOf = (pump: PumpDriver, type: EventType) => pump.records().filter((r) => r.type === type);

describe("REQ-WF-095 over-delivery is a measured flow above the motor's rate by more than max(10 %, 500 µL/h)", () => {
  it("39,600 µL/h at 36,000 µL/h is within for ever; 39,601 µL/h is over-delivery", () => {
    // ALARM_COUNT is one past the highest bit in use: 18 (LINK_LOST, issue 13, decisions/0045).
    expect([ALARM_COUNT, FLOW_OVER_DELIVERY_MS]).toEqual([19, 30_000]);
    const within = salineRunning();
    expect(within.reportFlow(39_600).result).toBe(Result.OK);
    within.tick(120_000);
    expect(snapshot(within)).toMatchObject({ alarmMask: 0, segment: Segment.PRIMARY, motorRateUlPerHour: 36_000n });
    const over = salineRunning();
    over.reportFlow(39_601);
    over.tick(120_000);
    expect(snapshot(over).alarmMask & FLOW_BIT).toBe(FLOW_BIT);
  });

  it("at KVO (1,000 µL/h) the 500 µL/h floor applies: 1,500 within, 1,501 over", () => {
    const pump = salineRunning();
    pump.reportFlow(100_000, true); // free flow: KVO at once
    expect(snapshot(pump)).toMatchObject({ segment: Segment.KVO, motorRateUlPerHour: 1_000n });
    pump.reportFlow(1_500);
    expect(pump.acknowledgeAlarms().value?.snapshot.alarmMask).toBe(0);
    pump.tick(60_000);
    expect(snapshot(pump).alarmMask).toBe(0);
    pump.reportFlow(1_501);
    pump.tick(FLOW_OVER_DELIVERY_MS + 1);
    expect(snapshot(pump).alarmMask).toBe(FLOW_BIT);
  });
});

describe("REQ-WF-096 over-delivery longer than 30,000 ms raises FLOW_OVER_DELIVERY and drops to KVO, at that millisecond", () => {
  it("30,000 ms over is tolerated; at 30,001 ms the alarm, the record and KVO", () => {
    const pump = salineRunning();
    pump.tick(1_000);
    pump.reportFlow(50_000); // at 1,000 ms
    pump.tick(FLOW_OVER_DELIVERY_MS);
    expect(snapshot(pump)).toMatchObject({ alarmMask: 0, motorRateUlPerHour: 36_000n });
    pump.tick(1);
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.RUNNING,
      segment: Segment.KVO,
      motorRateUlPerHour: 1_000n,
      alarmMask: FLOW_BIT,
      governingAlarm: Alarm.FLOW_OVER_DELIVERY,
      highestAlarmPriority: AlarmPriority.HIGH,
    });
    expect(recordsOf(pump, EventType.FLOW_OVER_DELIVERY)).toMatchObject([
      {
        timeMs: 31_001n,
        value: 50_000n,
        rateUlPerHour: 36_000n,
        limit: 39_600n,
        detail: FlowAlarmCause.SUSTAINED,
        entryId: SALINE,
      },
    ]);
    expect(recordsOf(pump, EventType.ALARM_RAISED).at(-1)).toMatchObject({
      timeMs: 31_001n,
      detail: RAISED_DETAIL,
      alarmPriority: AlarmPriority.HIGH,
      rateUlPerHour: 1_000n,
    });
  });

  it("one long tick is split at the deadline: 30,001 ms at 36,000 µL/h, then 29,999 ms at 1,000 µL/h", () => {
    const pump = salineRunning();
    pump.reportFlow(50_000); // at 0
    pump.tick(60_000);
    // 36,000 × 30,001 + 1,000 × 29,999 = 1,110,035,000 µL·ms/h = 308.34… µL.
    expect(snapshot(pump)).toMatchObject({ totalDeliveredUl: 308n, segment: Segment.KVO });
    expect(recordsOf(pump, EventType.FLOW_OVER_DELIVERY)[0].timeMs).toBe(30_001n);
  });

  it("a report within the tolerance ends the period: over again, the 30,000 ms start anew", () => {
    const pump = salineRunning();
    pump.reportFlow(50_000);
    pump.tick(20_000);
    pump.reportFlow(39_600);
    pump.tick(20_000);
    pump.reportFlow(50_000); // at 40,000
    pump.tick(FLOW_OVER_DELIVERY_MS);
    expect(snapshot(pump).alarmMask).toBe(0);
    pump.tick(1);
    expect(recordsOf(pump, EventType.FLOW_OVER_DELIVERY)).toMatchObject([{ timeMs: 70_001n }]);
  });

  it("a bolus running when the alarm comes ends; the pump runs KVO", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(0);
    pump.setPatient(70_000, 0);
    pump.selectDrug({ entryId: 1001, concentrationIndex: 0 });
    expect(pump.program({ mode: Mode.RATE, rateUlPerHour: 25_200n }).result).toBe(Result.OK);
    pump.start();
    expect(pump.bolus({ kind: 0, dose: 50_000_000n, rateUlPerHour: 100_000n }).result).toBe(Result.OK);
    expect(pump.start().value?.snapshot.segment).toBe(Segment.BOLUS);
    pump.reportFlow(0, true);
    expect(snapshot(pump)).toMatchObject({ segment: Segment.KVO, bolusRemainingUl: 0n, motorRateUlPerHour: 1_000n });
  });
});

describe("REQ-WF-097 free flow raises FLOW_OVER_DELIVERY at once, running or not", () => {
  it("running: the report itself raises it (detail FREE_FLOW)", () => {
    const pump = salineRunning();
    pump.tick(5_000);
    const answer = pump.reportFlow(36_000, true);
    expect(answer.value?.snapshot).toMatchObject({ segment: Segment.KVO, alarmMask: FLOW_BIT });
    expect(recordsOf(pump, EventType.FLOW_OVER_DELIVERY)).toMatchObject([
      { timeMs: 5_000n, value: 36_000n, detail: FlowAlarmCause.FREE_FLOW },
    ]);
  });

  it("not infusing: flow on a stopped set is over-delivery too (motor 0, tolerance 500 µL/h); the state stays", () => {
    const pump = new PumpDriver();
    pump.selectCareArea(0);
    pump.reportFlow(501);
    pump.tick(FLOW_OVER_DELIVERY_MS);
    expect(snapshot(pump).alarmMask).toBe(0);
    pump.tick(1);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.AREA_SELECTED, alarmMask: FLOW_BIT });
    expect(recordsOf(pump, EventType.FLOW_OVER_DELIVERY)).toMatchObject([
      { entryId: 0, value: 501n, rateUlPerHour: 0n, limit: 500n },
    ]);
  });
});

describe("REQ-WF-098 FLOW_OVER_DELIVERY clears only once a fresh report is within the tolerance", () => {
  it("ACK_ALARMS and STOP leave it until a report at the motor's rate now is within; then ACK clears it (still KVO)", () => {
    const pump = salineRunning();
    pump.reportFlow(0, true);
    expect(pump.acknowledgeAlarms().value?.snapshot.alarmMask).toBe(FLOW_BIT);
    pump.reportFlow(1_000);
    const acknowledged = pump.acknowledgeAlarms().value?.snapshot;
    expect(acknowledged).toMatchObject({ alarmMask: 0, segment: Segment.KVO, motorRateUlPerHour: 1_000n });
    expect(recordsOf(pump, EventType.ALARM_CLEARED).at(-1)).toMatchObject({ detail: RAISED_DETAIL });
    // Titration needs the primary in force: the clinician stops and programs again.
    expect(pump.titrate({ mode: Mode.RATE, rateUlPerHour: 30_000n }).result).toBe(Result.OUT_OF_STATE);

    const stopped = salineRunning();
    stopped.reportFlow(0, true);
    expect(stopped.stop().value?.snapshot).toMatchObject({ state: PumpState.DRUG_SELECTED, alarmMask: FLOW_BIT });
    stopped.reportFlow(0);
    expect(stopped.acknowledgeAlarms().value?.snapshot.alarmMask).toBe(0);
    // A report measured at the motor's rate now (KVO, 1,000 µL/h) and within: STOP clears it too.
    const clean = salineRunning();
    clean.reportFlow(0, true);
    clean.reportFlow(1_000);
    expect(clean.stop().value?.snapshot.alarmMask).toBe(0);
  });

  it("a report is compared with the rate it was measured at: after a rate change the pump waits for the next", () => {
    const pump = salineRunning();
    pump.reportFlow(39_601); // over at 36,000 µL/h
    pump.tick(10_000);
    expect(pump.pause().result).toBe(Result.OK); // motor 0: the report is stale, the period ends
    pump.tick(FLOW_OVER_DELIVERY_MS * 2);
    expect(snapshot(pump).alarmMask).toBe(0);
    pump.reportFlow(501); // on the paused set
    pump.tick(FLOW_OVER_DELIVERY_MS + 1);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.PAUSED, alarmMask: FLOW_BIT, segment: Segment.KVO });
  });
});

describe("REQ-WF-099 REPORT_FLOW: payload, and no keep-alive for a remote silence", () => {
  it("8 bytes; an unknown flag or a reserved byte is BAD_PAYLOAD / 17, another length / 16", () => {
    const pump = salineRunning();
    const bad = (bytes: number[]) => pump.send(Command.REPORT_FLOW, Uint8Array.from(bytes));
    expect(bad([0, 0, 0, 0, 2, 0, 0, 0])).toMatchObject({
      result: Result.BAD_PAYLOAD,
      detail: ErrorDetail.PAYLOAD_FIELD,
    });
    expect(bad([0, 0, 0, 0, 0, 0, 1, 0])).toMatchObject({
      result: Result.BAD_PAYLOAD,
      detail: ErrorDetail.PAYLOAD_FIELD,
    });
    expect(bad([0, 0, 0, 0, 0, 0, 0])).toMatchObject({
      result: Result.BAD_PAYLOAD,
      detail: ErrorDetail.PAYLOAD_LENGTH,
    });
    expect(snapshot(pump).alarmMask).toBe(0);
  });

  it("flow reports alone do not keep a remote silence's link alive: it re-alarms after 10,000 ms", () => {
    const pump = salineRunning();
    pump.reportFlow(0, true);
    expect(pump.silenceAlarms(SilenceSource.REMOTE).result).toBe(Result.OK);
    for (let i = 0; i < 9; i++) {
      pump.tick(1_000);
      pump.reportFlow(0, true);
    }
    pump.tick(999);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toEqual([]);
    pump.tick(1);
    expect(recordsOf(pump, EventType.ALARM_REALARMED)).toMatchObject([
      { detail: FLOW_BIT, reasonCode: RealarmCause.LINK_LOST },
    ]);
  });
});
