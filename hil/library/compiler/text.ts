// Texts the pump displays are stored as UTF-8 with a byte length (docs/library-image.md), so
// their limits are in bytes, not characters (an "é" is 2 bytes). Names and advisories must also be
// text a person can read off a display and tell apart: the one character rule of
// docs/library-format.md §6 "Names" (REQ-LIB-017). The firmware checks only well-formed UTF-8 and
// a non-empty, NUL-free library name; this rule refuses a superset of what it refuses.
import type { ErrorList } from "./errors.ts";
import { Rule } from "./rules.ts";

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

// A lone UTF-16 surrogate (possible with a "\ud800" escape in JSON) has no UTF-8 form and would
// be silently replaced by U+FFFD on the pump.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Characters no name or advisory may contain: controls (NUL, ESC, C1), format characters (bidi
 * overrides and isolates, zero-width space/joiners, soft hyphen, BOM), private-use and unassigned
 * code points, line and paragraph separators, every other default-ignorable (invisible) character,
 * and every space but U+0020 (a no-break or em space looks like a space and is not one).
 */
const FORBIDDEN_CHARACTER =
  /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|[^\P{White_Space} ]/u;

/** "U+202E" for a code point. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The first character `text` may not contain, with its 1-based character position, or undefined. */
export function forbiddenCharacter(text: string): { character: string; position: number } | undefined {
  let position = 0;
  for (const character of text) {
    position++;
    if (FORBIDDEN_CHARACTER.test(character)) return { character, position };
  }
  return undefined;
}

/** True when `text` has no visible character (empty or only spaces). */
export function isBlank(text: string): boolean {
  return text.trim() === "";
}

/** Checks a text: encodability, the character rule, blankness (`name`: an advisory may be blank, lint warns), UTF-8 length. */
export function checkText(
  text: string,
  maxBytes: number,
  what: string,
  path: string,
  errors: ErrorList,
  name = true,
): void {
  if (LONE_SURROGATE.test(text)) {
    errors.add(
      path,
      Rule.TEXT_ENCODING,
      `${what} contains an unpaired UTF-16 surrogate (an invalid "\\uD8xx" escape); remove it`,
    );
    return;
  }
  const forbidden = forbiddenCharacter(text);
  if (forbidden !== undefined) {
    errors.add(
      path,
      Rule.TEXT_CHARACTER,
      `${what} contains ${codePointName(forbidden.character)} at character ${forbidden.position}, a control, invisible, formatting or non-space blank character a display cannot show unambiguously; remove it`,
    );
  } else if (name && isBlank(text)) {
    errors.add(path, Rule.TEXT_BLANK, `${what} is blank; give it visible text`);
  }
  const bytes = utf8Bytes(text);
  if (bytes > maxBytes) {
    errors.add(
      path,
      Rule.TEXT_LENGTH,
      `${what} is ${bytes} UTF-8 bytes, more than the ${maxBytes} the pump stores; shorten it`,
    );
  }
}
