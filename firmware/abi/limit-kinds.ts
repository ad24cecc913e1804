// Limit-record kinds of image format 3 (docs/library-image.md §10). The one definition: the
// firmware's record layout and verification, the library compiler and the host import it; the
// oracle keeps its own transcription from the docs. TS/AS shared subset, like codes.ts.
//
// Kinds 1 .. 11 override the entry limit EntryLimit (kind − 1) for one concentration.

export enum LimitKind {
  OVERRIDE_DOSE = 1,
  OVERRIDE_RATE = 2,
  OVERRIDE_DURATION = 3,
  OVERRIDE_VTBI = 4,
  OVERRIDE_BOLUS_DOSE = 5,
  OVERRIDE_BOLUS_RATE = 6,
  OVERRIDE_LOADING_DOSE = 7,
  OVERRIDE_DOSE_ABSOLUTE = 8,
  OVERRIDE_BOLUS_DOSE_ABSOLUTE = 9,
  OVERRIDE_BOLUS_DURATION = 10,
  OVERRIDE_LOADING_DOSE_ABSOLUTE = 11,
  // Issue 15 (PCA entries only, docs/library-image.md §10): four tiers each.
  /** The patient's PCA (demand) dose, ABU per basis. */
  PCA_DOSE = 12,
  /** The lockout interval, s (1 … 86,400). */
  PCA_LOCKOUT = 13,
  /** Patient doses per hour, a count (1 … 60). */
  PCA_MAX_DOSES_PER_HOUR = 14,
  /** A clinician bolus, ABU per basis. */
  PCA_CLINICIAN_BOLUS = 15,
  /** Amount of one intermittent dose, ABU per basis. */
  DOSE_PER_ADMIN = 16,
  /** Amount per dose for the patient, ABU; weight- or BSA-based intermittent entries. */
  DOSE_PER_ADMIN_ABSOLUTE = 17,
  /** A bolus as a dose rate while it runs, ABU per basis per hour. */
  BOLUS_DOSE_RATE = 18,
  /** A loading dose as a dose rate while it runs, ABU per basis per hour. */
  LOADING_DOSE_RATE = 19,
  /** Largest concentration on a peripheral line, ABU/mL, HMAX only. */
  PERIPHERAL_MAX_CONCENTRATION = 20,
  /** Amount per rolling window (argument: window s), ABU, SMAX and/or HMAX. */
  CUMULATIVE = 21,
  /** PCA: the programmed maximum per 1 h window, ABU (no basis). */
  PCA_WINDOW_MAX_1H = 22,
  /** PCA: the programmed maximum per 4 h window, ABU (no basis). */
  PCA_WINDOW_MAX_4H = 23,
  /** Default values: bit 0 dose, 1 rate, 2 duration, 3 VTBI. */
  DEFAULTS = 24,
  /** Default amount per dose, ABU per basis: bit 0 only. */
  DEFAULT_DOSE_PER_ADMIN = 25,
  /**
   * Issue 13: the entry's external codes (the drug identifiers orders carry), 1 … 4: mask bits 0 … n − 1
   * (contiguous), argument byte i the length of code i (1 … 32), value i its string-pool offset.
   */
  ENTRY_CODES = 26,
  /** Issue 13: a concentration's external codes, as ENTRY_CODES (a product code names one concentration). */
  CONCENTRATION_CODES = 27,
  /** Patient band: bit 0 min weight g, 1 max weight g, 2 min age days, 3 max age days. */
  PATIENT_BAND = 28,
  /** A concentration's advisory (argument: byte length; value 0: string-pool offset); mask 0. */
  ADVISORY = 30,
}
/** Kinds are 1 .. LIMIT_KIND_LIMIT − 1; the rule table has a row for each value below it. */
export const LIMIT_KIND_LIMIT = 32;
/** First and last concentration override kind: EntryLimit = kind − LIMIT_KIND_OVERRIDE_FIRST. */
export const LIMIT_KIND_OVERRIDE_FIRST = 1;
export const LIMIT_KIND_OVERRIDE_LAST = 11;

// Limit record, 40 bytes (docs/library-image.md §10).
export const LIMIT_RECORD_KIND = 0;
export const LIMIT_RECORD_MASK = 1;
export const LIMIT_RECORD_RESERVED_2 = 2;
export const LIMIT_RECORD_ARGUMENT = 4;
/** Four u64 values; value i belongs to mask bit i, an absent bit's value is 0. */
export const LIMIT_RECORD_VALUES = 8;

// Entry extension header, 8 bytes, right after an EXTENDED entry's limit values.
export const EXTENSION_RECORD_COUNT = 0;
export const EXTENSION_RESERVED_2 = 2;
export const EXTENSION_RECORDS = 8;

/** Concentration byte 3 in format 3: how many limit records follow the concentration's limit values. */
export const CONCENTRATION_RECORD_COUNT = 3;

/** CUMULATIVE's window argument, in s: a multiple of 60 in this range. */
export const CUMULATIVE_WINDOW_MIN_S = 60;
export const CUMULATIVE_WINDOW_MAX_S = 86400;

/** ENTRY_CODES and CONCENTRATION_CODES: at most this many codes in one record (one per value slot). */
export const MAX_CODES_PER_RECORD = 4;
/** Longest external code, bytes of printable ASCII 0x21–0x7E (the AUTO_PROGRAM drug-code field's size). */
export const MAX_CODE_BYTES = 32;
export const CODE_FIRST_BYTE = 0x21;
export const CODE_LAST_BYTE = 0x7e;
