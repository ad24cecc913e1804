// The one JSON reader of every file the project reads (libraries, HIL scenarios, dry-run order
// sets, lint configuration), stricter than JSON.parse: invalid UTF-8 is refused instead of
// silently replaced, a key repeated in one object (JSON.parse keeps the last one, so a second
// "hardMax" or "expect" would silently override the first) is an error, and so is a number whose
// text is not the number JSON.parse returns for a whole number (12.9999999999999999 reads as 13,
// 2^53 + 1 as 2^53): REQ-LIB-009, REQ-LIB-019.
import { pointer, type LibraryError } from "./errors.ts";
import { syntaxPosition } from "./json-syntax-position.ts";
import { Rule } from "./rules.ts";

export type ParseResult = { ok: true; json: unknown } | { ok: false; errors: LibraryError[] };

const WHITESPACE = " \t\n\r";

const PLAIN_INTEGER = /^-?(0|[1-9][0-9]*)$/;

/** A number token whose value is a whole number but not exactly the one written. */
function inexactNumber(token: string): string | undefined {
  const value = Number(token);
  if (!Number.isInteger(value)) return undefined;
  if (!PLAIN_INTEGER.test(token))
    return `${token} is read as ${value}; write a whole number without fraction or exponent`;
  if (!Number.isSafeInteger(value))
    return `${token} is beyond ±${Number.MAX_SAFE_INTEGER} and is read as ${BigInt(value)}; use a smaller number`;
  return undefined;
}

/** Repeated keys and inexact numbers in `text`, which must already be valid JSON, by path. */
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
          if (seen.has(key))
            errors.push({
              path: pointer(path, key),
              rule: Rule.DUPLICATE_KEY,
              message: `key "${key}" appears more than once in this object; keep only one`,
            });
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
      const start = i;
      while (i < text.length && !",]}".includes(text[i]) && !WHITESPACE.includes(text[i])) i++;
      const token = text.slice(start, i);
      const problem = open === "-" || (open >= "0" && open <= "9") ? inexactNumber(token) : undefined;
      if (problem !== undefined) errors.push({ path, rule: Rule.NUMBER_NOT_EXACT, message: problem });
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
    return {
      ok: false,
      errors: [{ path: "", rule: Rule.JSON_SYNTAX, message: `${subject} is not valid UTF-8; save it as UTF-8` }],
    };
  }
  return parseJsonText(text, file);
}

/** The same checks on text already decoded (a byte-order mark is dropped, as spreadsheets and editors add one). */
export function parseJsonText(source: string, file?: string): ParseResult {
  const subject = file === undefined ? "the file" : `"${file}"`;
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const prefix = file === undefined ? "not valid JSON" : `${subject} is not valid JSON`;
    // Line and column, not V8's character offset (REQ-LC-030); V8's text only if the scanner cannot say.
    const at = syntaxPosition(text);
    const where =
      at === undefined ? (error as Error).message : `line ${at.line}, column ${at.column}: expected ${at.expected}`;
    return {
      ok: false,
      errors: [{ path: "", rule: Rule.JSON_SYNTAX, message: `${prefix}: ${where}; fix the syntax there` }],
    };
  }
  try {
    const errors = duplicateKeys(text);
    return errors.length === 0 ? { ok: true, json } : { ok: false, errors };
  } catch {
    const message = `${file === undefined ? "the JSON" : `the JSON of ${subject}`} is nested too deeply to check; flatten it`;
    return { ok: false, errors: [{ path: "", rule: Rule.JSON_SYNTAX, message }] };
  }
}
