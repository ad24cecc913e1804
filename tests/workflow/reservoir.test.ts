// Issue 15 §2, the reservoir (docs/workflow.md §7.4): SET_CONTAINER gives the primary container's
// volume; near-empty at min(5 mL, a tenth of it) left, and at the exact millisecond the last µL is
// drawn the motor stops with RESERVOIR_EMPTY (high). Boundaries one millisecond before and at.
import { describe, expect, it } from "vitest";
import { ErrorDetail, Result } from "../../firmware/abi/protocol-codes.ts";
import { AlarmPriority, EventType } from "../../firmware/abi/event-types.ts";
import { Mode } from "../../firmware/abi/codes.ts";
import { Alarm, PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { ICU, PumpDriver, SALINE } from "./driver.ts";

const NEAR = 1 << Alarm.RESERVOIR_NEAR_EMPTY;
const EMPTY = 1 << Alarm.RESERVOIR_EMPTY;

/** Saline at 3,600 µL/h (1 µL per second) from a container of `containerUl`, with `vtbiUl`. */
function salineRunning(containerUl: number, vtbiUl = 1_000_000n): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.selectDrug({ entryId: SALINE, concentrationIndex: 0xff });
  expect(pump.setContainer(containerUl).result).toBe(Result.OK);
  pump.program({ mode: Mode.RATE, rateUlPerHour: 3_600n, vtbiUl });
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

const snapshot = (pump: PumpDriver) => pump.getInfusion().value!.snapshot;
const recordsOf = (pump: PumpDriver, type: EventType) => pump.records().filter((r) => r.type === type);

describe("REQ-WF-074 the primary container: near-empty, then empty stops the motor at its last µL", () => {
  it("a 100 mL bag: near-empty with 5 mL left (5 mL < a tenth), not 1 ms before; delivery continues", () => {
    const pump = salineRunning(100_000);
    pump.tick(95_000_000 - 1); // 94,999.999 µL drawn: more than 5,000 µL left
    expect(snapshot(pump).alarmMask).toBe(0);
    pump.tick(1);
    expect(snapshot(pump)).toMatchObject({
      alarmMask: NEAR,
      governingAlarm: Alarm.RESERVOIR_NEAR_EMPTY,
      highestAlarmPriority: AlarmPriority.LOW,
      state: PumpState.RUNNING,
    });
    // Regression (found by SC-WF-074): the record is stamped at the end of the tick that reached it, not its start.
    expect(recordsOf(pump, EventType.ALARM_RAISED)).toMatchObject([
      {
        detail: Alarm.RESERVOIR_NEAR_EMPTY,
        alarmPriority: AlarmPriority.LOW,
        rateUlPerHour: 3_600n,
        timeMs: 95_000_000n,
      },
    ]);
    expect(pump.motorRate()).toBe(3_600n);
  });

  it("a 20 mL bag: near-empty at a tenth (2 mL) left", () => {
    const pump = salineRunning(20_000);
    pump.tick(18_000_000 - 1);
    expect(snapshot(pump).alarmMask).toBe(0);
    pump.tick(1);
    expect(snapshot(pump).alarmMask).toBe(NEAR);
  });

  it("empty: the motor stops at the exact millisecond of the last µL, inside a tick; RESUME refused until a new bag", () => {
    const pump = salineRunning(1_000);
    pump.tick(999_999);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.RUNNING, totalDeliveredUl: 999n });
    pump.tick(5_000); // the last µL is drawn at 1,000,000 ms
    expect(snapshot(pump)).toMatchObject({
      state: PumpState.ALARM,
      motorRateUlPerHour: 0n,
      totalDeliveredUl: 1_000n,
      alarmMask: NEAR | EMPTY,
      governingAlarm: Alarm.RESERVOIR_EMPTY,
    });
    expect(pump.motorRate()).toBe(0n);
    const raised = recordsOf(pump, EventType.ALARM_RAISED).at(-1)!;
    expect(raised).toMatchObject({
      detail: Alarm.RESERVOIR_EMPTY | (2 << 8),
      alarmPriority: AlarmPriority.HIGH,
      timeMs: 1_000_000n,
    });
    expect(recordsOf(pump, EventType.INFUSION_PAUSED).at(-1)).toMatchObject({
      detail: 0x100 | Alarm.RESERVOIR_EMPTY,
      value: 1_000n,
      timeMs: 1_000_000n,
    });
    pump.tick(60_000);
    expect(snapshot(pump).totalDeliveredUl).toBe(1_000n);
    expect(pump.resume()).toMatchObject({ result: Result.ALARM_ACTIVE });
    expect(pump.setContainer(500).value?.snapshot).toMatchObject({ alarmMask: 0, state: PumpState.ALARM });
    expect(recordsOf(pump, EventType.ALARM_CLEARED).map((r) => r.detail & 0xff)).toEqual([
      Alarm.RESERVOIR_NEAR_EMPTY,
      Alarm.RESERVOIR_EMPTY,
    ]);
    expect(pump.resume().result).toBe(Result.OK);
    expect(pump.motorRate()).toBe(3_600n);
  });

  it("the VTBI and the container ending at the same µL: VTBI complete (KVO) and empty (stopped)", () => {
    const pump = salineRunning(1_000, 1_000n);
    pump.tick(1_000_000);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.ALARM, segment: Segment.KVO, motorRateUlPerHour: 0n });
    expect(snapshot(pump).alarmMask & ((1 << Alarm.VTBI_COMPLETE) | EMPTY)).toBe((1 << Alarm.VTBI_COMPLETE) | EMPTY);
  });

  it("KVO draws from the container too; a secondary does not", () => {
    const pump = salineRunning(1_000, 500n);
    pump.tick(500_000); // VTBI complete: KVO at 1,000 µL/h
    expect(snapshot(pump).segment).toBe(Segment.KVO);
    pump.tick(1_800_000 - 1); // 499.999... µL of KVO
    expect(snapshot(pump).state).toBe(PumpState.RUNNING);
    pump.tick(1);
    expect(snapshot(pump)).toMatchObject({ state: PumpState.ALARM, totalDeliveredUl: 1_000n });
  });

  it("no container: nothing is tracked; 0 stops tracking; a volume beyond 9,999,999 µL is refused", () => {
    const pump = salineRunning(0);
    pump.tick(3_600_000);
    expect(snapshot(pump).alarmMask).toBe(0);
    expect(pump.setContainer(10_000_000)).toMatchObject({
      result: Result.BAD_PAYLOAD,
      detail: ErrorDetail.PAYLOAD_FIELD,
    });
    expect(pump.setContainer(9_999_999).result).toBe(Result.OK);
  });
});
