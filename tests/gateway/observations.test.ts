// The events the status reporter derives from two snapshots of a pump (gateway/pcd/observations.ts,
// REQ-GW-054), and the PCD-10 message of one, read with @medplum/core.
import * as medplum from "@medplum/core";
import { describe, expect, it } from "vitest";
import { Alarm, PumpState } from "../../firmware/abi/workflow-codes.ts";
import { buildPcd10, eventsBetween } from "../../gateway/pcd/observations.ts";
import { GATEWAY_PARTIES } from "../../gateway/service/start.ts";
import { IDLE_SNAPSHOT } from "./harness.ts";

const at = (state: PumpState, alarmMask = 0) => ({
  ...IDLE_SNAPSHOT,
  state,
  alarmMask,
  motorRateUlPerHour: state === PumpState.RUNNING ? 1000n : 0n,
});

describe("REQ-GW-054 infusion events from the pump's status", () => {
  it("REQ-GW-054: pause and resume are a stop and a start; VTBI complete is a completion, not a stop; a second poll adds nothing", () => {
    expect(eventsBetween(at(PumpState.PROGRAM_PENDING), at(PumpState.RUNNING))).toEqual([{ kind: "start" }]);
    expect(eventsBetween(at(PumpState.RUNNING), at(PumpState.PAUSED))).toEqual([{ kind: "stop" }]);
    expect(eventsBetween(at(PumpState.PAUSED), at(PumpState.RUNNING))).toEqual([{ kind: "start" }]);
    expect(eventsBetween(at(PumpState.RUNNING), at(PumpState.ALARM, 1 << Alarm.VTBI_COMPLETE))).toEqual([
      { kind: "complete" },
    ]);
    expect(eventsBetween(at(PumpState.RUNNING), at(PumpState.ALARM, 1 << Alarm.AIR_IN_LINE))).toEqual([
      { kind: "alarm", alarmBit: Alarm.AIR_IN_LINE },
      { kind: "stop" },
    ]);
    expect(eventsBetween(at(PumpState.ALARM, 2), at(PumpState.ALARM, 2))).toEqual([]);
  });

  it("REQ-GW-054: an alarm MDC has no term for is coded in 99DERS, after the event condition", () => {
    const text = buildPcd10({
      parties: GATEWAY_PARTIES,
      controlId: "GW9",
      timeMs: Date.UTC(2026, 11, 5, 10, 0, 0),
      subject: { pumpId: "PUMP-A", orderId: "ORD-1", patientId: "MRN-1" },
      snapshot: at(PumpState.ALARM, 1 << Alarm.AIR_IN_LINE),
      event: { kind: "alarm", alarmBit: Alarm.AIR_IN_LINE },
    });
    const m = medplum.Hl7Message.parse(text);
    expect(m.header.getField(9).toString()).toBe("ORU^R42^ORU_R01");
    expect(m.header.getField(10).toString()).toBe("GW9");
    const obx = m
      .getAllSegments("OBX")
      .map((o) => [o.getField(1).toString(), o.getField(4).toString(), o.getField(5).toString()]);
    expect(obx.slice(0, 4)).toEqual([
      ["1", "1.0.0.0", ""],
      ["2", "1.0.0.1", "196616^MDC_EVT_ALARM^MDC"],
      ["3", "1.0.0.2", "1.1.2.0"],
      ["4", "1.0.0.3", "ALARM_AIR_IN_LINE^pump alarm AIR_IN_LINE^99DERS"],
    ]);
    expect(m.getAllSegments("OBX")[0].getField(18).toString()).toBe("PUMP-A");
  });
});
