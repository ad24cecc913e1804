// The runner's side of the line: a ByteLink over the target's serial link that counts every byte
// each way (the virtual target compares the counts with its own to know the line is quiet), keeps
// every intact frame the pump sent (responses for sendRaw, EVENT frames for expectEvent), and
// writes the decoded transcript as the bytes pass, one line per frame in the order they crossed.
import { FrameType } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, FrameSplitter, type Frame } from "../../simulator/client/frame.ts";
import type { ByteLink } from "../../simulator/link/link.ts";
import { describeSegment } from "../../simulator/client/transcript.ts";

export class RecordingLink implements ByteLink {
  bytesWritten = 0;
  bytesRead = 0;
  /** One decoded line per frame, both directions, in the order they crossed. */
  readonly transcript: string[] = [];
  /** Every intact frame received from the pump, in order. */
  readonly frames: Frame[] = [];
  /** Sequence of the last intact request written, for a session that continues the sequences. */
  lastRequestSequence: number | undefined;
  private readonly listeners: ((bytes: Uint8Array) => void)[] = [];
  private readonly writeListeners: ((bytes: Uint8Array) => void)[] = [];
  private readonly sent = new FrameSplitter();
  private readonly received = new FrameSplitter();
  private attached = true;

  constructor(private readonly inner: ByteLink) {
    inner.onData((bytes) => {
      if (!this.attached) return;
      this.bytesRead += bytes.length;
      for (const segment of this.received.push(bytes)) {
        this.transcript.push(describeSegment(segment, "←"));
        const check = checkSegment(segment);
        if (check.ok) this.frames.push(check.frame);
      }
      for (const listener of this.listeners) listener(bytes);
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    // Counted before the transport has them: until the pump's side counts as many, the line is busy.
    this.bytesWritten += bytes.length;
    for (const segment of this.sent.push(bytes)) {
      this.transcript.push(describeSegment(segment, "→"));
      const check = checkSegment(segment);
      if (check.ok && check.frame.type === FrameType.REQUEST) this.lastRequestSequence = check.frame.sequence;
    }
    for (const listener of this.writeListeners) listener(bytes);
    return this.inner.write(bytes);
  }

  /** Sees every write as it is handed to the transport (a port session times the line's quiet from it). */
  onWrite(listener: (bytes: Uint8Array) => void): void {
    this.writeListeners.push(listener);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  /** Stops listening (the inner link lives on, e.g. a rig's port shared by the scenarios of a run). */
  detach(): void {
    this.attached = false;
  }
}
