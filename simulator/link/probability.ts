// Probabilities for the line impairments, given as decimal strings ("0.01") and compared exactly
// against 32-bit random words: no binary floating point decides whether a byte is damaged, so the
// same seed gives the same bytes on every machine (decision 0003: decimal strings in, exact out).

/** A probability p as the integer threshold ⌊p·2³²⌋: a random u32 below it means "happens". */
export interface Probability {
  text: string;
  thresholdU32: number;
}

const DECIMAL = /^(?:0|1)(?:\.\d{1,12})?$/;
const TWO_POW_32 = 2n ** 32n;

export const NEVER: Probability = { text: "0", thresholdU32: 0 };

/** Parses "0", "0.25", "1", "1.000"; returns an error message for anything else. */
export function parseProbability(text: string): Probability | { error: string } {
  if (!DECIMAL.test(text)) return { error: `"${text}" is not a probability: write a decimal from 0 to 1 such as 0.01` };
  const [whole, fraction = ""] = text.split(".");
  const scaled = BigInt(whole + fraction);
  const scale = 10n ** BigInt(fraction.length);
  if (scaled > scale) return { error: `"${text}" is more than 1` };
  return { text, thresholdU32: Number((scaled * TWO_POW_32) / scale) };
}

/** True with the probability: `word` is a uniformly random u32. */
export const happens = (probability: Probability, word: number): boolean => word < probability.thresholdU32;
