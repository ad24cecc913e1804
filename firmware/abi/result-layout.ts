// Result buffer field offsets, 576 bytes (ABI 7) at RESULT_OFFSET (docs/abi.md §5; diagram in
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
/**
 * Defaults block (ABI 7, docs/abi.md §5): u64 defaultsMask (bit 0 dose, 1 rate, 2 duration, 3 VTBI,
 * 4 dose per administration), then five u64 values in that order; zero when no default applies.
 */
export const RESULT_DEFAULTS_MASK = 528;
export const RESULT_DEFAULT_VALUES = 536;
export const RESULT_DEFAULT_COUNT = 5;
