// The serial line's impairment model, both directions from one printed seed: the one place that
// numbers the directions' random streams, so the virtual pump's line and the HIL runner's line
// impair the same bytes the same way for the same seed (README: seeded randomness, seed printed).
import { Impairments, type ImpairmentSettings } from "./impairments.ts";
import { parseProbability, type Probability } from "./probability.ts";
import { derivedStream, type RandomU32 } from "./prng.ts";

/** Stream ids of derivedStream: each direction draws from its own stream. */
export const HOST_TO_PUMP_STREAM = 1;
export const PUMP_TO_HOST_STREAM = 2;

/** The random stream of one direction (HOST_TO_PUMP_STREAM or PUMP_TO_HOST_STREAM) of a line impaired with `seed`. */
export const directionStream = (seed: number, streamId: number): RandomU32 => derivedStream(seed, streamId);

/** Impairments as written by a person (a scenario's line step, the pump's options): decimal strings. */
export interface ImpairmentText {
  drop?: string;
  duplicate?: string;
  corrupt?: string;
}

/**
 * The probabilities of `text`; throws on a bad one, the message naming the field when `nameField`
 * (the pump's options: "drop: …").
 */
export function parseImpairments(text: ImpairmentText, nameField = false): ImpairmentSettings {
  const probability = (name: keyof ImpairmentText): Probability | undefined => {
    const value = text[name];
    if (value === undefined) return undefined;
    const parsed = parseProbability(value);
    if ("error" in parsed) throw new Error(nameField ? `${name}: ${parsed.error}` : parsed.error);
    return parsed;
  };
  return { drop: probability("drop"), duplicate: probability("duplicate"), corrupt: probability("corrupt") };
}

/** Both directions of one impaired line. */
export class LineImpairments {
  readonly hostToPump: Impairments;
  readonly pumpToHost: Impairments;

  constructor(settings: ImpairmentSettings, seed: number) {
    this.hostToPump = new Impairments(settings, directionStream(seed, HOST_TO_PUMP_STREAM));
    this.pumpToHost = new Impairments(settings, directionStream(seed, PUMP_TO_HOST_STREAM));
  }
}
