// Checking a program (docs/workflow.md §4): the engine's evaluate() on the staged request — the
// same code the `evaluate` export and CHECK_PROGRAM run — then the workflow's own reading of the
// result for the kind of program. Every limit decision is made in limits/ (tier blocks, the
// verdict fold, the pump's ranges, the titration step); what is added here is which parameters a
// bolus or a basic infusion is judged on.
//
// The outcome of the last check is the RESULT buffer's head — verdict, binding parameter, tier and
// limit, stored once, as the engine writes them — plus what the head has no room for: the binding
// value and the rate the program runs at. pending.ts copies it when the program becomes pending.
import {
  Classification,
  EntryLimit,
  Field,
  MAX_BOLUS_DURATION_S,
  Mode,
  NO_PARAM,
  Param,
  RESULT_OFFSET,
  RESULT_SIZE,
  Status,
  Tier,
  Verdict,
} from "../abi/codes";
import { evaluateRequest } from "../engine/evaluate";
import {
  paramSlot,
  RESULT_BINDING_LIMIT_VALUE,
  RESULT_BINDING_PARAM,
  RESULT_BINDING_TIER,
  RESULT_DELIVERED_RATE_UL_PER_HOUR,
  RESULT_STATUS,
  RESULT_VERDICT,
  resultHead,
  SLOT_DISPLAY_VALUE,
  SLOT_LIMIT_VALUE,
  SLOT_TIER,
} from "../engine/result-layout";
import { REQUEST_CARE_AREA_ID, REQUEST_MODE } from "../engine/request-layout";
import { careAreaPtr, vtbiKnown, vtbiUl } from "../engine/context";
import { findCareArea } from "../library/lookup";
import { crossedLimitValue } from "../limits/classify";
import { fieldValueInRange } from "../limits/pump-maxima";
import {
  bsaBlock,
  classifyBlock,
  maxRateCapBlock,
  maxVtbiCapBlock,
  TierBlock,
  weightBlock,
} from "../limits/tier-block";
import { titrationStepPercent, titrationStepWithin } from "../limits/titration";
import {
  bolusDurationFloorS,
  bolusDurationS,
  bolusDurationWithin,
  classifyBolusDuration,
} from "../limits/bolus-bounds";
import { ENTRY_TIER_MASKS } from "../library/entry-layout";
import { effectiveEntryLimitBlock } from "../limits/limit-records";
import { concentrationRecordsCount, concentrationRecordsPtr } from "../engine/context";
import { bindingParamOf, foldVerdict, isHard, isSoft, verdictOf } from "../limits/verdict";
import { PARAM_BOLUS_DURATION, PARAM_TITRATION_STEP } from "../abi/workflow-codes";
import { requestPresence, requestValueAt, stageRequest } from "./request";
import { clockNowMs } from "../clock/clock";
import {
  cumulativeBinds,
  cumulativeClassify,
  plannedClassification,
  plannedIsWorse,
  plannedLimitAbu,
  plannedTier,
  plannedWindowAbu,
  verdictWithCumulative,
} from "./cumulative-check";

const RESULT: usize = RESULT_OFFSET;

let bindingValue: u64 = 0;
let programRateUlPerHour: u64 = 0;
let programVtbiUl: u64 = 0;

export function checkedVerdict(): u32 {
  return <u32>load<u8>(RESULT + RESULT_VERDICT);
}

export function checkedParam(): u32 {
  return <u32>load<u8>(RESULT + RESULT_BINDING_PARAM);
}

export function checkedTier(): u32 {
  return <u32>load<u8>(RESULT + RESULT_BINDING_TIER);
}

export function checkedLimit(): u64 {
  return load<u64>(RESULT + RESULT_BINDING_LIMIT_VALUE);
}

/** The binding parameter's value (the step in percent for the titration step); 0 on GO. */
export function checkedValue(): u64 {
  return bindingValue;
}

/**
 * The checked program's VTBI as the engine took it: the request's, or the volume the engine derived
 * from the amount per dose (decision 0019, rounded down); 0 when the program has none.
 */
export function checkedVtbiUl(): u64 {
  return programVtbiUl;
}

/** The rate the checked program runs at: the delivered rate, or a bolus's own rate. */
export function checkedRateUlPerHour(): u64 {
  return programRateUlPerHour;
}

function slotValue(param: u32): u64 {
  return param == NO_PARAM ? 0 : load<u64>(paramSlot(param) + SLOT_DISPLAY_VALUE);
}

/** The engine on `request`; the engine's status (the result buffer holds the verdict on OK). */
export function checkWithEngine(request: usize): i32 {
  stageRequest(request);
  const status = evaluateRequest();
  if (status == Status.OK) {
    bindingValue = slotValue(checkedParam());
    programRateUlPerHour = load<u64>(RESULT + RESULT_DELIVERED_RATE_UL_PER_HOUR);
    programVtbiUl = vtbiKnown ? vtbiUl : 0;
  }
  return status;
}

/** Classifies `value` against a tier block into result slot `param`, as the engine writes its slots. */
function classifySlot(param: u32, block: TierBlock, value: u64): void {
  const code = classifyBlock(block, value, value);
  const slot = paramSlot(param);
  store<u64>(slot, <u64>code);
  store<u64>(slot + SLOT_DISPLAY_VALUE, value);
  store<u64>(slot + SLOT_LIMIT_VALUE, crossedLimitValue);
}

/** The verdict over the result slots of the parameters in `params` (a bit per parameter), in the head. */
function foldSlots(params: u32): void {
  let hard: u32 = 0;
  let soft: u32 = 0;
  let pending = params;
  while (pending != 0) {
    const param = <u32>ctz<u32>(pending);
    pending &= pending - 1;
    const classification = <u32>load<u8>(paramSlot(param));
    hard |= u32(isHard(classification)) << param;
    soft |= u32(isSoft(classification)) << param;
  }
  const folded = foldVerdict(hard, soft);
  const binding = bindingParamOf(folded);
  const tier: u32 = binding == NO_PARAM ? Tier.NONE : <u32>load<u8>(paramSlot(binding) + SLOT_TIER);
  const limit: u64 = binding == NO_PARAM ? 0 : load<u64>(paramSlot(binding) + SLOT_LIMIT_VALUE);
  bindingValue = slotValue(binding);
  writeHead(verdictOf(folded), binding, tier, limit);
}

const BOLUS_PARAMS: u32 =
  (1 << Param.AREA_MAX_RATE) |
  (1 << Param.BOLUS_DOSE) |
  (1 << Param.BOLUS_RATE) |
  (1 << Param.LOADING_DOSE) |
  (1 << Param.BOLUS_DOSE_ABSOLUTE) |
  (1 << Param.LOADING_DOSE_ABSOLUTE) |
  // The bolus rate as a dose rate while it runs (issue 11 §5, REQ-ENG-064): a library that limits it
  // must be held to it when the pump gives the bolus, not only in a stateless check.
  (1 << Param.BOLUS_DOSE_RATE) |
  (1 << Param.LOADING_DOSE_RATE);
const BASIC_PARAMS: u32 =
  (1 << Param.WEIGHT) | (1 << Param.BSA) | (1 << Param.AREA_MAX_RATE) | (1 << Param.AREA_MAX_VTBI);

/**
 * A bolus or loading dose is checked against its own limits (REQ-WF-030): the engine's classes of
 * BOLUS_DOSE .. LOADING_DOSE, of their absolute amounts (REQ-ENG-037) and of the bolus rate as a dose
 * rate (BOLUS_DOSE_RATE, LOADING_DOSE_RATE: REQ-ENG-064) — the running program's values were accepted when it started and are
 * not re-decided by a bolus — and the bolus rate against the care area's maximum rate, which
 * bounds every rate the pump runs in that area (AREA_MAX_RATE's slot is rewritten for it).
 */
export function narrowToBolusLimits(bolusRateUlPerHour: u64): void {
  classifySlot(Param.AREA_MAX_RATE, maxRateCapBlock(careAreaPtr), bolusRateUlPerHour);
  foldSlots(BOLUS_PARAMS);
  programRateUlPerHour = bolusRateUlPerHour;
}

/**
 * Bolus duration (REQ-WF-032, REQ-WF-033, limits/bolus-bounds.ts), parameter BOLUS_DURATION: unless
 * a bolus limit already bound a hard stop, the entry's hard tiers, then the pump's maximum, stop
 * hard; then the entry's soft tiers stop soft, binding when no lower-ID parameter stopped soft. The
 * value recorded is the duration in whole seconds, rounded up (down for a minimum).
 */
export function applyBolusDuration(entry: usize, volumeUl: u64, bolusRateUlPerHour: u64): void {
  const verdict = checkedVerdict();
  if (verdict == Verdict.HARD_STOP) return;
  // The engine just checked this bolus: its context holds the selected concentration's records,
  // whose BOLUS_DURATION override replaces the entry's (REQ-ENG-063).
  const block = effectiveEntryLimitBlock(
    entry,
    load<u64>(entry + ENTRY_TIER_MASKS),
    concentrationRecordsPtr,
    concentrationRecordsCount,
    EntryLimit.BOLUS_DURATION,
  );
  const code = classifyBolusDuration(block, volumeUl, bolusRateUlPerHour);
  const classification = code & 0xff;
  const tier = code >>> 8;
  const limit = crossedLimitValue;
  const belowMin =
    classification == <u32>Classification.BELOW_HARD_MIN || classification == <u32>Classification.BELOW_SOFT_MIN;
  const durationS = belowMin
    ? bolusDurationFloorS(volumeUl, bolusRateUlPerHour)
    : bolusDurationS(volumeUl, bolusRateUlPerHour);
  if (isHard(classification)) {
    bindingValue = durationS;
    writeHead(Verdict.HARD_STOP, PARAM_BOLUS_DURATION, tier, limit);
  } else if (!bolusDurationWithin(volumeUl, bolusRateUlPerHour)) {
    bindingValue = bolusDurationS(volumeUl, bolusRateUlPerHour);
    writeHead(Verdict.HARD_STOP, PARAM_BOLUS_DURATION, Tier.HARD_MAX, <u64>MAX_BOLUS_DURATION_S);
  } else if (isSoft(classification) && (verdict == Verdict.GO || checkedParam() > <u32>PARAM_BOLUS_DURATION)) {
    bindingValue = durationS;
    writeHead(Verdict.SOFT_STOP, PARAM_BOLUS_DURATION, tier, limit);
  }
}

/**
 * Titration step (REQ-WF-021, limits/titration.ts): beyond it the titration is a hard stop unless
 * the engine already bound a hard limit. The value recorded is the step in whole percent.
 */
export function applyTitrationStep(runningRateUlPerHour: u64, maxPercent: u32): void {
  if (
    checkedVerdict() == Verdict.HARD_STOP ||
    titrationStepWithin(runningRateUlPerHour, programRateUlPerHour, maxPercent)
  )
    return;
  bindingValue = titrationStepPercent(runningRateUlPerHour, programRateUlPerHour);
  writeHead(Verdict.HARD_STOP, PARAM_TITRATION_STEP, Tier.HARD_MAX, <u64>maxPercent);
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
  const rateBit: u32 = 1 << (<u32>Field.RATE_UL_PER_HOUR);
  const vtbiBit: u32 = 1 << (<u32>Field.VTBI_UL);
  const weightBit: u32 = 1 << (<u32>Field.WEIGHT_G);
  const bsaBit: u32 = 1 << (<u32>Field.BSA_M2X10000);
  const lineBit: u32 = 1 << (<u32>Field.LINE_ACCESS);
  if ((presence & rateBit) == 0) return Status.MISSING_VALUE;
  // The line access describes the line, not a drug: accepted (in range), nothing limits it here.
  if ((presence & ~(rateBit | vtbiBit | weightBit | bsaBit | lineBit)) != 0) return Status.UNEXPECTED_VALUE;
  if ((presence & lineBit) != 0 && !fieldValueInRange(Field.LINE_ACCESS, requestValueAt(request, Field.LINE_ACCESS)))
    return Status.VALUE_OUT_OF_RANGE;
  const rate = requestValueAt(request, Field.RATE_UL_PER_HOUR);
  if (!fieldValueInRange(Field.RATE_UL_PER_HOUR, rate)) return Status.VALUE_OUT_OF_RANGE;
  const hasVtbi = (presence & vtbiBit) != 0;
  const vtbi = hasVtbi ? requestValueAt(request, Field.VTBI_UL) : 0;
  if (hasVtbi && !fieldValueInRange(Field.VTBI_UL, vtbi)) return Status.VALUE_OUT_OF_RANGE;
  const area = findCareArea(<u32>load<u8>(request + REQUEST_CARE_AREA_ID));
  if (area == 0) return Status.UNKNOWN_CARE_AREA;
  for (let i: usize = 0; i < <usize>RESULT_SIZE; i += 8) store<u64>(RESULT + i, 0);
  if ((presence & weightBit) != 0)
    classifySlot(Param.WEIGHT, weightBlock(area), requestValueAt(request, Field.WEIGHT_G));
  if ((presence & bsaBit) != 0) classifySlot(Param.BSA, bsaBlock(area), requestValueAt(request, Field.BSA_M2X10000));
  classifySlot(Param.AREA_MAX_RATE, maxRateCapBlock(area), rate);
  if (hasVtbi) classifySlot(Param.AREA_MAX_VTBI, maxVtbiCapBlock(area), vtbi);
  foldSlots(BASIC_PARAMS);
  store<u64>(RESULT + RESULT_DELIVERED_RATE_UL_PER_HOUR, rate);
  programRateUlPerHour = rate;
  programVtbiUl = vtbi;
  return Status.OK;
}

/**
 * The cumulative limit with the drug's history (docs/workflow.md §6.3, REQ-WF-088): parameter 22's
 * slot takes the worse of the engine's classification (the program alone, one window) and the
 * workflow's (history plus the planned future); a hard stop there binds unless a lower parameter
 * already stopped hard, a soft stop when nothing else stopped. Runs after the titration step and
 * the bolus duration, whose lower parameter IDs bind first. `volumeUl`: the VTBI or bolus volume.
 */
export function applyCumulative(kind: u32, request: usize, volumeUl: u64, ownVtbi: bool): void {
  if (!cumulativeClassify(kind, request, programRateUlPerHour, volumeUl, ownVtbi, clockNowMs())) return;
  const slot = paramSlot(Param.CUMULATIVE);
  if (plannedIsWorse(<u32>load<u8>(slot))) {
    store<u64>(slot, 0);
    store<u8>(slot, <u8>plannedClassification);
    store<u8>(slot + SLOT_TIER, <u8>plannedTier);
    store<u64>(slot + SLOT_DISPLAY_VALUE, plannedWindowAbu);
    store<u64>(slot + SLOT_LIMIT_VALUE, plannedLimitAbu);
  }
  const classification = <u32>load<u8>(slot);
  const verdictBefore = checkedVerdict();
  const bindingBefore = checkedParam();
  if (!cumulativeBinds(verdictBefore, bindingBefore, classification)) return;
  bindingValue = load<u64>(slot + SLOT_DISPLAY_VALUE);
  writeHead(
    verdictWithCumulative(verdictBefore, bindingBefore, classification),
    Param.CUMULATIVE,
    <u32>load<u8>(slot + SLOT_TIER),
    load<u64>(slot + SLOT_LIMIT_VALUE),
  );
}

function writeHead(verdict: u32, param: u32, tier: u32, limit: u64): void {
  store<u64>(RESULT + RESULT_STATUS, resultHead(Status.OK, verdict, param, tier));
  store<u64>(RESULT + RESULT_BINDING_LIMIT_VALUE, limit);
}
