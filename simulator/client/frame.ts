// Frame codec on the host (docs/protocol.md §2–§3): build and check decoded frames, put them on
// the wire (COBS + 0x00) and split a received stream back into frames. The checks run in the same
// order as the firmware's, so both give the same ErrorDetail for the same bytes.
import {
  CRC_SIZE,
  ErrorDetail,
  FRAME_DELIMITER,
  FrameType,
  HEADER_SIZE,
  MAX_DECODED_FRAME,
  MAX_ENCODED_FRAME,
  MAX_PAYLOAD,
  PROTOCOL_VERSION,
} from "../../firmware/abi/protocol-codes.ts";
import { cobsDecode, cobsEncode } from "./cobs.ts";
import { crc32 } from "./crc32.ts";

export interface Frame {
  version: number;
  type: FrameType;
  sequence: number;
  code: number;
  payload: Uint8Array;
}

export type FrameCheck = { ok: true; frame: Frame; crc: number } | { ok: false; detail: ErrorDetail };

/** Header, payload and CRC-32, not yet COBS-encoded. */
export function buildFrame(
  type: FrameType,
  sequence: number,
  code: number,
  payload: Uint8Array,
  version = PROTOCOL_VERSION,
): Uint8Array {
  if (payload.length > MAX_PAYLOAD)
    throw new Error(
      `payload is ${payload.length} bytes; the protocol allows at most ${MAX_PAYLOAD} (docs/protocol.md §2)`,
    );
  const bytes = new Uint8Array(HEADER_SIZE + payload.length + CRC_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, version);
  view.setUint8(1, type);
  view.setUint16(2, sequence, true);
  view.setUint16(4, code, true);
  view.setUint16(6, payload.length, true);
  bytes.set(payload, HEADER_SIZE);
  view.setUint32(HEADER_SIZE + payload.length, crc32(bytes.subarray(0, HEADER_SIZE + payload.length)), true);
  return bytes;
}

/** COBS encoding of a decoded frame followed by the 0x00 delimiter. */
export function toWire(decoded: Uint8Array): Uint8Array {
  const encoded = cobsEncode(decoded);
  const wire = new Uint8Array(encoded.length + 1);
  wire.set(encoded);
  wire[encoded.length] = FRAME_DELIMITER;
  return wire;
}

export function encodeFrame(type: FrameType, sequence: number, code: number, payload: Uint8Array): Uint8Array {
  return toWire(buildFrame(type, sequence, code, payload));
}

/** Checks a decoded frame as the firmware does (steps 2–6 of docs/protocol.md §3). */
export function checkDecoded(bytes: Uint8Array): FrameCheck {
  if (bytes.length > MAX_DECODED_FRAME) return { ok: false, detail: ErrorDetail.TOO_LONG };
  if (bytes.length < HEADER_SIZE + CRC_SIZE) return { ok: false, detail: ErrorDetail.TOO_SHORT };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const crcAt = bytes.length - CRC_SIZE;
  const crc = view.getUint32(crcAt, true);
  if (crc32(bytes.subarray(0, crcAt)) !== crc) return { ok: false, detail: ErrorDetail.CRC };
  const payloadLength = view.getUint16(6, true);
  if (HEADER_SIZE + payloadLength !== crcAt) return { ok: false, detail: ErrorDetail.LENGTH_MISMATCH };
  const version = view.getUint8(0);
  if (version !== PROTOCOL_VERSION) return { ok: false, detail: ErrorDetail.VERSION };
  const type = view.getUint8(1);
  if (type !== FrameType.REQUEST && type !== FrameType.RESPONSE && type !== FrameType.EVENT)
    return { ok: false, detail: ErrorDetail.FRAME_TYPE };
  const frame = {
    version,
    type,
    sequence: view.getUint16(2, true),
    code: view.getUint16(4, true),
    payload: bytes.slice(HEADER_SIZE, crcAt),
  };
  return { ok: true, frame, crc };
}

/** Checks one segment of the stream (the bytes between two delimiters, neither included). */
export function checkSegment(encoded: Uint8Array): FrameCheck {
  if (encoded.length > MAX_ENCODED_FRAME) return { ok: false, detail: ErrorDetail.TOO_LONG };
  const decoded = cobsDecode(encoded);
  if (decoded === null) return { ok: false, detail: ErrorDetail.COBS };
  return checkDecoded(decoded);
}

/** Splits a byte stream at 0x00; a partial segment is kept for the next push. Empty segments are skipped. */
export class FrameSplitter {
  private partial: number[] = [];

  push(bytes: Uint8Array): Uint8Array[] {
    const segments: Uint8Array[] = [];
    for (const byte of bytes) {
      if (byte !== FRAME_DELIMITER) {
        this.partial.push(byte);
        continue;
      }
      if (this.partial.length > 0) segments.push(Uint8Array.from(this.partial));
      this.partial = [];
    }
    return segments;
  }

  get pendingBytes(): number {
    return this.partial.length;
  }
}

/** All complete segments of a stream, in order. */
export function splitStream(bytes: Uint8Array): Uint8Array[] {
  return new FrameSplitter().push(bytes);
}
