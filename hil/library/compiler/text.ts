// Texts the pump displays are stored as UTF-8 with a byte length (docs/library-image.md), so
// their limits are in bytes, not characters (an "é" is 2 bytes).
import type { ErrorList } from "./errors.ts";
import { Rule } from "./rules.ts";

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

// A lone UTF-16 surrogate (possible with a "\ud800" escape in JSON) has no UTF-8 form and would
// be silently replaced by U+FFFD on the pump.
const LONE_SURROGATE = /\p{Cs}/u;

/** Checks a displayed text's UTF-8 length against `maxBytes` and its encodability. */
export function checkText(text: string, maxBytes: number, what: string, path: string, errors: ErrorList): void {
  if (LONE_SURROGATE.test(text)) {
    errors.add(path, Rule.TEXT_ENCODING, `${what} contains an unpaired UTF-16 surrogate (an invalid "\\uD8xx" escape); remove it`);
    return;
  }
  const bytes = utf8Bytes(text);
  if (bytes > maxBytes) {
    errors.add(path, Rule.TEXT_LENGTH, `${what} is ${bytes} UTF-8 bytes, more than the ${maxBytes} the pump stores; shorten it`);
  }
}
