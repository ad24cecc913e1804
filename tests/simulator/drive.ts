// Drives a manual virtual clock (or manual client timers) until a promise settles, so tests never
// wait on real time; a bound turns a stuck exchange into a failure instead of a hang.
import { settle } from "./helpers.ts";

export async function drive<T>(promise: Promise<T>, step: () => void, maxSteps = 20_000): Promise<T> {
  let outcome: { value: T } | { error: unknown } | undefined;
  promise.then(
    (value) => (outcome = { value }),
    (error: unknown) => (outcome = { error }),
  );
  for (let steps = 0; steps < maxSteps; steps++) {
    await settle();
    if (outcome !== undefined) break;
    step();
  }
  if (outcome === undefined) throw new Error(`still pending after ${maxSteps} steps`);
  if ("error" in outcome) throw outcome.error;
  return outcome.value;
}
