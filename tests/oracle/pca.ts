// Issue 15, transcribed from docs/engine.md §2 (IDs 23–28), §4.2 and docs/abi.md §4.1: the PCA
// parameters of a request with the PCA block, classified against the effective PCA records. Written
// from the documents, not from firmware/engine/pca-parameters.ts.
import { classify, NOT_CHECKED, whole, type Classified } from "./classify.ts";
import { effectiveRecord, recordTiers, type RecordList } from "./image-records.ts";
import type { Tiers } from "./model.ts";

/** The PCA block (docs/abi.md §4.1) and bit 14's window. */
export interface OraclePcaBlock {
  windowS: bigint;
  doseAbu: bigint;
  lockoutS: bigint;
  maxDosesPerHour: bigint;
  clinicianBolusAbu: bigint;
  windowMaxAbu: bigint;
}

const KIND = { DOSE: 12, LOCKOUT: 13, DOSES: 14, CLINICIAN: 15, WINDOW_1H: 22, WINDOW_4H: 23 } as const;

/** Parameters 23 … 28 in order; all NOT_CHECKED without a block. */
export function oraclePcaParams(
  entryRecords: RecordList,
  concentrationRecords: RecordList,
  block: OraclePcaBlock | undefined,
  rateUlPerHour: bigint,
  amountAbu: bigint,
  volumeUl: bigint,
): Classified[] {
  if (block === undefined) return [0, 1, 2, 3, 4, 5].map(() => NOT_CHECKED);
  const tiersOf = (kind: number): Tiers =>
    recordTiers(effectiveRecord(entryRecords, concentrationRecords, kind)) as Tiers;
  const windowKind = block.windowS === 3600n ? KIND.WINDOW_1H : KIND.WINDOW_4H;
  return [
    classify(whole(block.doseAbu), tiersOf(KIND.DOSE)),
    classify(whole(block.lockoutS), tiersOf(KIND.LOCKOUT)),
    classify(whole(block.maxDosesPerHour), tiersOf(KIND.DOSES)),
    block.clinicianBolusAbu === 0n ? NOT_CHECKED : classify(whole(block.clinicianBolusAbu), tiersOf(KIND.CLINICIAN)),
    classify(whole(block.windowMaxAbu), tiersOf(windowKind)),
    // The basal over the window against the programmed maximum as a hard maximum.
    classify({ numerator: rateUlPerHour * amountAbu * block.windowS, denominator: volumeUl * 3600n }, [
      undefined,
      undefined,
      undefined,
      block.windowMaxAbu,
    ]),
  ];
}
