// The spreadsheet layout of a library (docs/library-tools.md §5): the columns of the care-area
// and entry sheets, and the reverse map from a JSON Pointer inside an item to the column that
// holds it, so every compiler error can be reported at a row and a column (REQ-LC-021).
import type { ColumnSpec } from "./table.ts";

const TIERS = ["hardMin", "softMin", "softMax", "hardMax"] as const;

export const AREA_COLUMNS: readonly ColumnSpec[] = [
  { name: "id", required: true },
  { name: "code", required: true },
  { name: "name", required: true },
  { name: "basicInfusionAllowed", required: true },
  { name: "maxRateMlPerH" },
  { name: "maxVtbiMl" },
  ...TIERS.map((t) => ({ name: `weightKg.${t}` })),
  ...TIERS.map((t) => ({ name: `bsaM2.${t}` })),
  { name: "weightConfirmation" },
  { name: "note" },
];

/**
 * Entry blocks with four tiers; doseAbsolute has unit and hardMax only. The format-2 blocks
 * (docs/library-image.md §4) come last, after doseAbsolute, so a sheet without them keeps its
 * column order.
 */
const FORMAT_1_TIERED_BLOCKS = ["dose", "rate", "duration", "vtbi", "bolusDose", "bolusRate", "loadingDose"] as const;
const FORMAT_2_TIERED_BLOCKS = ["bolusDoseAbsolute", "bolusDuration", "loadingDoseAbsolute"] as const;
export const TIERED_BLOCKS = [...FORMAT_1_TIERED_BLOCKS, ...FORMAT_2_TIERED_BLOCKS] as const;
/** Issue 11 (image format 3 limit records): per dose, its absolute cap, bolus and loading dose rates. */
export const RECORD_TIERED_BLOCKS = [
  "dosePerAdmin",
  "dosePerAdminAbsolute",
  "bolusDoseRate",
  "loadingDoseRate",
] as const;
/** Blocks with a unit and a hardMax only. */
export const HARD_MAX_ONLY_BLOCKS = ["doseAbsolute", "peripheralMaxConcentration"] as const;
/** Every block of an entry's `limits`, and so of a concentration's `overrides` (issue 11 §2). */
export const ALL_LIMIT_BLOCKS = [
  ...TIERED_BLOCKS,
  "doseAbsolute",
  ...RECORD_TIERED_BLOCKS,
  "peripheralMaxConcentration",
] as const;
export type LimitBlockName = (typeof ALL_LIMIT_BLOCKS)[number];
/** The tier columns a block has. */
export function tiersOf(block: LimitBlockName): readonly (typeof TIERS)[number][] {
  return (HARD_MAX_ONLY_BLOCKS as readonly string[]).includes(block) ? ["hardMax"] : TIERS;
}

/** Issue 15: a PCA entry's blocks (docs/library-format.md §5a), four tiers each, on the entry or a concentration. */
export const PCA_BLOCKS = [
  "dose",
  "lockout",
  "maxDosesPerHour",
  "clinicianBolus",
  "windowMax1h",
  "windowMax4h",
] as const;
const tieredColumns = (b: string): string[] => [`${b}.unit`, ...TIERS.map((t) => `${b}.${t}`)];

/** Issue 11 §4: default values, each a value and its unit. */
export const DEFAULT_KEYS = ["dose", "rate", "duration", "vtbi", "dosePerAdmin"] as const;
const defaultColumns = (prefix: string): string[] =>
  DEFAULT_KEYS.flatMap((key) => [`${prefix}.${key}.value`, `${prefix}.${key}.unit`]);
/** Issue 11 §3: the patient band's two ranges, each unit, min and max. */
export const BAND_RANGES = ["weight", "age"] as const;
const BAND_COLUMNS = BAND_RANGES.flatMap((r) => [
  `patientBand.${r}.unit`,
  `patientBand.${r}.min`,
  `patientBand.${r}.max`,
]);

export const CONCENTRATION_COLUMNS = [
  "conc.custom",
  "conc.amount",
  "conc.amountUnit",
  "conc.volumeMl",
  "conc.unit",
  ...TIERS.map((t) => `conc.${t}`),
  ...defaultColumns("conc.defaults"),
  // Issue 11 §2, §7: the concentration's advisory and its own limit blocks.
  "conc.advisory",
  ...ALL_LIMIT_BLOCKS.flatMap((b) => [
    `conc.overrides.${b}.unit`,
    ...tiersOf(b).map((t) => `conc.overrides.${b}.${t}`),
  ]),
  // Issue 13: the concentration's external codes, separated by ";".
  "conc.codes",
  // Issue 15: the concentration's own PCA blocks, last so older sheets keep their column order.
  ...PCA_BLOCKS.flatMap((b) => tieredColumns(`conc.pca.${b}`)),
];

const ENTRY_TEXT_COLUMNS = [
  "drug",
  "displayName",
  "highAlert",
  "infusionType",
  "secondaryAllowed",
  "maxTitrationStepPercent",
  "doseBasis",
  "doseUnit",
  "careAreas",
  // Issue 13: the entry's external codes, separated by ";" (a code in a sheet cannot contain ";").
  "codes",
  "advisory",
  "note",
];
/** The cumulative limit (docs/library-format.md §5): amount unit, window value and unit, soft and hard max. */
export const CUMULATIVE_COLUMNS = [
  "cumulative.unit",
  "cumulative.window",
  "cumulative.windowUnit",
  "cumulative.softMax",
  "cumulative.hardMax",
] as const;
const blockColumns = tieredColumns;
const ENTRY_LIMIT_COLUMNS = [
  ...FORMAT_1_TIERED_BLOCKS.flatMap(blockColumns),
  "doseAbsolute.unit",
  "doseAbsolute.hardMax",
  ...FORMAT_2_TIERED_BLOCKS.flatMap(blockColumns),
  // Issue 11, last so older sheets keep their column order: the cumulative limit and its window.
  ...CUMULATIVE_COLUMNS,
  ...BAND_COLUMNS,
  ...defaultColumns("defaults"),
  ...RECORD_TIERED_BLOCKS.flatMap(blockColumns),
  "peripheralMaxConcentration.unit",
  "peripheralMaxConcentration.hardMax",
  // Issue 15: a PCA entry's blocks, e.g. pca.lockout.unit = min, pca.lockout.hardMin = 5.
  ...PCA_BLOCKS.flatMap((b) => tieredColumns(`pca.${b}`)),
];

/** Entry-level columns: on a later row of the same id they must be empty or repeat the first row. */
export const ENTRY_FIELD_COLUMNS = [...ENTRY_TEXT_COLUMNS, ...ENTRY_LIMIT_COLUMNS];

const REQUIRED_ENTRY_COLUMNS = new Set([
  "id",
  "drug",
  "displayName",
  "highAlert",
  "infusionType",
  "doseBasis",
  "careAreas",
]);

export const ENTRY_COLUMNS: readonly ColumnSpec[] = [
  "id",
  ...ENTRY_TEXT_COLUMNS,
  ...CONCENTRATION_COLUMNS,
  ...ENTRY_LIMIT_COLUMNS,
].map((name) => ({
  name,
  required: REQUIRED_ENTRY_COLUMNS.has(name),
}));

export { TIERS };

const isTier = (s: string | undefined): boolean => TIERS.includes(s as (typeof TIERS)[number]);

/** The care-area column of a pointer inside one care area, e.g. "/weight/hardMax" → "weightKg.hardMax". */
export function areaColumn(relative: string): string {
  const [, field = "", sub] = relative.split("/");
  if (field === "maxRate") return "maxRateMlPerH";
  if (field === "maxVtbi") return "maxVtbiMl";
  if (field === "weight" || field === "bsa")
    return `${field === "weight" ? "weightKg" : "bsaM2"}.${isTier(sub) ? sub : "hardMin"}`;
  return AREA_COLUMNS.some((c) => c.name === field) ? field : "id";
}

/** The column of a PCA block's field: `<prefix>.<block>.<tier>`, the unit for anything else in the block. */
function pcaColumn(prefix: string, block: string | undefined, field: string | undefined): string {
  const known = (PCA_BLOCKS as readonly string[]).includes(block ?? "") ? (block as string) : "dose";
  return `${prefix}.${known}.${isTier(field) ? field : "unit"}`;
}

/** The entry column of a pointer inside one entry, e.g. "/limits/dose/hardMax" → "dose.hardMax". */
export function entryColumn(relative: string): string {
  const [, field = "", a, b, c] = relative.split("/");
  const d = relative.split("/")[5];
  if (field === "concentrations") {
    if (b === "limits") return `conc.${isTier(c) ? c : "unit"}`;
    if (b === "overrides") {
      const block = (ALL_LIMIT_BLOCKS as readonly string[]).includes(c ?? "") ? (c as LimitBlockName) : "dose";
      return `conc.overrides.${block}.${isTier(d) && tiersOf(block).includes(d as (typeof TIERS)[number]) ? d : "unit"}`;
    }
    if (b === "advisory") return "conc.advisory";
    if (b === "defaults") return `conc.defaults.${c ?? "dose"}.${d === "unit" ? "unit" : "value"}`;
    if (b === "volume" || b === "volumeUnit") return "conc.volumeMl";
    if (b === "codes") return "conc.codes";
    if (b === "pca") return pcaColumn("conc.pca", c, d);
    return b === "custom" || b === "amount" || b === "amountUnit" ? `conc.${b}` : "conc.amount";
  }
  if (field === "cumulative") {
    if (a === "window") return b === "unit" ? "cumulative.windowUnit" : "cumulative.window";
    return a === "softMax" || a === "hardMax" ? `cumulative.${a}` : "cumulative.unit";
  }
  if (field === "limits") {
    if (a === undefined) return "dose.unit";
    return `${a}.${isTier(b) ? b : "unit"}`;
  }
  if (field === "pca") return pcaColumn("pca", a, b);
  if (field === "patientBand") return `patientBand.${a ?? "weight"}.${b === "min" || b === "max" ? b : "unit"}`;
  if (field === "defaults") return `defaults.${a ?? "dose"}.${b === "unit" ? "unit" : "value"}`;
  return ENTRY_COLUMNS.some((col) => col.name === field) ? field : "id";
}
