// evaluate() (docs/abi.md §3): checks, delivered rate, classification, verdict and binding limit.
import { NO_PARAM, RESULT_OFFSET, Status, Tier } from "../abi/codes";
import { RESULT_DEFAULT_VALUES, RESULT_DEFAULTS_MASK } from "../abi/result-layout";
import { bindingParamOf, foldVerdict, verdictOf } from "../limits/verdict";
import { requestStatus } from "./checks";
import {
  concentrationRecordsCount,
  concentrationRecordsPtr,
  deliveredRateUlPerHour,
  entryRecordsCount,
  entryRecordsPtr,
} from "./context";
import { writeEffectiveDefaults } from "../limits/defaults";
import { deriveDeliveredRate } from "./derive";
import { classifyParameters, HARD_BITS, SOFT_SHIFT } from "./parameters";
import {
  paramSlot,
  RESULT_BINDING_LIMIT_VALUE,
  RESULT_DELIVERED_RATE_UL_PER_HOUR,
  RESULT_STATUS,
  resultHead,
  SLOT_LIMIT_VALUE,
  SLOT_TIER,
  writeFailure,
} from "./result-layout";

const RESULT: usize = RESULT_OFFSET;

/** No defaults: mask and values zero (a failed request, so no earlier result's values linger). */
function clearDefaults(): void {
  // Straight stores at constant addresses (mask, then RESULT_DEFAULT_COUNT = 5 values): every check
  // of an entry without records pays them.
  store<u64>(RESULT + RESULT_DEFAULTS_MASK, 0);
  store<u64>(RESULT + RESULT_DEFAULT_VALUES, 0, 0);
  store<u64>(RESULT + RESULT_DEFAULT_VALUES, 0, 8);
  store<u64>(RESULT + RESULT_DEFAULT_VALUES, 0, 16);
  store<u64>(RESULT + RESULT_DEFAULT_VALUES, 0, 24);
  store<u64>(RESULT + RESULT_DEFAULT_VALUES, 0, 32);
}

/** The defaults block (docs/abi.md §5, issue 11 §4): the entry's and concentration's typical values. */
function writeDefaults(): void {
  // Most entries have no records, so no defaults: the zero block without looking for any.
  if ((entryRecordsCount | concentrationRecordsCount) == 0) {
    clearDefaults();
    return;
  }
  writeEffectiveDefaults(
    entryRecordsPtr,
    entryRecordsCount,
    concentrationRecordsPtr,
    concentrationRecordsCount,
    RESULT + RESULT_DEFAULTS_MASK,
  );
}

export function evaluateRequest(): i32 {
  let status = requestStatus();
  if (status != Status.OK) {
    clearDefaults();
    return writeFailure(status);
  }
  status = deriveDeliveredRate();
  if (status != Status.OK) {
    clearDefaults();
    return writeFailure(status);
  }

  const severity = classifyParameters();
  const hardParamBits = <u32>(severity & HARD_BITS);
  const softParamBits = <u32>(severity >>> SOFT_SHIFT);

  // The tier and limit of the binding parameter are already in its slot (REQ-ENG-030, REQ-ENG-031).
  const folded = foldVerdict(hardParamBits, softParamBits);
  const bindingParam = bindingParamOf(folded);
  let bindingTier: u32 = Tier.NONE;
  let bindingLimit: u64 = 0;
  if (bindingParam != NO_PARAM) {
    const slot = paramSlot(bindingParam);
    bindingTier = <u32>load<u8>(slot + SLOT_TIER);
    bindingLimit = load<u64>(slot + SLOT_LIMIT_VALUE);
  }
  store<u64>(RESULT + RESULT_STATUS, resultHead(Status.OK, verdictOf(folded), bindingParam, bindingTier));
  store<u64>(RESULT + RESULT_BINDING_LIMIT_VALUE, bindingLimit);
  store<u64>(RESULT + RESULT_DELIVERED_RATE_UL_PER_HOUR, deliveredRateUlPerHour);
  writeDefaults();
  return Status.OK;
}
