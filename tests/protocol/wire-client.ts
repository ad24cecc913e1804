// A bare protocol client for session tests: its own sequence numbers, raw request frames straight
// into receive(), the pump's frames out of transmit(). Several of them can share one pump, the way
// a HIL runner and a gateway take turns on one serial line; resend() repeats the last request's
// exact bytes, as a client does when the answer was lost.
import { RX_BUFFER_OFFSET, TX_BUFFER_OFFSET, TX_BUFFER_SIZE } from "../../firmware/abi/codes.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, encodeFrame, splitStream, type Frame } from "../../simulator/client/frame.ts";
import { encodeHello } from "../../simulator/client/messages.ts";
import type { ProbeExports } from "./harness.ts";

/** The pump's answer to one request: the response and the events queued before it. */
export interface Exchange {
  response: Frame;
  /** The encoded response bytes, to compare a repeat's answer byte for byte. */
  responseBytes: Uint8Array;
  events: Frame[];
}

export class WireClient {
  private nextSequence: number;
  private lastWire: Uint8Array | undefined;

  constructor(
    private readonly pump: ProbeExports,
    readonly name: string,
    firstSequence = 0,
  ) {
    this.nextSequence = firstSequence & 0xffff;
  }

  /** Starts over at `firstSequence` (a restarted client) and sends HELLO. */
  connect(firstSequence: number): Exchange {
    this.nextSequence = firstSequence & 0xffff;
    return this.send(Command.HELLO, encodeHello());
  }

  send(code: number, payload: Uint8Array): Exchange {
    const sequence = this.nextSequence;
    this.nextSequence = (sequence + 1) & 0xffff;
    this.lastWire = encodeFrame(FrameType.REQUEST, sequence, code, payload);
    return this.exchange(this.lastWire);
  }

  /** The last request again, same sequence and bytes. */
  resend(): Exchange {
    if (this.lastWire === undefined) throw new Error(`${this.name} has sent nothing to resend`);
    return this.exchange(this.lastWire);
  }

  private exchange(wire: Uint8Array): Exchange {
    const bytes = Uint8Array.of(0, ...wire);
    new Uint8Array(this.pump.memory.buffer).set(bytes, RX_BUFFER_OFFSET);
    if (this.pump.receive(bytes.length) !== 1)
      throw new Error(`${this.name}: the pump did not handle exactly one frame`);
    const out: number[] = [];
    for (let n = this.pump.transmit(TX_BUFFER_SIZE); n > 0; n = this.pump.transmit(TX_BUFFER_SIZE)) {
      out.push(...new Uint8Array(this.pump.memory.buffer, TX_BUFFER_OFFSET, n));
    }
    const frames = splitStream(Uint8Array.from(out)).map((segment) => {
      const check = checkSegment(segment);
      if (!check.ok) throw new Error(`${this.name}: the pump sent a bad frame (detail ${check.detail})`);
      return { frame: check.frame, segment };
    });
    const responses = frames.filter((f) => f.frame.type === FrameType.RESPONSE);
    if (responses.length !== 1) throw new Error(`${this.name}: expected one response, got ${responses.length}`);
    return {
      response: responses[0].frame,
      responseBytes: responses[0].segment,
      events: frames.filter((f) => f.frame.type === FrameType.EVENT).map((f) => f.frame),
    };
  }
}
