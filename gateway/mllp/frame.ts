// MLLP (HL7 v2 Minimal Lower Layer Protocol, release 2): each message travels as <VT> message
// <FS><CR>. The decoder takes the bytes of one TCP connection as they arrive and gives whole
// messages; bytes outside a frame, a frame longer than the limit, or a start byte inside a frame
// are errors the listener answers and recovers from (it drops to the next <VT>), so one bad sender
// never stops the others (docs/gateway.md §1).
export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_END_2 = 0x0d;

/** The bytes of one message framed for the line. */
export function mllpFrame(message: string): Buffer {
  return Buffer.concat([Buffer.from([MLLP_START]), Buffer.from(message, "utf8"), Buffer.from([MLLP_END, MLLP_END_2])]);
}

export type MllpEvent = { kind: "message"; text: string } | { kind: "error"; reason: string };

const UTF8 = new TextDecoder("utf-8", { fatal: true });

const enum State {
  /** Between frames: only a start byte (or a line end) may come. */
  OUTSIDE,
  /** After an error: dropping bytes until the next start byte. */
  DISCARDING,
  BODY,
  /** Saw FS: a CR must follow. */
  AFTER_END,
}

export class MllpDecoder {
  private state = State.OUTSIDE;
  private body: Buffer;
  private length = 0;

  constructor(private readonly maxMessageBytes: number) {
    this.body = Buffer.alloc(maxMessageBytes);
  }

  /** Feeds received bytes; returns the messages and errors they complete, in order. */
  push(bytes: Buffer): MllpEvent[] {
    const events: MllpEvent[] = [];
    for (const b of bytes) {
      switch (this.state) {
        case State.OUTSIDE:
        case State.DISCARDING:
          if (b === MLLP_START) this.begin();
          else if (this.state === State.OUTSIDE && b !== MLLP_END_2 && b !== 0x0a) {
            // Line ends between frames are tolerated; anything else is not MLLP.
            events.push({ kind: "error", reason: `byte 0x${hex(b)} outside an MLLP frame (a frame starts with 0x0b)` });
            this.state = State.DISCARDING;
          }
          break;
        case State.BODY:
          if (b === MLLP_END) this.state = State.AFTER_END;
          else if (b === MLLP_START) {
            events.push({
              kind: "error",
              reason: "a start byte 0x0b inside a frame: the message before it was cut off",
            });
            this.begin();
          } else if (this.length === this.maxMessageBytes) {
            events.push({ kind: "error", reason: `a message longer than ${this.maxMessageBytes} bytes` });
            this.state = State.DISCARDING;
          } else this.body[this.length++] = b;
          break;
        case State.AFTER_END:
          if (b === MLLP_END_2) {
            events.push(this.finish());
            this.state = State.OUTSIDE;
          } else {
            events.push({ kind: "error", reason: `the end byte 0x1c is followed by 0x${hex(b)}, not 0x0d` });
            this.state = b === MLLP_START ? State.OUTSIDE : State.DISCARDING;
            if (b === MLLP_START) this.begin();
          }
          break;
      }
    }
    return events;
  }

  /** Bytes of an unfinished message held (for a sender that stops mid-frame). */
  get pendingBytes(): number {
    return this.state === State.BODY || this.state === State.AFTER_END ? this.length : 0;
  }

  private begin(): void {
    this.state = State.BODY;
    this.length = 0;
  }

  private finish(): MllpEvent {
    try {
      return { kind: "message", text: UTF8.decode(this.body.subarray(0, this.length)) };
    } catch {
      return { kind: "error", reason: "the message is not valid UTF-8 (the gateway reads MSH-18 UNICODE UTF-8 only)" };
    }
  }
}

const hex = (b: number): string => b.toString(16).padStart(2, "0");
