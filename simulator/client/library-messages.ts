// Typed payloads of the library commands 0x0100–0x0103 (docs/protocol.md §5.6): request encoders
// and the decoder of the status block every successful one answers.
import { createHash } from "node:crypto";
import { KEY_ID_SIZE } from "../../firmware/abi/codes.ts";
import {
  LIBRARY_BEGIN_REQUEST_SIZE,
  LIBRARY_CHUNK_HEADER_SIZE,
  LIBRARY_CHUNK_MAX_BYTES,
  LIBRARY_STATUS_RESPONSE_SIZE,
} from "../../firmware/abi/protocol-codes.ts";

export interface LibraryStatusBlock {
  /** KeyState: 0 development, 1 provisioned, 2 key record damaged. */
  keyState: number;
  /** 0 A, 1 B, undefined: no library active. */
  activeSlot: number | undefined;
  activeVersion: number;
  /** Lower-case hex of the active library's body SHA-256 (zeros when none). */
  activeBodyDigest: string;
  versionFloor: number;
  /** 0 none, 1 receiving, 2 complete (waiting for LIBRARY_ACTIVATE). */
  transferState: number;
  /** The transfer's slot, or with none the slot the next LIBRARY_BEGIN would use. */
  transferSlot: number;
  totalLength: number;
  receivedBytes: number;
  /** Lower-case hex of the announced SHA-256 of the whole file. */
  fileDigest: string;
  /** Lower-case hex of the provisioned key's id (zeros when none). */
  keyId: string;
}

export const TransferState = { NONE: 0, RECEIVING: 1, COMPLETE: 2 } as const;

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

export function fileDigest(file: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(file).digest());
}

export function encodeLibraryBegin(totalLength: number, digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new Error("LIBRARY_BEGIN needs the 32-byte SHA-256 of the whole file");
  const out = new Uint8Array(LIBRARY_BEGIN_REQUEST_SIZE);
  view(out).setUint32(0, totalLength >>> 0, true);
  out.set(digest, 4);
  return out;
}

export function encodeLibraryChunk(offset: number, bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0 || bytes.length > LIBRARY_CHUNK_MAX_BYTES)
    throw new Error(`a chunk carries 1 … ${LIBRARY_CHUNK_MAX_BYTES} bytes, got ${bytes.length}`);
  const out = new Uint8Array(LIBRARY_CHUNK_HEADER_SIZE + bytes.length);
  view(out).setUint32(0, offset >>> 0, true);
  out.set(bytes, LIBRARY_CHUNK_HEADER_SIZE);
  return out;
}

export function decodeLibraryStatus(payload: Uint8Array): LibraryStatusBlock {
  if (payload.length !== LIBRARY_STATUS_RESPONSE_SIZE) {
    throw new Error(
      `library response payload is ${payload.length} bytes, expected ${LIBRARY_STATUS_RESPONSE_SIZE} (docs/protocol.md §5.6)`,
    );
  }
  const v = view(payload);
  const hex = (at: number, length: number): string => Buffer.from(payload.subarray(at, at + length)).toString("hex");
  return {
    keyState: payload[2],
    activeSlot: payload[3] === 0xff ? undefined : payload[3],
    activeVersion: v.getUint32(4, true),
    activeBodyDigest: hex(8, 32),
    versionFloor: v.getUint32(40, true),
    transferState: payload[44],
    transferSlot: payload[45],
    totalLength: v.getUint32(46, true),
    receivedBytes: v.getUint32(50, true),
    fileDigest: hex(54, 32),
    keyId: hex(86, KEY_ID_SIZE),
  };
}
