// Severity of a classification and the verdict over a set of parameters (docs/engine.md §6,
// REQ-ENG-030, REQ-ENG-031): any hard classification stops hard, else any soft one stops soft;
// the lowest-ID parameter of that severity binds. The engine folds all thirteen parameters, the
// workflow a bolus's or a basic infusion's subset; both with foldVerdict.
import { Classification, NO_PARAM, Verdict } from "../abi/codes";

// @ts-ignore: decorator
@inline export function isHard(classification: u32): bool {
  return classification >= <u32>Classification.BELOW_HARD_MIN;
}

/** BELOW_SOFT_MIN or ABOVE_SOFT_MAX. */
// @ts-ignore: decorator
@inline export function isSoft(classification: u32): bool {
  return classification - <u32>Classification.BELOW_SOFT_MIN <= 1;
}

/**
 * The verdict over parameters classified hard (bit p in hardParams) and soft (in softParams):
 * verdict | binding parameter << 8 (NO_PARAM on GO). Read with verdictOf and bindingParamOf.
 */
export function foldVerdict(hardParams: u32, softParams: u32): u32 {
  if (hardParams != 0) return (<u32>Verdict.HARD_STOP) | ((<u32>ctz<u32>(hardParams)) << 8);
  if (softParams != 0) return (<u32>Verdict.SOFT_STOP) | ((<u32>ctz<u32>(softParams)) << 8);
  return (<u32>Verdict.GO) | ((<u32>NO_PARAM) << 8);
}

// @ts-ignore: decorator
@inline export function verdictOf(folded: u32): u32 {
  return folded & 0xff;
}

// @ts-ignore: decorator
@inline export function bindingParamOf(folded: u32): u32 {
  return folded >>> 8;
}
