// Words for the two engine refusals a pharmacist can act on (issue 11): which value is missing
// for MISSING_VALUE, and the derived rate for DERIVED_OUT_OF_RANGE. The engine decides (its
// status is the verdict); this only explains it, from the order and the library, following the
// rules of docs/engine.md §4 and §5 so the words name what the engine refused.
import { DoseBasis, InfusionType, MAX_RATE_UL_PER_HOUR, Mode } from "../../../../firmware/abi/codes.ts";
import { LimitKind } from "../../../../firmware/abi/limit-kinds.ts";
import type { EngineRequest } from "../../../../simulator/host/types.ts";
import type { CanonicalEntry } from "../../compiler/canonical.ts";
import { describeQuotient } from "../../compiler/decimal.ts";

/** The value rule 12 of docs/engine.md §5 finds missing first, in the order set's words. */
export function missingValue(request: EngineRequest, entry: CanonicalEntry): string {
  if (entry.doseBasis === DoseBasis.WEIGHT && request.weightG === undefined)
    return "the patient weight (weightKg): the entry is dosed per kg";
  if (entry.doseBasis === DoseBasis.BSA && request.bsaM2X10000 === undefined)
    return "the body surface area (bsaM2): the entry is dosed per m2";
  // An amount per dose stands instead of the VTBI (rule 12): the pump derives the VTBI from it.
  const volumeGiven = request.vtbiUl !== undefined || request.doseAmount !== undefined;
  if (!volumeGiven && request.mode === Mode.DURATION)
    return "the volume to be infused (vtbiMl or doseAmount): a duration needs it";
  if (!volumeGiven && entry.infusionType === InfusionType.INTERMITTENT)
    return "the volume to be infused (vtbiMl or doseAmount): the entry is an intermittent infusion";
  // Check 12a (issue 11 §3): a band on a value the order does not give.
  const band = entry.records?.find((r) => r.kind === LimitKind.PATIENT_BAND);
  if (band !== undefined && (band.mask & 0b0011) !== 0 && request.weightG === undefined)
    return "the patient weight (weightKg): the entry's patient band bounds the weight";
  if (band !== undefined && (band.mask & 0b1100) !== 0 && request.ageDays === undefined)
    return "the patient age (ageYears or ageDays): the entry's patient band bounds the age";
  return "a value the engine requires (docs/engine.md §5 rule 12)";
}

export interface DerivedRate {
  /** µL/h, rounded toward zero as the engine does. */
  rateUlPerHour: bigint;
  /** "12000 mL/h" */
  text: string;
  /** Above the engine's maximum (else it rounded to 0). */
  above: boolean;
}

/** The delivered rate the engine derived (docs/engine.md §4); undefined in RATE mode. */
export function derivedRate(request: EngineRequest, entry: CanonicalEntry): DerivedRate | undefined {
  let rate: bigint;
  if (request.mode === Mode.DURATION && request.vtbiUl !== undefined && request.durationS !== undefined) {
    rate = (request.vtbiUl * 3600n) / request.durationS;
  } else if (request.mode === Mode.DOSE && request.dose !== undefined) {
    const concentration = entry.concentrations[request.concentrationIndex];
    const amountAbu = request.customAmountAbu ?? concentration?.amountAbu ?? 0n;
    const volumeUl = request.customVolumeUl ?? concentration?.volumeUl ?? 0n;
    const [b, w] =
      entry.doseBasis === DoseBasis.WEIGHT
        ? [1000n, request.weightG ?? 0n]
        : entry.doseBasis === DoseBasis.BSA
          ? [10000n, request.bsaM2X10000 ?? 0n]
          : [1n, 1n];
    if (amountAbu === 0n || b === 0n) return undefined;
    rate = (request.dose * volumeUl * w) / (amountAbu * b);
  } else return undefined;
  return {
    rateUlPerHour: rate,
    text: `${describeQuotient(rate, 1000n)} mL/h`,
    above: rate > BigInt(MAX_RATE_UL_PER_HOUR),
  };
}
