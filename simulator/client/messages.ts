// Typed payloads of every command (docs/protocol.md §5): request encoders and response decoders.
// Engine requests and results keep the layouts of docs/abi.md §4–§5 (simulator/host/request-codec.ts).
import { EVENT_LOG_RECORD_SIZE, RESULT_SIZE } from "../../firmware/abi/codes.ts";
import {
  BUILD_ID_SIZE,
  CHECK_PROGRAM_RESPONSE_SIZE,
  ERROR_PAYLOAD_SIZE,
  GET_STATUS_RESPONSE_SIZE,
  HELLO_RESPONSE_SIZE,
  LIBRARY_DIGEST_SIZE,
  LIBRARY_NAME_SIZE,
  PROTOCOL_VERSION,
  Result,
} from "../../firmware/abi/protocol-codes.ts";
import {
  STATUS_DUPLICATE_REQUESTS,
  STATUS_EVENTS_DROPPED,
  STATUS_FAULT_MASK,
  STATUS_FRAME_ERRORS,
  STATUS_LIBRARY_ACTIVE,
  STATUS_LIBRARY_VERSION,
  STATUS_ALARM_MASK,
  STATUS_LOG_NEXT_SEQUENCE,
  STATUS_LOG_OVERWRITTEN,
  STATUS_NOW_MS,
  STATUS_REQUESTS_EXECUTED,
  STATUS_REQUESTS_REFUSED,
} from "../../firmware/abi/get-status-layout.ts";
import { decodeResult, encodeRequest } from "../host/request-codec.ts";
import type { EngineRequest, EngineResult } from "../host/types.ts";

export interface HelloInfo {
  protocolVersion: number;
  abiVersion: number;
  firmwareBuildId: string;
  libraryActive: boolean;
  libraryVersion: number;
  libraryName: string;
  /** Lower-case hex of the library body's SHA-256, all zeros when no library is active. */
  libraryBodyDigest: string;
  maxPayload: number;
  /** KeyState (firmware/abi/codes.ts): 0 development (unsigned images admitted), 1 provisioned, 2 key record damaged. */
  keyState: number;
  /** Active alarms, one bit per Alarm (firmware/abi/workflow-codes.ts); NO_LIBRARY (bit 8) while no library is active. */
  alarmMask: number;
  /** The firmware's memory profile (MemoryProfile, firmware/abi/memory-profiles.ts): 0 standard, 1 mcu. */
  memoryProfile: number;
}

export interface PumpStatus {
  nowMs: bigint;
  libraryActive: boolean;
  libraryVersion: number;
  faultMask: number;
  logNextSequence: number;
  logOverwritten: number;
  frameErrors: number;
  eventsDropped: number;
  duplicateRequests: number;
  requestsExecuted: number;
  requestsRefused: number;
  /** Active alarms, as HELLO and the workflow snapshot report them (docs/workflow.md §7). */
  alarmMask: number;
}

export interface LogRecords {
  /** EVENT_LOG_RECORD_SIZE bytes each, oldest first. */
  records: Uint8Array[];
}

/** A response whose result is not OK. */
export interface ErrorOutcome {
  result: Exclude<Result, Result.OK>;
  detail: number;
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

function expectLength(what: string, payload: Uint8Array, length: number): void {
  if (payload.length !== length)
    throw new Error(`${what} response payload is ${payload.length} bytes, expected ${length} (docs/protocol.md §5)`);
}

/** Zero-padded ASCII/UTF-8 field → string without the padding. */
function paddedText(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
}

export const resultOf = (payload: Uint8Array): Result =>
  (payload.length >= 2 ? view(payload).getUint16(0, true) : -1) as Result;

/** The error outcome of a non-OK response payload. */
export function decodeError(payload: Uint8Array): ErrorOutcome {
  expectLength("error", payload, ERROR_PAYLOAD_SIZE);
  return { result: resultOf(payload) as ErrorOutcome["result"], detail: payload[2] };
}

export const encodeHello = (clientProtocolVersion = PROTOCOL_VERSION): Uint8Array =>
  Uint8Array.of(clientProtocolVersion);

export function decodeHello(payload: Uint8Array): HelloInfo {
  expectLength("HELLO", payload, HELLO_RESPONSE_SIZE);
  const v = view(payload);
  return {
    protocolVersion: v.getUint8(2),
    abiVersion: v.getUint8(3),
    firmwareBuildId: paddedText(payload.subarray(4, 4 + BUILD_ID_SIZE)),
    libraryActive: v.getUint8(20) === 1,
    libraryVersion: v.getUint32(21, true),
    libraryName: paddedText(payload.subarray(25, 25 + LIBRARY_NAME_SIZE)),
    libraryBodyDigest: Buffer.from(payload.subarray(57, 57 + LIBRARY_DIGEST_SIZE)).toString("hex"),
    maxPayload: v.getUint16(89, true),
    keyState: v.getUint8(91),
    alarmMask: v.getUint32(92, true),
    memoryProfile: v.getUint8(96),
  };
}

export const encodeGetStatus = (): Uint8Array => new Uint8Array(0);

export function decodeStatus(payload: Uint8Array): PumpStatus {
  expectLength("GET_STATUS", payload, GET_STATUS_RESPONSE_SIZE);
  const v = view(payload);
  const u32 = (at: number): number => v.getUint32(at, true);
  return {
    nowMs: v.getBigUint64(STATUS_NOW_MS, true),
    libraryActive: v.getUint8(STATUS_LIBRARY_ACTIVE) === 1,
    libraryVersion: u32(STATUS_LIBRARY_VERSION),
    faultMask: u32(STATUS_FAULT_MASK),
    logNextSequence: u32(STATUS_LOG_NEXT_SEQUENCE),
    logOverwritten: u32(STATUS_LOG_OVERWRITTEN),
    frameErrors: u32(STATUS_FRAME_ERRORS),
    eventsDropped: u32(STATUS_EVENTS_DROPPED),
    duplicateRequests: u32(STATUS_DUPLICATE_REQUESTS),
    requestsExecuted: u32(STATUS_REQUESTS_EXECUTED),
    requestsRefused: u32(STATUS_REQUESTS_REFUSED),
    alarmMask: u32(STATUS_ALARM_MASK),
  };
}

export function encodeReadLog(fromSequence: number, maxRecords: number): Uint8Array {
  const out = new Uint8Array(5);
  view(out).setUint32(0, fromSequence >>> 0, true);
  out[4] = maxRecords;
  return out;
}

export function decodeReadLog(payload: Uint8Array): LogRecords {
  const count = payload[2] ?? 0;
  expectLength("READ_LOG", payload, 3 + count * EVENT_LOG_RECORD_SIZE);
  const records: Uint8Array[] = [];
  for (let i = 0; i < count; i++)
    records.push(payload.slice(3 + i * EVENT_LOG_RECORD_SIZE, 3 + (i + 1) * EVENT_LOG_RECORD_SIZE));
  return { records };
}

export const encodeCheckProgram = (request: EngineRequest): Uint8Array => encodeRequest(request);

export function decodeCheckProgram(payload: Uint8Array): EngineResult {
  expectLength("CHECK_PROGRAM", payload, CHECK_PROGRAM_RESPONSE_SIZE);
  return decodeResult(payload.subarray(2, 2 + RESULT_SIZE));
}
