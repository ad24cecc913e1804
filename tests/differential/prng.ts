// splitmix32: a tiny seeded generator that fills request tapes quickly. fast-check draws the seed,
// so FC_SEED still replays every request.
export { splitmix32 } from "../../simulator/link/prng.ts";

export function words(next: () => number, count: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = next();
  return out;
}
