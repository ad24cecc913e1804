// Default (typical) values of an entry and its concentration (issue 11 §4; DEFAULTS and
// DEFAULT_DOSE_PER_ADMIN records, docs/library-image.md §10). The engine writes them into every OK
// result's defaults block and SELECT_DRUG returns them, so the clinician is offered the usual value.
// A concentration's DEFAULTS record replaces the entry's value by value (bit by bit); its
// DEFAULT_DOSE_PER_ADMIN replaces the entry's. Values are in canonical units, as stored.
import { LimitKind } from "../abi/limit-kinds";
import { effectiveLimitRecord, limitRecord, recordMask, recordValue } from "./limit-records";

/** Bits of the defaults mask (docs/abi.md §5): dose, rate, duration, VTBI, dose per administration. */
export const DEFAULT_BIT_DOSE_PER_ADMIN: u32 = 4;
/** How many values follow the mask. */
export const DEFAULT_VALUE_COUNT: u32 = 5;
/** Bytes of the block: the u64 mask, then the values. */
export const DEFAULTS_BLOCK_SIZE: u32 = 8 + 8 * DEFAULT_VALUE_COUNT;

/**
 * Writes the effective defaults at `out`: u64 mask, then DEFAULT_VALUE_COUNT u64 values (0 where
 * the mask bit is clear). Lists as in the engine context: address and count, 0 and 0 for none.
 */
export function writeEffectiveDefaults(
  entryList: usize,
  entryCount: u32,
  concentrationList: usize,
  concentrationCount: u32,
  out: usize,
): void {
  const own = limitRecord(concentrationList, concentrationCount, LimitKind.DEFAULTS);
  const inherited = limitRecord(entryList, entryCount, LimitKind.DEFAULTS);
  const ownMask = recordMask(own);
  const inheritedMask = recordMask(inherited);
  let mask: u64 = 0;
  for (let bit: u32 = 0; bit < DEFAULT_BIT_DOSE_PER_ADMIN; bit++) {
    let value: u64 = 0;
    if ((ownMask & (1 << bit)) != 0) value = recordValue(own, bit);
    else if ((inheritedMask & (1 << bit)) != 0) value = recordValue(inherited, bit);
    if ((ownMask | inheritedMask) & (1 << bit)) mask |= (<u64>1) << (<u64>bit);
    store<u64>(out + 8 + ((<usize>bit) << 3), value);
  }
  const perAdmin = effectiveLimitRecord(
    entryList,
    entryCount,
    concentrationList,
    concentrationCount,
    LimitKind.DEFAULT_DOSE_PER_ADMIN,
  );
  const hasPerAdmin = (recordMask(perAdmin) & 1) != 0;
  if (hasPerAdmin) mask |= (<u64>1) << (<u64>DEFAULT_BIT_DOSE_PER_ADMIN);
  store<u64>(out + 8 + ((<usize>DEFAULT_BIT_DOSE_PER_ADMIN) << 3), hasPerAdmin ? recordValue(perAdmin, 0) : 0);
  store<u64>(out, mask);
}
