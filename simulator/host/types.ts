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
}
