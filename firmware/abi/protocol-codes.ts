// The one definition of the serial protocol's numbers (docs/protocol.md), shared by the firmware
// and the host. Written in the common subset of TypeScript and AssemblyScript, like
// firmware/abi/codes.ts, so host tools import this very file instead of copying numbers.

export const PROTOCOL_VERSION = 1;

// Decoded frame (docs/protocol.md §2): 8-byte header, payload, CRC-32.
export const HEADER_SIZE = 8;
export const CRC_SIZE = 4;
/**
 * ABI 7: 1,012 (was 508) so a response can carry the 576-byte engine result after the workflow
 * snapshot (docs/protocol.md §2); HELLO reports it.
 */
export const MAX_PAYLOAD = 1012;
/** HEADER_SIZE + MAX_PAYLOAD + CRC_SIZE. */
export const MAX_DECODED_FRAME = 1024;
/** Longest COBS encoding of a MAX_DECODED_FRAME-byte frame (one code byte per 254 data bytes, plus one), delimiter excluded. */
export const MAX_ENCODED_FRAME = 1029;
export const FRAME_DELIMITER = 0;

// Header field offsets.
export const FRAME_VERSION = 0;
export const FRAME_TYPE = 1;
export const FRAME_SEQUENCE = 2;
export const FRAME_CODE = 4;
export const FRAME_PAYLOAD_LENGTH = 6;

export enum FrameType {
  REQUEST = 1,
  RESPONSE = 2,
  EVENT = 3,
}

/** Sequence and code of a FRAME_ERROR / FRAME_TOO_LONG response: nothing in a damaged frame is trusted. */
export const UNTRUSTED_SEQUENCE = 0xffff;
export const UNTRUSTED_CODE = 0;

export enum Command {
  HELLO = 0x0001,
  GET_STATUS = 0x0002,
  READ_LOG = 0x0003,
  CHECK_PROGRAM = 0x0004,
  // The programming workflow (docs/workflow.md §8).
  GET_INFUSION = 0x0010,
  SELECT_CARE_AREA = 0x0011,
  SET_PATIENT = 0x0012,
  SELECT_DRUG = 0x0013,
  SELECT_BASIC = 0x0014,
  READ_ADVISORY = 0x0015,
  PROGRAM = 0x0016,
  OVERRIDE = 0x0017,
  CANCEL = 0x0018,
  START = 0x0019,
  PAUSE = 0x001a,
  RESUME = 0x001b,
  STOP = 0x001c,
  TITRATE = 0x001d,
  BOLUS = 0x001e,
  SECONDARY = 0x001f,
  ACK_ALARMS = 0x0020,
  /** Issue 15: mutes the standing alarms for SILENCE_PERIOD_MS (docs/workflow.md §8.13). */
  SILENCE_ALARMS = 0x0021,
  /** Issue 15: the primary container's volume, for near-empty and empty (docs/workflow.md §8.14). */
  SET_CONTAINER = 0x0022,
  /** Issue 15 §2: the flow the host measured, for flow supervision (docs/workflow.md §8.15). */
  REPORT_FLOW = 0x0023,
  /** Issue 15 §1: program a PCA infusion (basal + PCA settings), docs/workflow.md §11. */
  PCA_PROGRAM = 0x0024,
  /** The patient's handset button: a PCA (demand) dose is requested. */
  PCA_REQUEST = 0x0025,
  /** A clinician bolus on a running PCA infusion (dose, duration). */
  PCA_CLINICIAN_BOLUS = 0x0026,
  /** The PCA state: lockout left, doses in the last hour, window total. */
  PCA_STATUS = 0x0027,
  /**
   * Issue 13: an order from the EHR (through the gateway) pre-populates a program that only a local
   * START can confirm (docs/workflow.md §8.16, firmware/abi/auto-program-layout.ts).
   */
  AUTO_PROGRAM = 0x0028,
  // The library lifecycle (docs/protocol.md §5.6).
  LIBRARY_BEGIN = 0x0100,
  LIBRARY_CHUNK = 0x0101,
  LIBRARY_STATUS = 0x0102,
  LIBRARY_ACTIVATE = 0x0103,
}
/** Codes 0x0010–0x00FF belong to the programming workflow; those not listed above are unknown. */
export const WORKFLOW_CODE_FIRST = 0x0010;
export const WORKFLOW_CODE_LAST = 0x00ff;
/** Codes 0x0100–0x010F belong to the library lifecycle; those not listed above are unknown. */
export const LIBRARY_CODE_FIRST = 0x0100;
export const LIBRARY_CODE_LAST = 0x010f;

/** First u16 of every response payload. */
export enum Result {
  OK = 0,
  FRAME_ERROR = 1,
  FRAME_TOO_LONG = 2,
  UNKNOWN_COMMAND = 3,
  BAD_PAYLOAD = 4,
  OUT_OF_STATE = 5,
  SEQUENCE_REUSED = 6,
  NO_LIBRARY = 7,
  UNSUPPORTED_VERSION = 8,
  // Workflow refusals (docs/workflow.md §8): each changes nothing.
  /** The engine refused the program's values; detail = the engine Status. */
  ENGINE_STATUS = 9,
  /** The library forbids it: basic infusion in this care area, secondary for this entry, a bolus on a fluid. */
  NOT_ALLOWED = 10,
  /** A patient value beyond a hard limit of the care area; detail = the Param (0 weight, 1 BSA). */
  LIMIT_HARD_STOP = 11,
  /** An override whose echoed values differ from the pending program's. */
  OVERRIDE_MISMATCH = 12,
  /** Nothing to override: no pending program, a go, a hard stop, or already overridden; detail = the verdict. */
  NOT_OVERRIDABLE = 13,
  /** START of a hard stop (detail 2) or of a soft stop not overridden (detail 1). */
  START_BLOCKED = 14,
  /** START or RESUME while an alarm that stops the pump is active; detail = the alarm mask. */
  ALARM_ACTIVE = 15,
  /** A library command refused; detail = the Status (docs/abi.md §6): transfer, admission or activation. */
  LIBRARY_REFUSED = 16,
  /** A bolus or loading dose slower than the running primary rate (docs/workflow.md §4.4); detail 0. */
  BOLUS_RATE_BELOW_PRIMARY = 20,
  // SELECT_DRUG refusals that name what was not found (docs/workflow.md §8.4); each is logged.
  /** No entry with this id in the active library. */
  UNKNOWN_ENTRY = 27,
  /** The entry has no such concentration (index ≥ its count; a fluid takes only 0xFF); detail = its count. */
  UNKNOWN_CONCENTRATION = 28,
  /** The entry exists but is not available in the selected care area; detail = the care area. */
  ENTRY_NOT_IN_CARE_AREA = 29,
  /** SILENCE_ALARMS while no alarm is active: nothing to silence (docs/workflow.md §8.13); detail 0. */
  NO_ALARM_TO_SILENCE = 32,
  /** SILENCE_ALARMS with a source byte other than 0 (local) or 1 (remote); detail = the byte. */
  BAD_SILENCE_SOURCE = 33,
  /**
   * SET_PATIENT in a care area with weight confirmation without the weight entered twice and
   * equal, or (any care area) with a confirmation that differs; detail = WeightConfirmationDetail
   * (docs/workflow.md §8.3). Logged PATIENT_REFUSED. Issue 11.
   */
  WEIGHT_NOT_CONFIRMED = 38,
  /**
   * SELECT_DRUG of an entry whose patient band excludes the patient; detail 0 weight, 1 age
   * (docs/workflow.md §8.4). Logged DRUG_SELECTION_REFUSED. Issue 11 §3.
   */
  OUTSIDE_PATIENT_BAND = 39,
  /**
   * SELECT_DRUG of an entry with a patient band on a value not entered yet; detail 0 weight, 1 age.
   * Logged DRUG_SELECTION_REFUSED. Issue 11 §3.
   */
  PATIENT_VALUE_NEEDED = 40,
  /**
   * Issue 11 (docs/workflow.md §6.3): the pump keeps the cumulative history of CUMULATIVE_TRACK_COUNT
   * drugs and each of them was given in the last 24 hours; a further drug with a cumulative limit
   * cannot be accounted for, so it is refused (detail 0) until one history has left every window.
   */
  CUMULATIVE_HISTORY_FULL = 42,
  // 43–45: issue 15 §2 (another branch).
  /** Issue 15: a PCA command without a PCA infusion under way, or for an entry that is not PCA; detail = the state. */
  PCA_NOT_ACTIVE = 46,
  /** PCA_PROGRAM for an entry whose PCA dose or chosen window has no hard maximum: nobody bounded it. */
  PCA_NOT_BOUNDED = 47,
  /** A clinician bolus duration outside 1 … MAX_BOLUS_DURATION_S s; detail 0. */
  PCA_BOLUS_DURATION = 48,
  // AUTO_PROGRAM refusals (issue 13, docs/workflow.md §8.16); details in firmware/abi/auto-program-layout.ts.
  /** No entry or concentration of the active library carries the order's drug code; detail 0. */
  AUTO_PROGRAM_NO_MATCH = 50,
  /** The code names one entry but not the ordered concentration; detail = ConcentrationDetail. */
  CONCENTRATION_DIFFERS = 51,
  /** The order's care area is not in the library, or not the pump's selected one; detail = CareAreaDetail. */
  CARE_AREA_DIFFERS = 52,
  /** The pump is not free for an order (a drug selected, a program pending, infusing); detail = the PumpState. */
  PUMP_BUSY = 53,
  /** The order cannot be matched to exactly one program (ambiguous code, dose basis); detail = OrderDetail. */
  ORDER_INCONSISTENT = 54,
  /**
   * START or OVERRIDE over the serial line while an order is bound: only the pump's own keys
   * (receiveLocal, docs/decisions/0036) confirm an order; detail = LocalOnlyDetail.
   */
  LOCAL_CONFIRMATION_REQUIRED = 55,
}

/** Third byte of an error response (result ≠ OK): why a frame was refused. */
export enum ErrorDetail {
  NONE = 0,
  // FRAME_ERROR / FRAME_TOO_LONG
  COBS = 1,
  TOO_SHORT = 2,
  CRC = 3,
  LENGTH_MISMATCH = 4,
  VERSION = 5,
  FRAME_TYPE = 6,
  TOO_LONG = 7,
  // BAD_PAYLOAD
  PAYLOAD_LENGTH = 16,
  PAYLOAD_FIELD = 17,
}
/** Payload of every response whose result is not OK: result u16, detail u8. */
export const ERROR_PAYLOAD_SIZE = 3;

// Command payload sizes (docs/protocol.md §5).
export const HELLO_REQUEST_SIZE = 1;
export const BUILD_ID_SIZE = 16;
export const LIBRARY_NAME_SIZE = 32;
export const LIBRARY_DIGEST_SIZE = 32;
/**
 * HELLO: … keyState at 91, the active alarm mask u32 at 92, then (issue 12) the memory profile u8 at
 * 96 (docs/protocol.md §5.1).
 */
export const HELLO_RESPONSE_SIZE = 97;
export const GET_STATUS_REQUEST_SIZE = 0;
/** GET_STATUS: … requestsRefused at 43, then the active alarm mask u32 at 47 (docs/protocol.md §5.2). */
export const GET_STATUS_RESPONSE_SIZE = 51;
export const READ_LOG_REQUEST_SIZE = 5;
export const READ_LOG_MAX_RECORDS = 7;
/** CHECK_PROGRAM: result u16, then the RESULT_SIZE (576, ABI 7) byte engine result (docs/protocol.md §5.4). */
export const CHECK_PROGRAM_RESPONSE_SIZE = 578;
/** LIBRARY_BEGIN: totalLength u32, then the SHA-256 of the whole file. */
export const LIBRARY_BEGIN_REQUEST_SIZE = 36;
/** LIBRARY_CHUNK: offset u32, then 1 … LIBRARY_CHUNK_MAX_BYTES file bytes. */
export const LIBRARY_CHUNK_HEADER_SIZE = 4;
export const LIBRARY_CHUNK_MAX_BYTES = 480;
/** Every successful library command answers result u16 and the library status block (docs/protocol.md §5.6). */
export const LIBRARY_STATUS_RESPONSE_SIZE = 94;
/** Workflow responses: result, then the 88-byte snapshot (docs/workflow.md §8). */
export const WORKFLOW_SNAPSHOT_AT = 2;
/** Responses of checking commands add the 576-byte engine result (ABI 7) after the snapshot. */
export const WORKFLOW_RESULT_AT = 90;

/** Executed requests whose (sequence, CRC) and encoded response the pump remembers. */
export const HISTORY_DEPTH = 16;
/** Bytes of the outbox ring (encoded frames with their delimiters). */
export const OUTBOX_SIZE = 4096;
/** Outbox bytes events may never take: room for one largest encoded response and its delimiter. */
export const OUTBOX_RESPONSE_RESERVE = 1030;
