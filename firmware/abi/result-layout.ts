// Result buffer field offsets, 384 bytes at RESULT_OFFSET (docs/abi.md §5; diagram in
// firmware/engine/result-layout.ts). The one definition: the firmware's layout module re-exports
// these and the host's result decoder imports them. TS/AS shared subset, like codes.ts.

export const RESULT_STATUS = 0;
export const RESULT_VERDICT = 4;
export const RESULT_BINDING_PARAM = 5;
export const RESULT_BINDING_TIER = 6;
export const RESULT_BINDING_LIMIT_VALUE = 8;
export const RESULT_DELIVERED_RATE_UL_PER_HOUR = 16;
/** RESULT_SLOT_COUNT slots of RESULT_PARAM_SIZE bytes from here. */
export const RESULT_PARAMS = 24;
export const RESULT_PARAM_SIZE = 24;
// Within a slot:
export const SLOT_CLASSIFICATION_AND_TIER = 0;
export const SLOT_TIER = 1;
export const SLOT_DISPLAY_VALUE = 8;
export const SLOT_LIMIT_VALUE = 16;
