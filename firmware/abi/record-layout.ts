// Event record field offsets, EVENT_LOG_RECORD_SIZE = 64 bytes, little-endian (docs/event-log.md
// §3; diagram in firmware/eventlog/record-layout.ts). The one definition: the firmware's layout
// module re-exports these and the host's record decoder imports them. TS/AS shared subset.

export const REC_SEQUENCE = 0;
export const REC_TYPE = 4;
export const REC_STATUS = 6;
export const REC_TIME_MS = 8;
export const REC_LIBRARY_VERSION = 16;
export const REC_ENTRY_ID = 20;
export const REC_CARE_AREA_ID = 24;
export const REC_OUTCOME = 25;
export const REC_PARAM = 26;
export const REC_TIER = 27;
export const REC_REASON = 28;
export const REC_MODE = 29;
export const REC_CONCENTRATION_INDEX = 30;
export const REC_ALARM_PRIORITY = 31;
export const REC_VALUE = 32;
export const REC_LIMIT = 40;
export const REC_RATE_UL_PER_HOUR = 48;
export const REC_DETAIL = 56;
// LIBRARY_ACTIVATED, LIBRARY_REJECTED and KEY_PROVISIONED reuse bytes 20 … 55 (docs/event-log.md §3.5):
/** 32 bytes: the image's body SHA-256 (library records) or the public key (KEY_PROVISIONED). */
export const REC_BLOCK = 20;
export const REC_BLOCK_SIZE = 32;
/** u32: the image header's CRC-32 (LIBRARY_ACTIVATED) or the refused image's libraryVersion (LIBRARY_REJECTED). */
export const REC_BLOCK_WORD = 52;
/** Library records' detail: file length in bits 0–23, slot in bits 24–31. */
export const LIBRARY_DETAIL_LENGTH_BITS = 24;
/** CRC-32 over bytes 0 … REC_CRC − 1. */
export const REC_CRC = 60;
