// The parameters whose classified value is a request value as entered, and how to set that value
// in a scenario (docs/engine.md §2–§4: the programmed quantity is classified exactly as entered).
import { MAX_AMOUNT_ABU } from "../generators/bounds.ts";
import type { Tape } from "../generators/tape.ts";
import { P } from "./params.ts";
import { DOSE_MODE, DURATION_MODE, RATE_MODE, type Scenario } from "./scenario.ts";

/** Direct parameters the scenario takes part in. */
export function directParams(s: Scenario): number[] {
  const params: number[] = [];
  if (s.weightG !== undefined) params.push(P.WEIGHT);
  if (s.bsaM2X10000 !== undefined) params.push(P.BSA);
  if (s.custom) params.push(P.CONCENTRATION);
  if (s.mode === DOSE_MODE) params.push(P.DOSE);
  if (s.mode === RATE_MODE) params.push(P.RATE);
  if (s.mode === DURATION_MODE) params.push(P.DURATION);
  if (s.vtbiUl !== undefined) params.push(P.VTBI);
  if (s.bolusDose !== undefined) params.push(P.BOLUS_DOSE);
  if (s.bolusRateUlPerHour !== undefined) params.push(P.BOLUS_RATE);
  if (s.loadingDose !== undefined) params.push(P.LOADING_DOSE);
  return params;
}

/** Millilitres of a custom volume that keep `perMl × millilitres` within MAX_AMOUNT_ABU. */
export function customMillilitres(tape: Tape, largestPerMl: bigint): bigint {
  const fitting = MAX_AMOUNT_ABU / (largestPerMl < 1n ? 1n : largestPerMl);
  const top = fitting > 9_999n ? 9_999n : fitting < 1n ? 1n : fitting;
  return 1n + BigInt(tape.below(Number(top)));
}

/**
 * The scenario with the parameter's value set to `value`. A concentration is set as
 * value × millilitres ABU in millilitres × 1000 µL, plus `extraAbu` (one ABU is 1/millilitres ABU/mL).
 */
export function withValue(s: Scenario, param: number, value: bigint, millilitres = 1n, extraAbu = 0n): Scenario {
  const next = { ...s };
  if (param === P.WEIGHT) next.weightG = value;
  else if (param === P.BSA) next.bsaM2X10000 = value;
  else if (param === P.DOSE || param === P.RATE || param === P.DURATION) next.programmed = value;
  else if (param === P.VTBI) next.vtbiUl = value;
  else if (param === P.BOLUS_DOSE) next.bolusDose = value;
  else if (param === P.BOLUS_RATE) next.bolusRateUlPerHour = value;
  else if (param === P.LOADING_DOSE) next.loadingDose = value;
  else if (param === P.CONCENTRATION) {
    next.amountAbu = value * millilitres + extraAbu;
    next.volumeUl = millilitres * 1_000n;
  } else throw new Error(`parameter ${param} is not set directly by a request`);
  return next;
}

/** The parameter's current value in the scenario (concentration: its whole ABU/mL part). */
export function valueOf(s: Scenario, param: number): bigint {
  if (param === P.WEIGHT) return s.weightG!;
  if (param === P.BSA) return s.bsaM2X10000!;
  if (param === P.DOSE || param === P.RATE || param === P.DURATION) return s.programmed;
  if (param === P.VTBI) return s.vtbiUl!;
  if (param === P.BOLUS_DOSE) return s.bolusDose!;
  if (param === P.BOLUS_RATE) return s.bolusRateUlPerHour!;
  if (param === P.LOADING_DOSE) return s.loadingDose!;
  return (s.amountAbu * 1_000n) / s.volumeUl;
}
