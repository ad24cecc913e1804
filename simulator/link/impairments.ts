// Line impairments for one direction of the virtual serial line: each byte can be dropped,
// corrupted (one bit flipped) or duplicated, with the given probabilities and a seeded stream.
// Exactly four random words are drawn per byte whatever happens, so the impairments depend only on
// the seed and the byte sequence — not on timing, step size or the other direction.
import { happens, NEVER, type Probability } from "./probability.ts";
import type { RandomU32 } from "./prng.ts";

export interface ImpairmentSettings {
  drop?: Probability;
  duplicate?: Probability;
  corrupt?: Probability;
}

export interface ImpairmentCounts {
  dropped: number;
  corrupted: number;
  duplicated: number;
}

export class Impairments {
  readonly counts: ImpairmentCounts = { dropped: 0, corrupted: 0, duplicated: 0 };
  private readonly drop: Probability;
  private readonly duplicate: Probability;
  private readonly corrupt: Probability;

  constructor(
    settings: ImpairmentSettings,
    private readonly random: RandomU32,
  ) {
    this.drop = settings.drop ?? NEVER;
    this.duplicate = settings.duplicate ?? NEVER;
    this.corrupt = settings.corrupt ?? NEVER;
  }

  get active(): boolean {
    return this.drop.thresholdU32 + this.duplicate.thresholdU32 + this.corrupt.thresholdU32 > 0;
  }

  /** The bytes as they arrive at the far end. A corrupted byte that is duplicated arrives twice, damaged. */
  apply(bytes: Uint8Array): Uint8Array {
    if (!this.active) return bytes;
    const out: number[] = [];
    for (const byte of bytes) {
      const dropWord = this.random();
      const corruptWord = this.random();
      const bitWord = this.random();
      const duplicateWord = this.random();
      if (happens(this.drop, dropWord)) {
        this.counts.dropped++;
        continue;
      }
      let arriving = byte;
      if (happens(this.corrupt, corruptWord)) {
        arriving ^= 1 << (bitWord & 7);
        this.counts.corrupted++;
      }
      out.push(arriving);
      if (happens(this.duplicate, duplicateWord)) {
        out.push(arriving);
        this.counts.duplicated++;
      }
    }
    return Uint8Array.from(out);
  }
}
