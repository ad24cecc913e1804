// The delimiters of an HL7 v2 message come from its own MSH segment (HL7 v2.6 §2.5.4): MSH-1 is
// the field separator (the 4th character of the message), MSH-2 the component, repetition,
// escape and subcomponent characters, optionally followed by the truncation character (v2.7).
// They are read, not assumed: a sender may use others than |^~\& and must then be parsed by its own.
import { Hl7Error, Hl7ErrorCode } from "./location.ts";

export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** v2.7 truncation character, when MSH-2 has a fifth character. */
  truncation?: string;
}

export const STANDARD_DELIMITERS: Delimiters = {
  field: "|",
  component: "^",
  repetition: "~",
  escape: "\\",
  subcomponent: "&",
};

/** Characters no delimiter may be: letters, digits, space and the segment terminator. */
const NOT_A_DELIMITER = /[A-Za-z0-9 \r\n]/;

/** Reads MSH-1 and MSH-2 from the start of a message; throws naming MSH-1 or MSH-2. */
export function readDelimiters(message: string): Delimiters {
  if (!message.startsWith("MSH"))
    throw new Hl7Error(Hl7ErrorCode.SEGMENT_SEQUENCE, { segment: "MSH" }, "the message does not start with MSH");
  const field = message.charAt(3);
  if (field === "" || NOT_A_DELIMITER.test(field))
    throw new Hl7Error(
      Hl7ErrorCode.DATA_TYPE,
      { segment: "MSH", sequence: 1, field: 1 },
      `the field separator ${JSON.stringify(field)} is missing or a letter, digit, space or line end`,
    );
  const end = message.indexOf(field, 4);
  const encoding = end < 0 ? message.slice(4) : message.slice(4, end);
  const at = { segment: "MSH", sequence: 1, field: 2 };
  if (encoding.length !== 4 && encoding.length !== 5)
    throw new Hl7Error(
      Hl7ErrorCode.DATA_TYPE,
      at,
      `the encoding characters ${JSON.stringify(encoding)} must be 4 (component, repetition, escape, subcomponent) or 5 (and truncation)`,
    );
  const chars = [field, ...encoding];
  for (const c of chars)
    if (NOT_A_DELIMITER.test(c))
      throw new Hl7Error(
        Hl7ErrorCode.DATA_TYPE,
        at,
        `the encoding character ${JSON.stringify(c)} is a letter, digit, space or line end`,
      );
  if (new Set(chars).size !== chars.length)
    throw new Hl7Error(
      Hl7ErrorCode.DATA_TYPE,
      at,
      `the delimiters ${JSON.stringify(chars.join(""))} are not all different`,
    );
  return {
    field,
    component: encoding[0],
    repetition: encoding[1],
    escape: encoding[2],
    subcomponent: encoding[3],
    ...(encoding.length === 5 ? { truncation: encoding[4] } : {}),
  };
}

/** MSH-2 as written for these delimiters. */
export function encodingCharacters(d: Delimiters): string {
  return `${d.component}${d.repetition}${d.escape}${d.subcomponent}${d.truncation ?? ""}`;
}
