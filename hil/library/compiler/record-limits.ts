// Limit blocks the library JSON writes as format-3 limit records (issue 11, docs/library-format.md
// §5, docs/library-image.md §10): the dose per administration and its absolute cap (kinds 16, 17),
// the bolus and loading dose as dose rates (18, 19) and the peripheral-line maximum concentration
// (20) in an entry's `limits` or a concentration's `overrides`; and in `overrides` any entry limit
// block (kinds 1 .. 11), which replaces the entry's block of that kind entirely at the pump.
import { DoseBasis, InfusionType } from "../../../firmware/abi/codes.ts";
import { LimitKind } from "../../../firmware/abi/limit-kinds.ts";
import type { AuthorLimitBlock } from "./authoring.ts";
import { ALL_ENTRY_LIMIT_KEYS, tierRecord, type CanonicalLimitRecord, type TierValues } from "./canonical.ts";
import { pointer, type ErrorList } from "./errors.ts";
import { convertLimitBlock } from "./limit-block.ts";
import { Rule } from "./rules.ts";
import type { AmountKind, UnitExpectation } from "./units.ts";

/** The limit blocks that exist only as records, in the order of their kinds. */
export const RECORD_LIMIT_KEYS = [
  "dosePerAdmin",
  "dosePerAdminAbsolute",
  "bolusDoseRate",
  "loadingDoseRate",
  "peripheralMaxConcentration",
] as const;
export type RecordLimitKey = (typeof RECORD_LIMIT_KEYS)[number];
export type EntryLimitKey = (typeof ALL_ENTRY_LIMIT_KEYS)[number];
/** Any block of an entry's `limits` or a concentration's `overrides`. */
export type AnyLimitKey = EntryLimitKey | RecordLimitKey;

export const RECORD_LIMIT_KIND: Readonly<Record<RecordLimitKey, LimitKind>> = {
  dosePerAdmin: LimitKind.DOSE_PER_ADMIN,
  dosePerAdminAbsolute: LimitKind.DOSE_PER_ADMIN_ABSOLUTE,
  bolusDoseRate: LimitKind.BOLUS_DOSE_RATE,
  loadingDoseRate: LimitKind.LOADING_DOSE_RATE,
  peripheralMaxConcentration: LimitKind.PERIPHERAL_MAX_CONCENTRATION,
};

/** The record kind of a block: an entry limit's override kind (EntryLimit + 1) or its own kind. */
export function limitKindOf(key: AnyLimitKey): LimitKind {
  const entryLimit = (ALL_ENTRY_LIMIT_KEYS as readonly string[]).indexOf(key);
  return entryLimit >= 0 ? ((entryLimit + 1) as LimitKind) : RECORD_LIMIT_KIND[key as RecordLimitKey];
}

const DOSE_LIMITS: readonly AnyLimitKey[] = [
  "dose",
  "bolusDose",
  "loadingDose",
  "doseAbsolute",
  "bolusDoseAbsolute",
  "loadingDoseAbsolute",
  "dosePerAdmin",
  "dosePerAdminAbsolute",
  "bolusDoseRate",
  "loadingDoseRate",
  "peripheralMaxConcentration",
];

/** Why a limit block does not apply to this entry (REQ-LIB-014, REQ-LIB-040), or undefined when it does. */
export function limitNotApplicable(key: AnyLimitKey, type: InfusionType, basis: DoseBasis): string | undefined {
  if (type === InfusionType.FLUID && DOSE_LIMITS.includes(key))
    return `a fluid has no dose, so ${key} limits are never checked; remove them`;
  if (key === "duration" && type !== InfusionType.INTERMITTENT)
    return "duration limits apply only to intermittent entries; remove them or make the entry intermittent";
  if ((key === "dosePerAdmin" || key === "dosePerAdminAbsolute") && type !== InfusionType.INTERMITTENT)
    return `a dose per administration applies only to intermittent entries (a ${type === InfusionType.CONTINUOUS ? "continuous infusion" : "fluid"} has no single dose); remove ${key} or make the entry intermittent`;
  if (key === "doseAbsolute" && basis === DoseBasis.NONE)
    return 'an absolute dose cap applies only to weight- or BSA-based entries; use dose.hardMax for an entry with doseBasis "none"';
  if ((key === "bolusDoseAbsolute" || key === "loadingDoseAbsolute") && basis === DoseBasis.NONE) {
    return `an absolute ${key === "bolusDoseAbsolute" ? "bolus" : "loading"} dose cap applies only to weight- or BSA-based entries; use ${key === "bolusDoseAbsolute" ? "bolusDose" : "loadingDose"}.hardMax for an entry with doseBasis "none"`;
  }
  if (key === "dosePerAdminAbsolute" && basis === DoseBasis.NONE)
    return 'an absolute per-dose cap applies only to weight- or BSA-based entries; use dosePerAdmin.hardMax for an entry with doseBasis "none"';
  if (key === "bolusDuration" && type === InfusionType.FLUID)
    return "a fluid has no bolus, so bolusDuration limits are never checked; remove them";
  return undefined;
}

/** The unit a block must have. */
export function limitExpectation(key: AnyLimitKey, kind: AmountKind | undefined, basis: DoseBasis): UnitExpectation {
  switch (key) {
    case "dose":
    case "bolusDoseRate":
    case "loadingDoseRate":
      return { dimension: "doseRate", kind, basis };
    case "doseAbsolute":
      return { dimension: "doseRate", kind, basis: DoseBasis.NONE };
    case "bolusDoseAbsolute":
    case "loadingDoseAbsolute":
    case "dosePerAdminAbsolute":
      return { dimension: "dose", kind, basis: DoseBasis.NONE };
    case "bolusDose":
    case "loadingDose":
    case "dosePerAdmin":
      return { dimension: "dose", kind, basis };
    case "peripheralMaxConcentration":
      return { dimension: "concentration", kind };
    case "bolusDuration":
    case "duration":
      return { dimension: "duration" };
    case "rate":
    case "bolusRate":
      return { dimension: "rate" };
    case "vtbi":
      return { dimension: "volume" };
  }
}

export interface BlockContext {
  type: InfusionType;
  basis: DoseBasis;
  kind: AmountKind | undefined;
}

/**
 * One block at `path` (its key the block's name) → its tiers, {} when absent, not applicable or
 * with a wrong unit (the error is recorded).
 */
export function convertAnyBlock(
  key: AnyLimitKey,
  block: AuthorLimitBlock | undefined,
  path: string,
  context: BlockContext,
  errors: ErrorList,
): TierValues {
  if (block === undefined) return {};
  const reason = limitNotApplicable(key, context.type, context.basis);
  if (reason !== undefined) {
    errors.add(path, Rule.LIMIT_NOT_APPLICABLE, reason);
    return {};
  }
  return convertLimitBlock(block, path, limitExpectation(key, context.kind, context.basis), errors);
}

/** A block as a record of its kind; none when it has no tier (absent or refused). */
export function blockRecord(key: AnyLimitKey, tiers: TierValues): CanonicalLimitRecord[] {
  return Object.values(tiers).some((v) => v !== undefined) ? [tierRecord(limitKindOf(key), tiers)] : [];
}

/** The record-only blocks of an entry's `limits`, converted, and their records. */
export function entryRecordLimits(
  limits: Partial<Record<AnyLimitKey, AuthorLimitBlock>> | undefined,
  path: string,
  context: BlockContext,
  errors: ErrorList,
): { tiers: Partial<Record<RecordLimitKey, TierValues>>; records: CanonicalLimitRecord[] } {
  const tiers: Partial<Record<RecordLimitKey, TierValues>> = {};
  const records: CanonicalLimitRecord[] = [];
  for (const key of RECORD_LIMIT_KEYS) {
    const block = limits?.[key];
    if (block === undefined) continue;
    tiers[key] = convertAnyBlock(key, block, pointer(path, key), context, errors);
    records.push(...blockRecord(key, tiers[key]));
  }
  return { tiers, records };
}

/** Every key a concentration's `overrides` may hold, in the order of their kinds. */
export const OVERRIDE_KEYS: readonly AnyLimitKey[] = [...ALL_ENTRY_LIMIT_KEYS, ...RECORD_LIMIT_KEYS];

/** A concentration's `overrides` (REQ-LIB-041): each block converted, and their records. */
export function overrideRecords(
  overrides: Partial<Record<AnyLimitKey, AuthorLimitBlock>> | undefined,
  path: string,
  context: BlockContext,
  errors: ErrorList,
): { tiers: Partial<Record<AnyLimitKey, TierValues>>; records: CanonicalLimitRecord[] } {
  const tiers: Partial<Record<AnyLimitKey, TierValues>> = {};
  const records: CanonicalLimitRecord[] = [];
  if (overrides === undefined) return { tiers, records };
  for (const key of OVERRIDE_KEYS) {
    const block = overrides[key];
    if (block === undefined) continue;
    tiers[key] = convertAnyBlock(key, block, pointer(path, key), context, errors);
    records.push(...blockRecord(key, tiers[key]));
  }
  return { tiers, records };
}
