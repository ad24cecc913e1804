// The pump's local port (docs/panel.md §2, docs/decisions/0027-panel-local-port.md): the front panel's
// requests reach the firmware through the same protocol as every serial client, but over a second
// input that is not the serial line. The virtual pump keeps the serial line's bytes until their
// delimiter, so a panel frame is never merged into half a serial frame, hands the panel's frame to
// the firmware alone, and routes what the firmware answers: the response to the panel, the EVENT
// frames to both the serial line (every client sees what the pump logs) and the panel.
import { FRAME_DELIMITER, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { REC_SEQUENCE } from "../../firmware/abi/record-layout.ts";
import { checkSegment, splitStream, type Frame } from "../client/frame.ts";

/** The local port's sequences: 0xC000 … 0xFFFE, wrapping; 0xFFFF is the frame-error sequence. */
export const LOCAL_FIRST_SEQUENCE = 0xc000;
export const LOCAL_LAST_SEQUENCE = 0xfffe;
/**
 * How far a local sequence keeps from the serial client's last one, both ways. The pump remembers
 * 16 executed requests (docs/protocol.md §4): while a local entry is in that history the serial
 * client, numbering by one, moves at most 16 on, and its own remembered entries lie at most 16 back.
 */
export const SERIAL_SEQUENCE_MARGIN = 64;

const distance = (a: number, b: number): number => {
  const d = Math.abs(a - b);
  return Math.min(d, 0x10000 - d);
};

/**
 * Numbers the local port's requests so that none meets a serial client's request in the pump's
 * history: from its own range, and never within SERIAL_SEQUENCE_MARGIN of the serial client's
 * last sequence (a serial client may use any sequences; the HIL runner's port target starts at a
 * random one).
 */
export class LocalSequencer {
  private next = LOCAL_FIRST_SEQUENCE;

  take(lastSerialSequence: number | undefined): number {
    let sequence = this.next;
    // One jump of the window's width leaves the window (the range is far wider than the window).
    for (let jumps = 0; jumps < 3; jumps++) {
      if (lastSerialSequence === undefined || distance(sequence, lastSerialSequence) > SERIAL_SEQUENCE_MARGIN) break;
      sequence += 2 * SERIAL_SEQUENCE_MARGIN + 1;
      if (sequence > LOCAL_LAST_SEQUENCE) sequence = LOCAL_FIRST_SEQUENCE + (sequence - LOCAL_LAST_SEQUENCE - 1);
    }
    this.next = sequence === LOCAL_LAST_SEQUENCE ? LOCAL_FIRST_SEQUENCE : sequence + 1;
    return sequence;
  }
}

/** What the firmware answered to one local frame. */
export interface LocalExchange {
  /** The response whose sequence and code are the request's; undefined when none came (a frame error). */
  response: Frame | undefined;
  /** Log sequence numbers of the records the request wrote (from its EVENT frames). */
  recordSequences: number[];
  /** The bytes that belong on the serial line: every EVENT frame, encoded and delimited. */
  toLine: Uint8Array;
}

/** Splits the firmware's output after a local request into the panel's answer and the line's share. */
export function routeLocalOutput(output: Uint8Array, sequence: number, code: number): LocalExchange {
  let response: Frame | undefined;
  const recordSequences: number[] = [];
  const line: number[] = [];
  for (const segment of splitStream(output)) {
    const check = checkSegment(segment);
    if (
      check.ok &&
      check.frame.type === FrameType.RESPONSE &&
      check.frame.sequence === sequence &&
      check.frame.code === code
    ) {
      response = check.frame;
      continue;
    }
    if (check.ok && check.frame.type === FrameType.EVENT && check.frame.payload.length > REC_SEQUENCE + 3)
      recordSequences.push(new DataView(check.frame.payload.buffer).getUint32(REC_SEQUENCE, true));
    line.push(...segment, FRAME_DELIMITER);
  }
  return { response, recordSequences, toLine: Uint8Array.from(line) };
}

/**
 * Holds the serial line's bytes after its last delimiter, so the firmware only ever receives whole
 * runs while a local port is attached. A run longer than any frame is passed on as it is (the
 * firmware skips it and answers FRAME_TOO_LONG); until its delimiter comes the local port waits.
 */
export class LineFrameGate {
  private held: number[] = [];
  /** True while the firmware holds part of a serial run: a local frame would merge into it. */
  firmwareHoldsPartial = false;
  /** The sequence of the last well-formed request that came over the serial line. */
  lastSerialSequence: number | undefined;

  constructor(private readonly maxRunBytes: number) {}

  /** The bytes to hand to the firmware now. */
  pass(arrived: Uint8Array): Uint8Array {
    if (arrived.length === 0) return arrived;
    this.held.push(...arrived);
    const last = this.held.lastIndexOf(FRAME_DELIMITER);
    if (last < 0) {
      if (this.held.length <= this.maxRunBytes && !this.firmwareHoldsPartial) return new Uint8Array(0);
      const overrun = Uint8Array.from(this.held);
      this.held = [];
      this.firmwareHoldsPartial = true;
      return overrun;
    }
    const whole = Uint8Array.from(this.held.slice(0, last + 1));
    this.held = this.held.slice(last + 1);
    if (!this.firmwareHoldsPartial) this.noteRequests(whole);
    this.firmwareHoldsPartial = false;
    return whole;
  }

  private noteRequests(whole: Uint8Array): void {
    for (const segment of splitStream(whole)) {
      const check = checkSegment(segment);
      if (check.ok && check.frame.type === FrameType.REQUEST) this.lastSerialSequence = check.frame.sequence;
    }
  }
}
