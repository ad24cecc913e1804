// Checking a program (docs/workflow.md §4): the engine's evaluate() on the staged request — the
// same code the `evaluate` export and CHECK_PROGRAM run — then the workflow's own reading of the
// result for the kind of program. Every limit decision is made by the one classification function
// (limits/classify.ts); what is added here is which parameters a bolus or a basic infusion is
// judged on, and the titration step, an exact integer comparison.
import {
  Classification, Field, MAX_RATE_UL_PER_HOUR, MAX_VOLUME_UL, Mode, NO_PARAM, Param, RESULT_OFFSET, RESULT_SIZE, Status, Tier, TIER_BIT_HARD_MAX,
  Verdict,
} from "../abi/codes";
import { evaluateRequest } from "../engine/evaluate";
import {
  paramSlot, RESULT_BINDING_LIMIT_VALUE, RESULT_BINDING_PARAM, RESULT_BINDING_TIER, RESULT_DELIVERED_RATE_UL_PER_HOUR, RESULT_STATUS,
  RESULT_VERDICT, resultHead, SLOT_DISPLAY_VALUE, SLOT_LIMIT_VALUE, SLOT_TIER,
} from "../engine/result-layout";
import { REQUEST_CARE_AREA_ID, REQUEST_MODE } from "../engine/request-layout";
import { careAreaPtr } from "../engine/context";
import {
  AREA_BSA_TIER_MASK, AREA_BSA_TIERS_M2X10000, AREA_CAP_MASK, AREA_CAP_MAX_RATE, AREA_CAP_MAX_VTBI, AREA_MAX_RATE_UL_PER_HOUR, AREA_MAX_VTBI_UL,
  AREA_WEIGHT_TIER_MASK, AREA_WEIGHT_TIERS_G,
} from "../library/care-area-layout";
import { findCareArea } from "../library/lookup";
import { classify, crossedLimitValue } from "../limits/classify";
import { PARAM_TITRATION_STEP } from "../abi/workflow-codes";
import { requestPresence, requestValueAt, stageRequest } from "./request";

const RESULT: usize = RESULT_OFFSET;

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

/** Classifies `value` against a tier block into result slot `param`, as the engine writes its slots. */
function classifySlot(param: u32, mask: u32, valuesPtr: usize, compact: bool, value: u64): void {
  const code = classify(mask, valuesPtr, compact, value, value);
  const slot = paramSlot(param);
  store<u64>(slot, <u64>code);
  store<u64>(slot + SLOT_DISPLAY_VALUE, value);
  store<u64>(slot + SLOT_LIMIT_VALUE, crossedLimitValue);
}

/** A care-area cap (max rate or max VTBI): a block holding at most a hard max, as the engine reads it. */
function classifyCap(param: u32, area: usize, capBit: u32, capOffset: usize, value: u64): void {
  const mask = (<u32>load<u8>(area + AREA_CAP_MASK) & capBit) != 0 ? TIER_BIT_HARD_MAX : 0;
  classifySlot(param, mask, area + capOffset, true, value);
}

/**
 * The verdict over the result slots of the parameters in `params` (a bit per parameter): hard beats
 * soft, the lowest parameter binds — the engine's rule (docs/engine.md §6) applied to a subset.
 */
function foldSlots(params: u32): void {
  let hard: u32 = NO_PARAM;
  let soft: u32 = NO_PARAM;
  let pending = params;
  while (pending != 0) {
    const param = <u32>ctz<u32>(pending);
    pending &= pending - 1;
    const classification = <u32>load<u8>(paramSlot(param));
    if (classification >= <u32>Classification.BELOW_HARD_MIN) {
      if (hard == NO_PARAM) hard = param;
    } else if (classification >= <u32>Classification.BELOW_SOFT_MIN && soft == NO_PARAM) {
      soft = param;
    }
  }
  const binding = hard != NO_PARAM ? hard : soft;
  checkVerdict = hard != NO_PARAM ? Verdict.HARD_STOP : soft != NO_PARAM ? Verdict.SOFT_STOP : Verdict.GO;
  checkParam = binding;
  checkTier = binding == NO_PARAM ? Tier.NONE : <u32>load<u8>(paramSlot(binding) + SLOT_TIER);
  checkLimit = binding == NO_PARAM ? 0 : load<u64>(paramSlot(binding) + SLOT_LIMIT_VALUE);
  checkValue = binding == NO_PARAM ? 0 : load<u64>(paramSlot(binding) + SLOT_DISPLAY_VALUE);
  writeHead(checkVerdict, checkParam, checkTier, checkLimit);
}

const BOLUS_PARAMS: u32 = (1 << Param.AREA_MAX_RATE) | (1 << Param.BOLUS_DOSE) | (1 << Param.BOLUS_RATE) | (1 << Param.LOADING_DOSE);
const BASIC_PARAMS: u32 = (1 << Param.WEIGHT) | (1 << Param.BSA) | (1 << Param.AREA_MAX_RATE) | (1 << Param.AREA_MAX_VTBI);

/**
 * A bolus or loading dose is checked against its own limits (REQ-WF-030): the engine's classes of
 * BOLUS_DOSE .. LOADING_DOSE — the running program's values were accepted when it started and are
 * not re-decided by a bolus — and the bolus rate against the care area's maximum rate, which
 * bounds every rate the pump runs in that area (AREA_MAX_RATE's slot is rewritten for it).
 */
export function narrowToBolusLimits(bolusRateUlPerHour: u64): void {
  classifyCap(Param.AREA_MAX_RATE, careAreaPtr, AREA_CAP_MAX_RATE, AREA_MAX_RATE_UL_PER_HOUR, bolusRateUlPerHour);
  foldSlots(BOLUS_PARAMS);
  checkRateUlPerHour = bolusRateUlPerHour;
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
 * Basic infusion (REQ-WF-004): no drug entry, so no drug limits — but the care area's limits still
 * hold: its maximum rate and VTBI (hard), and the patient's weight and BSA against its tiers, as in
 * every program. RATE mode only, within the pump's range; the result buffer carries those four
 * slots and the verdict over them.
 */
export function checkBasic(request: usize): i32 {
  if (<i32>load<u8>(request + REQUEST_MODE) != Mode.RATE) return Status.BAD_MODE;
  const presence = requestPresence(request);
  const rateBit: u32 = 1 << <u32>Field.RATE_UL_PER_HOUR;
  const vtbiBit: u32 = 1 << <u32>Field.VTBI_UL;
  const weightBit: u32 = 1 << <u32>Field.WEIGHT_G;
  const bsaBit: u32 = 1 << <u32>Field.BSA_M2X10000;
  if ((presence & rateBit) == 0) return Status.MISSING_VALUE;
  if ((presence & ~(rateBit | vtbiBit | weightBit | bsaBit)) != 0) return Status.UNEXPECTED_VALUE;
  const rate = requestValueAt(request, Field.RATE_UL_PER_HOUR);
  if (rate == 0 || rate > <u64>MAX_RATE_UL_PER_HOUR) return Status.VALUE_OUT_OF_RANGE;
  const hasVtbi = (presence & vtbiBit) != 0;
  const vtbi = hasVtbi ? requestValueAt(request, Field.VTBI_UL) : 0;
  if (hasVtbi && (vtbi == 0 || vtbi > <u64>MAX_VOLUME_UL)) return Status.VALUE_OUT_OF_RANGE;
  const area = findCareArea(<u32>load<u8>(request + REQUEST_CARE_AREA_ID));
  if (area == 0) return Status.UNKNOWN_CARE_AREA;
  for (let i: usize = 0; i < <usize>RESULT_SIZE; i += 8) store<u64>(RESULT + i, 0);
  if ((presence & weightBit) != 0) {
    classifySlot(Param.WEIGHT, <u32>load<u8>(area + AREA_WEIGHT_TIER_MASK), area + AREA_WEIGHT_TIERS_G, false, requestValueAt(request, Field.WEIGHT_G));
  }
  if ((presence & bsaBit) != 0) {
    classifySlot(Param.BSA, <u32>load<u8>(area + AREA_BSA_TIER_MASK), area + AREA_BSA_TIERS_M2X10000, false, requestValueAt(request, Field.BSA_M2X10000));
  }
  classifyCap(Param.AREA_MAX_RATE, area, AREA_CAP_MAX_RATE, AREA_MAX_RATE_UL_PER_HOUR, rate);
  if (hasVtbi) classifyCap(Param.AREA_MAX_VTBI, area, AREA_CAP_MAX_VTBI, AREA_MAX_VTBI_UL, vtbi);
  foldSlots(BASIC_PARAMS);
  store<u64>(RESULT + RESULT_DELIVERED_RATE_UL_PER_HOUR, rate);
  checkRateUlPerHour = rate;
  return Status.OK;
}

function writeHead(verdict: u32, param: u32, tier: u32, limit: u64): void {
  store<u64>(RESULT + RESULT_STATUS, resultHead(Status.OK, verdict, param, tier));
  store<u64>(RESULT + RESULT_BINDING_LIMIT_VALUE, limit);
}
