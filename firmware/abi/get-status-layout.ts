// GET_STATUS response payload offsets (docs/protocol.md §5.2; diagram in
// firmware/protocol/commands/get-status.ts). The one definition: the firmware writes and the
// host's client reads at these. TS/AS shared subset, like codes.ts.

export const STATUS_RESULT = 0;
export const STATUS_NOW_MS = 2;
export const STATUS_LIBRARY_ACTIVE = 10;
export const STATUS_LIBRARY_VERSION = 11;
export const STATUS_FAULT_MASK = 15;
export const STATUS_LOG_NEXT_SEQUENCE = 19;
export const STATUS_LOG_OVERWRITTEN = 23;
export const STATUS_FRAME_ERRORS = 27;
export const STATUS_EVENTS_DROPPED = 31;
export const STATUS_DUPLICATE_REQUESTS = 35;
export const STATUS_REQUESTS_EXECUTED = 39;
export const STATUS_REQUESTS_REFUSED = 43;
/** The active alarm bits (Alarm, docs/workflow.md §7), incl. the standing NO_LIBRARY; added at the end (issue 10 §6). */
export const STATUS_ALARM_MASK = 47;
