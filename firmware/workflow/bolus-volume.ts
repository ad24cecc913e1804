// The volume of a bolus or loading dose (docs/workflow.md §4.3), from the engine's view of the
// request it just checked (engine/context.ts: concentration and basis factors):
//   volume µL = floor(dose × volumeUl × W / (amountAbu × B))
// rounded down so the pump never gives more drug than the dose. dose < 2^53 and volume × W < 2^44
// make the numerator < 2^97: exact in 128 bits, as the engine's own rate derivation does.
import { MAX_VOLUME_UL } from "../abi/codes";
import { amountAbu, basisPatient, basisScale, volumeUl } from "../engine/context";
import { compare128, divBoundedQuotient, mul64, productHi, productLo } from "../exact/u128";

const VOLUME_CEILING: u64 = <u64>MAX_VOLUME_UL + 1;

/** The volume in µL, or 0 when it rounds to nothing or exceeds MAX_VOLUME_UL. */
export function bolusVolumeFromDose(dose: u64): u64 {
  const denominator = amountAbu * basisScale; // < 2^62
  mul64(dose, volumeUl * basisPatient);
  const numeratorHi = productHi;
  const numeratorLo = productLo;
  mul64(VOLUME_CEILING, denominator);
  if (compare128(numeratorHi, numeratorLo, productHi, productLo) >= 0) return 0;
  return numeratorHi == 0 ? numeratorLo / denominator : divBoundedQuotient(numeratorHi, numeratorLo, denominator);
}
