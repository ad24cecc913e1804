// Host-side decoding of one 64-byte event record (docs/event-log.md §3), with its CRC check.
import { crc32 } from "node:zlib";
import { EVENT_LOG_RECORD_SIZE } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";

export const RECORD_CRC_OFFSET = 60;

export interface EventRecord {
  sequence: number;
  type: EventType;
  typeName: string;
  status: number;
  timeMs: bigint;
  libraryVersion: number;
  entryId: number;
  careAreaId: number;
  outcome: number;
  param: number;
  tier: number;
  reasonCode: number;
  mode: number;
  concentrationIndex: number;
  alarmPriority: number;
  value: bigint;
  limit: bigint;
  rateUlPerHour: bigint;
  detail: number;
}

/** True when the CRC-32 over bytes 0..59 matches bytes 60..63 and the type is not an empty-slot marker. */
export function recordIntact(bytes: Uint8Array): boolean {
  if (bytes.length !== EVENT_LOG_RECORD_SIZE) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint16(4, true);
  if (type === 0 || type === 0xffff) return false;
  return crc32(bytes.subarray(0, RECORD_CRC_OFFSET)) === view.getUint32(RECORD_CRC_OFFSET, true);
}

export function decodeRecord(bytes: Uint8Array): EventRecord {
  if (bytes.length !== EVENT_LOG_RECORD_SIZE) {
    throw new Error(`event record is ${bytes.length} bytes, expected ${EVENT_LOG_RECORD_SIZE} (docs/event-log.md §3)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint16(4, true) as EventType;
  return {
    sequence: view.getUint32(0, true),
    type,
    typeName: EventType[type] ?? `UNKNOWN_${type}`,
    status: view.getUint16(6, true),
    timeMs: view.getBigUint64(8, true),
    libraryVersion: view.getUint32(16, true),
    entryId: view.getUint32(20, true),
    careAreaId: bytes[24],
    outcome: bytes[25],
    param: bytes[26],
    tier: bytes[27],
    reasonCode: bytes[28],
    mode: bytes[29],
    concentrationIndex: bytes[30],
    alarmPriority: bytes[31],
    value: view.getBigUint64(32, true),
    limit: view.getBigUint64(40, true),
    rateUlPerHour: view.getBigUint64(48, true),
    detail: view.getUint32(56, true),
  };
}

/** The fields LIBRARY_ACTIVATED, LIBRARY_REJECTED and KEY_PROVISIONED keep in bytes 20 … 59 (docs/event-log.md §3.5). */
export interface LibraryRecordFields {
  /** Lower-case hex: the image's body SHA-256 (library records, all zeros when the file had no header) or the public key. */
  block: string;
  /** LIBRARY_ACTIVATED: CRC-32 of the image header; LIBRARY_REJECTED: the refused image's libraryVersion. */
  word: number;
  /** File length in bytes (library records). */
  lengthBytes: number;
  /** Slot: 0 A, 1 B (library records). */
  slot: number;
}

/** Bytes 20 … 59 of a decoded record, re-encoded from its generic fields, read as LibraryRecordFields. */
export function libraryRecordFields(record: EventRecord): LibraryRecordFields {
  const bytes = new Uint8Array(40);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, record.entryId, true);
  bytes.set([record.careAreaId, record.outcome, record.param, record.tier, record.reasonCode, record.mode, record.concentrationIndex, record.alarmPriority], 4);
  view.setBigUint64(12, record.value, true);
  view.setBigUint64(20, record.limit, true);
  view.setBigUint64(28, record.rateUlPerHour, true);
  view.setUint32(36, record.detail, true);
  return {
    block: Buffer.from(bytes.subarray(0, 32)).toString("hex"),
    word: view.getUint32(32, true),
    lengthBytes: record.detail & 0xffffff,
    slot: record.detail >>> 24,
  };
}
