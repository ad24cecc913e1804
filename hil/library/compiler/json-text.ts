// Library file bytes → JSON value, stricter than JSON.parse: invalid UTF-8 is refused instead of
// silently replaced, and a key repeated in one object (JSON.parse keeps the last one, so a
// second "hardMax" would silently override the first) is an error.
import { pointer, type LibraryError } from "./errors.ts";
import { Rule } from "./rules.ts";

export type ParseResult = { ok: true; json: unknown } | { ok: false; errors: LibraryError[] };

const WHITESPACE = " \t\n\r";

/** Paths of repeated keys in `text`, which must already be valid JSON. */
function duplicateKeys(text: string): LibraryError[] {
  const errors: LibraryError[] = [];
  let i = 0;
  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.includes(text[i])) i++;
  };
  const readString = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (path: string): void => {
    skipWhitespace();
    const open = text[i];
    if (open === '"') {
      readString();
    } else if (open === "{" || open === "[") {
      i++;
      skipWhitespace();
      const seen = new Set<string>();
      for (let index = 0; text[i] !== (open === "{" ? "}" : "]"); index++) {
        if (open === "{") {
          skipWhitespace();
          const key = readString();
          if (seen.has(key)) errors.push({ path: pointer(path, key), rule: Rule.DUPLICATE_KEY, message: `key "${key}" appears more than once in this object; keep only one` });
          seen.add(key);
          skipWhitespace();
          i++; // ":"
          readValue(pointer(path, key));
        } else {
          readValue(pointer(path, index));
        }
        skipWhitespace();
        if (text[i] === ",") i++;
        skipWhitespace();
      }
      i++;
    } else {
      while (i < text.length && !",]}".includes(text[i]) && !WHITESPACE.includes(text[i])) i++;
    }
  };
  readValue("");
  return errors;
}

/**
 * `file`, when given, is named in the whole-file errors (their path is "", printed as "/", which
 * alone would not say which of several files a command read is broken).
 */
export function parseLibraryText(bytes: Uint8Array, file?: string): ParseResult {
  const subject = file === undefined ? "the file" : `"${file}"`;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, errors: [{ path: "", rule: Rule.JSON_SYNTAX, message: `${subject} is not valid UTF-8; save it as UTF-8` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const prefix = file === undefined ? "not valid JSON" : `${subject} is not valid JSON`;
    return { ok: false, errors: [{ path: "", rule: Rule.JSON_SYNTAX, message: `${prefix}: ${(error as Error).message}; fix the syntax (a JSON-aware editor shows where)` }] };
  }
  try {
    const errors = duplicateKeys(text);
    return errors.length === 0 ? { ok: true, json } : { ok: false, errors };
  } catch {
    const message = `${file === undefined ? "the JSON" : `the JSON of ${subject}`} is nested too deeply to check; flatten it`;
    return { ok: false, errors: [{ path: "", rule: Rule.JSON_SYNTAX, message }] };
  }
}
