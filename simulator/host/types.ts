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
  /** ABI 7: presence bit 14 is reserved; set only to test that the engine refuses it (BAD_REQUEST). */
  reserved14?: bigint;
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
