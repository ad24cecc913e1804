// PumpClient: the typed commands (pump-commands.ts) over any ByteLink (docs/protocol.md §4, §7). One request in flight at
// a time; a request whose response never came is sent again with the same sequence and the same
// bytes, which the pump answers from its history without executing it twice. When every attempt
// times out the outcome is uncertain (STYLE: LoopKit uncertainDelivery), not a failure.
import { FRAME_DELIMITER, FrameType, UNTRUSTED_CODE, UNTRUSTED_SEQUENCE } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, encodeFrame, FrameSplitter, type Frame } from "./frame.ts";
import type { ByteLink } from "../link/link.ts";
import { PumpCommands } from "./pump-commands.ts";
import { realTimers, type Timers } from "../link/timers.ts";

export type { Outcome } from "./pump-commands.ts";

export interface ClientOptions {
  /** Time to wait for a response before sending the request again. */
  timeoutMs?: number;
  /** Sends of one request, the first included, before its outcome is declared uncertain. */
  maxAttempts?: number;
  timers?: Timers;
  firstSequence?: number;
}

/** No response after every attempt: the pump may or may not have executed the request. */
export class UncertainOutcomeError extends Error {
  constructor(
    readonly sequence: number,
    readonly code: number,
    readonly attempts: number,
  ) {
    super(
      `no response to request #${sequence} (code 0x${code.toString(16).padStart(4, "0")}) after ${attempts} attempts: ` +
        `the outcome is uncertain; check the link, then ask the pump (GET_STATUS, READ_LOG) before acting again`,
    );
  }
}

interface InFlight {
  sequence: number;
  code: number;
  wire: Uint8Array;
  attempts: number;
  timer: unknown;
  resolve(frame: Frame): void;
  reject(error: Error): void;
}

export class PumpClient extends PumpCommands {
  readonly events: Frame[] = [];
  /** Frames from the pump that failed their checks, or answered no request in flight. */
  badFrames = 0;
  strayResponses = 0;
  retransmissions = 0;
  private nextSequence: number;
  private inFlight: InFlight | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly splitter = new FrameSplitter();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly timers: Timers;

  constructor(
    private readonly link: ByteLink,
    options: ClientOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? 500;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.timers = options.timers ?? realTimers;
    this.nextSequence = (options.firstSequence ?? 0) & 0xffff;
    link.onData((bytes) => this.onBytes(bytes));
  }

  /** Sends one request (queued behind any in flight) and resolves with its response frame. */
  async request(code: number, payload: Uint8Array): Promise<Frame> {
    const sent = this.queue.then(() => this.send(code, payload));
    this.queue = sent.catch(() => undefined);
    return sent;
  }

  private send(code: number, payload: Uint8Array): Promise<Frame> {
    const sequence = this.nextSequence;
    this.nextSequence = (sequence + 1) & 0xffff;
    // The leading delimiter ends any line noise before it, so this frame is not merged into it.
    const frame = encodeFrame(FrameType.REQUEST, sequence, code, payload);
    const wire = new Uint8Array(frame.length + 1);
    wire[0] = FRAME_DELIMITER;
    wire.set(frame, 1);
    return new Promise<Frame>((resolve, reject) => {
      this.inFlight = { sequence, code, wire, attempts: 0, timer: undefined, resolve, reject };
      this.attempt();
    });
  }

  private attempt(): void {
    const flight = this.inFlight;
    if (flight === undefined) return;
    if (flight.attempts >= this.maxAttempts) {
      this.inFlight = undefined;
      flight.reject(new UncertainOutcomeError(flight.sequence, flight.code, flight.attempts));
      return;
    }
    if (flight.attempts > 0) this.retransmissions++;
    flight.attempts++;
    this.timers.clear(flight.timer);
    flight.timer = this.timers.set(this.timeoutMs, () => this.attempt());
    this.link.write(flight.wire).catch((error: Error) => {
      if (this.inFlight !== flight) return;
      this.timers.clear(flight.timer);
      this.inFlight = undefined;
      flight.reject(error);
    });
  }

  private onBytes(bytes: Uint8Array): void {
    for (const segment of this.splitter.push(bytes)) {
      const check = checkSegment(segment);
      if (!check.ok) {
        this.badFrames++;
        continue;
      }
      const frame = check.frame;
      if (frame.type === FrameType.EVENT) this.events.push(frame);
      else if (frame.type === FrameType.RESPONSE) this.onResponse(frame);
      else this.badFrames++;
    }
  }

  private onResponse(frame: Frame): void {
    const flight = this.inFlight;
    if (flight !== undefined && frame.sequence === UNTRUSTED_SEQUENCE && frame.code === UNTRUSTED_CODE) {
      // The pump could not read a frame, perhaps ours: send it again now rather than at the timeout.
      this.attempt();
      return;
    }
    if (flight === undefined || frame.sequence !== flight.sequence || frame.code !== flight.code) {
      this.strayResponses++;
      return;
    }
    this.timers.clear(flight.timer);
    this.inFlight = undefined;
    flight.resolve(frame);
  }
}
