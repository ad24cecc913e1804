// The one definition of every code and limit shared by firmware and host.
// Written in the common subset of TypeScript and AssemblyScript (no AS-only types) so host tools
// import this very file instead of copying numbers. Tables and meanings: docs/abi.md, docs/units.md.

export const ABI_VERSION = 7;

// Memory map (docs/abi.md §2).
export const REQUEST_OFFSET = 0x400;
/** ABI 7: 136 bytes, presence bits 0 .. 14 (docs/abi.md §4); the buffer is 0x400 .. 0x500. */
export const REQUEST_SIZE = 136;
/**
 * Issue 15 (PCA, docs/abi.md §4.1): with presence bit 14 `PCA` the request continues with the PCA
 * block, 5 × u64 at offsets 136 .. 176; a request that carries it is REQUEST_SIZE_WITH_PCA bytes.
 */
export const REQUEST_SIZE_WITH_PCA = 176;
export const RESULT_OFFSET = 0x500;
/** ABI 7: 576 bytes, 21 slots and the defaults block (docs/abi.md §5); the buffer is 0x500 .. 0x800. */
export const RESULT_SIZE = 576;
/**
 * Issue 15: the PCA parameters 23 .. 28 have their slots APPENDED after the 576-byte result, at
 * RESULT_OFFSET + 576 (docs/abi.md §5.1); the result with them is RESULT_SIZE_WITH_PCA bytes.
 */
export const RESULT_PCA_SLOTS_AT = 576;
export const RESULT_PCA_SLOT_COUNT = 6;
export const RESULT_SIZE_WITH_PCA = 720;
export const LIBRARY_REGION_OFFSET = 0x20000;
/**
 * The library region holds two slots, A then B (docs/abi.md §2, docs/decisions/0009). Their size,
 * the page count and every region above the library depend on the memory profile: they are derived
 * in abi/memory-profiles.ts, never written here (docs/decisions/0041).
 */
export const LIBRARY_SLOT_COUNT = 2;

// Host contract regions (docs/abi.md §2, docs/host-contract.md).
/** Serial bytes received by the host, handed to the firmware with receive(length). */
export const RX_BUFFER_OFFSET = 0x8000;
export const RX_BUFFER_SIZE = 0x800;
/** Serial bytes the firmware hands to the host with transmit(maxBytes). */
export const TX_BUFFER_OFFSET = 0x8800;
export const TX_BUFFER_SIZE = 0x1000;
/**
 * The protocol's resend history (docs/protocol.md §4): the encoded responses of the last
 * HISTORY_DEPTH requests, firmware RAM in a reserved window below the static data rather than in
 * it, so the 64 KiB static-data window keeps room as responses grow (docs/abi.md §2).
 */
export const HISTORY_RESPONSES_OFFSET = 0x1000;
export const HISTORY_RESPONSES_REGION_SIZE = 0x7000;
/** Non-volatile region the host saves and restores across power cycles: the library region, then the NV header and event log. */
/**
 * Its size, and the offsets of the NV header (NV_HEADER_SIZE bytes), the event log (records of
 * EVENT_LOG_RECORD_SIZE bytes), the key record copies A and B (the provisioned public key,
 * docs/event-log.md §7) and the floor record copies A and B (the rollback floor and the
 * key-provisioned mark, §8) depend on the memory profile: abi/memory-profiles.ts.
 */
export const NV_REGION_OFFSET = 0x20000;
export const NV_HEADER_SIZE = 0x1000;
export const EVENT_LOG_RECORD_SIZE = 64;
export const KEY_RECORD_SIZE = 64;
export const FLOOR_RECORD_SIZE = 32;
/** The firmware's version: the first part of the build id HELLO reports. */
export const FIRMWARE_VERSION = "0.4.0";
/**
 * What the compiler leaves in HELLO's 16-byte build id field (ASCII): `npm run build:firmware`
 * replaces it in each binary by `<FIRMWARE_VERSION>+<hex>`, the hex being the start of the SHA-256
 * of the binary as compiled (release/build-id.ts, docs/release.md §5) — derived from the bytes, never
 * set by hand.
 */
export const BUILD_ID_PLACEHOLDER = "DERS-BUILD-ID-@@";

// Canonical-unit maxima, inclusive (docs/units.md).
export const MAX_RATE_UL_PER_HOUR = 9999999;
export const MAX_VOLUME_UL = 9999999;
export const MAX_DURATION_S = 8640000;
export const MAX_WEIGHT_G = 1000000;
export const MAX_BSA_M2X10000 = 100000;
export const MAX_AMOUNT_ABU = 281474976710655; // 2^48 - 1
export const MAX_LIMIT_VALUE = 9007199254740991; // 2^53 - 1
/**
 * Longest bolus or loading dose the pump gives, in s (docs/workflow.md §4.4, decision 0020): a
 * bolus suspends the running rate while it runs, so one that would take longer is a program, not a
 * bolus. Beyond it the bolus is a hard stop on the workflow parameter BOLUS_DURATION.
 */
export const MAX_BOLUS_DURATION_S = 3600;

/**
 * Runtime integrity (docs/decisions/0021-runtime-integrity.md): each tick checks at most this many
 * bytes; a full pass over the constant tables, the entry buckets and an active image with a body
 * of b bytes takes INTEGRITY_PASS_FIXED_TICKS + floor(b / INTEGRITY_SLICE_BYTES) ticks (15 table
 * ticks, 33 bucket ticks, the last body tick also checks the header).
 */
export const INTEGRITY_SLICE_BYTES = 1024;
export const INTEGRITY_PASS_FIXED_TICKS = 49;

export enum Status {
  OK = 0,
  NO_LIBRARY = 1,
  BAD_MODE = 2,
  BAD_REQUEST = 3,
  VALUE_OUT_OF_RANGE = 4,
  MISSING_VALUE = 5,
  UNEXPECTED_VALUE = 6,
  UNKNOWN_CARE_AREA = 7,
  UNKNOWN_ENTRY = 8,
  NOT_IN_CARE_AREA = 9,
  BAD_CONCENTRATION = 10,
  DERIVED_OUT_OF_RANGE = 11,
  IMAGE_SIZE = 20,
  IMAGE_MAGIC = 21,
  IMAGE_VERSION = 22,
  IMAGE_DIGEST = 23,
  IMAGE_STRUCTURE = 24,
  // Admission of a library image by a pump with a provisioned key (docs/library-image.md §9).
  /** No signature trailer. */
  IMAGE_UNSIGNED = 25,
  /** The trailer is malformed, or the signature does not verify under the provisioned key. */
  IMAGE_SIGNATURE = 26,
  /** The trailer names another key (key id). */
  IMAGE_WRONG_KEY = 27,
  /** libraryStatus is draft or approved, not released. */
  IMAGE_NOT_RELEASED = 28,
  /** libraryVersion not above the active library's, or below the highest ever activated. */
  IMAGE_ROLLBACK = 29,
  // Public-key provisioning (docs/host-contract.md §10).
  /** Not an Ed25519 public key the pump accepts: it does not decode, or has small order. */
  KEY_INVALID = 30,
  /** Another key is already provisioned; a key is provisioned once. */
  KEY_ALREADY_PROVISIONED = 31,
  /**
   * The NV key record is damaged: no image is admitted, and no key is provisioned until a service
   * erased the key area (docs/host-contract.md §10).
   */
  KEY_DAMAGED = 32,
  // Activation and transfer (docs/protocol.md §5.6).
  /** Activation refused while an infusion runs, is paused or stopped by an alarm; nothing changed. */
  LIBRARY_BUSY = 33,
  /** LIBRARY_CHUNK or LIBRARY_ACTIVATE with no transfer under way. */
  TRANSFER_NONE = 34,
  /** A chunk that does not continue the bytes received, or runs past the announced length. */
  TRANSFER_OFFSET = 35,
  /** LIBRARY_ACTIVATE before every announced byte arrived. */
  TRANSFER_INCOMPLETE = 36,
  /** The received file's SHA-256 differs from the digest announced by LIBRARY_BEGIN. */
  TRANSFER_DIGEST = 37,
  /**
   * The runtime integrity check (docs/decisions/0021-runtime-integrity.md) found the active library
   * or a constant table changed in memory; also libraryLoad's answer once a constant table failed.
   */
  INTEGRITY_FAILED = 40,
  /**
   * The request's patient is outside the entry's patient band (issue 11 §3, docs/engine.md §5
   * check 12a): the entry is for other patients. A bounded value that is absent is MISSING_VALUE.
   */
  OUTSIDE_PATIENT_BAND = 45,
}

/** What the pump admits (docs/decisions/0009): reported by keyState(), HELLO, GET_STATUS and LIBRARY_STATUS. */
export enum KeyState {
  /** No key provisioned: a development pump; unsigned images are admitted as in ABI 3. */
  DEVELOPMENT = 0,
  /** A key is provisioned: only signed, released, newer images are admitted. */
  PROVISIONED = 1,
  /** The key record is damaged: nothing is admitted (fail closed). */
  DAMAGED = 2,
}

export enum Verdict {
  GO = 0,
  SOFT_STOP = 1,
  HARD_STOP = 2,
  NONE = 0xff,
}

export enum Classification {
  NOT_CHECKED = 0,
  NO_LIMIT = 1,
  WITHIN = 2,
  BELOW_SOFT_MIN = 3,
  ABOVE_SOFT_MAX = 4,
  BELOW_HARD_MIN = 5,
  ABOVE_HARD_MAX = 6,
}

export enum Tier {
  NONE = 0,
  HARD_MIN = 1,
  SOFT_MIN = 2,
  SOFT_MAX = 3,
  HARD_MAX = 4,
}

// Tier mask bits in the image (docs/library-image.md §5).
export const TIER_BIT_HARD_MIN = 1;
export const TIER_BIT_SOFT_MIN = 2;
export const TIER_BIT_SOFT_MAX = 4;
export const TIER_BIT_HARD_MAX = 8;

// Parameter IDs double as binding priority (docs/engine.md §2).
export enum Param {
  WEIGHT = 0,
  BSA = 1,
  CONCENTRATION = 2,
  DOSE = 3,
  DOSE_ABSOLUTE = 4,
  RATE = 5,
  AREA_MAX_RATE = 6,
  VTBI = 7,
  AREA_MAX_VTBI = 8,
  DURATION = 9,
  BOLUS_DOSE = 10,
  BOLUS_RATE = 11,
  LOADING_DOSE = 12,
  // 13 and 14 are the workflow's own parameters (TITRATION_STEP, BOLUS_DURATION: abi/workflow-codes.ts).
  /** A bolus dose as an absolute amount, against the entry's per-dose cap or the hourly cap (decision 0020). */
  BOLUS_DOSE_ABSOLUTE = 15,
  /** A loading dose as an absolute amount, likewise. */
  LOADING_DOSE_ABSOLUTE = 16,
  // ABI 7 (issue 11, docs/library-image.md §10): parameters of the format-3 limit records.
  /** The amount of one intermittent dose, per basis, against DOSE_PER_ADMIN. */
  DOSE_PER_ADMIN = 17,
  /** The amount of one intermittent dose for this patient, against DOSE_PER_ADMIN_ABSOLUTE. */
  DOSE_PER_ADMIN_ABSOLUTE = 18,
  /** The bolus rate as a dose rate while the bolus runs, against BOLUS_DOSE_RATE. */
  BOLUS_DOSE_RATE = 19,
  /** The loading rate as a dose rate while the loading dose runs, against LOADING_DOSE_RATE. */
  LOADING_DOSE_RATE = 20,
  /** The concentration against the peripheral-line maximum, by the request's line access. */
  PERIPHERAL_CONCENTRATION = 21,
  /** The amount delivered in a rolling window, against CUMULATIVE. */
  CUMULATIVE = 22,
  // Issue 15 (PCA, docs/engine.md §4.2): slots appended at RESULT_PCA_SLOTS_AT.
  /** The patient's PCA (demand) dose, ABU per basis, against PCA_DOSE (kind 12). */
  PCA_DOSE = 23,
  /** The lockout interval in s, against PCA_LOCKOUT (kind 13). */
  PCA_LOCKOUT = 24,
  /** The most patient doses per hour, against PCA_MAX_DOSES_PER_HOUR (kind 14). */
  PCA_MAX_DOSES_PER_HOUR = 25,
  /** A clinician bolus, ABU per basis, against PCA_CLINICIAN_BOLUS (kind 15). */
  PCA_CLINICIAN_BOLUS = 26,
  /** The programmed maximum per window, ABU, against PCA_WINDOW_MAX_1H or _4H (kinds 22, 23). */
  PCA_WINDOW_MAX = 27,
  /** The basal alone over the window, ABU, against the programmed window maximum as a hard maximum. */
  PCA_BASAL_IN_WINDOW = 28,
}
/** Parameter IDs are 0 .. PARAM_COUNT − 1; 13 and 14 have no result slot (docs/abi.md §5). */
export const PARAM_COUNT = 23;
/** Result slots: parameters 0 .. 12 in slots 0 .. 12, parameters 15 .. 22 in slots 13 .. 20. */
export const RESULT_SLOT_COUNT = 21;
/** First parameter ID without a result slot, and how many IDs from it have none. */
export const PARAM_SLOT_GAP_START = 13;
export const PARAM_SLOT_GAP = 2;
/** First PCA parameter; PCA parameters p have their slot at RESULT_PCA_SLOTS_AT + 24 (p − 23). */
export const PCA_PARAM_FIRST = 23;
export const PCA_PARAM_LAST = 28;
export const NO_PARAM = 0xff;

// Order of the eight per-entry tier masks in an entry record (docs/library-image.md §4).
export enum EntryLimit {
  DOSE = 0,
  RATE = 1,
  DURATION = 2,
  VTBI = 3,
  BOLUS_DOSE = 4,
  BOLUS_RATE = 5,
  LOADING_DOSE = 6,
  DOSE_ABSOLUTE = 7,
  // Format 2 (docs/library-image.md §4): the high nibble of the BOLUS_DOSE, BOLUS_RATE and
  // LOADING_DOSE mask bytes.
  BOLUS_DOSE_ABSOLUTE = 8,
  BOLUS_DURATION = 9,
  LOADING_DOSE_ABSOLUTE = 10,
}
export const ENTRY_LIMIT_COUNT = 11;
/** Entry limits of format 1: the low nibble of each of the eight mask bytes. */
export const ENTRY_LIMIT_COUNT_FORMAT_1 = 8;

export enum Mode {
  RATE = 1,
  DOSE = 2,
  DURATION = 3,
}

// Request presence-mask bits; the value sits at request offset 16 + 8 * bit (docs/abi.md §4).
export enum Field {
  RATE_UL_PER_HOUR = 0,
  DOSE = 1,
  DURATION_S = 2,
  VTBI_UL = 3,
  WEIGHT_G = 4,
  BSA_M2X10000 = 5,
  BOLUS_DOSE = 6,
  BOLUS_RATE_UL_PER_HOUR = 7,
  LOADING_DOSE = 8,
  CUSTOM_AMOUNT_ABU = 9,
  CUSTOM_VOLUME_UL = 10,
  // ABI 7 (docs/abi.md §4). A field is accepted once the feature that reads it enables its
  // presence bit (engine/request-layout.ts PRESENCE_VALID_BITS); until then it is BAD_REQUEST.
  /** The amount of one intermittent dose, ABU per basis (programming by amount). */
  DOSE_AMOUNT = 11,
  /** Line access: 1 peripheral, 2 central (LineAccess). */
  LINE_ACCESS = 12,
  /** Patient age in days. */
  AGE_DAYS = 13,
  /**
   * Issue 15: the PCA block follows the request (offsets 136 .. 176, docs/abi.md §4.1); this bit's
   * value is the PCA window in s, PCA_WINDOW_1H_S or PCA_WINDOW_4H_S.
   */
  PCA = 14,
}
/** Presence bits 0 .. FIELD_COUNT − 1 have a value slot. */
export const FIELD_COUNT = 15;

/** Request LINE_ACCESS values (docs/abi.md §4). */
export enum LineAccess {
  PERIPHERAL = 1,
  CENTRAL = 2,
}
/** Largest LINE_ACCESS value. */
export const MAX_LINE_ACCESS = 2;
/** Largest patient age in days (150 years), the AGE_DAYS field's and PATIENT_BAND's maximum. */
export const MAX_AGE_DAYS = 54750;
export const NO_CONCENTRATION = 0xff;

export enum InfusionType {
  CONTINUOUS = 0,
  INTERMITTENT = 1,
  FLUID = 2,
  /** Issue 15: patient-controlled analgesia (basal, patient doses with lockout, window maximum). */
  PCA = 3,
}
/** The largest infusion type an image may hold. */
export const INFUSION_TYPE_LAST = 3;

// PCA (issue 15, docs/workflow.md §11): the windows a clinician may choose and the pump's bounds.
export const PCA_WINDOW_1H_S = 3600;
export const PCA_WINDOW_4H_S = 14400;
/** Lockout interval bounds, s (1 s … 24 h). */
export const PCA_MAX_LOCKOUT_S = 86400;
/** Most patient doses per hour the pump counts (its grant history holds this many). */
export const PCA_MAX_DOSES_PER_HOUR = 60;
/** The rate a patient (demand) dose runs at, µL/h, unless the basal is faster (decision 0035). */
export const PCA_DEMAND_RATE_UL_PER_HOUR = 200000;

export enum DoseBasis {
  NONE = 0,
  WEIGHT = 1,
  BSA = 2,
}

export enum ConcentrationKind {
  FIXED = 0,
  CUSTOM = 1,
}

export enum LibraryStatus {
  DRAFT = 0,
  APPROVED = 1,
  RELEASED = 2,
}

// Display-only unit codes (docs/library-image.md §6).
export enum AmountUnit {
  NONE = 0,
  G = 1,
  MG = 2,
  MCG = 3,
  NG = 4,
  UNITS = 5,
  MILLIUNITS = 6,
  MEQ = 7,
  MMOL = 8,
}

export enum TimeUnit {
  NONE = 0,
  PER_HOUR = 1,
  PER_MINUTE = 2,
}

// Image header (docs/library-image.md §1).
export const IMAGE_MAGIC = 0x53524544; // "DERS" read as a little-endian u32
/** The newest image format; the compiler writes the lowest format that can hold a library. */
export const IMAGE_FORMAT_VERSION = 3;
/** The format that introduced limit records (docs/library-image.md §10). */
export const IMAGE_FORMAT_VERSION_RECORDS = 3;
/** The oldest image format a pump admits (format 1: no format-2 limits, docs/library-image.md §7). */
export const IMAGE_FORMAT_VERSION_MIN = 1;
export const IMAGE_HEADER_SIZE = 96;
export const CARE_AREA_RECORD_SIZE = 96;
export const ENTRY_INDEX_RECORD_SIZE = 8;
export const ENTRY_RECORD_FIXED_SIZE = 40;
export const CONCENTRATION_RECORD_FIXED_SIZE = 16;
export const MAX_CARE_AREAS = 64;
export const MAX_ENTRIES = 1000000;
export const MAX_CONCENTRATIONS = 16;
/** Format 3: an entry's extension and a concentration hold at most this many limit records. */
export const MAX_LIMIT_RECORDS = 32;
export const LIMIT_RECORD_SIZE = 40;
export const ENTRY_EXTENSION_HEADER_SIZE = 8;
export const MAX_NAME_BYTES = 255;
export const MAX_ADVISORY_BYTES = 1024;
export const MAX_LIBRARY_NAME_BYTES = 32;
// Signature trailer after a signed image (docs/library-image.md §9).
export const SIGNATURE_TRAILER_MAGIC = 0x47495344; // "DSIG" read as a little-endian u32
export const SIGNATURE_TRAILER_VERSION = 1;
export const SIGNATURE_TRAILER_SIZE = 80;
export const KEY_ID_SIZE = 8;
export const PUBLIC_KEY_SIZE = 32;
export const SIGNATURE_SIZE = 64;
/** Largest per-entry titration step limit, in percent of the running value (docs/library-image.md §4). */
export const MAX_TITRATION_STEP_PERCENT = 1000;
