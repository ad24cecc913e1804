// What the pump must answer to a byte stream, predicted with the host codec (independent of the
// firmware's code) and a model of the retransmission history (docs/protocol.md §3–§4).
import {
  Command,
  ErrorDetail,
  FrameType,
  HISTORY_DEPTH,
  Result,
  UNTRUSTED_CODE,
  UNTRUSTED_SEQUENCE,
} from "../../firmware/abi/protocol-codes.ts";
import { REQUEST_SIZE } from "../../firmware/abi/codes.ts";
import { checkSegment } from "../../simulator/client/frame.ts";

export type Expectation =
  | { kind: "frameError"; detail: ErrorDetail }
  | { kind: "duplicate"; entry: HistoryEntry }
  | { kind: "reused"; sequence: number; code: number }
  | { kind: "executed"; sequence: number; code: number; entry: HistoryEntry };

/** A remembered request; its response is filled in when the pump's answer arrives. */
export interface HistoryEntry {
  sequence: number;
  crc: number;
  response: Uint8Array | undefined;
}

export class PumpModel {
  frameErrors = 0;
  duplicates = 0;
  executed = 0;
  checksExecuted = 0;
  private history: HistoryEntry[] = [];

  /** The expectation for one segment (bytes between delimiters). */
  expect(segment: Uint8Array): Expectation {
    const check = checkSegment(segment);
    if (!check.ok) {
      this.frameErrors++;
      return { kind: "frameError", detail: check.detail };
    }
    const { frame, crc } = check;
    if (frame.type !== FrameType.REQUEST) {
      this.frameErrors++;
      return { kind: "frameError", detail: ErrorDetail.FRAME_TYPE };
    }
    // HELLO opens a session: the history is emptied before the lookup, so HELLO always runs.
    if (frame.code === Command.HELLO) this.history = [];
    const remembered = this.history.find((h) => h.sequence === frame.sequence);
    if (remembered !== undefined) {
      if (remembered.crc !== crc) return { kind: "reused", sequence: frame.sequence, code: frame.code };
      this.duplicates++;
      return { kind: "duplicate", entry: remembered };
    }
    this.executed++;
    if (frame.code === Command.CHECK_PROGRAM && frame.payload.length === REQUEST_SIZE) this.checksExecuted++;
    // Remembered at once: a repeat in the same chunk already finds it, as in the pump.
    const entry: HistoryEntry = { sequence: frame.sequence, crc, response: undefined };
    this.history.push(entry);
    if (this.history.length > HISTORY_DEPTH) this.history.shift();
    return { kind: "executed", sequence: frame.sequence, code: frame.code, entry };
  }
}

/** Checks a response segment against the expectation; returns a problem or null. */
export function mismatch(expected: Expectation, response: Uint8Array): string | null {
  const check = checkSegment(response);
  if (!check.ok) return `pump sent a bad frame (${check.detail})`;
  const f = check.frame;
  const result = f.payload[0] | (f.payload[1] << 8);
  switch (expected.kind) {
    case "frameError": {
      const wanted = expected.detail === ErrorDetail.TOO_LONG ? Result.FRAME_TOO_LONG : Result.FRAME_ERROR;
      const ok =
        f.sequence === UNTRUSTED_SEQUENCE &&
        f.code === UNTRUSTED_CODE &&
        result === wanted &&
        f.payload[2] === expected.detail;
      return ok
        ? null
        : `expected frame error ${expected.detail}, got #${f.sequence} code ${f.code} result ${result} detail ${f.payload[2]}`;
    }
    case "duplicate":
      return expected.entry.response !== undefined && Buffer.from(expected.entry.response).equals(Buffer.from(response))
        ? null
        : "repeat not answered with the cached bytes";
    case "reused":
      return f.sequence === expected.sequence && f.code === expected.code && result === Result.SEQUENCE_REUSED
        ? null
        : "expected SEQUENCE_REUSED";
    case "executed":
      expected.entry.response = response;
      return f.sequence === expected.sequence &&
        f.code === expected.code &&
        result !== Result.SEQUENCE_REUSED &&
        result !== Result.FRAME_ERROR
        ? null
        : `expected an answer to #${expected.sequence} code ${expected.code}, got #${f.sequence} code ${f.code} result ${result}`;
  }
}
