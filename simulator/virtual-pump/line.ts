// One direction of the virtual serial line: impairments where the bytes enter the wire (so they
// depend only on the seed and the bytes), then the UART's pace on the virtual clock.
import { BaudPacer } from "./baud-pacer.ts";
import { Impairments, type ImpairmentSettings } from "../link/impairments.ts";
import type { RandomU32 } from "../link/prng.ts";

export class LineDirection {
  readonly impairments: Impairments;
  private readonly pacer: BaudPacer;

  constructor(baudRate: number | undefined, settings: ImpairmentSettings, random: RandomU32) {
    this.impairments = new Impairments(settings, random);
    this.pacer = new BaudPacer(baudRate);
  }

  get pendingBytes(): number {
    return this.pacer.pendingBytes;
  }

  send(bytes: Uint8Array): void {
    if (bytes.length > 0) this.pacer.push(this.impairments.apply(bytes));
  }

  /** Bytes that reach the far end during elapsedMs more of simulated time. */
  advance(elapsedMs: number): Uint8Array {
    return this.pacer.advance(elapsedMs);
  }

  clear(): void {
    this.pacer.clear();
  }
}
