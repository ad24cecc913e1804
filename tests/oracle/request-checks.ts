// The request checks of docs/engine.md §5, in the documented order; the first failure is the status.
import {
  Basis,
  Bit,
  InfusionKind,
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
  NO_CONCENTRATION_INDEX,
  OracleMode,
  OracleStatus,
} from "./constants.ts";
import type { OracleCareArea, OracleConcentration, OracleEntry, OracleLibrary } from "./model.ts";
import { type RawRequest, valueOf, VALUE_COUNT } from "./request.ts";
import { effectiveRecord } from "./image-records.ts";

/** docs/library-image.md §10 kind 20. */
const PERIPHERAL_MAX_CONCENTRATION = 20;
import { bandOutcome } from "./bands-and-defaults.ts";

/** Maximum of each request value, by presence bit (§5 step 4). */
const VALUE_MAX: readonly bigint[] = [
  MAX_RATE_UL_PER_HOUR, // rate
  MAX_LIMIT_VALUE, // dose
  MAX_DURATION_S, // duration
  MAX_VOLUME_UL, // VTBI
  MAX_WEIGHT_G, // weight
  MAX_BSA_M2X10000, // BSA
  MAX_LIMIT_VALUE, // bolus dose
  MAX_RATE_UL_PER_HOUR, // bolus rate
  MAX_LIMIT_VALUE, // loading dose
  MAX_AMOUNT_ABU, // custom amount
  MAX_VOLUME_UL, // custom volume
  MAX_LIMIT_VALUE, // dose amount (ABU per basis)
  2n, // line access: 1 peripheral, 2 central
  54_750n, // age in days
  14_400n, // bit 14 (issue 15): the PCA window in s, 3,600 or 14,400 (checked at step 12)
];

/** docs/abi.md §4: the presence bits a request may set. ABI 6's eleven fields: */
const BASE_PRESENCE = (1 << 11) - 1;

/** Stream A: doseAmount (bit 11, amount programming) and lineAccess (bit 12). */
const AMOUNT_AND_LINE_PRESENCE = (1 << Bit.DOSE_AMOUNT) | (1 << Bit.LINE_ACCESS);

/** Stream B: ageDays (bit 13). */
const AGE_PRESENCE = 1 << Bit.AGE_DAYS; // issue 11 §3: patient bands

/** Issue 15: the PCA block (bit 14, docs/abi.md §4.1). */
const PCA_BIT = 14;
const PCA_PRESENCE = 1 << PCA_BIT;

const VALID_PRESENCE = BASE_PRESENCE | AMOUNT_AND_LINE_PRESENCE | AGE_PRESENCE | PCA_PRESENCE;
if (VALUE_MAX.length !== VALUE_COUNT) throw new Error("oracle: VALUE_MAX out of step with the request layout");

const MODE_BIT: Record<number, number> = {
  [OracleMode.RATE]: Bit.RATE,
  [OracleMode.DOSE]: Bit.DOSE,
  [OracleMode.DURATION]: Bit.DURATION,
};
const PROGRAMMED_BITS = [Bit.RATE, Bit.DOSE, Bit.DURATION];

/** Everything evaluation needs once a request is admitted. */
export interface Admitted {
  request: RawRequest;
  area: OracleCareArea;
  entry: OracleEntry;
  /** Undefined for a fluid. */
  concentration?: OracleConcentration;
}

export function admit(library: OracleLibrary | undefined, request: RawRequest): Admitted | number {
  if (library === undefined) return OracleStatus.NO_LIBRARY;
  const modeBit = MODE_BIT[request.mode];
  if (modeBit === undefined) return OracleStatus.BAD_MODE;
  if (request.reservedByte7 !== 0 || request.reservedWord12 !== 0 || (request.presenceMask & ~VALID_PRESENCE) !== 0) {
    return OracleStatus.BAD_REQUEST;
  }
  // docs/engine.md §5 step 4: with the PCA bit a rate or dose of 0 is a PCA without a basal (decision 0044).
  const pcaBlock = (request.presenceMask & PCA_PRESENCE) !== 0;
  for (let bit = 0; bit < VALUE_COUNT; bit++) {
    const value = valueOf(request, bit);
    // The age counts from 0 (a newborn, docs/engine.md §5 step 4); every other value from 1.
    const least = bit === Bit.AGE_DAYS || (pcaBlock && (bit === Bit.RATE || bit === Bit.DOSE)) ? 0n : 1n;
    if (value !== undefined && (value < least || value > VALUE_MAX[bit])) return OracleStatus.VALUE_OUT_OF_RANGE;
  }
  const has = (bit: number): boolean => valueOf(request, bit) !== undefined;
  if (!has(modeBit)) return OracleStatus.MISSING_VALUE;
  if (PROGRAMMED_BITS.some((bit) => bit !== modeBit && has(bit))) return OracleStatus.UNEXPECTED_VALUE;

  const area = library.careAreas.get(request.careAreaId);
  if (area === undefined) return OracleStatus.UNKNOWN_CARE_AREA;
  const entry = library.entries.get(request.entryId);
  if (entry === undefined) return OracleStatus.UNKNOWN_ENTRY;
  if (((entry.careAreaMask >> BigInt(request.careAreaId)) & 1n) === 0n) return OracleStatus.NOT_IN_CARE_AREA;

  const fluid = entry.infusionType === InfusionKind.FLUID;
  const index = request.concentrationIndex;
  if (fluid ? index !== NO_CONCENTRATION_INDEX : index >= entry.concentrations.length)
    return OracleStatus.BAD_CONCENTRATION;
  if (request.mode === OracleMode.DOSE && fluid) return OracleStatus.BAD_MODE;

  const concentration = fluid ? undefined : entry.concentrations[index];
  const custom = concentration?.custom === true;
  if (!custom && (has(Bit.CUSTOM_AMOUNT) || has(Bit.CUSTOM_VOLUME))) return OracleStatus.UNEXPECTED_VALUE;
  if (fluid && (has(Bit.BOLUS_DOSE) || has(Bit.LOADING_DOSE))) return OracleStatus.UNEXPECTED_VALUE;
  // docs/engine.md §5 check 11: an amount per dose only for an intermittent drug, never with a VTBI.
  const intermittent = entry.infusionType === InfusionKind.INTERMITTENT;
  if (has(Bit.DOSE_AMOUNT) && (!intermittent || has(Bit.VTBI))) return OracleStatus.UNEXPECTED_VALUE;

  if (custom && !(has(Bit.CUSTOM_AMOUNT) && has(Bit.CUSTOM_VOLUME))) return OracleStatus.MISSING_VALUE;
  if (entry.doseBasis === Basis.WEIGHT && !has(Bit.WEIGHT)) return OracleStatus.MISSING_VALUE;
  if (entry.doseBasis === Basis.BSA && !has(Bit.BSA)) return OracleStatus.MISSING_VALUE;
  const needsVtbi = request.mode === OracleMode.DURATION || intermittent;
  if (needsVtbi && !has(Bit.VTBI) && !has(Bit.DOSE_AMOUNT)) return OracleStatus.MISSING_VALUE;

  // Steps 11/12 for PCA (docs/engine.md §5): the block on a PCA entry only; the window 1 h or 4 h.
  // The block's own values follow the 136 bytes this oracle reads (tests/oracle/pca.ts classifies them).
  const pca = entry.infusionType === InfusionKind.PCA;
  if (!pca && has(PCA_BIT)) return OracleStatus.UNEXPECTED_VALUE;
  if (pca && !has(PCA_BIT)) return OracleStatus.MISSING_VALUE;
  if (pca && valueOf(request, PCA_BIT) !== 3600n && valueOf(request, PCA_BIT) !== 14_400n)
    return OracleStatus.VALUE_OUT_OF_RANGE;
  // docs/abi.md §4.1: dose 1 … MAX_LIMIT_VALUE, lockout 1 … 86,400 s, doses 1 … 60, clinician bolus
  // 0 … MAX_LIMIT_VALUE (0: none), window maximum 1 … MAX_LIMIT_VALUE.
  if (pca) {
    const [dose, lockout, doses, clinician, windowMax] = request.pcaBlock;
    const within = (v: bigint, least: bigint, most: bigint): boolean => v >= least && v <= most;
    if (
      !within(dose, 1n, MAX_LIMIT_VALUE) ||
      !within(lockout, 1n, 86_400n) ||
      !within(doses, 1n, 60n) ||
      !within(clinician, 0n, MAX_LIMIT_VALUE) ||
      !within(windowMax, 1n, MAX_LIMIT_VALUE)
    )
      return OracleStatus.VALUE_OUT_OF_RANGE;
  }

  // Step 12, last: the line access when it decides — the concentration above the peripheral maximum.
  if (concentration !== undefined && !has(Bit.LINE_ACCESS)) {
    const record = effectiveRecord(entry.records, concentration.records, PERIPHERAL_MAX_CONCENTRATION);
    if (record !== undefined) {
      const amount = custom ? valueOf(request, Bit.CUSTOM_AMOUNT)! : concentration.amountAbu;
      const volume = custom ? valueOf(request, Bit.CUSTOM_VOLUME)! : concentration.volumeUl;
      if (amount * 1000n > record.values[3] * volume) return OracleStatus.MISSING_VALUE;
    }
  }

  // Step 12a: the entry's patient band (a bounded value that is absent is missing).
  const band = bandOutcome(entry.records, valueOf(request, Bit.WEIGHT), valueOf(request, Bit.AGE_DAYS));
  if (band === "missing") return OracleStatus.MISSING_VALUE;
  if (band === "outside") return OracleStatus.OUTSIDE_PATIENT_BAND;

  // Step 13 (derived rate) needs the conversions and is done by the evaluator.
  return concentration === undefined ? { request, area, entry } : { request, area, entry, concentration };
}
