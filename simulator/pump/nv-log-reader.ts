// Reads the NV header and event log from a saved NV region, independently of the firmware
// (docs/event-log.md §2, §4): what a service tool or a test does with the bytes a pump saved.
import { crc32 } from "node:zlib";
import {
  EVENT_LOG_RECORD_SIZE,
  KEY_RECORD_SIZE,
  LIBRARY_SLOT_COUNT,
  NV_REGION_OFFSET,
} from "../../firmware/abi/codes.ts";
import { layoutOfNvSize, nvSizesText, type MemoryLayout } from "../host/memory-layout.ts";
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
  /** Layout 1 (ABI 2–3), 2 (ABI 4 before issue 10) or 3; layout 1 reads as slot A, floor 0; layouts 1–2 as no key mark. */
  layoutVersion: 1 | 2 | 3;
  /** Slot of the recorded library: 0 A, 1 B. */
  librarySlot: number;
  /** Rollback floor: highest library version activated while a key was provisioned. */
  versionFloor: number;
  /** Layout 3, flags bit 0: a key has been provisioned on this pump. */
  keyProvisioned: boolean;
}

export interface NvLog {
  header: NvHeader;
  /** Records still in the ring whose CRC and sequence check out, oldest first. */
  records: EventRecord[];
  /** Sequences the header counts as stored whose slot is not intact (never returned as records). */
  damagedSequences: number[];
}

/** The memory map whose NV region is as long as `nv` (the profiles' regions differ in length). */
export function nvLayout(nv: Uint8Array): MemoryLayout {
  const layout = layoutOfNvSize(nv.length);
  if (layout === undefined) throw new Error(`NV region is ${nv.length} bytes, expected ${nvSizesText()}`);
  return layout;
}

function headerCopy(nv: Uint8Array, which: 0 | 1, map: MemoryLayout): NvHeader | undefined {
  const capacity = map.eventLogCapacity;
  const start = map.nvHeaderOffset - NV_REGION_OFFSET + NV_COPY_OFFSETS[which];
  const bytes = nv.subarray(start, start + NV_COPY_SIZE);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const layout = view.getUint16(4, true);
  if (
    view.getUint32(0, true) !== NV_MAGIC ||
    (layout !== 1 && layout !== 2 && layout !== 3) ||
    view.getUint16(6, true) !== NV_COPY_SIZE
  )
    return undefined;
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
    keyProvisioned: layout === 3 && (bytes[85] & 1) === 1,
  };
  const capacityOk = view.getUint32(44, true) === capacity;
  const countersOk =
    header.logHead < capacity &&
    header.logCount <= capacity &&
    header.nextSequence !== 0 &&
    header.nextSequence - 1 === header.overwrittenCount + header.logCount;
  // Layouts 2–3: slot (84) and floor (88 … 91) are fields, layout 3 also flags bit 0 (85); layout 1 has them reserved, zero.
  const allowedFlags = layout === 3 ? 1 : 0;
  const reservedOk =
    layout === 1
      ? bytes.subarray(84, 124).every((b) => b === 0)
      : header.librarySlot < LIBRARY_SLOT_COUNT &&
        (bytes[85] & ~allowedFlags) === 0 &&
        bytes[86] === 0 &&
        bytes[87] === 0 &&
        bytes.subarray(92, 124).every((b) => b === 0);
  return capacityOk && countersOk && reservedOk ? header : undefined;
}

/** The header copy a cold start would choose, or undefined when the region would be formatted. */
export function readNvHeader(nv: Uint8Array): NvHeader | undefined {
  const map = nvLayout(nv);
  const a = headerCopy(nv, 0, map);
  const b = headerCopy(nv, 1, map);
  if (a === undefined || b === undefined) return a ?? b;
  return ((b.commitCounter - a.commitCounter) | 0) > 0 ? b : a;
}

export type KeyRecord =
  { state: "DEVELOPMENT" } | { state: "PROVISIONED"; publicKey: Uint8Array } | { state: "DAMAGED" };

export const KEY_MAGIC = 0x59454b44;

type KeyCopy = { kind: "BLANK" } | { kind: "VALID"; publicKey: Uint8Array } | { kind: "DAMAGED" };

function keyCopy(nv: Uint8Array, offset: number): KeyCopy {
  const start = offset - NV_REGION_OFFSET;
  const bytes = nv.subarray(start, start + KEY_RECORD_SIZE);
  if (bytes.every((b) => b === 0)) return { kind: "BLANK" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const wellFormed =
    view.getUint32(0, true) === KEY_MAGIC &&
    view.getUint16(4, true) === 1 &&
    view.getUint16(6, true) === KEY_RECORD_SIZE &&
    bytes.subarray(40, 60).every((b) => b === 0) &&
    crc32(bytes.subarray(0, 60)) === view.getUint32(60, true);
  return wellFormed ? { kind: "VALID", publicKey: bytes.slice(8, 40) } : { kind: "DAMAGED" };
}

/**
 * The two key-record copies (docs/event-log.md §7) as the firmware classifies them, except that a
 * well-formed copy whose key the firmware would refuse (small order, no decoding) counts as intact
 * here, and blank copies read DAMAGED only when the current header carries the key mark (the
 * firmware also consults the floor records and the log).
 */
export function readKeyRecord(nv: Uint8Array): KeyRecord {
  const map = nvLayout(nv);
  const copies = [keyCopy(nv, map.keyRecordOffset), keyCopy(nv, map.keyRecordBOffset)];
  const valid = copies.flatMap((copy) => (copy.kind === "VALID" ? [copy.publicKey] : []));
  if (valid.length === 2 && !Buffer.from(valid[0]).equals(Buffer.from(valid[1]))) return { state: "DAMAGED" };
  if (valid.length > 0) return { state: "PROVISIONED", publicKey: valid[0] };
  if (copies.every((copy) => copy.kind === "BLANK") && readNvHeader(nv)?.keyProvisioned !== true)
    return { state: "DEVELOPMENT" };
  return { state: "DAMAGED" };
}

export function readNvLog(nv: Uint8Array): NvLog | undefined {
  const header = readNvHeader(nv);
  if (header === undefined) return undefined;
  const records: EventRecord[] = [];
  const damagedSequences: number[] = [];
  const { eventLogOffset, eventLogCapacity: capacity } = nvLayout(nv);
  const ringStart = eventLogOffset - NV_REGION_OFFSET;
  for (let sequence = header.nextSequence - header.logCount; sequence < header.nextSequence; sequence++) {
    const slot = (header.logHead + capacity - (header.nextSequence - sequence)) % capacity;
    const bytes = nv.subarray(ringStart + slot * EVENT_LOG_RECORD_SIZE, ringStart + (slot + 1) * EVENT_LOG_RECORD_SIZE);
    const record = recordIntact(bytes) ? decodeRecord(bytes) : undefined;
    if (record !== undefined && record.sequence === sequence) records.push(record);
    else damagedSequences.push(sequence);
  }
  return { header, records, damagedSequences };
}

/**
 * The raw 64 bytes of the record with `sequence`, which sits in ring slot
 * (head − (next − sequence)) mod capacity (docs/event-log.md §4). For a sequence readNvLog returned.
 */
export function rawRecordBytes(nv: Uint8Array, header: NvHeader, sequence: number): Uint8Array {
  const { eventLogOffset, eventLogCapacity: capacity } = nvLayout(nv);
  const slot = (header.logHead + capacity - (header.nextSequence - sequence)) % capacity;
  const start = eventLogOffset - NV_REGION_OFFSET + slot * EVENT_LOG_RECORD_SIZE;
  return nv.subarray(start, start + EVENT_LOG_RECORD_SIZE);
}
