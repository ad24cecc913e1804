// Checking a program (docs/workflow.md §4): the engine's evaluate() on the staged request — the
// same code the `evaluate` export and CHECK_PROGRAM run — then the workflow's own reading of the
// result for the kind of program. Every limit decision is the engine's (limits/classify.ts); the
// only rule added here is the titration step, an exact integer comparison.
import {
  Classification, Field, MAX_RATE_UL_PER_HOUR, MAX_VOLUME_UL, Mode, NO_PARAM, Param, RESULT_OFFSET, RESULT_SIZE, Status, Tier, TIER_BIT_HARD_MAX,
  Verdict,
} from "../abi/codes";
import { evaluateRequest } from "../engine/evaluate";
import {
  paramSlot, RESULT_BINDING_LIMIT_VALUE, RESULT_DELIVERED_RATE_UL_PER_HOUR, RESULT_STATUS, resultHead, SLOT_DISPLAY_VALUE,
  SLOT_LIMIT_VALUE, SLOT_TIER,
} from "../engine/result-layout";
import { careAreaPtr } from "../engine/context";
import { AREA_CAP_MASK, AREA_CAP_MAX_RATE, AREA_MAX_RATE_UL_PER_HOUR } from "../library/care-area-layout";
import { classify, crossedLimitValue } from "../limits/classify";
import { PARAM_TITRATION_STEP } from "./codes";
import { requestPresence, requestValueAt, stageRequest } from "./request";

const RESULT: usize = RESULT_OFFSET;
const RESULT_VERDICT = 4;
const RESULT_BINDING_PARAM = 5;
const RESULT_BINDING_TIER = 6;

// The outcome of the last check, read by the caller.
export let checkVerdict: u32 = Verdict.NONE;
export let checkParam: u32 = NO_PARAM;
export let checkTier: u32 = Tier.NONE;
export let checkLimit: u64 = 0;
export let checkValue: u64 = 0;
export let checkRateUlPerHour: u64 = 0;

function takeEngineOutcome(): void {
  checkVerdict = <u32>load<u8>(RESULT + RESULT_VERDICT);
  checkParam = <u32>load<u8>(RESULT + RESULT_BINDING_PARAM);
  checkTier = <u32>load<u8>(RESULT + RESULT_BINDING_TIER);
  checkLimit = load<u64>(RESULT + RESULT_BINDING_LIMIT_VALUE);
  checkValue = checkParam == NO_PARAM ? 0 : load<u64>(paramSlot(checkParam) + SLOT_DISPLAY_VALUE);
  checkRateUlPerHour = load<u64>(RESULT + RESULT_DELIVERED_RATE_UL_PER_HOUR);
}

/** The engine on `request`; the engine's status (the result buffer holds the verdict on OK). */
export function checkWithEngine(request: usize): i32 {
  stageRequest(request);
  const status = evaluateRequest();
  if (status == Status.OK) takeEngineOutcome();
  return status;
}

/**
 * A bolus or loading dose is checked against its own limits (REQ-WF-030): the verdict over
 * parameters BOLUS_DOSE .. LOADING_DOSE only — the running program's values were accepted when it
 * started and are not re-decided by a bolus — and the bolus rate against the care area's maximum
 * rate, which bounds every rate the pump runs in that area (AREA_MAX_RATE's slot is rewritten for
 * it). Hard beats soft; the lowest parameter binds.
 */
export function narrowToBolusLimits(bolusRateUlPerHour: u64): void {
  const capMask = (<u32>load<u8>(careAreaPtr + AREA_CAP_MASK) & AREA_CAP_MAX_RATE) != 0 ? TIER_BIT_HARD_MAX : 0;
  const capCode = classify(capMask, careAreaPtr + AREA_MAX_RATE_UL_PER_HOUR, true, bolusRateUlPerHour, bolusRateUlPerHour);
  const capSlot = paramSlot(Param.AREA_MAX_RATE);
  store<u64>(capSlot, <u64>capCode);
  store<u64>(capSlot + SLOT_DISPLAY_VALUE, bolusRateUlPerHour);
  store<u64>(capSlot + SLOT_LIMIT_VALUE, crossedLimitValue);
  let hard: u32 = (capCode & 0xff) >= <u32>Classification.BELOW_HARD_MIN ? <u32>Param.AREA_MAX_RATE : NO_PARAM;
  let soft: u32 = NO_PARAM;
  for (let param: u32 = Param.BOLUS_DOSE; param <= <u32>Param.LOADING_DOSE; param++) {
    const classification = <u32>load<u8>(paramSlot(param));
    if (classification >= <u32>Classification.BELOW_HARD_MIN) {
      if (hard == NO_PARAM) hard = param;
    } else if (classification >= <u32>Classification.BELOW_SOFT_MIN) {
      if (soft == NO_PARAM) soft = param;
    }
  }
  const binding = hard != NO_PARAM ? hard : soft;
  checkVerdict = hard != NO_PARAM ? Verdict.HARD_STOP : soft != NO_PARAM ? Verdict.SOFT_STOP : Verdict.GO;
  checkParam = binding;
  checkTier = binding == NO_PARAM ? Tier.NONE : <u32>load<u8>(paramSlot(binding) + SLOT_TIER);
  checkLimit = binding == NO_PARAM ? 0 : load<u64>(paramSlot(binding) + SLOT_LIMIT_VALUE);
  checkValue = binding == NO_PARAM ? 0 : load<u64>(paramSlot(binding) + SLOT_DISPLAY_VALUE);
  checkRateUlPerHour = bolusRateUlPerHour;
  writeHead(checkVerdict, checkParam, checkTier, checkLimit);
}

/**
 * Titration step (REQ-WF-021): |new − running| × 100 ≤ maxPercent × running, on delivered rates
 * (the concentration and patient are the running ones, so the dose changes in the same ratio).
 * Beyond it the titration is a hard stop unless the engine already bound a hard limit. The value
 * recorded is the step in whole percent, rounded up, so it exceeds the limit whenever the step does.
 */
export function applyTitrationStep(runningRateUlPerHour: u64, maxPercent: u32): void {
  if (maxPercent == 0 || checkVerdict == Verdict.HARD_STOP) return;
  const newRate = checkRateUlPerHour;
  const step = newRate > runningRateUlPerHour ? newRate - runningRateUlPerHour : runningRateUlPerHour - newRate;
  // step × 100 < 2^31, maxPercent × rate < 2^34: exact in u64.
  if (step * 100 <= <u64>maxPercent * runningRateUlPerHour) return;
  checkVerdict = Verdict.HARD_STOP;
  checkParam = PARAM_TITRATION_STEP;
  checkTier = Tier.HARD_MAX;
  checkLimit = <u64>maxPercent;
  checkValue = (step * 100 + runningRateUlPerHour - 1) / runningRateUlPerHour;
  writeHead(checkVerdict, checkParam, checkTier, checkLimit);
}

/**
 * Basic infusion (REQ-WF-004): no library limits exist to check, only the pump's own range, which
 * the caller has already enforced. RATE mode only; the result buffer says GO with nothing checked.
 */
export function checkBasic(request: usize): i32 {
  if (<i32>load<u8>(request + 6) != Mode.RATE) return Status.BAD_MODE;
  const presence = requestPresence(request);
  const rateBit: u32 = 1 << <u32>Field.RATE_UL_PER_HOUR;
  const vtbiBit: u32 = 1 << <u32>Field.VTBI_UL;
  if ((presence & rateBit) == 0) return Status.MISSING_VALUE;
  if ((presence & ~(rateBit | vtbiBit | (1 << <u32>Field.WEIGHT_G) | (1 << <u32>Field.BSA_M2X10000))) != 0) return Status.UNEXPECTED_VALUE;
  const rate = requestValueAt(request, Field.RATE_UL_PER_HOUR);
  if (rate == 0 || rate > <u64>MAX_RATE_UL_PER_HOUR) return Status.VALUE_OUT_OF_RANGE;
  if ((presence & vtbiBit) != 0) {
    const vtbi = requestValueAt(request, Field.VTBI_UL);
    if (vtbi == 0 || vtbi > <u64>MAX_VOLUME_UL) return Status.VALUE_OUT_OF_RANGE;
  }
  for (let i: usize = 0; i < <usize>RESULT_SIZE; i += 8) store<u64>(RESULT + i, 0);
  writeHead(Verdict.GO, NO_PARAM, Tier.NONE, 0);
  store<u64>(RESULT + RESULT_DELIVERED_RATE_UL_PER_HOUR, rate);
  checkVerdict = Verdict.GO;
  checkParam = NO_PARAM;
  checkTier = Tier.NONE;
  checkLimit = 0;
  checkValue = 0;
  checkRateUlPerHour = rate;
  return Status.OK;
}

function writeHead(verdict: u32, param: u32, tier: u32, limit: u64): void {
  store<u64>(RESULT + RESULT_STATUS, resultHead(Status.OK, verdict, param, tier));
  store<u64>(RESULT + RESULT_BINDING_LIMIT_VALUE, limit);
}
