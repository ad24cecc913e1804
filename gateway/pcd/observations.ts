// PCD-01 (ORU^R01, Communicate PCD Data) and PCD-10 (ORU^R42, Communicate Infusion Event Data):
// the pump's status and events back to the EHR (IHE PCD TF-2 §3.1, §3.10, appendix on infusion
// events), built from the pump's workflow snapshot. The OBX segments follow the device containment
// in OBX-4 (MDS 1.0.0.0, VMD 1.1.0.0, delivery information 1.1.1.x, the primary source 1.1.2.x)
// with the MDC terms the Technical Framework uses; an MDC term whose number the Framework's text
// does not give is written with its reference ID and an empty identifier, as the Framework writes
// its enumerations; what has no MDC term (the DERS override) is coded in the local system 99DERS.
// Volumes and rates are reported in mL and mL/h (MDC and UCUM) from the pump's exact µL values.
import { Alarm, PumpState } from "../../firmware/abi/workflow-codes.ts";
import type { InfusionSnapshot } from "../../simulator/client/workflow-messages.ts";
import { encodeHl7, type FieldValue, type SegmentValues } from "../hl7/encode.ts";
import { formatScaled } from "./decimal.ts";
import { writeDtm } from "./dtm.ts";
import type { PumpEvent, StopCause } from "./log-events.ts";
import type { AmountKind, Basis } from "./units.ts";

export const PCD01_PROFILE: readonly string[] = ["IHE_PCD_001", "IHE PCD", "1.3.6.1.4.1.19376.1.6.1.1.1", "ISO"];
export const PCD10_PROFILE: readonly string[] = ["IHE_PCD_010", "IHE PCD", "1.3.6.1.4.1.19376.1.6.4.10", "ISO"];

const ML: readonly string[] = ["263762", "MDC_DIM_MILLI_L", "MDC", "mL", "mL", "UCUM"];
const ML_PER_H: readonly string[] = ["265266", "MDC_DIM_MILLI_L_PER_HR", "MDC", "mL/h", "mL/h", "UCUM"];
const KG: readonly string[] = ["263875", "MDC_DIM_KILO_G", "MDC", "kg", "kg", "UCUM"];

/** Who the report is about: the pump, and the order and patient bound to it when there is one. */
export interface ReportSubject {
  pumpId: string;
  orderId?: string;
  patientId?: string;
  /** The bound order's concentration and dose basis, for the dose rate the pump delivers. */
  dosing?: { amountKind: AmountKind; basis: Basis; amountAbu: bigint; volumeUl: bigint };
}

/** UCUM amount unit per kind and its size in ABU (docs/units.md). */
const DOSE_UNIT: Readonly<Record<AmountKind, readonly [string, bigint]>> = {
  mass: ["ug", 1_000_000n],
  units: ["[iU]", 1_000_000n],
  mEq: ["meq", 1_000_000n],
  mmol: ["mmol", 1_000_000n],
};

/**
 * The dose rate the pump delivers at `rateUlPerHour`, for display: rate × amount / volume per
 * basis per hour, in µg (or units, mEq, mmol) with 3 decimals, cut (not rounded) — a report, not a
 * decision. Undefined when the basis needs a weight or BSA the pump does not have.
 */
export function doseRateOf(
  rateUlPerHour: bigint,
  d: NonNullable<ReportSubject["dosing"]>,
  weightG: number,
  bsaM2X10000: number,
): { value: string; unit: string } | undefined {
  const [unit, abu] = DOSE_UNIT[d.amountKind];
  let numerator = rateUlPerHour * d.amountAbu * 1000n; // × 1000: three decimals
  let denominator = d.volumeUl * abu;
  if (d.basis === "weight") {
    if (weightG === 0) return undefined;
    numerator *= 1000n;
    denominator *= BigInt(weightG);
  } else if (d.basis === "bsa") {
    if (bsaM2X10000 === 0) return undefined;
    numerator *= 10_000n;
    denominator *= BigInt(bsaM2X10000);
  }
  const basis = d.basis === "weight" ? "/kg" : d.basis === "bsa" ? "/m2" : "";
  return { value: formatScaled(numerator / denominator, 3), unit: `${unit}${basis}/h` };
}

/** MSH-3/4 and MSH-5/6 of the messages the gateway originates. */
export interface Parties {
  sendingApplication: readonly string[];
  sendingFacility: string;
  receivingApplication: readonly string[];
  receivingFacility: string;
}

/** The Technical Framework's infusion event terms (TF-2 table M.1.2-1). */
const EVENT_CODES: Readonly<Record<"start" | "stop" | "complete" | "program-cleared" | "link", readonly string[]>> = {
  start: ["197288", "MDC_EVT_PUMP_DELIV_START", "MDC"],
  stop: ["", "MDC_EVT_PUMP_DELIV_STOP", "MDC"],
  complete: ["", "MDC_EVT_PUMP_DELIV_COMP", "MDC"],
  "program-cleared": ["", "MDC_EVT_PUMP_AUTO_PROG_CLEARED", "MDC"],
  link: ["", "MDC_EVT_COMM_STATUS_CHANGE", "MDC"],
};

/** Pump alarms (firmware/abi/workflow-codes.ts Alarm) as MDC alert terms where one exists. */
const ALARM_CODES: Readonly<Record<number, readonly string[]>> = {
  [Alarm.OCCLUSION]: ["196940", "MDC_EVT_FLUID_LINE_OCCL", "MDC"],
  [Alarm.DOOR_OPEN]: ["202828", "MDC_EVT_STAT_DOOR_OPEN", "MDC"],
  [Alarm.LOW_BATTERY]: ["196802", "MDC_EVT_BATT_LO", "MDC"],
  [Alarm.RESERVOIR_EMPTY]: ["196634", "MDC_EVT_EMPTY", "MDC"],
};
const alarmName = (bit: number): string => Alarm[bit] ?? `BIT_${bit}`;
const alarmCode = (bit: number): readonly string[] =>
  ALARM_CODES[bit] ?? [`ALARM_${alarmName(bit)}`, `pump alarm ${alarmName(bit)}`, "99DERS"];
/** OBX-5 of MDC_ATTR_ALARM_PRIORITY by the pump's priority (0 none … 3 high). */
const PRIORITY_CODES = ["PN", "PL", "PM", "PH"];

const OVERRIDE_REASONS = [
  "NONE",
  "CONFIRMED_WITH_PRESCRIBER",
  "PATIENT_SPECIFIC_PROTOCOL",
  "CLINICAL_CONDITION",
  "PHARMACY_VERIFIED",
  "EMERGENCY",
];

const infusing = (s: InfusionSnapshot): boolean => s.state === PumpState.RUNNING && s.motorRateUlPerHour > 0n;

function obx(
  n: number,
  type: string,
  code: readonly string[],
  sub: string,
  value: FieldValue,
  units: readonly string[] | "",
  time: string,
  equipment: FieldValue = "",
): SegmentValues {
  return {
    id: "OBX",
    fields: [
      String(n),
      type,
      [...code],
      sub,
      value,
      units === "" ? "" : [...units],
      "",
      "",
      "",
      "",
      type === "" ? "X" : "R",
      "",
      "",
      time,
      "",
      "",
      "",
      equipment,
    ],
  };
}

function header(
  parties: Parties,
  trigger: "R01" | "R42",
  controlId: string,
  time: string,
  profile: readonly string[],
): SegmentValues {
  return {
    id: "MSH",
    fields: [
      [...parties.sendingApplication],
      parties.sendingFacility,
      [...parties.receivingApplication],
      parties.receivingFacility,
      time,
      "",
      ["ORU", trigger, "ORU_R01"],
      controlId,
      "P",
      "2.6",
      "",
      "",
      "AL",
      "NE",
      "",
      "UNICODE UTF-8",
      "",
      "",
      [...profile],
    ],
  };
}

function subjectSegments(subject: ReportSubject, time: string): SegmentValues[] {
  return [
    { id: "PID", fields: ["", "", subject.patientId === undefined ? "" : [subject.patientId]] },
    {
      id: "OBR",
      fields: [
        "1",
        subject.orderId === undefined ? "" : [subject.orderId],
        "",
        ["69985", "MDC_DEV_PUMP_INFUS_MDS", "MDC"],
        "",
        "",
        time,
      ],
    },
  ];
}

/** What an event record says of delivery at its moment (the rest of the status is as last read). */
export interface DeliveryAtEvent {
  delivering: boolean;
  flowUlPerHour: bigint;
  cause?: StopCause;
}

/** Delivery at an event: a start delivers at the record's rate, a stop delivers nothing, and why. */
export function deliveryAtEvent(event: PumpEvent, rateUlPerHour: bigint): DeliveryAtEvent | undefined {
  if (event.kind === "start") return { delivering: true, flowUlPerHour: rateUlPerHour };
  if (event.kind === "stop") return { delivering: false, flowUlPerHour: 0n, cause: event.cause };
  return undefined;
}

/** The status observations of one pump, numbered from `first`. */
function statusObservations(
  s: InfusionSnapshot,
  subject: ReportSubject,
  time: string,
  first: number,
  at?: DeliveryAtEvent,
): SegmentValues[] {
  const pumpId = subject.pumpId;
  let n = first;
  const out: SegmentValues[] = [];
  const add = (
    type: string,
    code: readonly string[],
    sub: string,
    value: FieldValue,
    units: readonly string[] | "" = "",
    eq: FieldValue = "",
  ): void => void out.push(obx(n++, type, code, sub, value, units, time, eq));
  add("", ["69985", "MDC_DEV_PUMP_INFUS_MDS", "MDC"], "1.0.0.0", "", "", [pumpId]);
  add("", ["70050", "MDC_DEV_PUMP_INFUS_LVP_VMD", "MDC"], "1.1.0.0", "");
  add("", ["70067", "MDC_DEV_PUMP_DELIVERY_INFO", "MDC"], "1.1.1.0", "");
  const delivering = at?.delivering ?? infusing(s);
  add("CWE", ["184519", "MDC_PUMP_INFUSING_STATUS", "MDC"], "1.1.1.1", [
    "",
    delivering ? "pump-status-infusing" : "pump-status-not-infusing",
  ]);
  const flow = at?.flowUlPerHour ?? s.motorRateUlPerHour;
  add("NM", ["158014", "MDC_FLOW_FLUID_PUMP_CURRENT", "MDC"], "1.1.1.2", formatScaled(flow, 3), ML_PER_H);
  add("", ["70071", "MDC_DEV_PUMP_INFUSATE_SOURCE_PRIMARY", "MDC"], "1.1.2.0", "");
  const status = delivering
    ? s.segment === 4
      ? "pump-delivery-status-kvo"
      : "pump-delivery-status-delivering"
    : "pump-delivery-status-not-delivering";
  add("CWE", ["158005", "MDC_DEV_PUMP_CURRENT_DELIVERY_STATUS", "MDC"], "1.1.2.1", ["", status]);

  add("ST", ["", "DERS_PUMP_STATE", "99DERS"], "1.1.2.2", PumpState[s.state] ?? String(s.state));
  add("NM", ["157784", "MDC_FLOW_FLUID_PUMP", "MDC"], "1.1.2.3", formatScaled(s.primaryRateUlPerHour, 3), ML_PER_H);
  add("NM", ["157884", "MDC_VOL_FLUID_TBI", "MDC"], "1.1.2.4", formatScaled(s.primaryVtbiUl, 3), ML);
  add("NM", ["157993", "MDC_VOL_FLUID_DELIV_TOTAL", "MDC"], "1.1.2.5", formatScaled(s.totalDeliveredUl, 3), ML);
  const remaining = s.primaryVtbiUl > s.primaryDeliveredUl ? s.primaryVtbiUl - s.primaryDeliveredUl : 0n;
  add("NM", ["157872", "MDC_VOL_FLUID_TBI_REMAIN", "MDC"], "1.1.2.6", formatScaled(remaining, 3), ML);
  if (s.weightG > 0)
    add("NM", ["68063", "MDC_ATTR_PT_WEIGHT", "MDC"], "1.1.2.7", formatScaled(BigInt(s.weightG), 3), KG);
  const dose = subject.dosing && doseRateOf(s.primaryRateUlPerHour, subject.dosing, s.weightG, s.bsaM2X10000);
  if (dose !== undefined)
    add("NM", ["157924", "MDC_RATE_DOSE", "MDC"], "1.1.2.8", dose.value, [dose.unit, dose.unit, "UCUM"]);
  if (at?.cause !== undefined)
    add("CWE", ["", "MDC_DEV_PUMP_NOT_DELIVERING_REASON", "MDC"], "1.1.2.9", ["", `pump-stopped-${at.cause}`]);
  return out;
}

export interface ReportInput {
  parties: Parties;
  controlId: string;
  timeMs: number;
  subject: ReportSubject;
  snapshot: InfusionSnapshot;
}

/** PCD-01 ORU^R01: the pump's state, rates, volumes. */
export function buildPcd01(input: ReportInput): string {
  const time = writeDtm(input.timeMs);
  return encodeHl7([
    header(input.parties, "R01", input.controlId, time, PCD01_PROFILE),
    ...subjectSegments(input.subject, time),
    ...statusObservations(input.snapshot, input.subject, time, 1),
  ]);
}

/** What a PCD-10 message adds to a report: the event, when it happened, and its log record. */
export interface EventInput {
  event: PumpEvent;
  /** When the pump logged the event (OBX-14 of its facets); the message time when not given. */
  eventTimeMs?: number;
  /** The de-duplication key of the log record: `<pump id>:<log sequence>`. */
  recordKey?: string;
  /** Delivery at the event's moment (deliveryAtEvent). */
  at?: DeliveryAtEvent;
}

function conditionOf(e: PumpEvent): readonly string[] {
  if (e.kind === "alarm") return ["196616", "MDC_EVT_ALARM", "MDC"];
  if (e.kind === "override") return ["SOFT_STOP_OVERRIDDEN", "DERS soft stop overridden at the pump", "99DERS"];
  return EVENT_CODES[e.kind];
}

/** PCD-10 ORU^R42: one event, with the status at the time it was seen. */
export function buildPcd10(input: ReportInput & EventInput): string {
  const time = writeDtm(input.timeMs);
  const eventTime = writeDtm(input.eventTimeMs ?? input.timeMs);
  const e = input.event;
  const status = statusObservations(input.snapshot, input.subject, time, 1, input.at);
  // The event facets follow the MDS (OBX-4 1.0.0.x), before the VMD; set IDs are renumbered after.
  const facets: SegmentValues[] = [];
  const facet = (type: string, code: readonly string[], value: FieldValue): void =>
    void facets.push(obx(0, type, code, `1.0.0.${facets.length + 1}`, value, "", eventTime));
  facet("CWE", ["68487", "MDC_ATTR_EVT_COND", "MDC"], [...conditionOf(e)]);
  facet("ST", ["68488", "MDC_ATTR_EVT_SOURCE", "MDC"], "1.1.2.0");
  if (e.kind === "alarm") {
    facet("CWE", ["", "DERS_ALARM", "99DERS"], [...alarmCode(e.alarmBit)]);
    facet("ST", ["68481", "MDC_ATTR_EVENT_PHASE", "MDC"], e.phase);
    facet("ST", ["68482", "MDC_ATTR_ALARM_STATE", "MDC"], e.phase === "start" ? "active" : "inactive");
    facet("ST", ["68484", "MDC_ATTR_ALARM_PRIORITY", "MDC"], PRIORITY_CODES[e.priority] ?? "PN");
  }
  if (e.kind === "override")
    facet("ST", ["", "DERS_OVERRIDE_REASON", "99DERS"], OVERRIDE_REASONS[e.reason] ?? String(e.reason));
  if (e.kind === "link") facet("ST", ["", "DERS_LINK", "99DERS"], e.lost ? "lost" : "restored");
  if (input.recordKey !== undefined) facet("ST", ["", "DERS_LOG_RECORD", "99DERS"], input.recordKey);
  const observations = [status[0], ...facets, ...status.slice(1)].map((segment, i) => ({
    ...segment,
    fields: [String(i + 1), ...segment.fields.slice(1)],
  }));
  return encodeHl7([
    header(input.parties, "R42", input.controlId, time, PCD10_PROFILE),
    ...subjectSegments(input.subject, time),
    ...observations,
  ]);
}
