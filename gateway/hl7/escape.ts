// HL7 v2 escape sequences (v2.6 §2.7): a delimiter inside a value is written \F\ \S\ \T\ \R\ \E\
// (field, component, subcomponent, repetition, escape); \Xhh…\ is bytes in hexadecimal. Formatting
// escapes (\H\ \N\ \.br\ …) and character-set escapes (\C…\ \M…\) are not accepted: nothing a pump
// is programmed with needs them, and a value silently changed by an escape the gateway does not
// understand is worse than a refusal naming the field.
import type { Delimiters } from "./delimiters.ts";

/** What went wrong, for the caller to wrap with the field's location. */
export class EscapeError extends Error {}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** \Xhh…\ bytes, in the gateway's one character set (UTF-8, MSH-18 "UNICODE UTF-8"). */
function utf8OfHex(hex: string): string {
  try {
    return UTF8.decode(Buffer.from(hex, "hex"));
  } catch {
    throw new EscapeError(`the hexadecimal escape X${hex} is not UTF-8`);
  }
}

/** The value with its escape sequences replaced; throws EscapeError on an unknown or unterminated one. */
export function unescapeValue(text: string, d: Delimiters): string {
  if (!text.includes(d.escape)) return text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== d.escape) {
      out += c;
      i++;
      continue;
    }
    const end = text.indexOf(d.escape, i + 1);
    if (end < 0) throw new EscapeError(`an escape sequence starting at character ${i + 1} is not closed`);
    const body = text.slice(i + 1, end);
    if (body === "F") out += d.field;
    else if (body === "S") out += d.component;
    else if (body === "T") out += d.subcomponent;
    else if (body === "R") out += d.repetition;
    else if (body === "E") out += d.escape;
    else if (body === "P" && d.truncation !== undefined) out += d.truncation;
    else if (/^X([0-9A-Fa-f]{2})+$/.test(body)) out += utf8OfHex(body.slice(1));
    else
      throw new EscapeError(`the escape sequence ${JSON.stringify(`${d.escape}${body}${d.escape}`)} is not supported`);
    i = end + 1;
  }
  return out;
}

/** The value with every delimiter written as its escape sequence (the escape character first). */
export function escapeValue(text: string, d: Delimiters): string {
  let out = "";
  for (const c of text) {
    if (c === d.escape) out += `${d.escape}E${d.escape}`;
    else if (c === d.field) out += `${d.escape}F${d.escape}`;
    else if (c === d.component) out += `${d.escape}S${d.escape}`;
    else if (c === d.subcomponent) out += `${d.escape}T${d.escape}`;
    else if (c === d.repetition) out += `${d.escape}R${d.escape}`;
    else if (d.truncation !== undefined && c === d.truncation) out += `${d.escape}P${d.escape}`;
    else if (c === "\r") out += `${d.escape}X0D${d.escape}`;
    else if (c === "\n") out += `${d.escape}X0A${d.escape}`;
    else out += c;
  }
  return out;
}
