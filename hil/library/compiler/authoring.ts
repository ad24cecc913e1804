// TypeScript shape of a library file that passed the JSON Schema
// (docs/schema/drug-library.schema.json). Values are decimal strings; units are explicit.

/** A decimal string such as "12.5" (see decimal.ts). */
export type DecimalText = string;

export interface AuthorQuantity {
  value: DecimalText;
  unit: string;
}

export interface AuthorLimitBlock {
  unit: string;
  hardMin?: DecimalText;
  softMin?: DecimalText;
  softMax?: DecimalText;
  hardMax?: DecimalText;
}

export const TIER_KEYS = ["hardMin", "softMin", "softMax", "hardMax"] as const;
export type TierKey = (typeof TIER_KEYS)[number];

export interface AuthorCareArea {
  id: number;
  code: string;
  name: string;
  basicInfusionAllowed: boolean;
  maxRate?: AuthorQuantity;
  maxVtbi?: AuthorQuantity;
  weight?: AuthorLimitBlock;
  bsa?: AuthorLimitBlock;
  /** The weight is entered twice and must match (NICU); format 3, issue 11. */
  weightConfirmation?: boolean;
  note?: string;
}

export interface AuthorConcentration {
  custom?: boolean;
  amount?: DecimalText;
  amountUnit: string;
  volume?: DecimalText;
  volumeUnit?: string;
  limits?: AuthorLimitBlock;
  /** Typical values for this concentration; replace the entry's value by value. */
  defaults?: AuthorDefaults;
  /**
   * Issue 11 §2: this concentration's own limit blocks; each replaces the entry's block of the same
   * name entirely (not tier by tier) when this concentration is programmed.
   */
  overrides?: AuthorEntryLimits;
  /** Issue 11 §7: an advisory shown with this concentration, 1 .. 1024 UTF-8 bytes. */
  advisory?: string;
  /** Issue 13: product codes naming this concentration in an order (1 … 4, printable ASCII, ≤ 32 bytes). */
  codes?: string[];
  /** PCA limits of this concentration (issue 15): each block replaces the entry's of that kind. */
  pca?: AuthorPcaLimits;
}

/** Issue 15 §1: a PCA entry's limits (docs/library-format.md §5a); four tiers each. */
export interface AuthorPcaLimits {
  /** The patient's dose: AMOUNT[/kg|/m2] as the entry's basis. */
  dose?: AuthorLimitBlock;
  /** The lockout interval: min or h, at most 24 h. */
  lockout?: AuthorLimitBlock;
  /** Patient doses per hour: unit "doses", whole numbers up to 60. */
  maxDosesPerHour?: AuthorLimitBlock;
  /** A clinician bolus: AMOUNT[/kg|/m2]. */
  clinicianBolus?: AuthorLimitBlock;
  /** The maximum the clinician may program per 1 h window: AMOUNT (no basis). */
  windowMax1h?: AuthorLimitBlock;
  /** The maximum per 4 h window: AMOUNT (no basis). */
  windowMax4h?: AuthorLimitBlock;
}

export interface AuthorEntryLimits {
  dose?: AuthorLimitBlock;
  rate?: AuthorLimitBlock;
  duration?: AuthorLimitBlock;
  vtbi?: AuthorLimitBlock;
  bolusDose?: AuthorLimitBlock;
  bolusRate?: AuthorLimitBlock;
  loadingDose?: AuthorLimitBlock;
  doseAbsolute?: AuthorLimitBlock;
  bolusDoseAbsolute?: AuthorLimitBlock;
  loadingDoseAbsolute?: AuthorLimitBlock;
  bolusDuration?: AuthorLimitBlock;
  // Issue 11, image format 3 limit records (docs/library-format.md §5).
  /** Amount of one intermittent dose, AMOUNT[/kg|/m2] of the entry's kind and basis. */
  dosePerAdmin?: AuthorLimitBlock;
  /** Amount of one dose for the patient, AMOUNT (no basis); weight- or BSA-based entries. */
  dosePerAdminAbsolute?: AuthorLimitBlock;
  /** A bolus as a dose rate while it runs, the entry's dose-rate kind and basis. */
  bolusDoseRate?: AuthorLimitBlock;
  /** A loading dose as a dose rate while it runs. */
  loadingDoseRate?: AuthorLimitBlock;
  /** Largest concentration on a peripheral line, AMOUNT/mL; hardMax only. */
  peripheralMaxConcentration?: AuthorLimitBlock;
}

/** Issue 11: the most of the drug in any rolling window (docs/library-format.md §5). */
export interface AuthorCumulative {
  /** An amount of the entry's kind, no basis, no time (e.g. "units"). */
  unit: string;
  /** Whole minutes from 1 min to 24 h ("min" or "h"). */
  window: AuthorQuantity;
  softMax?: DecimalText;
  hardMax?: DecimalText;
}

/** Issue 11 §3: the patients an entry is for, both ends inclusive; an absent end is unbounded. */
export interface AuthorPatientBand {
  weight?: { unit: string; min?: DecimalText; max?: DecimalText };
  /** unit "days" or "years" (365 days). */
  age?: { unit: string; min?: DecimalText; max?: DecimalText };
}

/** Issue 11 §4: the typical values offered at drug selection, each in its quantity's unit. */
export interface AuthorDefaults {
  dose?: AuthorQuantity;
  rate?: AuthorQuantity;
  duration?: AuthorQuantity;
  vtbi?: AuthorQuantity;
  dosePerAdmin?: AuthorQuantity;
}

export type InfusionTypeName = "continuous" | "intermittent" | "fluid" | "pca";
export type DoseBasisName = "none" | "weight" | "bsa";
export type LibraryStatusName = "draft" | "approved" | "released";

export interface AuthorEntry {
  id: number;
  drug: string;
  displayName: string;
  highAlert: boolean;
  infusionType: InfusionTypeName;
  /** May run as a secondary (piggyback) infusion; absent: false. Not for continuous entries. */
  secondaryAllowed?: boolean;
  /** Whole percent "1".."1000"; absent: no titration step limit. Continuous entries only. */
  maxTitrationStepPercent?: DecimalText;
  doseBasis: DoseBasisName;
  doseUnit?: string;
  careAreas: string[];
  concentrations?: AuthorConcentration[];
  advisory?: string;
  /** Issue 13: drug identifiers an order may carry for this entry (1 … 4, printable ASCII, ≤ 32 bytes). */
  codes?: string[];
  limits?: AuthorEntryLimits;
  cumulative?: AuthorCumulative;
  /** Issue 15: PCA limits; infusionType "pca" only. */
  pca?: AuthorPcaLimits;
  patientBand?: AuthorPatientBand;
  defaults?: AuthorDefaults;
  note?: string;
}

export interface AuthorLibrary {
  formatVersion: 1;
  name: string;
  version: number;
  status: LibraryStatusName;
  notice?: string;
  description?: string;
  careAreas: AuthorCareArea[];
  entries: AuthorEntry[];
}
