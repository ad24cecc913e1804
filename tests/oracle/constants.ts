// The oracle's own copy of every code and bound, transcribed from the documents and NOT imported
// from firmware/ — a shared constant table would let one transcription error pass both sides.

/** docs/abi.md §6 */
export const OracleStatus = {
  OK: 0,
  NO_LIBRARY: 1,
  BAD_MODE: 2,
  BAD_REQUEST: 3,
  VALUE_OUT_OF_RANGE: 4,
  MISSING_VALUE: 5,
  UNEXPECTED_VALUE: 6,
  UNKNOWN_CARE_AREA: 7,
  UNKNOWN_ENTRY: 8,
  NOT_IN_CARE_AREA: 9,
  BAD_CONCENTRATION: 10,
  DERIVED_OUT_OF_RANGE: 11,
  OUTSIDE_PATIENT_BAND: 45,
  IMAGE_SIZE: 20,
  IMAGE_MAGIC: 21,
  IMAGE_VERSION: 22,
  IMAGE_DIGEST: 23,
  IMAGE_STRUCTURE: 24,
} as const;

/** docs/engine.md §1, docs/abi.md §5 */
export const Cls = {
  NOT_CHECKED: 0,
  NO_LIMIT: 1,
  WITHIN: 2,
  BELOW_SOFT_MIN: 3,
  ABOVE_SOFT_MAX: 4,
  BELOW_HARD_MIN: 5,
  ABOVE_HARD_MAX: 6,
} as const;

/** Tier codes in results (docs/abi.md §5); tier-mask bit = code − 1 (docs/library-image.md §5). */
export const Tier = { NONE: 0, HMIN: 1, SMIN: 2, SMAX: 3, HMAX: 4 } as const;

/** docs/abi.md §5 */
export const Verdict = { GO: 0, SOFT_STOP: 1, HARD_STOP: 2, NONE: 0xff } as const;
export const NO_PARAM = 0xff;

/** docs/engine.md §2: parameter ID = priority. */
export const Param = {
  WEIGHT: 0,
  BSA: 1,
  CONCENTRATION: 2,
  DOSE: 3,
  DOSE_ABSOLUTE: 4,
  RATE: 5,
  AREA_MAX_RATE: 6,
  VTBI: 7,
  AREA_MAX_VTBI: 8,
  DURATION: 9,
  BOLUS_DOSE: 10,
  BOLUS_RATE: 11,
  LOADING_DOSE: 12,
  // 13 and 14 are workflow parameters; the engine reports them NOT_CHECKED.
  BOLUS_DOSE_ABSOLUTE: 15,
  LOADING_DOSE_ABSOLUTE: 16,
  // ABI 7 (docs/engine.md §2, docs/abi.md §5): parameters of the format-3 limit records.
  DOSE_PER_ADMIN: 17,
  DOSE_PER_ADMIN_ABSOLUTE: 18,
  BOLUS_DOSE_RATE: 19,
  LOADING_DOSE_RATE: 20,
  PERIPHERAL_CONCENTRATION: 21,
  CUMULATIVE: 22,
} as const;
export const PARAM_COUNT_ORACLE = 23;

/** docs/engine.md §3 */
export const OracleMode = { RATE: 1, DOSE: 2, DURATION: 3 } as const;

/** docs/abi.md §4: presence-mask bit of each request value. */
export const Bit = {
  RATE: 0,
  DOSE: 1,
  DURATION: 2,
  VTBI: 3,
  WEIGHT: 4,
  BSA: 5,
  BOLUS_DOSE: 6,
  BOLUS_RATE: 7,
  LOADING_DOSE: 8,
  CUSTOM_AMOUNT: 9,
  CUSTOM_VOLUME: 10,
  // ABI 7
  DOSE_AMOUNT: 11,
  LINE_ACCESS: 12,
  AGE_DAYS: 13,
} as const;
export const REQUEST_BYTES = 136;

/** docs/library-image.md §10: the limit-record kinds the oracle evaluates. */
export const LimitKind = {
  DOSE_PER_ADMIN: 16,
  DOSE_PER_ADMIN_ABSOLUTE: 17,
  BOLUS_DOSE_RATE: 18,
  LOADING_DOSE_RATE: 19,
  PERIPHERAL_MAX_CONCENTRATION: 20,
} as const;
export const NO_CONCENTRATION_INDEX = 0xff;

/** docs/units.md, maxima inclusive. */
export const MAX_RATE_UL_PER_HOUR = 9_999_999n;
export const MAX_VOLUME_UL = 9_999_999n;
export const MAX_DURATION_S = 8_640_000n;
export const MAX_WEIGHT_G = 1_000_000n;
export const MAX_BSA_M2X10000 = 100_000n;
export const MAX_AMOUNT_ABU = (1n << 48n) - 1n;
export const MAX_LIMIT_VALUE = (1n << 53n) - 1n;
/** docs/engine.md §7: display values saturate here. */
export const MAX_DISPLAY_VALUE = (1n << 63n) - 1n;

/** docs/library-image.md §1, §4 */
/** docs/library-image.md §4: 3 is PCA (issue 15). */
export const InfusionKind = { CONTINUOUS: 0, INTERMITTENT: 1, FLUID: 2, PCA: 3 } as const;
/** docs/library-image.md §4: entry flags byte bits; the others are 0. */
export const EntryFlag = { HIGH_ALERT: 1, SECONDARY_ALLOWED: 2, EXTENDED: 4 } as const;
/** docs/library-image.md §4: maxTitrationStepPercent is 0 (no limit) or 1 .. 1,000. */
export const MAX_TITRATION_STEP_PERCENT = 1000;
export const Basis = { NONE: 0, WEIGHT: 1, BSA: 2 } as const;
export const HEADER_BYTES = 96;
export const CARE_AREA_BYTES = 96;
export const INDEX_ROW_BYTES = 8;
/** One library slot (ABI 4, docs/abi.md §2): the largest image the firmware admits. */
export const LIBRARY_REGION_BYTES = 0x200000;
