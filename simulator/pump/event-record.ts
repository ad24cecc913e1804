// Host-side decoding of one 64-byte event record (docs/event-log.md §3), with its CRC check.
import { crc32 } from "node:zlib";
import { EVENT_LOG_RECORD_SIZE } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import {
  LIBRARY_DETAIL_LENGTH_BITS,
  REC_ALARM_PRIORITY,
  REC_BLOCK,
  REC_BLOCK_SIZE,
  REC_BLOCK_WORD,
  REC_CARE_AREA_ID,
  REC_CONCENTRATION_INDEX,
  REC_CRC,
  REC_DETAIL,
  REC_ENTRY_ID,
  REC_LIBRARY_VERSION,
  REC_LIMIT,
  REC_MODE,
  REC_OUTCOME,
  REC_PARAM,
  REC_RATE_UL_PER_HOUR,
  REC_REASON,
  REC_SEQUENCE,
  REC_STATUS,
  REC_TIER,
  REC_TIME_MS,
  REC_TYPE,
  REC_VALUE,
} from "../../firmware/abi/record-layout.ts";

export const RECORD_CRC_OFFSET = REC_CRC;

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
  const type = view.getUint16(REC_TYPE, true);
  if (type === 0 || type === 0xffff) return false;
  return crc32(bytes.subarray(0, RECORD_CRC_OFFSET)) === view.getUint32(RECORD_CRC_OFFSET, true);
}

export function decodeRecord(bytes: Uint8Array): EventRecord {
  if (bytes.length !== EVENT_LOG_RECORD_SIZE) {
    throw new Error(`event record is ${bytes.length} bytes, expected ${EVENT_LOG_RECORD_SIZE} (docs/event-log.md §3)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = view.getUint16(REC_TYPE, true) as EventType;
  return {
    sequence: view.getUint32(REC_SEQUENCE, true),
    type,
    typeName: EventType[type] ?? `UNKNOWN_${type}`,
    status: view.getUint16(REC_STATUS, true),
    timeMs: view.getBigUint64(REC_TIME_MS, true),
    libraryVersion: view.getUint32(REC_LIBRARY_VERSION, true),
    entryId: view.getUint32(REC_ENTRY_ID, true),
    careAreaId: bytes[REC_CARE_AREA_ID],
    outcome: bytes[REC_OUTCOME],
    param: bytes[REC_PARAM],
    tier: bytes[REC_TIER],
    reasonCode: bytes[REC_REASON],
    mode: bytes[REC_MODE],
    concentrationIndex: bytes[REC_CONCENTRATION_INDEX],
    alarmPriority: bytes[REC_ALARM_PRIORITY],
    value: view.getBigUint64(REC_VALUE, true),
    limit: view.getBigUint64(REC_LIMIT, true),
    rateUlPerHour: view.getBigUint64(REC_RATE_UL_PER_HOUR, true),
    detail: view.getUint32(REC_DETAIL, true),
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
  const bytes = new Uint8Array(REC_CRC);
  const view = new DataView(bytes.buffer);
  view.setUint32(REC_ENTRY_ID, record.entryId, true);
  bytes.set(
    [
      record.careAreaId,
      record.outcome,
      record.param,
      record.tier,
      record.reasonCode,
      record.mode,
      record.concentrationIndex,
      record.alarmPriority,
    ],
    REC_CARE_AREA_ID,
  );
  view.setBigUint64(REC_VALUE, record.value, true);
  view.setBigUint64(REC_LIMIT, record.limit, true);
  view.setBigUint64(REC_RATE_UL_PER_HOUR, record.rateUlPerHour, true);
  view.setUint32(REC_DETAIL, record.detail, true);
  return {
    block: Buffer.from(bytes.subarray(REC_BLOCK, REC_BLOCK + REC_BLOCK_SIZE)).toString("hex"),
    word: view.getUint32(REC_BLOCK_WORD, true),
    lengthBytes: record.detail & ((1 << LIBRARY_DETAIL_LENGTH_BITS) - 1),
    slot: record.detail >>> LIBRARY_DETAIL_LENGTH_BITS,
  };
}
