// Invariants a CanonicalLibrary must satisfy to be encodable (docs/library-image.md §1–§5).
// The compiler guarantees them; test generators that build a CanonicalLibrary by hand get a
// list of what they broke instead of an image the firmware would refuse.
import {
  ConcentrationKind,
  DoseBasis,
  InfusionType,
  LibraryStatus,
  MAX_ADVISORY_BYTES,
  MAX_CARE_AREAS,
  MAX_CONCENTRATIONS,
  MAX_ENTRIES,
  MAX_LIBRARY_NAME_BYTES,
  MAX_NAME_BYTES,
  MAX_LIMIT_RECORDS,
  MAX_TITRATION_STEP_PERCENT,
  TimeUnit,
} from "../../../firmware/abi/codes.ts";
import {
  LIMIT_KIND_LIMIT,
  LimitKind,
  MAX_CODE_BYTES,
  MAX_CODES_PER_RECORD,
} from "../../../firmware/abi/limit-kinds.ts";
import {
  ALL_ENTRY_LIMIT_KEYS,
  type CanonicalLibrary,
  type CanonicalLimitRecord,
  type TierValues,
} from "./canonical.ts";
import { TIER_KEYS } from "./authoring.ts";
import { MAXIMA } from "./quantity.ts";
import { utf8Bytes } from "./text.ts";

const MAX_ID = 2 ** 31 - 1;
const LIMIT_MAX: Readonly<Record<(typeof ALL_ENTRY_LIMIT_KEYS)[number], bigint>> = {
  dose: MAXIMA.limit.value,
  rate: MAXIMA.rate.value,
  duration: MAXIMA.duration.value,
  vtbi: MAXIMA.volume.value,
  bolusDose: MAXIMA.limit.value,
  bolusRate: MAXIMA.rate.value,
  loadingDose: MAXIMA.limit.value,
  doseAbsolute: MAXIMA.limit.value,
  bolusDoseAbsolute: MAXIMA.limit.value,
  bolusDuration: MAXIMA.duration.value,
  loadingDoseAbsolute: MAXIMA.limit.value,
};

function isInt(value: unknown, min: number, max: number): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function inRange(value: unknown, min: bigint, max: bigint): boolean {
  return typeof value === "bigint" && value >= min && value <= max;
}

function tierProblems(tiers: TierValues, max: bigint, where: string): string[] {
  const problems: string[] = [];
  let previous: bigint | undefined;
  for (const key of TIER_KEYS) {
    const value = tiers[key];
    if (value === undefined) continue;
    if (!inRange(value, 0n, max)) problems.push(`${where}.${key} must be a bigint in 0..${max}`);
    else if (previous !== undefined && value < previous) problems.push(`${where}.${key} is below an earlier tier`);
    else previous = value;
  }
  return problems;
}

function hasTiers(tiers: TierValues): boolean {
  return TIER_KEYS.some((key) => tiers[key] !== undefined);
}

function textProblem(text: unknown, min: number, max: number, where: string): string[] {
  if (typeof text !== "string" || /\p{Cs}/u.test(text)) return [`${where} must be a well-formed string`];
  const bytes = utf8Bytes(text);
  return bytes < min || bytes > max ? [`${where} must be ${min}..${max} UTF-8 bytes, is ${bytes}`] : [];
}

const MAX_U64 = (1n << 64n) - 1n;
/** An external code (issue 13): 1 … MAX_CODE_BYTES printable ASCII characters, no space. */
const CODE_PATTERN = new RegExp(`^[!-~]{1,${MAX_CODE_BYTES}}$`);

/**
 * The encodable shape of a limit-record list (docs/library-image.md §10): ascending kinds, masks
 * of four bits, u32 arguments, u64 values 0 where the mask bit is clear, an ADVISORY's text. The
 * per-kind rules (which list, which entries, value maxima) are the firmware's to check.
 */
function recordProblems(records: readonly CanonicalLimitRecord[] | undefined, min: number, where: string): string[] {
  if (records === undefined || records.length === 0) return [];
  const p: string[] = [];
  if (records.length < min || records.length > MAX_LIMIT_RECORDS)
    p.push(`${where} must have ${min}..${MAX_LIMIT_RECORDS} items`);
  let previous = 0;
  records.forEach((record, i) => {
    const at = `${where}[${i}]`;
    if (!isInt(record.kind, previous + 1, LIMIT_KIND_LIMIT - 1)) p.push(`${at}.kind must ascend strictly, 1..31`);
    previous = record.kind;
    if (!isInt(record.mask, 0, 15)) p.push(`${at}.mask must be 0..15`);
    if (record.kind === LimitKind.ENTRY_CODES || record.kind === LimitKind.CONCENTRATION_CODES) {
      const codes = record.codes ?? [];
      if (codes.length < 1 || codes.length > MAX_CODES_PER_RECORD || record.mask !== (1 << codes.length) - 1)
        p.push(`${at}.codes must have 1..${MAX_CODES_PER_RECORD} items, one per mask bit from bit 0`);
      codes.forEach((code, c) => {
        if (!CODE_PATTERN.test(code)) p.push(`${at}.codes[${c}] must be 1..${MAX_CODE_BYTES} printable ASCII`);
      });
      return;
    }
    if (record.kind === LimitKind.ADVISORY) {
      p.push(...textProblem(record.text, 1, MAX_ADVISORY_BYTES, `${at}.text`));
      return;
    }
    if (!isInt(record.argument, 0, 0xffffffff)) p.push(`${at}.argument must be a u32`);
    if (record.values.length !== 4) p.push(`${at}.values must have 4 items`);
    record.values.forEach((value, slot) => {
      if (!inRange(value, 0n, MAX_U64)) p.push(`${at}.values[${slot}] must be a u64`);
      else if ((record.mask & (1 << slot)) === 0 && value !== 0n) p.push(`${at}.values[${slot}] must be 0n`);
    });
  });
  return p;
}

/** Every broken invariant, as "where: what"; [] when the library can be encoded. */
export function canonicalProblems(library: CanonicalLibrary): string[] {
  const p: string[] = [];
  p.push(...textProblem(library.name, 1, MAX_LIBRARY_NAME_BYTES, "name"));
  if (!isInt(library.version, 1, MAX_ID)) p.push("version must be an integer in 1..2^31-1");
  if (!Object.values(LibraryStatus).includes(library.status)) p.push("status must be a LibraryStatus");
  const areaIds = new Set<number>();
  if (library.careAreas.length < 1 || library.careAreas.length > MAX_CARE_AREAS)
    p.push(`careAreas must have 1..${MAX_CARE_AREAS} items`);
  library.careAreas.forEach((area, i) => {
    const at = `careAreas[${i}]`;
    if (!isInt(area.id, 0, MAX_CARE_AREAS - 1) || areaIds.has(area.id))
      p.push(`${at}.id must be a unique integer in 0..63`);
    areaIds.add(area.id);
    p.push(...textProblem(area.name, 1, MAX_NAME_BYTES, `${at}.name`));
    if (area.maxRateUlPerHour !== undefined && !inRange(area.maxRateUlPerHour, 1n, MAXIMA.rate.value))
      p.push(`${at}.maxRateUlPerHour out of range`);
    if (area.maxVtbiUl !== undefined && !inRange(area.maxVtbiUl, 1n, MAXIMA.volume.value))
      p.push(`${at}.maxVtbiUl out of range`);
    p.push(
      ...tierProblems(area.weightG, MAXIMA.weight.value, `${at}.weightG`),
      ...tierProblems(area.bsaM2X10000, MAXIMA.bsa.value, `${at}.bsaM2X10000`),
    );
  });
  if (library.entries.length > MAX_ENTRIES) p.push(`entries must have at most ${MAX_ENTRIES} items`);
  const entryIds = new Set<number>();
  library.entries.forEach((entry, i) => {
    const at = `entries[${i}]`;
    if (!isInt(entry.id, 1, MAX_ID) || entryIds.has(entry.id)) p.push(`${at}.id must be a unique integer in 1..2^31-1`);
    entryIds.add(entry.id);
    p.push(
      ...textProblem(entry.name, 1, MAX_NAME_BYTES, `${at}.name`),
      ...textProblem(entry.advisory, 0, MAX_ADVISORY_BYTES, `${at}.advisory`),
    );
    if (entry.careAreaIds.length === 0 || entry.careAreaIds.some((id) => !areaIds.has(id)))
      p.push(`${at}.careAreaIds must be non-empty ids of the care-area table`);
    if (!Object.values(InfusionType).includes(entry.infusionType)) p.push(`${at}.infusionType must be an InfusionType`);
    if (!Object.values(DoseBasis).includes(entry.doseBasis)) p.push(`${at}.doseBasis must be a DoseBasis`);
    const fluid = entry.infusionType === InfusionType.FLUID;
    const continuous = entry.infusionType === InfusionType.CONTINUOUS;
    if (entry.secondaryAllowed !== undefined && typeof entry.secondaryAllowed !== "boolean")
      p.push(`${at}.secondaryAllowed must be a boolean`);
    else if (entry.secondaryAllowed === true && continuous)
      p.push(`${at}.secondaryAllowed: a continuous entry may not run as a secondary`);
    const step = entry.maxTitrationStepPercent;
    if (step !== undefined && !isInt(step, 1, MAX_TITRATION_STEP_PERCENT))
      p.push(`${at}.maxTitrationStepPercent must be an integer in 1..${MAX_TITRATION_STEP_PERCENT}`);
    else if (step !== undefined && !continuous)
      p.push(`${at}.maxTitrationStepPercent: only a continuous entry has a titration step limit`);
    if (fluid) {
      if (
        entry.doseBasis !== DoseBasis.NONE ||
        entry.concentrations.length !== 0 ||
        entry.doseAmountUnit !== 0 ||
        entry.doseTimeUnit !== TimeUnit.NONE
      ) {
        p.push(`${at}: a fluid has doseBasis NONE, no concentrations and no dose units`);
      }
      for (const key of [
        "dose",
        "bolusDose",
        "loadingDose",
        "doseAbsolute",
        "bolusDoseAbsolute",
        "bolusDuration",
        "loadingDoseAbsolute",
      ] as const) {
        if (hasTiers(entry.limits[key] ?? {})) p.push(`${at}.limits.${key} must be empty for a fluid`);
      }
    } else {
      if (entry.concentrations.length < 1 || entry.concentrations.length > MAX_CONCENTRATIONS)
        p.push(`${at}.concentrations must have 1..${MAX_CONCENTRATIONS} items`);
      if (!isInt(entry.doseAmountUnit, 1, 8) || !isInt(entry.doseTimeUnit, 1, 2))
        p.push(`${at}: doseAmountUnit 1..8 and doseTimeUnit 1..2 are required`);
    }
    for (const key of ALL_ENTRY_LIMIT_KEYS)
      p.push(...tierProblems(entry.limits[key] ?? {}, LIMIT_MAX[key], `${at}.limits.${key}`));
    const absolute = entry.limits.doseAbsolute;
    if (absolute.hardMin !== undefined || absolute.softMin !== undefined || absolute.softMax !== undefined)
      p.push(`${at}.limits.doseAbsolute may only have hardMax`);
    p.push(...recordProblems(entry.records, 1, `${at}.records`));
    entry.concentrations.forEach((c, j) => {
      const cat = `${at}.concentrations[${j}]`;
      p.push(...recordProblems(c.records, 0, `${cat}.records`));
      if (!isInt(c.amountUnit, 1, 8)) p.push(`${cat}.amountUnit must be 1..8`);
      if (c.kind === ConcentrationKind.FIXED) {
        if (!inRange(c.amountAbu, 1n, MAXIMA.amount.value) || !inRange(c.volumeUl, 1n, MAXIMA.volume.value))
          p.push(`${cat}: fixed amountAbu and volumeUl out of range`);
        if (hasTiers(c.limits)) p.push(`${cat}: a fixed concentration has no limits`);
      } else if (c.kind === ConcentrationKind.CUSTOM) {
        if (c.amountAbu !== 0n || c.volumeUl !== 0n)
          p.push(`${cat}: a custom concentration has amountAbu and volumeUl 0n`);
        if (c.limits.hardMin === undefined) p.push(`${cat}: a custom concentration needs limits.hardMin`);
        p.push(...tierProblems(c.limits, MAXIMA.limit.value, `${cat}.limits`));
      } else {
        p.push(`${cat}.kind must be a ConcentrationKind`);
      }
    });
  });
  return p;
}
