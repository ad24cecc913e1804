// Building outgoing frames (docs/protocol.md §2): header, payload, CRC-32, COBS, delimiter.
// Responses and events use separate buffers because the event log may queue an event while a
// command is executing, between the response's payload being planned and sent.
//
//   decoded frame: | ver u8 | type u8 | seq u16 | code u16 | len u16 | payload (len) | crc32 u32 |
import { crc32 } from "../crypto/crc32";
import { cobsEncode } from "./cobs";
import {
  CRC_SIZE,
  FRAME_CODE,
  FRAME_DELIMITER,
  FRAME_PAYLOAD_LENGTH,
  FRAME_SEQUENCE,
  FRAME_TYPE,
  FRAME_VERSION,
  HEADER_SIZE,
  MAX_DECODED_FRAME,
  OUTBOX_RESPONSE_RESERVE,
  PROTOCOL_VERSION,
} from "../abi/protocol-codes";

/** Decoded response under construction; its payload starts at RESPONSE_PAYLOAD. */
export const RESPONSE_FRAME: usize = memory.data(MAX_DECODED_FRAME, 16);
export const RESPONSE_PAYLOAD: usize = RESPONSE_FRAME + HEADER_SIZE;
/** The encoded response with its delimiter. */
export const RESPONSE_ENCODED: usize = memory.data(OUTBOX_RESPONSE_RESERVE, 16);

/**
 * Completes the frame at framePtr (payload already in place) and writes its encoding plus the
 * 0x00 delimiter at encodedPtr; returns the encoded length including the delimiter.
 */
export function sealFrame(
  framePtr: usize,
  frameType: u32,
  sequence: u32,
  code: u32,
  payloadLength: u32,
  encodedPtr: usize,
): u32 {
  store<u8>(framePtr + FRAME_VERSION, <u8>PROTOCOL_VERSION);
  store<u8>(framePtr + FRAME_TYPE, <u8>frameType);
  store<u16>(framePtr + FRAME_SEQUENCE, <u16>sequence);
  store<u16>(framePtr + FRAME_CODE, <u16>code);
  store<u16>(framePtr + FRAME_PAYLOAD_LENGTH, <u16>payloadLength);
  const crcAt = HEADER_SIZE + payloadLength;
  store<u32>(framePtr + crcAt, crc32(framePtr, crcAt));
  const encodedLength = cobsEncode(framePtr, crcAt + CRC_SIZE, encodedPtr);
  store<u8>(encodedPtr + encodedLength, FRAME_DELIMITER);
  return encodedLength + 1;
}
