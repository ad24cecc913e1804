// The cumulative-dose history's fixed region (docs/workflow.md §6.3, docs/abi.md §2,
// docs/decisions/0030): per tracked drug, one minute bucket of delivered amount (ABU) for each of
// the last 24 hours plus the minute under way, in RAM that is not part of the NV region — a power
// cycle starts it empty. Written in the common subset of TypeScript and AssemblyScript so host
// tests read the same numbers.

/** Start of the region: the part of the reserved window below the static data that ABI 7 gives it. */
export const CUMULATIVE_REGION_OFFSET = 0x9800;
/** Drugs whose history the pump keeps at once: a primary and a secondary of another drug. */
export const CUMULATIVE_TRACK_COUNT = 2;
/** Milliseconds per bucket. */
export const CUMULATIVE_BUCKET_MS = 60000;
/** The longest window a library may give (24 h), in s; windows are whole minutes of at least one. */
export const CUMULATIVE_MAX_WINDOW_S = 86400;
export const CUMULATIVE_MIN_WINDOW_S = 60;
/** Buckets per track: the longest window in minutes, plus the minute under way (counted whole). */
export const CUMULATIVE_BUCKET_COUNT = 1441;

// Track header, then CUMULATIVE_BUCKET_COUNT u64 buckets (ring: minute m at index m mod count).
/** u32 entry id of the drug, 0: the track is free. */
export const TRACK_ENTRY_ID = 0;
/** u64 the newest minute the ring has been advanced to (clock ms / 60,000). */
export const TRACK_NEWEST_MINUTE = 8;
/** u64 the exact fraction of an ABU delivered but not yet counted, as a numerator over volume × 3,600,000. */
export const TRACK_REMAINDER = 16;
/** u64 concentration the remainder belongs to: amount (ABU) … */
export const TRACK_REMAINDER_AMOUNT_ABU = 24;
/** u64 … and volume (µL). */
export const TRACK_REMAINDER_VOLUME_UL = 32;
/**
 * u32 CRC-32 of the drug's display name, and (next byte) its amount dimension + 1, when the track
 * was opened: who the history belongs to when a library activation renumbers entries (decision 0033).
 */
export const TRACK_DRUG_NAME_CRC = 48;
export const TRACK_DRUG_DIMENSION = 52;
export const TRACK_HEADER_SIZE = 64;
export const TRACK_BUCKETS = TRACK_HEADER_SIZE;
export const TRACK_SIZE = TRACK_HEADER_SIZE + CUMULATIVE_BUCKET_COUNT * 8;
export const CUMULATIVE_REGION_SIZE = CUMULATIVE_TRACK_COUNT * TRACK_SIZE;
/** The planned future of a check (up to 4 segments × 32 bytes), right after the tracks: scratch, not history. */
export const CUMULATIVE_PLAN_OFFSET = CUMULATIVE_REGION_OFFSET + CUMULATIVE_REGION_SIZE;
export const CUMULATIVE_PLAN_SIZE = 128;
