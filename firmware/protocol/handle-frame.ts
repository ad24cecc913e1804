// One received frame, from its COBS bytes to the response in the outbox (docs/protocol.md §3–§4):
// frame checks, then the retransmission history, then execution. A frame that fails a check
// changes nothing but the frame-error counter. The history belongs to one session, opened by HELLO
// (docs/decisions/0012-protocol-sessions.md).
import { crc32 } from "../crypto/crc32";
import { cobsDecode } from "./cobs";
import {
  Command,
  CRC_SIZE,
  ErrorDetail,
  FRAME_CODE,
  FRAME_PAYLOAD_LENGTH,
  FRAME_SEQUENCE,
  FRAME_TYPE,
  FRAME_VERSION,
  FrameType,
  HEADER_SIZE,
  MAX_DECODED_FRAME,
  MAX_ENCODED_FRAME,
  OUTBOX_RESPONSE_RESERVE,
  PROTOCOL_VERSION,
  Result,
  UNTRUSTED_CODE,
  UNTRUSTED_SEQUENCE,
} from "../abi/protocol-codes";
import { writeError } from "./commands/error";
import { countDuplicate, countExecuted, countFrameError, countRefused } from "./counters";
import { executeCommand } from "./execute";
import { noteValidFrame } from "../workflow/silence";
import { noteSerialFrame, requestIsLocal } from "../workflow/order";
import { RESPONSE_ENCODED, RESPONSE_FRAME, RESPONSE_PAYLOAD, sealFrame } from "./frame-out";
import {
  historyClear,
  historyCrc,
  historyFind,
  historyRecord,
  historyResponseLength,
  historyResponsePtr,
} from "./history";
import { outboxFreeBytes, outboxPush } from "./outbox";

/** The decoded request; one byte over a COBS frame's longest decoding so no check can read past it. */
const REQUEST_FRAME: usize = memory.data(MAX_ENCODED_FRAME + 1, 16);

/** The receiver saw more than MAX_ENCODED_FRAME bytes before the delimiter. */
export function handleOverlongFrame(): void {
  frameError(Result.FRAME_TOO_LONG, ErrorDetail.TOO_LONG);
}

/** Handles the COBS-encoded frame memory[encodedPtr, encodedPtr + encodedLength), delimiter excluded. */
export function handleFrame(encodedPtr: usize, encodedLength: u32): void {
  const decoded = cobsDecode(encodedPtr, encodedLength, REQUEST_FRAME, MAX_ENCODED_FRAME);
  if (decoded < 0) return frameError(Result.FRAME_ERROR, ErrorDetail.COBS);
  const length = <u32>decoded;
  if (length > <u32>MAX_DECODED_FRAME) return frameError(Result.FRAME_TOO_LONG, ErrorDetail.TOO_LONG);
  if (length < <u32>(HEADER_SIZE + CRC_SIZE)) return frameError(Result.FRAME_ERROR, ErrorDetail.TOO_SHORT);
  const crcAt = length - CRC_SIZE;
  const requestCrc = load<u32>(REQUEST_FRAME + crcAt);
  if (crc32(REQUEST_FRAME, crcAt) != requestCrc) return frameError(Result.FRAME_ERROR, ErrorDetail.CRC);
  const payloadLength = <u32>load<u16>(REQUEST_FRAME + FRAME_PAYLOAD_LENGTH);
  if (HEADER_SIZE + payloadLength != crcAt) return frameError(Result.FRAME_ERROR, ErrorDetail.LENGTH_MISMATCH);
  if (<u32>load<u8>(REQUEST_FRAME + FRAME_VERSION) != PROTOCOL_VERSION)
    return frameError(Result.FRAME_ERROR, ErrorDetail.VERSION);
  if (<u32>load<u8>(REQUEST_FRAME + FRAME_TYPE) != FrameType.REQUEST)
    return frameError(Result.FRAME_ERROR, ErrorDetail.FRAME_TYPE);
  // The serial link is alive (a remote silence and a bound order watch it, docs/workflow.md §5.5, §7.2)
  // — unless the frame came from the pump's own keys (receiveLocal), or is a flow report: that is
  // the pump's own flow sensor speaking, not a remote clinician.
  if (!requestIsLocal() && <u32>load<u16>(REQUEST_FRAME + FRAME_CODE) != <u32>Command.REPORT_FLOW) {
    noteValidFrame();
    noteSerialFrame();
  }
  handleRequest(
    <u32>load<u16>(REQUEST_FRAME + FRAME_SEQUENCE),
    <u32>load<u16>(REQUEST_FRAME + FRAME_CODE),
    payloadLength,
    requestCrc,
  );
}

function handleRequest(sequence: u32, code: u32, payloadLength: u32, requestCrc: u32): void {
  // Only a host that never drains gets here; the request is not executed, so its retransmission is safe.
  if (outboxFreeBytes() < <u32>OUTBOX_RESPONSE_RESERVE) return countRefused();

  // HELLO opens a session: it empties the history before the lookup, so it is always executed and no
  // answer remembered for an earlier client can reach this one (issue 10 §1). A resent HELLO just
  // opens the session again; the client had nothing else in flight, so nothing is lost.
  if (code == <u32>Command.HELLO) historyClear();
  const slot = historyFind(sequence);
  if (slot >= 0) {
    if (historyCrc(slot) == requestCrc) {
      countDuplicate();
      return outboxPush(historyResponsePtr(slot), historyResponseLength(slot));
    }
    const errorLength = writeError(RESPONSE_PAYLOAD, Result.SEQUENCE_REUSED, ErrorDetail.NONE);
    return send(sequence, code, errorLength);
  }

  countExecuted();
  const responseLength = executeCommand(code, REQUEST_FRAME + HEADER_SIZE, payloadLength, RESPONSE_PAYLOAD);
  const encodedLength = sealFrame(RESPONSE_FRAME, FrameType.RESPONSE, sequence, code, responseLength, RESPONSE_ENCODED);
  historyRecord(sequence, requestCrc, RESPONSE_ENCODED, encodedLength);
  outboxPush(RESPONSE_ENCODED, encodedLength);
}

function frameError(result: u32, detail: u32): void {
  countFrameError();
  send(UNTRUSTED_SEQUENCE, UNTRUSTED_CODE, writeError(RESPONSE_PAYLOAD, result, detail));
}

/** Seals and queues a response that is not remembered in the history. */
function send(sequence: u32, code: u32, payloadLength: u32): void {
  const encodedLength = sealFrame(RESPONSE_FRAME, FrameType.RESPONSE, sequence, code, payloadLength, RESPONSE_ENCODED);
  // A frame-error answer to a host that never drains is lost; the error is still counted.
  if (outboxFreeBytes() >= encodedLength) outboxPush(RESPONSE_ENCODED, encodedLength);
}
