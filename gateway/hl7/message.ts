// A parsed HL7 v2 message (docs/gateway.md §2): segments of fields, each field a list of
// repetitions, each repetition a list of components, each component a list of subcomponents —
// every value unescaped. Parsing is strict: segments end with a carriage return only, a segment ID
// is three upper-case letters or digits, MSH comes first and only once, every escape is known,
// and the message fits MAX_MESSAGE_CHARS. The first problem is thrown as an Hl7Error naming the
// segment and field, for the negative acknowledgement.
import { readDelimiters, type Delimiters } from "./delimiters.ts";
import { EscapeError, unescapeValue } from "./escape.ts";
import { Hl7Error, Hl7ErrorCode, type Hl7Location } from "./location.ts";

/** The largest message accepted, in characters; an infusion order is a few kB. */
export const MAX_MESSAGE_CHARS = 65_536;

/** Subcomponents of one component. */
export type Component = readonly string[];
/** Components of one repetition. */
export type Repetition = readonly Component[];
/** Repetitions of one field. */
export type Field = readonly Repetition[];

export interface Segment {
  id: string;
  /** 1-based position among segments with this ID. */
  sequence: number;
  /** fields[n] is field n (fields[0] is unused); for MSH, fields[1] and [2] are the delimiters as text. */
  fields: readonly Field[];
}

export interface Hl7Message {
  delimiters: Delimiters;
  segments: readonly Segment[];
}

const SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

function splitField(raw: string, d: Delimiters, at: Hl7Location): Field {
  if (raw === "") return [];
  return raw.split(d.repetition).map((repetition, r) =>
    repetition.split(d.component).map((component, c) =>
      component.split(d.subcomponent).map((sub, s) => {
        try {
          return unescapeValue(sub, d);
        } catch (error) {
          if (!(error instanceof EscapeError)) throw error;
          throw new Hl7Error(
            Hl7ErrorCode.DATA_TYPE,
            { ...at, repetition: r + 1, component: c + 1, subcomponent: s + 1 },
            error.message,
          );
        }
      }),
    ),
  );
}

/** Parses one message (the text between the MLLP start and end bytes). */
export function parseHl7(text: string): Hl7Message {
  if (text.length > MAX_MESSAGE_CHARS)
    throw new Hl7Error(
      Hl7ErrorCode.VALUE_TOO_LONG,
      {},
      `the message is ${text.length} characters long; at most ${MAX_MESSAGE_CHARS} are accepted`,
    );
  const d = readDelimiters(text);
  const body = text.endsWith("\r") ? text.slice(0, -1) : text;
  const lines = body.split("\r");
  const counts = new Map<string, number>();
  const segments: Segment[] = [];
  for (const [index, line] of lines.entries()) {
    const id = line.slice(0, 3);
    const sequence = (counts.get(id) ?? 0) + 1;
    // A line that has no valid segment ID is located by its position in the message.
    const at: Hl7Location = SEGMENT_ID.test(id) ? { segment: id, sequence } : {};
    const where = `segment ${index + 1}`;
    if (line.includes("\n"))
      throw new Hl7Error(
        Hl7ErrorCode.SEGMENT_SEQUENCE,
        at,
        `a line feed in ${where}: segments end with a carriage return only`,
      );
    if (line === "") throw new Hl7Error(Hl7ErrorCode.SEGMENT_SEQUENCE, at, `${where} is empty`);
    if (!SEGMENT_ID.test(id) || (line.length > 3 && line[3] !== d.field))
      throw new Hl7Error(
        Hl7ErrorCode.SEGMENT_SEQUENCE,
        at,
        `${where}, ${JSON.stringify(line.slice(0, 8))}, does not begin with a segment ID (three upper-case letters or digits) and a field separator`,
      );
    if ((id === "MSH") !== (index === 0))
      throw new Hl7Error(
        Hl7ErrorCode.SEGMENT_SEQUENCE,
        { segment: id, sequence },
        index === 0 ? "the first segment must be MSH" : "a second MSH segment",
      );
    counts.set(id, sequence);
    const raw = line.split(d.field);
    const fields: Field[] = [[]];
    if (id === "MSH") {
      // MSH-1 is the field separator itself and MSH-2 the encoding characters: neither is split.
      fields.push([[[d.field]]], [[[raw[1]]]]);
      for (let n = 2; n < raw.length; n++) fields.push(splitField(raw[n], d, { segment: id, sequence, field: n + 1 }));
    } else {
      for (let n = 1; n < raw.length; n++) fields.push(splitField(raw[n], d, { segment: id, sequence, field: n }));
    }
    segments.push({ id, sequence, fields });
  }
  return { delimiters: d, segments };
}

/** The segments with this ID, in order. */
export function segmentsOf(message: Hl7Message, id: string): Segment[] {
  return message.segments.filter((s) => s.id === id);
}

/** Field `n` of a segment, first repetition, component `c` (1-based), subcomponent 1; "" when empty. */
export function value(segment: Segment, n: number, c = 1, s = 1): string {
  return segment.fields[n]?.[0]?.[c - 1]?.[s - 1] ?? "";
}

/** The repetitions of field `n` (empty when the field is empty). */
export function repetitions(segment: Segment, n: number): Field {
  return segment.fields[n] ?? [];
}
