// Seeded choices for the fleet simulator (README: seeded randomness, seed printed): one
// independent stream per pump from the printed seed, so adding pumps never changes another pump's
// workload. Built on the simulator's splitmix32 (simulator/link/prng.ts).
import { derivedStream, type RandomU32 } from "../../simulator/link/prng.ts";

export class FleetRandom {
  private readonly next: RandomU32;

  constructor(seed: number, stream: number) {
    this.next = derivedStream(seed, stream);
  }

  /** A whole number in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor((this.next() / 2 ** 32) * (high - low + 1));
  }

  /** True with probability `p` (0 … 1). */
  chance(p: number): boolean {
    return this.next() < p * 2 ** 32;
  }

  /** A fraction in [0, 1) — for choosing values only, never a decision of the pump. */
  fraction(): number {
    return this.next() / 2 ** 32;
  }

  /** One of `items`, by the weight each carries. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let at = this.fraction() * total;
    for (const [item, weight] of items) {
      if (at < weight) return item;
      at -= weight;
    }
    return items[items.length - 1][0];
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}
