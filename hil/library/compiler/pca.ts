// An entry's (or a concentration's) PCA limits (issue 15 §1, docs/library-format.md §5a) → limit
// records of kinds 12–15, 22 and 23 (docs/library-image.md §10): four tiers each; the PCA dose and
// clinician bolus in the entry's dose unit without time (AMOUNT[/kg|/m2]), the lockout in min or h
// (at most 24 h), the doses per hour as a whole count (at most 60) and the window maxima as absolute
// amounts (AMOUNT). The basal is the entry's `dose` limit and the loading dose its `loadingDose`.
import { DoseBasis, InfusionType, PCA_MAX_DOSES_PER_HOUR, PCA_MAX_LOCKOUT_S } from "../../../firmware/abi/codes.ts";
import { LimitKind } from "../../../firmware/abi/limit-kinds.ts";
import { TIER_KEYS, type AuthorLimitBlock, type AuthorPcaLimits } from "./authoring.ts";
import { tierRecord, type CanonicalLimitRecord, type TierValues } from "./canonical.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { convertLimitBlock } from "./limit-block.ts";
import { Rule } from "./rules.ts";
import type { AmountKind } from "./units.ts";

/** The unit of `maxDosesPerHour`: a count of patient doses. */
export const DOSES_UNIT = "doses";

/** The records of `pca` at `path` (an entry's or a concentration's), ascending by kind. */
export function toPcaRecords(
  pca: AuthorPcaLimits | undefined,
  path: string,
  type: InfusionType,
  kind: AmountKind | undefined,
  basis: DoseBasis,
  errors: ErrorList,
): CanonicalLimitRecord[] {
  if (pca === undefined) return [];
  const at = pointer(path, "pca");
  if (type !== InfusionType.PCA) {
    errors.add(
      at,
      Rule.LIMIT_NOT_APPLICABLE,
      'PCA limits apply only to an entry with infusionType "pca"; remove them or make the entry PCA',
    );
    return [];
  }
  const dose = { dimension: "dose", kind, basis } as const;
  const absolute = { dimension: "dose", kind, basis: DoseBasis.NONE } as const;
  const lockout = convertLimitBlock(pca.lockout, pointer(at, "lockout"), { dimension: "duration" }, errors);
  capTiers(lockout, BigInt(PCA_MAX_LOCKOUT_S), pca.lockout, pointer(at, "lockout"), "24 h", errors);
  const records: [LimitKind, TierValues][] = [
    [LimitKind.PCA_DOSE, convertLimitBlock(pca.dose, pointer(at, "dose"), dose, errors)],
    [LimitKind.PCA_LOCKOUT, lockout],
    [LimitKind.PCA_MAX_DOSES_PER_HOUR, doseCount(pca.maxDosesPerHour, pointer(at, "maxDosesPerHour"), errors)],
    [LimitKind.PCA_CLINICIAN_BOLUS, convertLimitBlock(pca.clinicianBolus, pointer(at, "clinicianBolus"), dose, errors)],
    [LimitKind.PCA_WINDOW_MAX_1H, convertLimitBlock(pca.windowMax1h, pointer(at, "windowMax1h"), absolute, errors)],
    [LimitKind.PCA_WINDOW_MAX_4H, convertLimitBlock(pca.windowMax4h, pointer(at, "windowMax4h"), absolute, errors)],
  ];
  return records
    .filter(([, tiers]) => TIER_KEYS.some((key) => tiers[key] !== undefined))
    .map(([recordKind, tiers]) => tierRecord(recordKind, tiers));
}

/** A tier above `max` is a value-range error (and dropped). */
function capTiers(
  tiers: TierValues,
  max: bigint,
  block: AuthorLimitBlock | undefined,
  path: string,
  maxText: string,
  errors: ErrorList,
): void {
  for (const key of TIER_KEYS) {
    const value = tiers[key];
    if (value === undefined || value <= max) continue;
    errors.add(pointer(path, key), Rule.VALUE_RANGE, `${block?.[key]} ${block?.unit} is above the maximum ${maxText}`);
    delete tiers[key];
  }
}

/** `maxDosesPerHour`: unit "doses", whole numbers 0 … 60, tiers in order. */
function doseCount(block: AuthorLimitBlock | undefined, path: string, errors: ErrorList): TierValues {
  const tiers: TierValues = {};
  if (block === undefined) return tiers;
  if (block.unit !== DOSES_UNIT) {
    errors.add(pointer(path, "unit"), Rule.UNIT_MISMATCH, `maxDosesPerHour is a count: unit "${DOSES_UNIT}"`);
    return tiers;
  }
  let highest: bigint | undefined;
  for (const key of TIER_KEYS) {
    const text = block[key];
    if (text === undefined) continue;
    if (!/^(0|[1-9][0-9]*)$/.test(text)) {
      errors.add(pointer(path, key), Rule.VALUE_RESOLUTION, `${text} doses is not a whole number of doses`);
      continue;
    }
    const value = BigInt(text);
    if (value > BigInt(PCA_MAX_DOSES_PER_HOUR)) {
      errors.add(
        pointer(path, key),
        Rule.VALUE_RANGE,
        `${text} doses per hour is above the pump's maximum ${PCA_MAX_DOSES_PER_HOUR}`,
      );
      continue;
    }
    if (highest !== undefined && value < highest) {
      errors.add(
        pointer(path, key),
        Rule.TIER_ORDER,
        `${key} ${text} doses is below a lower tier; present tiers must satisfy hardMin ≤ softMin ≤ softMax ≤ hardMax`,
      );
      continue;
    }
    highest = value;
    tiers[key] = value;
  }
  return tiers;
}
