// Acknowledgements (HL7 v2.6 §2.9, IHE PCD TF-2 PCD-03): MSA-1 AA accepted, AE error, AR rejected,
// MSA-2 the control ID acknowledged; on an error an ERR segment with the location (ERR-2), the
// table 0357 code (ERR-3), severity E (ERR-4), an application error code where one applies
// (ERR-5, e.g. the IHE PIV codes 9001 …) and a message for a person (ERR-8). The reply goes back
// with the sender's own delimiters, sender and receiver swapped.
import { encodeHl7, type FieldValue, type SegmentValues } from "./encode.ts";
import { Hl7ErrorCode, locationText, type Hl7Location } from "./location.ts";
import { value, type Hl7Message } from "./message.ts";

export type AckCode = "AA" | "AE" | "AR" | "CA" | "CE" | "CR";

export interface AckError {
  code: Hl7ErrorCode;
  at: Hl7Location;
  reason: string;
  /** An application error code and its text, e.g. ["9010", "Unable to match medication to drug library"]. */
  application?: readonly [string, string];
}

export interface AckFields {
  /** MSH-9 of the reply, e.g. ["ACK", "O15", "ACK"] or ["RRG", "O16", "RRG_O16"]. */
  messageType: readonly string[];
  /** MSH-10 of the reply. */
  controlId: string;
  /** MSH-7, the reply's time (YYYYMMDDHHMMSS±ZZZZ), from the gateway's clock. */
  time: string;
  code: AckCode;
  error?: AckError;
  /** MSH-21 of the reply; default the original's (an RRG^O16 names its own profile). */
  profile?: readonly string[];
  /** MSH-15 of the reply; default NE. An RRG^O16 asks for an accept acknowledgement (AL), IHE PCD TF-2 PCD-03. */
  acceptAckType?: "AL" | "NE";
}

function erl(at: Hl7Location): string[] {
  if (at.segment === undefined) return [];
  const parts = [at.segment, String(at.sequence ?? 1)];
  // A component is located in a repetition: the first, when the location does not say.
  const repetition = at.repetition ?? (at.component === undefined ? undefined : 1);
  for (const n of [at.field, repetition, at.component, at.subcomponent]) {
    if (n === undefined) break;
    parts.push(String(n));
  }
  return parts;
}

const CODE_TEXT: Readonly<Record<Hl7ErrorCode, string>> = {
  [Hl7ErrorCode.SEGMENT_SEQUENCE]: "Segment sequence error",
  [Hl7ErrorCode.REQUIRED_FIELD_MISSING]: "Required field missing",
  [Hl7ErrorCode.DATA_TYPE]: "Data type error",
  [Hl7ErrorCode.TABLE_VALUE_NOT_FOUND]: "Table value not found",
  [Hl7ErrorCode.VALUE_TOO_LONG]: "Value too long",
  [Hl7ErrorCode.UNSUPPORTED_MESSAGE_TYPE]: "Unsupported message type",
  [Hl7ErrorCode.UNSUPPORTED_EVENT_CODE]: "Unsupported event code",
  [Hl7ErrorCode.UNSUPPORTED_PROCESSING_ID]: "Unsupported processing ID",
  [Hl7ErrorCode.UNSUPPORTED_VERSION]: "Unsupported version ID",
  [Hl7ErrorCode.UNKNOWN_KEY]: "Unknown key identifier",
  [Hl7ErrorCode.DUPLICATE_KEY]: "Duplicate key identifier",
  [Hl7ErrorCode.APPLICATION_INTERNAL_ERROR]: "Application internal error",
};

/**
 * The acknowledgement of `original` (parsed, or undefined when even MSH could not be read: the
 * reply then has no MSA-2 and default delimiters).
 */
export function buildAck(original: Hl7Message | undefined, fields: AckFields): string {
  const msh = original?.segments[0];
  const get = (n: number, c = 1): string => (msh === undefined ? "" : value(msh, n, c));
  const hd = (n: number): string[] => (msh === undefined ? [] : [get(n, 1), get(n, 2), get(n, 3)]);
  const header: FieldValue[] = [
    hd(5), // MSH-3 sending application: the original's receiving application
    hd(6),
    hd(3), // MSH-5 receiving application: the original's sender
    hd(4),
    fields.time,
    "",
    [...fields.messageType],
    fields.controlId,
    get(11) === "" ? "P" : get(11),
    get(12) === "" ? "2.6" : get(12),
    "",
    "",
    fields.acceptAckType ?? "NE", // MSH-15: by default no acknowledgement of an acknowledgement
    "NE",
    "",
    "UNICODE UTF-8",
    "",
    "",
    fields.profile ?? (msh === undefined ? "" : [get(21, 1), get(21, 2), get(21, 3), get(21, 4)]),
  ];
  const segments: SegmentValues[] = [
    { id: "MSH", fields: header },
    { id: "MSA", fields: [fields.code, get(10)] },
  ];
  const e = fields.error;
  if (e !== undefined)
    segments.push({
      id: "ERR",
      fields: [
        "",
        erl(e.at),
        [String(e.code), CODE_TEXT[e.code], "HL70357"],
        "E",
        e.application === undefined ? "" : [e.application[0], e.application[1], "IHE_PCD"],
        "",
        "",
        `${locationText(e.at)}: ${e.reason}`,
      ],
    });
  return encodeHl7(segments, original?.delimiters);
}
