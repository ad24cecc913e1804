// Reads the NV header and event log from a saved NV region, independently of the firmware
// (docs/event-log.md §2, §4): what a service tool or a test does with the bytes a pump saved.
import { crc32 } from "node:zlib";
import {
  EVENT_LOG_CAPACITY, EVENT_LOG_OFFSET, EVENT_LOG_RECORD_SIZE, KEY_RECORD_OFFSET, KEY_RECORD_SIZE, LIBRARY_SLOT_COUNT, NV_HEADER_OFFSET,
  NV_REGION_OFFSET, NV_REGION_SIZE,
} from "../../firmware/abi/codes.ts";
import { decodeRecord, recordIntact, type EventRecord } from "./event-record.ts";

export const NV_MAGIC = 0x48564e44;
export const NV_COPY_SIZE = 128;
export const NV_COPY_OFFSETS = [0, 0x800] as const;

export interface NvHeader {
  copy: "A" | "B";
  commitCounter: number;
  logHead: number;
  logCount: number;
  nextSequence: number;
  overwrittenCount: number;
  libraryLengthBytes: number;
  clockMs: bigint;
  libraryVersion: number;
  libraryDigest: Uint8Array;
  imageHeaderCrc: number;
  /** Layout 1 (ABI 2–3) or 2 (ABI 4); layout 1 reads as slot A, floor 0. */
  layoutVersion: 1 | 2;
  /** Slot of the recorded library: 0 A, 1 B. */
  librarySlot: number;
  /** Rollback floor: highest library version activated while a key was provisioned. */
  versionFloor: number;
}

export interface NvLog {
  header: NvHeader;
  /** Records still in the ring whose CRC and sequence check out, oldest first. */
  records: EventRecord[];
  /** Sequences the header counts as stored whose slot is not intact (never returned as records). */
  damagedSequences: number[];
}

function headerCopy(nv: Uint8Array, which: 0 | 1): NvHeader | undefined {
  const start = NV_HEADER_OFFSET - NV_REGION_OFFSET + NV_COPY_OFFSETS[which];
  const bytes = nv.subarray(start, start + NV_COPY_SIZE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const layout = view.getUint16(4, true);
  if (view.getUint32(0, true) !== NV_MAGIC || (layout !== 1 && layout !== 2) || view.getUint16(6, true) !== NV_COPY_SIZE) return undefined;
  if (crc32(bytes.subarray(0, 124)) !== view.getUint32(124, true)) return undefined;
  const header: NvHeader = {
    copy: which === 0 ? "A" : "B",
    commitCounter: view.getUint32(8, true),
    logHead: view.getUint32(12, true),
    logCount: view.getUint32(16, true),
    nextSequence: view.getUint32(20, true),
    overwrittenCount: view.getUint32(24, true),
    libraryLengthBytes: view.getUint32(28, true),
    clockMs: view.getBigUint64(32, true),
    libraryVersion: view.getUint32(40, true),
    libraryDigest: bytes.slice(48, 80),
    imageHeaderCrc: view.getUint32(80, true),
    layoutVersion: layout,
    librarySlot: bytes[84],
    versionFloor: view.getUint32(88, true),
  };
  const capacityOk = view.getUint32(44, true) === EVENT_LOG_CAPACITY;
  const countersOk = header.logHead < EVENT_LOG_CAPACITY && header.logCount <= EVENT_LOG_CAPACITY && header.nextSequence !== 0 &&
    header.nextSequence - 1 === header.overwrittenCount + header.logCount;
  // Layout 2: slot (84) and floor (88 … 91) are fields; layout 1 has them reserved, zero.
  const reservedOk = layout === 1
    ? bytes.subarray(84, 124).every((b) => b === 0)
    : header.librarySlot < LIBRARY_SLOT_COUNT && bytes.subarray(85, 88).every((b) => b === 0) && bytes.subarray(92, 124).every((b) => b === 0);
  return capacityOk && countersOk && reservedOk ? header : undefined;
}

/** The header copy a cold start would choose, or undefined when the region would be formatted. */
export function readNvHeader(nv: Uint8Array): NvHeader | undefined {
  if (nv.length !== NV_REGION_SIZE) throw new Error(`NV region is ${nv.length} bytes, expected ${NV_REGION_SIZE}`);
  const a = headerCopy(nv, 0);
  const b = headerCopy(nv, 1);
  if (a === undefined || b === undefined) return a ?? b;
  return ((b.commitCounter - a.commitCounter) | 0) > 0 ? b : a;
}

export type KeyRecord = { state: "DEVELOPMENT" } | { state: "PROVISIONED"; publicKey: Uint8Array } | { state: "DAMAGED" };

export const KEY_MAGIC = 0x59454b44;

/**
 * The key record (docs/event-log.md §7) as the firmware classifies it, except that a well-formed
 * record whose key the firmware would refuse (small order, no decoding) reads PROVISIONED here.
 */
export function readKeyRecord(nv: Uint8Array): KeyRecord {
  const start = KEY_RECORD_OFFSET - NV_REGION_OFFSET;
  const bytes = nv.subarray(start, start + KEY_RECORD_SIZE);
  if (bytes.every((b) => b === 0)) return { state: "DEVELOPMENT" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wellFormed = view.getUint32(0, true) === KEY_MAGIC && view.getUint16(4, true) === 1 && view.getUint16(6, true) === KEY_RECORD_SIZE &&
    bytes.subarray(40, 60).every((b) => b === 0) && crc32(bytes.subarray(0, 60)) === view.getUint32(60, true);
  return wellFormed ? { state: "PROVISIONED", publicKey: bytes.slice(8, 40) } : { state: "DAMAGED" };
}

export function readNvLog(nv: Uint8Array): NvLog | undefined {
  const header = readNvHeader(nv);
  if (header === undefined) return undefined;
  const records: EventRecord[] = [];
  const damagedSequences: number[] = [];
  const ringStart = EVENT_LOG_OFFSET - NV_REGION_OFFSET;
  for (let sequence = header.nextSequence - header.logCount; sequence < header.nextSequence; sequence++) {
    const slot = (header.logHead + EVENT_LOG_CAPACITY - (header.nextSequence - sequence)) % EVENT_LOG_CAPACITY;
    const bytes = nv.subarray(ringStart + slot * EVENT_LOG_RECORD_SIZE, ringStart + (slot + 1) * EVENT_LOG_RECORD_SIZE);
    const record = recordIntact(bytes) ? decodeRecord(bytes) : undefined;
    if (record !== undefined && record.sequence === sequence) records.push(record);
    else damagedSequences.push(sequence);
  }
  return { header, records, damagedSequences };
}
