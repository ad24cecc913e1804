// Splits the received byte stream into frames at every 0x00 (docs/protocol.md §1). A partial frame
// is held between receive() calls; an empty frame (two delimiters in a row) is ignored, so a
// sender may put a 0x00 before each frame to flush line noise.
import { RX_BUFFER_OFFSET, RX_BUFFER_SIZE } from "../abi/codes";
import { FRAME_DELIMITER, MAX_ENCODED_FRAME } from "../abi/protocol-codes";
import { handleFrame, handleOverlongFrame } from "./handle-frame";
import { setRequestLocal } from "../workflow/order";

const PARTIAL_FRAME: usize = memory.data(MAX_ENCODED_FRAME, 16);
let partialLength: u32 = 0;
/** More than MAX_ENCODED_FRAME bytes arrived since the last delimiter: the rest is skipped. */
let overlong = false;

export function receiverReset(): void {
  partialLength = 0;
  overlong = false;
}

/** Consumes `length` bytes at RX_BUFFER_OFFSET; returns frames handled, or −1 (nothing consumed) if length > RX_BUFFER_SIZE. */
export function receiveBytes(length: u32): i32 {
  if (length > <u32>RX_BUFFER_SIZE) return -1;
  let framesHandled = 0;
  for (let i: u32 = 0; i < length; i++) {
    const byte = load<u8>(<usize>RX_BUFFER_OFFSET + i);
    if (byte != FRAME_DELIMITER) {
      if (partialLength < <u32>MAX_ENCODED_FRAME) store<u8>(PARTIAL_FRAME + partialLength++, byte);
      else overlong = true;
      continue;
    }
    if (overlong) {
      handleOverlongFrame();
      framesHandled++;
    } else if (partialLength > 0) {
      handleFrame(PARTIAL_FRAME, partialLength);
      framesHandled++;
    }
    partialLength = 0;
    overlong = false;
  }
  return framesHandled;
}

/**
 * The pump's own keys (issue 13, docs/decisions/0036): exactly one COBS-encoded frame of `length`
 * bytes at RX_BUFFER_OFFSET (a trailing delimiter allowed), handled as a local request. The serial
 * line's partial frame is neither read nor touched, and the local mark is cleared before returning,
 * so no serial byte can ever be handled as local. Returns 1, or −1 (nothing handled) when the bytes
 * are not one frame: empty, longer than MAX_ENCODED_FRAME, or with a delimiter inside.
 */
export function receiveLocalFrame(length: u32): i32 {
  let frameLength = length;
  if (frameLength > 0 && load<u8>(<usize>RX_BUFFER_OFFSET + frameLength - 1) == FRAME_DELIMITER) frameLength--;
  if (frameLength == 0 || frameLength > <u32>MAX_ENCODED_FRAME) return -1;
  for (let i: u32 = 0; i < frameLength; i++) if (load<u8>(<usize>RX_BUFFER_OFFSET + i) == FRAME_DELIMITER) return -1;
  setRequestLocal(true);
  handleFrame(<usize>RX_BUFFER_OFFSET, frameLength);
  setRequestLocal(false);
  return 1;
}
