// Names and advisories: valid UTF-8 with 1-, 2-, 3- and 4-byte characters, within a byte budget.
import fc from "fast-check";

const CHARACTERS = ["a", "Z", "m", "0", "7", " ", "-", "/", "µ", "²", "é", "Ω", "中", "→", "😀"];
const utf8 = new TextEncoder();

/** A string of minBytes..maxBytes UTF-8 bytes (every character is at most 4 bytes). */
export function arbText(minBytes: number, maxBytes: number): fc.Arbitrary<string> {
  const maxChars = Math.max(1, Math.floor(maxBytes / 4));
  const short = fc
    .array(fc.constantFrom(...CHARACTERS), { minLength: Math.max(1, minBytes), maxLength: Math.min(maxChars, 24) })
    .map((cs) => cs.join(""));
  // A plain ASCII string right up to the byte limit.
  const atLimit = fc.integer({ min: Math.max(1, minBytes), max: maxBytes }).map((n) => "x".repeat(n));
  return fc.oneof({ weight: 9, arbitrary: short }, { weight: 1, arbitrary: atLimit }).filter((s) => {
    const bytes = utf8.encode(s).length;
    return bytes >= minBytes && bytes <= maxBytes;
  });
}
