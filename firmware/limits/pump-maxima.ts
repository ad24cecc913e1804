// The pump's own range for each request field (docs/engine.md §5, check 4): every value is
// 1 .. its maximum, whatever the library says. The one range test; the engine's request check,
// the basic infusion and the selections (patient, custom concentration) all ask it.
import {
  Field,
  FIELD_COUNT,
  MAX_AGE_DAYS,
  MAX_AMOUNT_ABU,
  MAX_LINE_ACCESS,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
  PCA_WINDOW_4H_S,
} from "../abi/codes";

/** Largest accepted value per field, in Field order. */
export const FIELD_MAXIMA: usize = memory.data<u64>([
  MAX_RATE_UL_PER_HOUR, // RATE_UL_PER_HOUR
  MAX_LIMIT_VALUE, // DOSE
  MAX_DURATION_S, // DURATION_S
  MAX_VOLUME_UL, // VTBI_UL
  MAX_WEIGHT_G, // WEIGHT_G
  MAX_BSA_M2X10000, // BSA_M2X10000
  MAX_LIMIT_VALUE, // BOLUS_DOSE
  MAX_RATE_UL_PER_HOUR, // BOLUS_RATE_UL_PER_HOUR
  MAX_LIMIT_VALUE, // LOADING_DOSE
  MAX_AMOUNT_ABU, // CUSTOM_AMOUNT_ABU
  MAX_VOLUME_UL, // CUSTOM_VOLUME_UL
  MAX_LIMIT_VALUE, // DOSE_AMOUNT (ABI 7)
  MAX_LINE_ACCESS, // LINE_ACCESS
  MAX_AGE_DAYS, // AGE_DAYS
  PCA_WINDOW_4H_S, // PCA (issue 15): the window, 3,600 or 14,400 s (the engine checks which)
]);

/** Bytes of FIELD_MAXIMA: a decision table the integrity check covers (docs/decisions/0021). */
export const FIELD_MAXIMA_BYTES: u32 = (<u32>FIELD_COUNT) << 3;

/** value in 1 .. the field's maximum: v − 1 < max, unsigned, also rejects 0. */
// @ts-ignore: decorator
@inline export function fieldValueInRange(field: u32, value: u64): bool {
  // AGE_DAYS counts from 0, a newborn's age (issue 11); every other field is a positive quantity.
  if (field == <u32>Field.AGE_DAYS) return value <= load<u64>(FIELD_MAXIMA + ((<usize>field) << 3));
  return value - 1 < load<u64>(FIELD_MAXIMA + ((<usize>field) << 3));
}
