// Typed payloads of the PCA commands 0x0024–0x0027 (issue 15, docs/workflow.md §11): request
// encoders and response decoders, independent of the firmware's code (only the shared numbers are
// imported).
import { RESULT_SIZE, RESULT_SIZE_WITH_PCA } from "../../firmware/abi/codes.ts";
import { WORKFLOW_RESULT_AT, WORKFLOW_SNAPSHOT_AT } from "../../firmware/abi/protocol-codes.ts";
import {
  PCA_CLINICIAN_BOLUS_PAYLOAD_SIZE,
  PCA_PROGRAM_PAYLOAD_SIZE,
  PCA_SETTINGS_AT,
  PCA_SETTINGS_DOSE,
  PCA_SETTINGS_LOCKOUT_S,
  PCA_SETTINGS_MAX_DOSES,
  PCA_SETTINGS_WINDOW_MAX_ABU,
  PCA_SETTINGS_WINDOW_S,
  PCA_STATUS_BLOCK_SIZE,
  PROGRAM_PAYLOAD_SIZE_SHORT,
  SNAPSHOT_SIZE,
} from "../../firmware/abi/workflow-codes.ts";
import { decodePcaSlots, decodeResult, type PcaSlot } from "../host/request-codec.ts";
import type { EngineResult } from "../host/types.ts";
import { decodeSnapshot, encodeProgramBlock, type InfusionSnapshot, type ProgramValues } from "./workflow-messages.ts";

/** The PCA settings a clinician programs next to the basal. */
export interface PcaSettings {
  /** The patient's dose, ABU per basis. */
  doseAbu: bigint;
  lockoutS: number;
  maxDosesPerHour: number;
  /** The maximum per window, ABU (absolute). */
  windowMaxAbu: bigint;
  /** 3,600 or 14,400. */
  windowS: number;
}

/** PCA_PROGRAM: the basal's program block, then the 32-byte PCA settings. */
export function encodePcaProgram(basal: ProgramValues, settings: PcaSettings): Uint8Array {
  const out = new Uint8Array(PCA_PROGRAM_PAYLOAD_SIZE);
  // The basal is the short (36-byte) program block: rate, dose, duration, VTBI only.
  out.set(encodeProgramBlock(basal).subarray(0, PROGRAM_PAYLOAD_SIZE_SHORT), 0);
  const v = new DataView(out.buffer, PCA_SETTINGS_AT);
  v.setBigUint64(PCA_SETTINGS_DOSE, settings.doseAbu, true);
  v.setUint32(PCA_SETTINGS_LOCKOUT_S, settings.lockoutS, true);
  v.setUint32(PCA_SETTINGS_MAX_DOSES, settings.maxDosesPerHour, true);
  v.setBigUint64(PCA_SETTINGS_WINDOW_MAX_ABU, settings.windowMaxAbu, true);
  v.setUint32(PCA_SETTINGS_WINDOW_S, settings.windowS, true);
  return out;
}

/** PCA_CLINICIAN_BOLUS: dose (ABU per basis), duration s, override reason (0: none). */
export function encodeClinicianBolus(doseAbu: bigint, durationS: number, overrideReason = 0): Uint8Array {
  const out = new Uint8Array(PCA_CLINICIAN_BOLUS_PAYLOAD_SIZE);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, doseAbu, true);
  v.setUint32(8, durationS, true);
  out[12] = overrideReason;
  return out;
}

/** The PCA block of PCA_REQUEST, PCA_CLINICIAN_BOLUS and PCA_STATUS responses. */
export interface PcaStatus {
  lastOutcome: number;
  lastDenial: number;
  underWay: boolean;
  patientDoseRunning: boolean;
  clinicianBolusPreempted: boolean;
  dosesInHour: number;
  lockoutLeftMs: number;
  windowTotalAbu: bigint;
  windowMaxAbu: bigint;
  windowS: number;
  granted: number;
  denied: number;
}

export interface PcaResponse {
  snapshot: InfusionSnapshot;
  pca: PcaStatus;
}

export function decodePcaResponse(payload: Uint8Array): PcaResponse {
  const at = WORKFLOW_SNAPSHOT_AT + SNAPSHOT_SIZE;
  if (payload.length !== at + PCA_STATUS_BLOCK_SIZE)
    throw new Error(`PCA response is ${payload.length} bytes, expected ${at + PCA_STATUS_BLOCK_SIZE}`);
  const v = new DataView(payload.buffer, payload.byteOffset + at, PCA_STATUS_BLOCK_SIZE);
  const flags = v.getUint8(2);
  return {
    snapshot: decodeSnapshot(payload.subarray(WORKFLOW_SNAPSHOT_AT)),
    pca: {
      lastOutcome: v.getUint8(0),
      lastDenial: v.getUint8(1),
      underWay: (flags & 1) !== 0,
      patientDoseRunning: (flags & 2) !== 0,
      clinicianBolusPreempted: (flags & 4) !== 0,
      dosesInHour: v.getUint8(3),
      lockoutLeftMs: v.getUint32(4, true),
      windowTotalAbu: v.getBigUint64(8, true),
      windowMaxAbu: v.getBigUint64(16, true),
      windowS: v.getUint32(24, true),
      granted: v.getUint16(28, true),
      denied: v.getUint16(30, true),
    },
  };
}

/** PCA_PROGRAM's response: snapshot, the 576-byte result and the six PCA slots. */
export function decodePcaProgram(payload: Uint8Array): {
  snapshot: InfusionSnapshot;
  result: EngineResult;
  pcaSlots: PcaSlot[];
} {
  const expected = WORKFLOW_RESULT_AT + RESULT_SIZE_WITH_PCA;
  if (payload.length !== expected)
    throw new Error(`PCA_PROGRAM response is ${payload.length} bytes, expected ${expected}`);
  const result = payload.subarray(WORKFLOW_RESULT_AT);
  return {
    snapshot: decodeSnapshot(payload.subarray(WORKFLOW_SNAPSHOT_AT)),
    result: decodeResult(result.subarray(0, RESULT_SIZE)),
    pcaSlots: decodePcaSlots(result),
  };
}
