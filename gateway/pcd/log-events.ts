// PCD-10 events from the pump's own event log (docs/gateway.md §6, decisions/0045): each record
// the gateway reads with READ_LOG becomes at most one infusion event, so an event is reported
// however short it was — a pause and a resume between two polls are two events — and an override
// carries the reason the clinician chose at the pump. The records' meaning is docs/event-log.md §3
// and docs/workflow.md §9; the order a record belongs to is its handle (decisions/0037).
import { EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Alarm } from "../../firmware/abi/workflow-codes.ts";
import type { EventRecord } from "../../simulator/pump/event-record.ts";
import { recordOrderHandle } from "../../simulator/pump/order-record.ts";

/** Why delivery stopped (the Technical Framework's "Pump Not Delivering Reason"). */
export type StopCause = "by-clinician" | "alarming" | "not-specified";

/** One PCD-10 event (IHE PCD TF-2 appendix M, table M.1.2-1, and alarms). */
export type PumpEvent =
  | { kind: "start" | "complete" | "program-cleared" }
  | { kind: "stop"; cause: StopCause }
  | { kind: "alarm"; alarmBit: number; phase: "start" | "end"; priority: number }
  | { kind: "override"; reason: number }
  | { kind: "link"; lost: boolean };

/** An event read from the log: the record it came from and what it says. */
export interface LogEvent {
  sequence: number;
  /** Pump time of the record, ms. */
  timeMs: bigint;
  /** The order handle of the record (0: none). */
  handle: number;
  /** The motor or segment rate the record carries, µL/h. */
  rateUlPerHour: bigint;
  event: PumpEvent;
}

/** The alarm bit a sensor fault raises (docs/workflow.md §7: fault bits 0–3 are alarm bits 0–3). */
const FAULT_ALARM: Readonly<Record<number, Alarm>> = {
  [SensorFault.OCCLUSION]: Alarm.OCCLUSION,
  [SensorFault.AIR_IN_LINE]: Alarm.AIR_IN_LINE,
  [SensorFault.DOOR_OPEN]: Alarm.DOOR_OPEN,
  [SensorFault.LOW_BATTERY]: Alarm.LOW_BATTERY,
  [SensorFault.NV_STORAGE]: Alarm.NV_STORAGE,
};

/** A stopping alarm's pause carries 0x100 | alarm bit in its detail (docs/workflow.md §9). */
const PAUSED_BY_ALARM = 0x100;

/** The event one record stands for, or undefined when the EHR need not hear of it. */
export function eventOf(record: EventRecord): PumpEvent | undefined {
  const bit = record.detail & 0xff;
  switch (record.type) {
    case EventType.INFUSION_STARTED:
    case EventType.INFUSION_RESUMED:
      return { kind: "start" };
    case EventType.INFUSION_PAUSED:
      return { kind: "stop", cause: (record.detail & PAUSED_BY_ALARM) !== 0 ? "alarming" : "by-clinician" };
    case EventType.INFUSION_STOPPED:
      return { kind: "stop", cause: record.detail === 0 ? "by-clinician" : "not-specified" };
    case EventType.ALARM_RAISED:
      if (bit === Alarm.VTBI_COMPLETE) return { kind: "complete" };
      return { kind: "alarm", alarmBit: bit, phase: "start", priority: record.alarmPriority };
    case EventType.ALARM_CLEARED:
      // The end of VTBI_COMPLETE is the clinician's acknowledgement, not an alarm of its own.
      if (bit === Alarm.VTBI_COMPLETE) return undefined;
      return { kind: "alarm", alarmBit: bit, phase: "end", priority: record.alarmPriority };
    case EventType.FAULT_RAISED:
    case EventType.FAULT_CLEARED: {
      const alarm = FAULT_ALARM[bit];
      if (alarm === undefined) return undefined;
      const phase = record.type === EventType.FAULT_RAISED ? "start" : "end";
      return { kind: "alarm", alarmBit: alarm, phase, priority: record.alarmPriority };
    }
    case EventType.SOFT_STOP_OVERRIDDEN:
      return { kind: "override", reason: record.reasonCode };
    case EventType.PROGRAM_CANCELLED:
      // Only an order's program is an auto-program the EHR knows of.
      return recordOrderHandle(record) === 0 ? undefined : { kind: "program-cleared" };
    case EventType.LINK_LOST:
      return { kind: "link", lost: true };
    case EventType.LINK_RESTORED:
      return { kind: "link", lost: false };
    default:
      return undefined;
  }
}

/** The events of records read in sequence order. */
export function eventsOfRecords(records: readonly EventRecord[]): LogEvent[] {
  const out: LogEvent[] = [];
  for (const record of records) {
    const event = eventOf(record);
    if (event === undefined) continue;
    out.push({
      sequence: record.sequence,
      timeMs: record.timeMs,
      handle: recordOrderHandle(record),
      rateUlPerHour: record.rateUlPerHour,
      event,
    });
  }
  return out;
}
