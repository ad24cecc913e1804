// Delivered rate r of docs/engine.md §4 and check 13 of §5 (REQ-ENG-021, REQ-ENG-022, REQ-ENG-023).
// Rounding is toward zero so the pump never delivers more than was programmed.
import { Field, MAX_RATE_UL_PER_HOUR, MAX_VOLUME_UL, Mode, Status } from "../abi/codes";
import { mode, presenceMask, setDeliveredRate, setVtbi, vtbiUl } from "./context";
import { volumeFromDose } from "./dose-volume";
import { fieldBit, requestValue } from "./request-layout";

const SECONDS_PER_HOUR: u64 = 3600;
/** First rate the pump cannot deliver; also bounds the DOSE-mode quotient below 2^32. */
const RATE_CEILING: u64 = <u64>MAX_RATE_UL_PER_HOUR + 1;
/** First VTBI the pump cannot deliver. */
const VTBI_CEILING: u64 = <u64>MAX_VOLUME_UL + 1;

/**
 * The program's VTBI: the request's, or (amount programming, decision 0019) the volume of the
 * amount per dose, floor(amount × volumeUl × W / (amountAbu × B)), rounded down like every derived
 * volume so the pump never gives more than the amount. 0 or above MAX_VOLUME_UL is out of range.
 */
function deriveVtbi(): i32 {
  if ((presenceMask & fieldBit(Field.VTBI_UL)) != 0) {
    setVtbi(requestValue(Field.VTBI_UL), true);
  } else if ((presenceMask & fieldBit(Field.DOSE_AMOUNT)) != 0) {
    const volume = volumeFromDose(requestValue(Field.DOSE_AMOUNT), VTBI_CEILING);
    if (volume == 0 || volume > <u64>MAX_VOLUME_UL) return Status.DERIVED_OUT_OF_RANGE;
    setVtbi(volume, true);
  } else {
    setVtbi(0, false);
  }
  return Status.OK;
}

/** Sets the VTBI and the delivered rate; returns OK or DERIVED_OUT_OF_RANGE. */
export function deriveDeliveredRate(): i32 {
  const vtbiStatus = deriveVtbi();
  if (vtbiStatus != Status.OK) return vtbiStatus;
  let rateUlPerHour: u64;
  if (mode == Mode.RATE) {
    rateUlPerHour = requestValue(Field.RATE_UL_PER_HOUR); // already in range (check 4)
  } else if (mode == Mode.DURATION) {
    // vtbi ≤ 10^7 so vtbi × 3600 < 2^36; duration ≥ 1 (check 4).
    rateUlPerHour = (vtbiUl * SECONDS_PER_HOUR) / requestValue(Field.DURATION_S);
  } else {
    // A rate at or beyond the ceiling comes back as the ceiling, beyond MAX_RATE_UL_PER_HOUR.
    rateUlPerHour = volumeFromDose(requestValue(Field.DOSE), RATE_CEILING);
  }
  // A rate of 0 only from a programmed 0 (a PCA without a basal, decision 0044): a dose that rounds
  // down to no rate is a basal the pump cannot run.
  const programmedZero =
    mode != Mode.DURATION && requestValue(mode == Mode.RATE ? Field.RATE_UL_PER_HOUR : Field.DOSE) == 0;
  if ((rateUlPerHour == 0 && !programmedZero) || rateUlPerHour > <u64>MAX_RATE_UL_PER_HOUR)
    return Status.DERIVED_OUT_OF_RANGE;
  setDeliveredRate(rateUlPerHour);
  return Status.OK;
}
