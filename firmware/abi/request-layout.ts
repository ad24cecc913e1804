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

// Issue 15 (PCA, docs/abi.md §4.1): with presence bit 14 (Field.PCA, value = the window in s) the
// request continues with the PCA block, 5 × u64 (REQUEST_SIZE_WITH_PCA = 176 bytes in all).
/** The patient's PCA dose, ABU per basis: 1 … MAX_LIMIT_VALUE. */
export const REQUEST_PCA_DOSE = 136;
/** The lockout interval, s: 1 … PCA_MAX_LOCKOUT_S. */
export const REQUEST_PCA_LOCKOUT_S = 144;
/** The most patient doses per hour: 1 … PCA_MAX_DOSES_PER_HOUR. */
export const REQUEST_PCA_MAX_DOSES = 152;
/** A clinician bolus, ABU per basis: 0 (none checked) … MAX_LIMIT_VALUE. */
export const REQUEST_PCA_CLINICIAN_BOLUS = 160;
/** The programmed maximum per window, ABU: 1 … MAX_LIMIT_VALUE. */
export const REQUEST_PCA_WINDOW_MAX_ABU = 168;
