// Watches the bytes a client writes into a virtual pump's tty (the pty's master side) and notes
// when each AUTO_PROGRAM request frame is complete there: the end of the gateway's path from the
// socket to the pump, for the end-to-end tests and the benchmark (REQ-GW-057).
import { performance } from "node:perf_hooks";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, FrameSplitter } from "../../simulator/client/frame.ts";
import type { VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";

export class TtyProbe {
  /** performance.now() of each distinct AUTO_PROGRAM request frame seen (retransmissions not counted). */
  readonly autoPrograms: number[] = [];
  /** Their payloads, in the same order. */
  readonly payloads: Uint8Array[] = [];
  private readonly splitter = new FrameSplitter();
  private readonly sequences = new Set<number>();

  /** Forgets what was seen (a new client numbers its requests from 0 again). */
  reset(): void {
    this.autoPrograms.length = 0;
    this.payloads.length = 0;
    this.sequences.clear();
  }

  constructor(handle: VirtualPumpHandle) {
    handle.device.onData((bytes) => {
      const at = performance.now();
      for (const segment of this.splitter.push(bytes)) {
        const check = checkSegment(segment);
        if (!check.ok) continue;
        const f = check.frame;
        if (f.type === FrameType.REQUEST && f.code === Command.AUTO_PROGRAM && !this.sequences.has(f.sequence)) {
          this.sequences.add(f.sequence);
          this.autoPrograms.push(at);
          this.payloads.push(f.payload.slice());
        }
      }
    });
  }
}
