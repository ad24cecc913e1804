// The compiled form of a drug library: every value an integer in its canonical unit
// (docs/units.md). The compiler produces it from JSON; encode-image.ts turns it into the binary
// image (docs/library-image.md); test generators build it directly.
import type {
  AmountUnit,
  ConcentrationKind,
  DoseBasis,
  InfusionType,
  LibraryStatus,
  TimeUnit,
} from "../../../firmware/abi/codes.ts";

/** Four optional tiers; present ones are ordered hardMin ≤ softMin ≤ softMax ≤ hardMax. */
export interface TierValues {
  hardMin?: bigint;
  softMin?: bigint;
  softMax?: bigint;
  hardMax?: bigint;
}

export interface CanonicalCareArea {
  /** 0 .. 63 */
  id: number;
  code: string;
  name: string;
  basicInfusionAllowed: boolean;
  maxRateUlPerHour?: bigint;
  maxVtbiUl?: bigint;
  weightG: TierValues;
  bsaM2X10000: TierValues;
}

export interface CanonicalConcentration {
  kind: ConcentrationKind;
  /** Display only. */
  amountUnit: AmountUnit;
  /** 0n for a custom concentration. */
  amountAbu: bigint;
  /** 0n for a custom concentration. */
  volumeUl: bigint;
  /** ABU per mL; only a custom concentration has tiers (hardMin required). */
  limits: TierValues;
}

/** Entry limit blocks, keyed in the image's tier-mask order (EntryLimit). */
export interface EntryLimits {
  dose: TierValues;
  rate: TierValues;
  duration: TierValues;
  vtbi: TierValues;
  bolusDose: TierValues;
  bolusRate: TierValues;
  loadingDose: TierValues;
  /** Only hardMax may be set. */
  doseAbsolute: TierValues;
}

export const ENTRY_LIMIT_KEYS = [
  "dose",
  "rate",
  "duration",
  "vtbi",
  "bolusDose",
  "bolusRate",
  "loadingDose",
  "doseAbsolute",
] as const satisfies readonly (keyof EntryLimits)[];

export interface CanonicalEntry {
  id: number;
  /** Display name, tall-man lettering kept. */
  name: string;
  infusionType: InfusionType;
  doseBasis: DoseBasis;
  highAlert: boolean;
  /** May run as a secondary (piggyback) infusion; never on a continuous entry. Absent: false. */
  secondaryAllowed?: boolean;
  /**
   * Largest change of the running rate (equally the dose) in one titration, in percent of the
   * running value: 1 .. MAX_TITRATION_STEP_PERCENT, continuous entries only. Absent: no limit.
   */
  maxTitrationStepPercent?: number;
  /** Care-area ids (not codes). */
  careAreaIds: number[];
  doseAmountUnit: AmountUnit;
  doseTimeUnit: TimeUnit;
  /** "" when none. */
  advisory: string;
  limits: EntryLimits;
  concentrations: CanonicalConcentration[];
}

export interface CanonicalLibrary {
  name: string;
  version: number;
  status: LibraryStatus;
  careAreas: CanonicalCareArea[];
  entries: CanonicalEntry[];
}
