// The exact dose → volume division of docs/units.md, on the concentration and basis factors the
// request checks resolved (context.ts): volume = floor(dose × volumeUl × W / (amountAbu × B)),
// rounded down so the pump never gives more drug than the dose. A dose per hour gives the delivered
// rate in µL/h (derive.ts), a bolus or loading dose its volume in µL (the workflow's BOLUS).
// dose < 2^53 and volume × W < 2^44 make the numerator < 2^97: exact in 128 bits; amount × B < 2^62,
// so the denominator fits 64 bits.
import { compare128, divBoundedQuotient, mul64, productHi, productLo } from "../exact/u128";
import { amountAbu, basisPatient, basisScale, volumeUl } from "./context";

/** The volume for `dose`, or `ceiling` when it is `ceiling` or more (the quotient is then not computed). */
export function volumeFromDose(dose: u64, ceiling: u64): u64 {
  const denominator = amountAbu * basisScale;
  mul64(dose, volumeUl * basisPatient);
  const numeratorHi = productHi;
  const numeratorLo = productLo;
  if (numeratorHi == 0) {
    const quotient = numeratorLo / denominator;
    return quotient < ceiling ? quotient : ceiling;
  }
  mul64(ceiling, denominator);
  if (compare128(numeratorHi, numeratorLo, productHi, productLo) >= 0) return ceiling;
  return divBoundedQuotient(numeratorHi, numeratorLo, denominator);
}
