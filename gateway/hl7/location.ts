// Where in an HL7 v2 message something is, and the errors that name it (docs/gateway.md §2). A
// negative acknowledgement carries the location in ERR-2 (segment ID, sequence, field, repetition,
// component, subcomponent) and the HL7 error code of table 0357 in ERR-3, so the sender's
// engine can show its user which field of which segment to fix.

/** HL7 table 0357 (message error condition codes) — the ones this gateway reports. */
export enum Hl7ErrorCode {
  SEGMENT_SEQUENCE = 100,
  REQUIRED_FIELD_MISSING = 101,
  DATA_TYPE = 102,
  TABLE_VALUE_NOT_FOUND = 103,
  VALUE_TOO_LONG = 104,
  UNSUPPORTED_MESSAGE_TYPE = 200,
  UNSUPPORTED_EVENT_CODE = 201,
  UNSUPPORTED_PROCESSING_ID = 202,
  UNSUPPORTED_VERSION = 203,
  UNKNOWN_KEY = 204,
  DUPLICATE_KEY = 205,
  APPLICATION_INTERNAL_ERROR = 207,
}

export interface Hl7Location {
  /** Segment ID, e.g. "RXG"; absent for a message-level error. */
  segment?: string;
  /** 1-based position of the segment among segments with that ID. */
  sequence?: number;
  /** Field number (MSH-1 is the field separator, MSH-2 the encoding characters). */
  field?: number;
  /** 1-based repetition. */
  repetition?: number;
  component?: number;
  subcomponent?: number;
}

/** "RXG-17.1" style text for messages; "message" when nothing more precise is known. */
export function locationText(at: Hl7Location): string {
  if (at.segment === undefined) return "message";
  let text = at.segment;
  if (at.sequence !== undefined && at.sequence > 1) text += `[${at.sequence}]`;
  if (at.field === undefined) return `segment ${text}`;
  text += `-${at.field}`;
  if (at.repetition !== undefined && at.repetition > 1) text += `(${at.repetition})`;
  if (at.component !== undefined) text += `.${at.component}`;
  if (at.subcomponent !== undefined) text += `.${at.subcomponent}`;
  return text;
}

/** A message that cannot be accepted: what is wrong, where, and the table 0357 code. */
export class Hl7Error extends Error {
  constructor(
    readonly code: Hl7ErrorCode,
    readonly at: Hl7Location,
    readonly reason: string,
  ) {
    super(`${locationText(at)}: ${reason}`);
    this.name = "Hl7Error";
  }
}
