// Seeded randomness for the line impairments (README: seeded randomness, seed printed). splitmix32
// is tiny and fast; each line direction gets its own stream (numbered in line-impairments.ts) so
// one direction's traffic never shifts the other's impairments.
export type RandomU32 = () => number;

export function splitmix32(seed: number): RandomU32 {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** An independent stream per purpose (e.g. 1 = host→pump, 2 = pump→host) from one printed seed. */
export const derivedStream = (seed: number, streamId: number): RandomU32 =>
  splitmix32(splitmix32((seed ^ Math.imul(streamId, 0x632be5ab)) >>> 0)());

/** A fresh seed for a run that was not given one (printed so the run can be replayed). */
export const randomSeed = (): number => (Math.random() * 2 ** 32) >>> 0;
