// evaluate() (docs/abi.md §3): checks, delivered rate, classification, verdict and binding limit.
import { NO_PARAM, RESULT_OFFSET, Status, Tier, Verdict } from "../abi/codes";
import { requestStatus } from "./checks";
import { deliveredRateUlPerHour } from "./context";
import { deriveDeliveredRate } from "./derive";
import { classifyParameters, HARD_BITS, SOFT_SHIFT } from "./parameters";
import {
  paramSlot, RESULT_BINDING_LIMIT_VALUE, RESULT_DELIVERED_RATE_UL_PER_HOUR, RESULT_STATUS, resultHead, SLOT_LIMIT_VALUE, SLOT_TIER,
  writeFailure,
} from "./result-layout";

const RESULT: usize = RESULT_OFFSET;

export function evaluateRequest(): i32 {
  let status = requestStatus();
  if (status != Status.OK) return writeFailure(status);
  status = deriveDeliveredRate();
  if (status != Status.OK) return writeFailure(status);

  const severity = classifyParameters();
  const hardParamBits = severity & HARD_BITS;
  const softParamBits = severity >>> SOFT_SHIFT;

  // Any hard classification stops hard; else any soft one stops soft. The lowest-ID parameter of
  // that severity binds, with the tier and limit already in its slot (REQ-ENG-030, REQ-ENG-031).
  let verdict: u32 = Verdict.GO;
  let bindingParam: u32 = NO_PARAM;
  let bindingTier: u32 = Tier.NONE;
  let bindingLimit: u64 = 0;
  const bindingBits = hardParamBits != 0 ? hardParamBits : softParamBits;
  if (bindingBits != 0) {
    verdict = hardParamBits != 0 ? Verdict.HARD_STOP : Verdict.SOFT_STOP;
    bindingParam = ctz<u32>(bindingBits);
    const slot = paramSlot(bindingParam);
    bindingTier = <u32>load<u8>(slot + SLOT_TIER);
    bindingLimit = load<u64>(slot + SLOT_LIMIT_VALUE);
  }
  store<u64>(RESULT + RESULT_STATUS, resultHead(Status.OK, verdict, bindingParam, bindingTier));
  store<u64>(RESULT + RESULT_BINDING_LIMIT_VALUE, bindingLimit);
  store<u64>(RESULT + RESULT_DELIVERED_RATE_UL_PER_HOUR, deliveredRateUlPerHour);
  return Status.OK;
}
