// The oracle's in-memory view of an activated library image (docs/library-image.md), holding only
// what evaluation needs. Tiers are indexed HMIN, SMIN, SMAX, HMAX; undefined = absent.
import type { RecordList } from "./image-records.ts";

export type Tiers = readonly [bigint | undefined, bigint | undefined, bigint | undefined, bigint | undefined];
export const NO_TIERS: Tiers = [undefined, undefined, undefined, undefined];

/** Entry limit blocks in the image's tier-mask order (docs/library-image.md §4). */
export const LIMIT_ORDER = [
  "dose",
  "rate",
  "duration",
  "vtbi",
  "bolusDose",
  "bolusRate",
  "loadingDose",
  "doseAbsolute",
] as const;
/**
 * Format 2 (docs/library-image.md §4): limits in the high nibble of mask bytes 4, 5 and 6, read
 * right after the low nibble's values. Absent (no tiers) in a format-1 image.
 */
export const HIGH_NIBBLE_LIMITS: Readonly<
  Record<number, "bolusDoseAbsolute" | "bolusDuration" | "loadingDoseAbsolute">
> = {
  4: "bolusDoseAbsolute",
  5: "bolusDuration",
  6: "loadingDoseAbsolute",
};
export type LimitKey = (typeof LIMIT_ORDER)[number] | "bolusDoseAbsolute" | "bolusDuration" | "loadingDoseAbsolute";

export interface OracleCareArea {
  id: number;
  /** Flags bit 1 (format 3): the workflow takes a weight only entered twice; the engine ignores it. */
  weightConfirmation: boolean;
  maxRateUlPerHour?: bigint;
  maxVtbiUl?: bigint;
  weightG: Tiers;
  bsaM2X10000: Tiers;
}

export interface OracleConcentration {
  custom: boolean;
  amountAbu: bigint;
  volumeUl: bigint;
  limitsAbuPerMl: Tiers;
  /** Format-3 limit records by kind (docs/library-image.md §10); empty before format 3. */
  records: RecordList;
}

export interface OracleEntry {
  id: number;
  infusionType: number;
  doseBasis: number;
  highAlert: boolean;
  /** Flags bit 1: may run as a secondary (piggyback) infusion. */
  secondaryAllowed: boolean;
  /** Percent of the running value; 0 = no step limit. */
  maxTitrationStepPercent: number;
  careAreaMask: bigint;
  limits: Record<LimitKey, Tiers>;
  /** Format-3 limit records of the entry's extension, by kind; empty when none. */
  records: RecordList;
  concentrations: OracleConcentration[];
}

export interface OracleLibrary {
  version: number;
  careAreas: Map<number, OracleCareArea>;
  entries: Map<number, OracleEntry>;
}
