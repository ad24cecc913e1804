// Request buffer field offsets, 136 bytes (ABI 7) at REQUEST_OFFSET (docs/abi.md §4; diagram in
// firmware/engine/request-layout.ts). The one definition: the firmware's layout module re-exports
// these and the host's request codec imports them. TS/AS shared subset, like codes.ts.

export const REQUEST_ENTRY_ID = 0;
export const REQUEST_CARE_AREA_ID = 4;
export const REQUEST_CONCENTRATION_INDEX = 5;
export const REQUEST_MODE = 6;
export const REQUEST_RESERVED_7 = 7;
export const REQUEST_PRESENCE_MASK = 8;
export const REQUEST_RESERVED_12 = 12;
/** u64 values, the one of presence bit b at REQUEST_VALUES + 8·b. */
export const REQUEST_VALUES = 16;
export const REQUEST_VALUE_SIZE = 8;
