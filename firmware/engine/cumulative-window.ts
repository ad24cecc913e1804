// Parameter 22 CUMULATIVE of the engine (docs/engine.md §2, §4; REQ-ENG-076): what the program alone
// delivers in one window of the entry's cumulative limit — the volume min(r × W / 3600, VTBI) at the
// concentration, plus the request's bolus and loading doses as absolute amounts — as the exact rational
//   (min(r × W, VTBI × 3600) × amount × B + (bolus + loading) × W_p × 3600 × volume) / (3600 × volume × B).
// Operands: r × W < 2^41, amount × B < 2^62 (product < 2^103); doses < 2^54, W_p × 3600 × volume < 2^56
// (product < 2^110): the sum fits 128 bits; the denominator 3600 × volume × B < 2^49. The engine is
// stateless: the history is the workflow's (workflow/cumulative-check.ts).
import { Field } from "../abi/codes";
import { LimitKind } from "../abi/limit-kinds";
import { mul64, productHi, productLo } from "../exact/u128";
import { limitRecord } from "../limits/limit-records";
import {
  amountAbu,
  basisPatient,
  basisScale,
  entryRecordsCount,
  entryRecordsPtr,
  presenceMask,
  volumeUl,
  vtbiKnown,
  vtbiUl,
} from "./context";
import { fieldBit, requestValue } from "./request-layout";

const SECONDS_PER_HOUR: u64 = 3600;

/** The one-window amount as numerator (hi:lo) over denominator, after cumulativeWindowAmount. */
export let windowAmountHi: u64 = 0;
export let windowAmountLo: u64 = 0;
export let windowAmountDenominator: u64 = 1;

/** The entry's CUMULATIVE record in the request's context (entry list only), 0 when it has none. */
export function cumulativeRecordInContext(): usize {
  return entryRecordsCount == 0 ? 0 : limitRecord(entryRecordsPtr, entryRecordsCount, LimitKind.CUMULATIVE);
}

function presentValue(field: Field): u64 {
  return (presenceMask & fieldBit(field)) != 0 ? requestValue(field) : 0;
}

/** Computes the rational for a window of `windowS` at the delivered rate `rateUlPerHour`. */
export function cumulativeWindowAmount(windowS: u64, rateUlPerHour: u64): void {
  let volumeSeconds = rateUlPerHour * windowS; // µL·s/h: volume × 3600
  // The program's VTBI: the request's, or the one derived from a dose amount (REQ-ENG-062).
  if (vtbiKnown) {
    const vtbiSeconds = vtbiUl * SECONDS_PER_HOUR;
    if (vtbiSeconds < volumeSeconds) volumeSeconds = vtbiSeconds;
  }
  mul64(volumeSeconds, amountAbu * basisScale);
  let hi = productHi;
  let lo = productLo;
  const doses = presentValue(Field.BOLUS_DOSE) + presentValue(Field.LOADING_DOSE);
  if (doses != 0) {
    mul64(doses, basisPatient * SECONDS_PER_HOUR * volumeUl);
    const sum = lo + productLo;
    hi += productHi + u64(sum < lo);
    lo = sum;
  }
  windowAmountHi = hi;
  windowAmountLo = lo;
  windowAmountDenominator = SECONDS_PER_HOUR * volumeUl * basisScale;
}
