// Host-side view of one engine evaluation (layouts: docs/abi.md §4–§5, semantics: docs/engine.md).
import type { Mode } from "../../firmware/abi/codes.ts";

/** A programming request. Absent optional values are left out of the presence mask. */
export interface EngineRequest {
  entryId: number;
  careAreaId: number;
  /** 0xFF (NO_CONCENTRATION) for a fluid. */
  concentrationIndex: number;
  mode: Mode | number;
  rateUlPerHour?: bigint;
  dose?: bigint;
  durationS?: bigint;
  vtbiUl?: bigint;
  weightG?: bigint;
  bsaM2X10000?: bigint;
  bolusDose?: bigint;
  bolusRateUlPerHour?: bigint;
  loadingDose?: bigint;
  customAmountAbu?: bigint;
  customVolumeUl?: bigint;
  /** ABI 7: the amount of one intermittent dose, ABU per basis (presence bit 11). */
  doseAmount?: bigint;
  /** ABI 7: line access, 1 peripheral, 2 central (presence bit 12). */
  lineAccess?: bigint;
  /** ABI 7: patient age in days (presence bit 13). */
  ageDays?: bigint;
  /**
   * Issue 15: presence bit 14, the PCA window in s (3,600 or 14,400); with it the request carries the
   * PCA block (`pca`, docs/abi.md §4.1), written after the 136 bytes (zeros when `pca` is absent).
   */
  pcaWindowS?: bigint;
  pca?: PcaBlock;
}

/** The PCA block at request offsets 136 … 176 (issue 15, docs/abi.md §4.1). */
export interface PcaBlock {
  /** ABU per basis. */
  doseAbu: bigint;
  lockoutS: bigint;
  maxDosesPerHour: bigint;
  /** ABU per basis; 0n: no clinician bolus to check. */
  clinicianBolusAbu: bigint;
  windowMaxAbu: bigint;
}

export interface ParamResult {
  classification: number;
  tier: number;
  displayValue: bigint;
  limitValue: bigint;
}

export interface EngineResult {
  status: number;
  verdict: number;
  bindingParam: number;
  bindingTier: number;
  /** Defined only when status is OK (0n otherwise). */
  bindingLimitValue: bigint;
  deliveredRateUlPerHour: bigint;
  /** PARAM_COUNT entries when status is OK, empty otherwise. */
  params: ParamResult[];
  /**
   * The defaults block (docs/abi.md §5, issue 11 §4): [mask, dose, rate, duration, VTBI, dose per
   * administration]; all 0n when the status is not OK or no default applies.
   */
  defaults: bigint[];
}
