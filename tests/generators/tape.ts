// A tape of random 32-bit words that a plain function turns into one request. fast-check draws
// and shrinks the words (toward 0, which every choice maps to its simplest option), and building
// a request from a tape is far cheaper than composing arbitraries for each of 200,000 requests.
import fc from "fast-check";

export const TAPE_WORDS = 64;

// noBias: fast-check's small-value bias would turn every `chance(p)` on a tape into near-certainty.
export const arbTape = (): fc.Arbitrary<number[]> =>
  fc.noBias(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: TAPE_WORDS, maxLength: TAPE_WORDS }));

export class Tape {
  private position = 0;
  constructor(private readonly words: readonly number[]) {}

  /** The next word; an exhausted tape repeats from its start, so any tape length works. */
  word(): number {
    const w = this.words.length === 0 ? 0 : this.words[this.position % this.words.length];
    this.position++;
    return w >>> 0;
  }

  /** 0 .. n − 1 */
  below(n: number): number {
    return this.word() % n;
  }

  /** True in `percent` out of 100 draws. */
  chance(percent: number): boolean {
    return this.below(100) < percent;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  /** 0 .. max, log-uniform in magnitude (so tiny and huge values are equally likely). */
  magnitude(max: bigint): bigint {
    const bits = max.toString(2).length;
    const width = 1 + this.below(bits);
    const raw = (BigInt(this.word()) << 32n) | BigInt(this.word());
    const value = raw & ((1n << BigInt(width)) - 1n);
    return value > max ? max - (value % (max + 1n)) : value;
  }

  /** `base` moved by −1, 0 or +1 (and now and then by a little more). */
  near(base: bigint): bigint {
    return base + [0n, -1n, 1n, 0n, -1n, 1n, -2n, 2n][this.below(8)];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let w = 0;
    for (let i = 0; i < n; i++) {
      if (i % 4 === 0) w = this.word();
      out[i] = (w >>> (8 * (i % 4))) & 0xff;
    }
    return out;
  }
}
