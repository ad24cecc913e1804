// Typed payloads of the workflow commands 0x0010–0x0020 (docs/workflow.md §8): request encoders and
// response decoders, independent of the firmware's code (only the shared numbers are imported).
import { RESULT_SIZE, type Mode } from "../../firmware/abi/codes.ts";
import { WORKFLOW_RESULT_AT, WORKFLOW_SNAPSHOT_AT } from "../../firmware/abi/protocol-codes.ts";
import {
  AGE_NOT_ENTERED,
  NO_ALARM,
  PROGRAM_PAYLOAD_SIZE,
  PROGRAM_PAYLOAD_SIZE_SHORT,
  REPORT_FLOW_PAYLOAD_SIZE,
  FlowFlag,
  SET_CONTAINER_PAYLOAD_SIZE,
  SET_PATIENT_PAYLOAD_SIZE,
  SET_PATIENT_PAYLOAD_SIZE_WITHOUT_CONFIRMATION,
  SNAPSHOT_SIZE,
} from "../../firmware/abi/workflow-codes.ts";
import { decodeResult } from "../host/request-codec.ts";
import type { EngineResult } from "../host/types.ts";

/** What the clinician types: the mode and its value, and optionally VTBI (and duration in DURATION mode). */
export interface ProgramValues {
  mode: Mode | number;
  rateUlPerHour?: bigint;
  dose?: bigint;
  durationS?: bigint;
  vtbiUl?: bigint;
  /** Amount of one intermittent dose, ABU per basis (issue 11): the engine derives the VTBI from it. */
  doseAmount?: bigint;
  /** Line access: 1 peripheral, 2 central (LineAccess). */
  lineAccess?: number;
}

export interface InfusionSnapshot {
  state: number;
  segment: number;
  pendingKind: number;
  pendingVerdict: number;
  pendingOverride: number;
  careAreaId: number;
  concentrationIndex: number;
  highestAlarmPriority: number;
  entryId: number;
  alarmMask: number;
  motorRateUlPerHour: bigint;
  primaryRateUlPerHour: bigint;
  primaryVtbiUl: bigint;
  primaryDeliveredUl: bigint;
  totalDeliveredUl: bigint;
  bolusRemainingUl: bigint;
  secondaryRemainingUl: bigint;
  weightG: number;
  bsaM2X10000: number;
  drugSelected: boolean;
  basicInfusion: boolean;
  basicReason: number;
  secondaryConcentrationIndex: number;
  secondaryEntryId: number;
  /** Flags bit 2: an active alarm is silenced (docs/workflow.md §7.2). */
  alarmsSilenced: boolean;
  /** Byte 83: the alarm bit that governs (docs/workflow.md §7.1), NO_ALARM (0xFF) when no alarm is active. */
  governingAlarm: number;
}

export interface WorkflowResponse {
  snapshot: InfusionSnapshot;
  /** Commands that check a program: the engine result as the pump read it. */
  result?: EngineResult;
  /** SET_PATIENT: the classifications of weight and BSA (0 = not entered). */
  patient?: { weightClassification: number; bsaClassification: number };
}

export interface DrugSelection extends WorkflowResponse {
  entryFlags: number;
  infusionType: number;
  doseBasis: number;
  /** 0xFF for a fluid. */
  concentrationKind: number;
  advisoryLength: number;
  /** The first ≤ 256 bytes of the advisory. */
  advisory: string;
  /** Issue 11 §4: the selected drug's typical values (docs/workflow.md §8.4). */
  defaults: Defaults;
}

/**
 * The defaults block (docs/abi.md §5, docs/workflow.md §8.4): the mask (bit 0 dose, 1 rate,
 * 2 duration, 3 VTBI, 4 dose per administration) and each value in its canonical unit, 0n when absent.
 */
export interface Defaults {
  defaultsMask: number;
  defaultDose: bigint;
  defaultRateUlPerHour: bigint;
  defaultDurationS: bigint;
  defaultVtbiUl: bigint;
  defaultDosePerAdmin: bigint;
}

/** Bytes of a defaults block: the u64 mask and five u64 values. */
export const DEFAULTS_BLOCK_SIZE = 48;

/** The defaults block at `at` of `payload`. */
export function decodeDefaults(payload: Uint8Array, at: number): Defaults {
  const v = view(payload);
  const value = (i: number): bigint => v.getBigUint64(at + 8 + 8 * i, true);
  return {
    defaultsMask: Number(v.getBigUint64(at, true)),
    defaultDose: value(0),
    defaultRateUlPerHour: value(1),
    defaultDurationS: value(2),
    defaultVtbiUl: value(3),
    defaultDosePerAdmin: value(4),
  };
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

const U64_MAX = (1n << 64n) - 1n;

/** Writes a u64 field, little-endian; a value outside 0 … 2^64 − 1 is a RangeError, never its low 64 bits. */
function putU64(v: DataView, at: number, value: bigint, name: string): void {
  if (value < 0n || value > U64_MAX) throw new RangeError(`${name} ${value} does not fit 64 bits (0 … ${U64_MAX})`);
  v.setBigUint64(at, value, true);
}

/**
 * The program block (docs/workflow.md §4): 48 bytes with a dose amount or a line access, else the
 * 36-byte block of before issue 11 (so earlier transcripts stay byte-identical).
 */
export function encodeProgramBlock(values: ProgramValues): Uint8Array {
  const long = values.doseAmount !== undefined || values.lineAccess !== undefined;
  const out = new Uint8Array(long ? PROGRAM_PAYLOAD_SIZE : PROGRAM_PAYLOAD_SIZE_SHORT);
  const v = view(out);
  let presence = 0;
  const put = (bit: number, value: bigint | undefined, name: string): void => {
    if (value === undefined) return;
    presence |= 1 << bit;
    putU64(v, 4 + 8 * bit, value, name);
  };
  out[0] = values.mode;
  put(0, values.rateUlPerHour, "rateUlPerHour");
  put(1, values.dose, "dose");
  put(2, values.durationS, "durationS");
  put(3, values.vtbiUl, "vtbiUl");
  if (values.doseAmount !== undefined) {
    presence |= 1 << 11;
    putU64(v, 36, values.doseAmount, "doseAmount");
  }
  if (values.lineAccess !== undefined) {
    if (!Number.isInteger(values.lineAccess) || values.lineAccess < 0 || values.lineAccess > 0xff)
      throw new RangeError(`lineAccess ${values.lineAccess} does not fit one byte (0 … 255)`);
    presence |= 1 << 12;
    out[44] = values.lineAccess;
  }
  v.setUint16(2, presence, true);
  return out;
}

export const encodeCareArea = (careAreaId: number): Uint8Array => Uint8Array.of(careAreaId);

/** SET_PATIENT's second weight entry and age (issue 11); absent ones are "not given". */
export interface PatientExtras {
  /** The weight entered a second time, g (a care area with weight confirmation needs it). */
  confirmWeightG?: number;
  /** Age in days, 0 … MAX_AGE_DAYS. */
  ageDays?: number;
}

/**
 * SET_PATIENT payload (docs/workflow.md §8.3): the 8-byte form (weight, BSA) when no extra is
 * given, as before issue 11, else the 16-byte form with the confirmation and the age.
 */
export function encodePatient(weightG: number, bsaM2X10000 = 0, extras: PatientExtras = {}): Uint8Array {
  const long = extras.confirmWeightG !== undefined || extras.ageDays !== undefined;
  const out = new Uint8Array(long ? SET_PATIENT_PAYLOAD_SIZE : SET_PATIENT_PAYLOAD_SIZE_WITHOUT_CONFIRMATION);
  view(out).setUint32(0, weightG, true);
  view(out).setUint32(4, bsaM2X10000, true);
  if (long) {
    view(out).setUint32(8, extras.confirmWeightG ?? 0, true);
    view(out).setUint32(12, extras.ageDays ?? AGE_NOT_ENTERED, true);
  }
  return out;
}

export interface DrugChoice {
  entryId: number;
  /** 0xFF for a fluid. */
  concentrationIndex: number;
  customAmountAbu?: bigint;
  customVolumeUl?: number;
}

export function encodeSelectDrug(choice: DrugChoice): Uint8Array {
  const out = new Uint8Array(20);
  const v = view(out);
  v.setUint32(0, choice.entryId, true);
  out[4] = choice.concentrationIndex;
  putU64(v, 8, choice.customAmountAbu ?? 0n, "customAmountAbu");
  v.setUint32(16, choice.customVolumeUl ?? 0, true);
  return out;
}

export function encodeReadAdvisory(offset: number): Uint8Array {
  const out = new Uint8Array(2);
  view(out).setUint16(0, offset, true);
  return out;
}

export interface BolusOrder {
  /** 0 bolus, 1 loading dose. */
  kind: 0 | 1;
  /** ABU per basis. */
  dose: bigint;
  rateUlPerHour: bigint;
}

export function encodeBolus(order: BolusOrder): Uint8Array {
  const out = new Uint8Array(18);
  out[0] = order.kind;
  putU64(view(out), 2, order.dose, "dose");
  putU64(view(out), 10, order.rateUlPerHour, "rateUlPerHour");
  return out;
}

export interface SecondaryOrder {
  entryId: number;
  concentrationIndex: number;
  program: ProgramValues;
}

export function encodeSecondary(order: SecondaryOrder): Uint8Array {
  const block = encodeProgramBlock(order.program);
  const out = new Uint8Array(8 + block.length);
  view(out).setUint32(0, order.entryId, true);
  out[4] = order.concentrationIndex;
  out.set(block, 8);
  return out;
}

/** REPORT_FLOW (docs/workflow.md §8.15): the measured flow µL/h (u32) and the free-flow flag. */
export function encodeReportFlow(measuredUlPerHour: number, freeFlow = false): Uint8Array {
  if (!Number.isInteger(measuredUlPerHour) || measuredUlPerHour < 0 || measuredUlPerHour > 0xffffffff)
    throw new RangeError(`measuredUlPerHour ${measuredUlPerHour} does not fit a u32 (0 … 4,294,967,295)`);
  const out = new Uint8Array(REPORT_FLOW_PAYLOAD_SIZE);
  view(out).setUint32(0, measuredUlPerHour, true);
  out[4] = freeFlow ? FlowFlag.FREE_FLOW : 0;
  return out;
}

/** SET_CONTAINER: the primary container's volume in µL, u32 (docs/workflow.md §8.14); 0 stops tracking. */
export function encodeContainer(volumeUl: number): Uint8Array {
  const out = new Uint8Array(SET_CONTAINER_PAYLOAD_SIZE);
  view(out).setUint32(0, volumeUl, true);
  return out;
}

/** OVERRIDE: the reason, then the exact payload of the command that produced the pending soft stop. */
export function encodeOverride(reason: number, echoedPayload: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + echoedPayload.length);
  out[0] = reason;
  out.set(echoedPayload, 1);
  return out;
}

export function decodeSnapshot(bytes: Uint8Array): InfusionSnapshot {
  if (bytes.length < SNAPSHOT_SIZE)
    throw new Error(`snapshot is ${bytes.length} bytes, expected ${SNAPSHOT_SIZE} (docs/workflow.md §8)`);
  const v = view(bytes);
  const u64 = (at: number): bigint => v.getBigUint64(at, true);
  return {
    state: bytes[0],
    segment: bytes[1],
    pendingKind: bytes[2],
    pendingVerdict: bytes[3],
    pendingOverride: bytes[4],
    careAreaId: bytes[5],
    concentrationIndex: bytes[6],
    highestAlarmPriority: bytes[7],
    entryId: v.getUint32(8, true),
    alarmMask: v.getUint32(12, true),
    motorRateUlPerHour: u64(16),
    primaryRateUlPerHour: u64(24),
    primaryVtbiUl: u64(32),
    primaryDeliveredUl: u64(40),
    totalDeliveredUl: u64(48),
    bolusRemainingUl: u64(56),
    secondaryRemainingUl: u64(64),
    weightG: v.getUint32(72, true),
    bsaM2X10000: v.getUint32(76, true),
    drugSelected: (bytes[80] & 1) !== 0,
    basicInfusion: (bytes[80] & 2) !== 0,
    basicReason: bytes[81],
    secondaryConcentrationIndex: bytes[82],
    secondaryEntryId: v.getUint32(84, true),
    alarmsSilenced: (bytes[80] & 4) !== 0,
    governingAlarm: bytes[83] === 0 ? NO_ALARM : bytes[83] - 1,
  };
}

/** A successful workflow response; `withResult` for PROGRAM, TITRATE, BOLUS and SECONDARY. */
export function decodeWorkflow(payload: Uint8Array, shape: "plain" | "result" | "patient"): WorkflowResponse {
  const expected =
    WORKFLOW_SNAPSHOT_AT + SNAPSHOT_SIZE + (shape === "result" ? RESULT_SIZE : shape === "patient" ? 2 : 0);
  if (payload.length !== expected)
    throw new Error(`workflow response is ${payload.length} bytes, expected ${expected} (docs/workflow.md §8)`);
  const response: WorkflowResponse = { snapshot: decodeSnapshot(payload.subarray(WORKFLOW_SNAPSHOT_AT)) };
  if (shape === "result")
    response.result = decodeResult(payload.subarray(WORKFLOW_RESULT_AT, WORKFLOW_RESULT_AT + RESULT_SIZE));
  if (shape === "patient") response.patient = { weightClassification: payload[90], bsaClassification: payload[91] };
  return response;
}

export function decodeSelectDrug(payload: Uint8Array): DrugSelection {
  const chunk = payload.length >= 98 ? view(payload).getUint16(96, true) : -1;
  if (payload.length !== 98 + chunk + DEFAULTS_BLOCK_SIZE)
    throw new Error(
      `SELECT_DRUG response is ${payload.length} bytes, expected 98 + chunk length + ${DEFAULTS_BLOCK_SIZE} (defaults)`,
    );
  return {
    snapshot: decodeSnapshot(payload.subarray(WORKFLOW_SNAPSHOT_AT)),
    entryFlags: payload[90],
    infusionType: payload[91],
    doseBasis: payload[92],
    concentrationKind: payload[93],
    advisoryLength: view(payload).getUint16(94, true),
    advisory: new TextDecoder().decode(payload.subarray(98, 98 + chunk)),
    defaults: decodeDefaults(payload, 98 + chunk),
  };
}

export interface AdvisoryChunk {
  advisoryLength: number;
  bytes: Uint8Array;
}

export function decodeReadAdvisory(payload: Uint8Array): AdvisoryChunk {
  const chunk = payload.length >= 6 ? view(payload).getUint16(4, true) : -1;
  if (payload.length !== 6 + chunk)
    throw new Error(`READ_ADVISORY response is ${payload.length} bytes, expected 6 + chunk length`);
  return { advisoryLength: view(payload).getUint16(2, true), bytes: payload.slice(6) };
}
