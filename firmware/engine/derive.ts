// Delivered rate r of docs/engine.md §4 and check 13 of §5 (REQ-ENG-021, REQ-ENG-022, REQ-ENG-023).
// Rounding is toward zero so the pump never delivers more than was programmed.
import { Field, MAX_RATE_UL_PER_HOUR, Mode, Status } from "../abi/codes";
import { mode, setDeliveredRate } from "./context";
import { volumeFromDose } from "./dose-volume";
import { requestValue } from "./request-layout";

const SECONDS_PER_HOUR: u64 = 3600;
/** First rate the pump cannot deliver; also bounds the DOSE-mode quotient below 2^32. */
const RATE_CEILING: u64 = <u64>MAX_RATE_UL_PER_HOUR + 1;

/** Sets the delivered rate; returns OK or DERIVED_OUT_OF_RANGE. */
export function deriveDeliveredRate(): i32 {
  let rateUlPerHour: u64;
  if (mode == Mode.RATE) {
    rateUlPerHour = requestValue(Field.RATE_UL_PER_HOUR); // already in range (check 4)
  } else if (mode == Mode.DURATION) {
    // vtbi ≤ 10^7 so vtbi × 3600 < 2^36; duration ≥ 1 (check 4).
    rateUlPerHour = (requestValue(Field.VTBI_UL) * SECONDS_PER_HOUR) / requestValue(Field.DURATION_S);
  } else {
    // A rate at or beyond the ceiling comes back as the ceiling, beyond MAX_RATE_UL_PER_HOUR.
    rateUlPerHour = volumeFromDose(requestValue(Field.DOSE), RATE_CEILING);
  }
  if (rateUlPerHour == 0 || rateUlPerHour > <u64>MAX_RATE_UL_PER_HOUR) return Status.DERIVED_OUT_OF_RANGE;
  setDeliveredRate(rateUlPerHour);
  return Status.OK;
}
