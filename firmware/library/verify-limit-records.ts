// Rules of a format-3 limit-record list (docs/library-image.md §10): at most MAX_LIMIT_RECORDS
// records strictly ascending by kind, each of a kind the list and the entry allow, with a valid
// mask, argument and values. One rule word per kind (LIMIT_RECORD_RULES) says everything that
// differs between kinds, so a new kind is a new row, not new code.
import {
  InfusionType,
  DoseBasis,
  MAX_ADVISORY_BYTES,
  MAX_AGE_DAYS,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
  PCA_MAX_DOSES_PER_HOUR,
  PCA_MAX_LOCKOUT_S,
} from "../abi/codes";
import {
  CUMULATIVE_WINDOW_MAX_S,
  CUMULATIVE_WINDOW_MIN_S,
  LIMIT_KIND_LIMIT,
  MAX_CODE_BYTES,
  MAX_CODES_PER_RECORD,
} from "../abi/limit-kinds";
import {
  LIMIT_RECORD_ARGUMENT,
  LIMIT_RECORD_KIND,
  LIMIT_RECORD_MASK,
  LIMIT_RECORD_RESERVED_2,
  LIMIT_RECORD_VALUES,
  RECORD_SIZE,
} from "./limit-record-layout";
import { takeCode, takeString } from "./verify-strings";

// Rule word bits. Bits 0–3: the mask bits the kind may set.
const MASK_BITS: u64 = 0x0f;
/** The kind may appear in an entry's extension. */
export const RULE_LIST_ENTRY: u64 = 1 << 4;
/** The kind may appear in a concentration's list. */
export const RULE_LIST_CONCENTRATION: u64 = 1 << 5;
/** Present values are tiers: ordered HMIN ≤ SMIN ≤ SMAX ≤ HMAX. */
const RULE_TIERED: u64 = 1 << 6;
/** The mask must be 0 (ADVISORY) instead of non-zero. */
const RULE_EMPTY_MASK: u64 = 1 << 7;
/**
 * Argument rule, bits 8–9: 0 must be 0, 1 a rolling window in s, 2 a string length (value 0 its
 * offset), 3 external codes (byte i the length of code i, value i its offset; issue 13).
 */
const ARG_SHIFT: u64 = 8;
const ARG_ZERO: u64 = 0;
const ARG_WINDOW: u64 = 1;
const ARG_STRING: u64 = 2;
const ARG_CODES: u64 = 3;
/** Not on a fluid. */
const RULE_DRUG: u64 = 1 << 10;
/** Intermittent entries only. */
const RULE_INTERMITTENT: u64 = 1 << 11;
/** Weight- or BSA-based entries only. */
const RULE_BASIS: u64 = 1 << 12;
/** Values 0 ≤ 1 and 2 ≤ 3 when both of a pair are present (minimum ≤ maximum). */
const RULE_PAIRS: u64 = 1 << 13;
/** PCA entries only (issue 15). */
const RULE_PCA: u64 = 1 << 14;
/** Quantity class of value slot i at bit 16 + 4i (index into the maxima at the table's start). */
const CLASS_SHIFT: u64 = 16;

// Quantity classes: the first QUANTITY_CLASS_COUNT u64 of the table are their maxima.
const Q_LIMIT: u64 = 0;
const Q_RATE: u64 = 1;
const Q_DURATION: u64 = 2;
const Q_VOLUME: u64 = 3;
const Q_WEIGHT: u64 = 4;
const Q_AGE: u64 = 5;
const Q_LOCKOUT: u64 = 6;
const Q_DOSE_COUNT: u64 = 7;
const QUANTITY_CLASS_COUNT: u32 = 8;

// Rule-word builders (constant expressions, folded at compile time).
const ALL_TIERS: u64 = 0x0f;
const HMAX_ONLY: u64 = 0x08;
const SMAX_HMAX: u64 = 0x0c;
const CONC_OVERRIDE: u64 = RULE_LIST_CONCENTRATION | RULE_TIERED | RULE_DRUG;
const BOTH_LISTS: u64 = RULE_LIST_ENTRY | RULE_LIST_CONCENTRATION;
const UNKNOWN: u64 = 0;
// One class for all four slots.
const C_LIMIT: u64 = (Q_LIMIT * 0x1111) << CLASS_SHIFT;
const C_RATE: u64 = (Q_RATE * 0x1111) << CLASS_SHIFT;
const C_DURATION: u64 = (Q_DURATION * 0x1111) << CLASS_SHIFT;
const C_VOLUME: u64 = (Q_VOLUME * 0x1111) << CLASS_SHIFT;
const C_LOCKOUT: u64 = (Q_LOCKOUT * 0x1111) << CLASS_SHIFT;
const C_DOSE_COUNT: u64 = (Q_DOSE_COUNT * 0x1111) << CLASS_SHIFT;
/** A PCA limit (issue 15): four tiers, in an entry's or a concentration's list, PCA entries only. */
const PCA_TIERS: u64 = BOTH_LISTS | RULE_TIERED | RULE_PCA | ALL_TIERS;
// One class per slot (slot i at nibble i).
const C_DEFAULTS: u64 = (Q_LIMIT | (Q_RATE << 4) | (Q_DURATION << 8) | (Q_VOLUME << 12)) << CLASS_SHIFT;
const C_BAND: u64 = (Q_WEIGHT | (Q_WEIGHT << 4) | (Q_AGE << 8) | (Q_AGE << 12)) << CLASS_SHIFT;

/**
 * The quantity maxima, then one rule word per kind 0 .. LIMIT_KIND_LIMIT − 1 (0: unknown kind).
 * A decision table the integrity check covers (docs/decisions/0021). Streams B and C add their
 * kinds' rows (docs/library-image.md §10 table); a row left 0 makes the kind IMAGE_STRUCTURE.
 */
export const LIMIT_RECORD_RULES: usize = memory.data<u64>([
  MAX_LIMIT_VALUE, // Q_LIMIT
  MAX_RATE_UL_PER_HOUR, // Q_RATE
  MAX_DURATION_S, // Q_DURATION
  MAX_VOLUME_UL, // Q_VOLUME
  MAX_WEIGHT_G, // Q_WEIGHT
  MAX_AGE_DAYS, // Q_AGE
  PCA_MAX_LOCKOUT_S, // Q_LOCKOUT
  PCA_MAX_DOSES_PER_HOUR, // Q_DOSE_COUNT
  UNKNOWN, // 0
  CONC_OVERRIDE | ALL_TIERS | C_LIMIT, // 1 DOSE
  CONC_OVERRIDE | ALL_TIERS | C_RATE, // 2 RATE
  CONC_OVERRIDE | ALL_TIERS | C_DURATION, // 3 DURATION
  CONC_OVERRIDE | ALL_TIERS | C_VOLUME, // 4 VTBI
  CONC_OVERRIDE | ALL_TIERS | C_LIMIT, // 5 BOLUS_DOSE
  CONC_OVERRIDE | ALL_TIERS | C_RATE, // 6 BOLUS_RATE
  CONC_OVERRIDE | ALL_TIERS | C_LIMIT, // 7 LOADING_DOSE
  CONC_OVERRIDE | HMAX_ONLY | C_LIMIT, // 8 DOSE_ABSOLUTE
  CONC_OVERRIDE | ALL_TIERS | C_LIMIT, // 9 BOLUS_DOSE_ABSOLUTE
  CONC_OVERRIDE | ALL_TIERS | C_DURATION, // 10 BOLUS_DURATION
  CONC_OVERRIDE | ALL_TIERS | C_LIMIT, // 11 LOADING_DOSE_ABSOLUTE
  PCA_TIERS | C_LIMIT, // 12 PCA_DOSE (issue 15)
  PCA_TIERS | C_LOCKOUT, // 13 PCA_LOCKOUT
  PCA_TIERS | C_DOSE_COUNT, // 14 PCA_MAX_DOSES_PER_HOUR
  PCA_TIERS | C_LIMIT, // 15 PCA_CLINICIAN_BOLUS
  BOTH_LISTS | RULE_TIERED | RULE_DRUG | RULE_INTERMITTENT | ALL_TIERS | C_LIMIT, // 16 DOSE_PER_ADMIN
  BOTH_LISTS | RULE_TIERED | RULE_DRUG | RULE_INTERMITTENT | RULE_BASIS | ALL_TIERS | C_LIMIT, // 17 DOSE_PER_ADMIN_ABSOLUTE
  BOTH_LISTS | RULE_TIERED | RULE_DRUG | ALL_TIERS | C_LIMIT, // 18 BOLUS_DOSE_RATE
  BOTH_LISTS | RULE_TIERED | RULE_DRUG | ALL_TIERS | C_LIMIT, // 19 LOADING_DOSE_RATE
  BOTH_LISTS | RULE_TIERED | RULE_DRUG | HMAX_ONLY | C_LIMIT, // 20 PERIPHERAL_MAX_CONCENTRATION
  RULE_LIST_ENTRY | RULE_TIERED | RULE_DRUG | SMAX_HMAX | (ARG_WINDOW << ARG_SHIFT) | C_LIMIT, // 21 CUMULATIVE (issue 11, stream C)

  PCA_TIERS | C_LIMIT, // 22 PCA_WINDOW_MAX_1H
  PCA_TIERS | C_LIMIT, // 23 PCA_WINDOW_MAX_4H

  // Issue 11 §4: values, not tiers (no order); slot classes dose, rate, duration, VTBI.
  BOTH_LISTS | ALL_TIERS | C_DEFAULTS, // 24 DEFAULTS
  BOTH_LISTS | RULE_DRUG | RULE_INTERMITTENT | 0x01 | C_LIMIT, // 25 DEFAULT_DOSE_PER_ADMIN

  // Issue 13: external codes, 1 … 4 per record, each the pool's next string (printable ASCII).
  RULE_LIST_ENTRY | ALL_TIERS | (ARG_CODES << ARG_SHIFT), // 26 ENTRY_CODES
  RULE_LIST_CONCENTRATION | ALL_TIERS | (ARG_CODES << ARG_SHIFT), // 27 CONCENTRATION_CODES

  // Issue 11 §3: min ≤ max weight (slots 0, 1, g) and age (slots 2, 3, days).
  RULE_LIST_ENTRY | RULE_PAIRS | ALL_TIERS | C_BAND, // 28 PATIENT_BAND

  UNKNOWN, // 29
  RULE_LIST_CONCENTRATION | RULE_EMPTY_MASK | (ARG_STRING << ARG_SHIFT), // 30 ADVISORY
  UNKNOWN, // 31
]);
const RULE_ROWS: usize = LIMIT_RECORD_RULES + ((<usize>QUANTITY_CLASS_COUNT) << 3);

/** Bytes of LIMIT_RECORD_RULES, for the integrity check. */
export const LIMIT_RECORD_RULES_BYTES: u32 = (QUANTITY_CLASS_COUNT + <u32>LIMIT_KIND_LIMIT) << 3;

/**
 * The list of `count` records at `list` (inside the records section, checked by the caller) obeys
 * every rule; `listBit` is RULE_LIST_ENTRY or RULE_LIST_CONCENTRATION.
 */
export function limitRecordsValid(list: usize, count: u32, listBit: u64, infusionType: i32, doseBasis: i32): bool {
  let previousKind: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const record = list + <usize>i * RECORD_SIZE;
    const kind = <u32>load<u8>(record + LIMIT_RECORD_KIND);
    if (kind <= previousKind || kind >= <u32>LIMIT_KIND_LIMIT) return false; // ascending, so one per kind
    previousKind = kind;
    const rule = load<u64>(RULE_ROWS + ((<usize>kind) << 3));
    if ((rule & listBit) == 0) return false; // unknown kind, or not in this list
    if (!appliesTo(rule, infusionType, doseBasis)) return false;
    if (load<u16>(record + LIMIT_RECORD_RESERVED_2) != 0) return false;
    if (!recordValid(record, rule)) return false;
  }
  return true;
}

/**
 * ENTRY_CODES / CONCENTRATION_CODES: mask bits 0 … n − 1 set (n = 1 … 4, contiguous), argument byte i
 * the length of code i (1 … MAX_CODE_BYTES) for i < n and 0 above, value i its pool offset for i < n
 * and 0 above; each code is the pool's next string, printable ASCII.
 */
function codesValid(mask: u64, argument: u32, values: usize): bool {
  if (mask == 0 || (mask & (mask + 1)) != 0) return false; // 1, 3, 7 or 15
  for (let slot: u32 = 0; slot < <u32>MAX_CODES_PER_RECORD; slot++) {
    const length = (argument >>> (slot << 3)) & 0xff;
    const offset = load<u64>(values + ((<usize>slot) << 3));
    if ((mask & ((<u64>1) << slot)) == 0) {
      if (length != 0 || offset != 0) return false;
      continue;
    }
    if (length < 1 || length > <u32>MAX_CODE_BYTES || offset > 0xffffffff) return false;
    if (!takeCode(<u32>offset, length)) return false;
  }
  return true;
}

function appliesTo(rule: u64, infusionType: i32, doseBasis: i32): bool {
  if ((rule & RULE_DRUG) != 0 && infusionType == InfusionType.FLUID) return false;
  if ((rule & RULE_INTERMITTENT) != 0 && infusionType != InfusionType.INTERMITTENT) return false;
  if ((rule & RULE_BASIS) != 0 && doseBasis == DoseBasis.NONE) return false;
  if ((rule & RULE_PCA) != 0 && infusionType != InfusionType.PCA) return false;
  return true;
}

/** Mask, argument and values of one record under its kind's rule word. */
function recordValid(record: usize, rule: u64): bool {
  const mask = <u64>load<u8>(record + LIMIT_RECORD_MASK);
  const argument = load<u32>(record + LIMIT_RECORD_ARGUMENT);
  const values = record + LIMIT_RECORD_VALUES;
  const argRule = (rule >>> ARG_SHIFT) & 3;
  if (argRule == ARG_STRING) {
    // ADVISORY: mask 0, value 0 the pool offset, the rest 0; the string is the pool's next one.
    if (mask != 0) return false;
    const offset = load<u64>(values);
    if (load<u64>(values, 8) != 0 || load<u64>(values, 16) != 0 || load<u64>(values, 24) != 0) return false;
    if (argument < 1 || argument > <u32>MAX_ADVISORY_BYTES || offset > 0xffffffff) return false;
    return takeString(<u32>offset, argument);
  }
  if (argRule == ARG_CODES) return codesValid(mask, argument, values);
  if (argRule == ARG_WINDOW) {
    if (argument < <u32>CUMULATIVE_WINDOW_MIN_S || argument > <u32>CUMULATIVE_WINDOW_MAX_S) return false;
    if (argument % 60 != 0) return false;
  } else if (argument != 0) {
    return false;
  }
  if ((rule & RULE_EMPTY_MASK) != 0 ? mask != 0 : mask == 0 || (mask & ~(rule & MASK_BITS)) != 0) return false;
  let previous: u64 = 0;
  for (let slot: u64 = 0; slot < 4; slot++) {
    const value = load<u64>(values + ((<usize>slot) << 3));
    if ((mask & ((<u64>1) << slot)) == 0) {
      if (value != 0) return false;
      continue;
    }
    const quantity = (rule >>> (CLASS_SHIFT + (slot << 2))) & 0xf;
    if (value > load<u64>(LIMIT_RECORD_RULES + ((<usize>quantity) << 3))) return false;
    if ((rule & RULE_TIERED) != 0) {
      if (value < previous) return false;
      previous = value;
    }
  }
  if ((rule & RULE_PAIRS) != 0) {
    if ((mask & 3) == 3 && load<u64>(values) > load<u64>(values, 8)) return false;
    if ((mask & 12) == 12 && load<u64>(values, 16) > load<u64>(values, 24)) return false;
  }
  return true;
}
