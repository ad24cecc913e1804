// Writes HL7 v2 messages the gateway sends (acknowledgements, PCD-01, PCD-10): segments given as
// fields of plain values, escaped here with the message's own delimiters, segments ended by a
// carriage return. A value is a string (one component), or components (string[]), or repetitions
// of components (string[][]); subcomponents are not written by the gateway.
import { encodingCharacters, STANDARD_DELIMITERS, type Delimiters } from "./delimiters.ts";
import { escapeValue } from "./escape.ts";

export type FieldValue = string | readonly string[] | readonly (readonly string[])[];

/** One segment: its ID and fields 1..n (for MSH, fields from MSH-3 on). */
export interface SegmentValues {
  id: string;
  fields: readonly FieldValue[];
}

function fieldText(value: FieldValue, d: Delimiters): string {
  if (typeof value === "string") return escapeValue(value, d);
  if (value.length === 0) return "";
  const repetitions =
    typeof value[0] === "string" ? [value as readonly string[]] : (value as readonly (readonly string[])[]);
  return repetitions
    .map((components) => {
      const written = components.map((c) => escapeValue(c, d));
      while (written.length > 0 && written[written.length - 1] === "") written.pop();
      return written.join(d.component);
    })
    .join(d.repetition);
}

/** The message text; trailing empty fields are left out. */
export function encodeHl7(segments: readonly SegmentValues[], d: Delimiters = STANDARD_DELIMITERS): string {
  return segments
    .map((segment) => {
      const fields = segment.fields.map((f) => fieldText(f, d));
      while (fields.length > 0 && fields[fields.length - 1] === "") fields.pop();
      const head = segment.id === "MSH" ? `MSH${d.field}${encodingCharacters(d)}` : segment.id;
      return fields.length === 0 ? head : `${head}${d.field}${fields.join(d.field)}`;
    })
    .map((line) => `${line}\r`)
    .join("");
}
