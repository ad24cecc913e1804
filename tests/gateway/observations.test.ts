// The events the status reporter reads from the pump's event log (gateway/pcd/observations.ts,
// REQ-GW-054), and the PCD-10 message of one, read with @medplum/core.
import * as medplum from "@medplum/core";
import { describe, expect, it } from "vitest";
import { Alarm, PumpState } from "../../firmware/abi/workflow-codes.ts";
import { EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { eventOf, eventsOfRecords } from "../../gateway/pcd/log-events.ts";
import { buildPcd10 } from "../../gateway/pcd/observations.ts";
import type { EventRecord } from "../../simulator/pump/event-record.ts";
import { GATEWAY_PARTIES } from "../../gateway/service/start.ts";
import { blankRecord, IDLE_SNAPSHOT } from "./harness.ts";

const at = (state: PumpState, alarmMask = 0) => ({
  ...IDLE_SNAPSHOT,
  state,
  alarmMask,
  motorRateUlPerHour: state === PumpState.RUNNING ? 1000n : 0n,
});

const record = (type: EventType, fields: Partial<EventRecord> = {}): EventRecord =>
  blankRecord(type, { sequence: 10, timeMs: 5_000n, ...fields });

describe("REQ-GW-054 REQ-GW-058 infusion events from the pump's event log", () => {
  it("REQ-GW-058: start, resume, pause (by the clinician or an alarm), stop, completion, alarms raised and cleared, an override with its reason, an order's program cleared, the link", () => {
    const of = (type: EventType, fields: Partial<EventRecord> = {}) => eventOf(record(type, fields));
    expect(of(EventType.INFUSION_STARTED)).toEqual({ kind: "start" });
    expect(of(EventType.INFUSION_RESUMED)).toEqual({ kind: "start" });
    expect(of(EventType.INFUSION_PAUSED)).toEqual({ kind: "stop", cause: "by-clinician" });
    expect(of(EventType.INFUSION_PAUSED, { detail: 0x100 | Alarm.AIR_IN_LINE })).toEqual({
      kind: "stop",
      cause: "alarming",
    });
    expect(of(EventType.INFUSION_STOPPED)).toEqual({ kind: "stop", cause: "by-clinician" });
    expect(of(EventType.INFUSION_STOPPED, { detail: 2 })).toEqual({ kind: "stop", cause: "not-specified" });
    expect(of(EventType.ALARM_RAISED, { detail: 0x104 })).toEqual({ kind: "complete" });
    expect(of(EventType.ALARM_CLEARED, { detail: 4 })).toBeUndefined();
    expect(of(EventType.ALARM_RAISED, { detail: 0x200 | Alarm.ESCALATION, alarmPriority: 3 })).toEqual({
      kind: "alarm",
      alarmBit: Alarm.ESCALATION,
      phase: "start",
      priority: 3,
    });
    expect(of(EventType.FAULT_CLEARED, { detail: SensorFault.NV_STORAGE, alarmPriority: 3 })).toEqual({
      kind: "alarm",
      alarmBit: Alarm.NV_STORAGE,
      phase: "end",
      priority: 3,
    });
    expect(of(EventType.SOFT_STOP_OVERRIDDEN, { reasonCode: 4 })).toEqual({ kind: "override", reason: 4 });
    expect(of(EventType.PROGRAM_CANCELLED, { status: 7 })).toEqual({ kind: "program-cleared" });
    expect(of(EventType.PROGRAM_CANCELLED)).toBeUndefined(); // a manual program: no order
    expect(of(EventType.LINK_LOST, { status: 7 })).toEqual({ kind: "link", lost: true });
    expect(of(EventType.PROGRAM_CHECK)).toBeUndefined();
    expect(eventsOfRecords([record(EventType.ORDER_BOUND), record(EventType.INFUSION_STARTED, { status: 3 })])).toEqual(
      [{ sequence: 10, timeMs: 5_000n, handle: 3, rateUlPerHour: 0n, event: { kind: "start" } }],
    );
  });

  it("REQ-GW-054: an alarm MDC has no term for is coded in 99DERS, after the event condition", () => {
    const text = buildPcd10({
      parties: GATEWAY_PARTIES,
      controlId: "GW9",
      timeMs: Date.UTC(2026, 11, 5, 10, 0, 0),
      subject: { pumpId: "PUMP-A", orderId: "ORD-1", patientId: "MRN-1" },
      snapshot: at(PumpState.ALARM, 1 << Alarm.AIR_IN_LINE),
      event: { kind: "alarm", alarmBit: Alarm.AIR_IN_LINE, phase: "start", priority: 3 },
      eventTimeMs: Date.UTC(2026, 11, 5, 9, 59, 58),
      recordKey: "PUMP-A:42",
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
    expect(obx.slice(4, 8)).toEqual([
      ["5", "1.0.0.4", "start"],
      ["6", "1.0.0.5", "active"],
      ["7", "1.0.0.6", "PH"],
      ["8", "1.0.0.7", "PUMP-A:42"],
    ]);
    // The facets carry the time the pump logged the event; MSH-7 the time the message was made.
    expect(m.getAllSegments("OBX")[1].getField(14).toString()).toBe("20261205095958+0000");
    expect(m.header.getField(7).toString()).toBe("20261205100000+0000");
    expect(m.getAllSegments("OBX")[0].getField(18).toString()).toBe("PUMP-A");
  });
});
