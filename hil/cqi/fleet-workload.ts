// The fleet simulator's workload (docs/cqi.md §6): which care area each pump serves, and each
// order — drug from that area's entries, concentration, patient, the value the prescriber meant and
// the value the clinician keys in (with a seeded keying error now and then). Values are chosen in
// the library's canonical integer units (docs/units.md) from its own limits, so any library works.
import { ConcentrationKind, DoseBasis, InfusionType, Mode } from "../../firmware/abi/codes.ts";
import { AmountUnit } from "../../firmware/abi/codes.ts";
import { BasicReason } from "../../firmware/abi/workflow-codes.ts";
import type { ProgramValues } from "../../simulator/client/workflow-messages.ts";
import type { CanonicalCareArea, CanonicalEntry, CanonicalLibrary, TierValues } from "../library/compiler/canonical.ts";
import type { FleetRandom } from "./fleet-random.ts";

export const ERROR_KINDS = ["TENFOLD", "DECIMAL_SLIP", "UNIT_MIXUP", "WRONG_WEIGHT", "WRONG_CONCENTRATION"] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];
/** Keying errors that make the programmed value 10× the intended one or more, or a tenth or less. */
export const TENFOLD_OR_MORE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(["TENFOLD", "DECIMAL_SLIP", "UNIT_MIXUP"]);

export interface WorkloadOptions {
  /** Share of library programs keyed with an error (0 … 1). */
  errorRate: number;
  /** Share of infusions in care areas that allow it run as basic infusion (0 … 1). */
  basicRate: number;
  /** Share of library orders deliberately above the soft max (a dose the prescriber confirms). */
  nuisanceRate: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = { errorRate: 0.03, basicRate: 0.1, nuisanceRate: 0.05 };

export interface Order {
  careAreaId: number;
  /** Set for a basic infusion (entry 0). */
  basicReason?: BasicReason;
  entryId: number;
  concentrationIndex: number;
  /** What the clinician selects: differs from concentrationIndex for WRONG_CONCENTRATION. */
  typedConcentrationIndex: number;
  weightG: number;
  /** What the clinician enters: differs from weightG for WRONG_WEIGHT. */
  typedWeightG: number;
  bsaM2X10000: number;
  intended: ProgramValues;
  typed: ProgramValues;
  error?: ErrorKind;
  /** The intended value is above the soft max on purpose: a soft stop the clinician should override. */
  nuisance: boolean;
  /** How long the infusion runs once started. */
  durationMs: number;
}

const HOUR_MS = 3_600_000;

/** A pump serves one care area; areas offering more entries get more pumps (an ICU uses many). */
export function careAreaForPump(library: CanonicalLibrary, random: FleetRandom): CanonicalCareArea {
  return random.weighted(
    library.careAreas.map((area) => [area, entriesFor(library, area.id).length + (area.basicInfusionAllowed ? 1 : 0)]),
  );
}

/** Entries the simulator can program in the area: a fluid, or a drug with a fixed concentration and dose limits. */
export function entriesFor(library: CanonicalLibrary, careAreaId: number): CanonicalEntry[] {
  return library.entries.filter(
    (entry) =>
      entry.careAreaIds.includes(careAreaId) &&
      (entry.infusionType === InfusionType.FLUID
        ? hasTiers(entry.limits.rate)
        : fixedConcentrations(entry).length > 0 && hasTiers(entry.limits.dose)),
  );
}

const hasTiers = (t: TierValues): boolean => t.softMax !== undefined || t.hardMax !== undefined;
const fixedConcentrations = (entry: CanonicalEntry): number[] =>
  entry.concentrations.flatMap((c, index) => (c.kind === ConcentrationKind.FIXED ? [index] : []));

/** A value between the tiers' usual bounds: `from`…`to` of the way from the low bound to the high one. */
function within(random: FleetRandom, tiers: TierValues, from: number, to: number): bigint {
  const high = tiers.softMax ?? tiers.hardMax!;
  const low = tiers.softMin ?? tiers.hardMin ?? high / 20n;
  const share = BigInt(Math.round((from + (to - from) * random.fraction()) * 1000));
  return roundTwoDigits(low + ((high - low) * share) / 1000n);
}

/** Two significant digits, as a prescriber writes a dose (18, 0.05, 250). */
export function roundTwoDigits(value: bigint): bigint {
  let scale = 1n;
  while (value / scale >= 100n) scale *= 10n;
  return value <= 0n ? 1n : (value / scale) * scale;
}

export function patientFor(area: CanonicalCareArea, random: FleetRandom): { weightG: number; bsaM2X10000: number } {
  const weight = area.weightG;
  const bsa = area.bsaM2X10000;
  return {
    weightG: Number(within(random, (weight.softMax ?? weight.hardMax) ? weight : { softMax: 80_000n }, 0.1, 0.45)),
    bsaM2X10000: (bsa.softMax ?? bsa.hardMax) ? Number(within(random, bsa, 0.1, 0.45)) : 0,
  };
}

function basicOrder(area: CanonicalCareArea, patient: Patient, random: FleetRandom): Order {
  const rateUlPerHour = BigInt(random.int(5, 15)) * 10_000n;
  const durationMs = random.int(2, 12) * (HOUR_MS / 2);
  const values: ProgramValues = {
    mode: Mode.RATE,
    rateUlPerHour,
    vtbiUl: roundTwoDigits((rateUlPerHour * BigInt(durationMs)) / BigInt(HOUR_MS)),
  };
  return {
    careAreaId: area.id,
    basicReason: random.weighted([
      [BasicReason.DRUG_NOT_IN_LIBRARY, 5],
      [BasicReason.MAINTENANCE_FLUID, 3],
      [BasicReason.ENTRY_NOT_APPROPRIATE, 1],
      [BasicReason.EMERGENCY, 1],
    ]),
    entryId: 0,
    concentrationIndex: 0xff,
    typedConcentrationIndex: 0xff,
    weightG: patient.weightG,
    typedWeightG: patient.weightG,
    bsaM2X10000: patient.bsaM2X10000,
    intended: values,
    typed: values,
    nuisance: false,
    durationMs,
  };
}

type Patient = { weightG: number; bsaM2X10000: number };

/** The prescribed values of a library order (before any keying error). */
function prescribe(
  entry: CanonicalEntry,
  concentrationIndex: number,
  patient: Patient,
  random: FleetRandom,
  nuisance: boolean,
) {
  if (entry.infusionType === InfusionType.FLUID) {
    const tiers = entry.limits.rate;
    let rateUlPerHour = within(random, tiers, 0.05, 0.6);
    if (nuisance && tiers.softMax !== undefined) rateUlPerHour = aboveSoftMax(tiers, random) ?? rateUlPerHour;
    const durationMs = random.int(2, 16) * (HOUR_MS / 2);
    const vtbiUl = roundTwoDigits((rateUlPerHour * BigInt(durationMs)) / BigInt(HOUR_MS));
    return {
      values: { mode: Mode.RATE, rateUlPerHour, vtbiUl },
      durationMs,
      nuisance: nuisance && tiers.softMax !== undefined,
    };
  }
  const concentration = entry.concentrations[concentrationIndex];
  const duration = entry.limits.duration;
  let dose: bigint;
  let durationMs: number;
  if (entry.infusionType === InfusionType.INTERMITTENT && hasTiers(duration)) {
    // One bag over a duration the protocol allows: the dose follows from it.
    const durationS = within(random, duration, 0.2, 0.7);
    durationMs = Number(durationS) * 1000;
    const basis = entry.doseBasis === DoseBasis.WEIGHT ? BigInt(patient.weightG) : 1000n;
    dose = (concentration.amountAbu * 3600n * 1000n) / (durationS * basis);
  } else {
    dose = within(random, entry.limits.dose, 0.1, 0.8);
    durationMs = random.int(1, 12) * (HOUR_MS / 2);
  }
  const aboveMax = nuisance ? aboveSoftMax(entry.limits.dose, random) : undefined;
  return {
    values: { mode: Mode.DOSE, dose: aboveMax ?? dose, vtbiUl: concentration.volumeUl },
    durationMs,
    nuisance: aboveMax !== undefined,
  };
}

/** 5–50 % above the soft max, below the hard max; undefined when the block has no soft max. */
function aboveSoftMax(tiers: TierValues, random: FleetRandom): bigint | undefined {
  if (tiers.softMax === undefined) return undefined;
  let value = roundTwoDigits((tiers.softMax * BigInt(105 + random.int(0, 45))) / 100n);
  if (tiers.hardMax !== undefined && value >= tiers.hardMax) value = (tiers.softMax + tiers.hardMax) / 2n;
  return value > tiers.softMax ? value : undefined;
}

function applicableErrors(entry: CanonicalEntry, values: ProgramValues): ErrorKind[] {
  const kinds: ErrorKind[] = ["TENFOLD", "DECIMAL_SLIP"];
  if (values.mode === Mode.DOSE) kinds.push("UNIT_MIXUP");
  if (entry.doseBasis === DoseBasis.WEIGHT) kinds.push("WRONG_WEIGHT");
  if (fixedConcentrations(entry).length > 1) kinds.push("WRONG_CONCENTRATION");
  return kinds;
}

const MASS_UNITS = new Set([AmountUnit.G, AmountUnit.MG, AmountUnit.MCG, AmountUnit.NG]);

/** The keyed values for `kind`: the one number scaled the way that slip scales it. */
function mistype(kind: ErrorKind, entry: CanonicalEntry, values: ProgramValues): ProgramValues {
  const factor = (scale: (v: bigint) => bigint): ProgramValues =>
    values.mode === Mode.DOSE
      ? { ...values, dose: scale(values.dose!) }
      : { ...values, rateUlPerHour: scale(values.rateUlPerHour!) };
  if (kind === "TENFOLD") return factor((v) => v * 10n); // an extra zero
  if (kind === "DECIMAL_SLIP") return factor((v) => (v / 10n > 0n ? v / 10n : 1n)); // the point one place left
  // mg keyed as mcg (mass), or a per-hour dose keyed per minute
  if (kind === "UNIT_MIXUP") return factor((v) => v * (MASS_UNITS.has(entry.doseAmountUnit) ? 1000n : 60n));
  return values;
}

/** The next order on a pump in `area` for the patient in front of it. */
export function nextOrder(
  library: CanonicalLibrary,
  area: CanonicalCareArea,
  patient: Patient,
  options: WorkloadOptions,
  random: FleetRandom,
): Order {
  const entries = entriesFor(library, area.id);
  if (entries.length === 0 || (area.basicInfusionAllowed && random.chance(options.basicRate)))
    return basicOrder(area, patient, random);
  const entry = random.weighted(
    entries.map((e) => [e, (e.infusionType === InfusionType.FLUID ? 3 : 2) * (e.highAlert ? 0.8 : 1)] as const),
  );
  const concentrations = entry.infusionType === InfusionType.FLUID ? [0xff] : fixedConcentrations(entry);
  const concentrationIndex = random.pick(concentrations);
  const order = prescribe(entry, concentrationIndex, patient, random, random.chance(options.nuisanceRate));
  const base: Order = {
    careAreaId: area.id,
    entryId: entry.id,
    concentrationIndex,
    typedConcentrationIndex: concentrationIndex,
    weightG: patient.weightG,
    typedWeightG: patient.weightG,
    bsaM2X10000: patient.bsaM2X10000,
    intended: order.values,
    typed: order.values,
    nuisance: order.nuisance,
    durationMs: order.durationMs,
  };
  if (!random.chance(options.errorRate)) return base;
  const kind = random.pick(applicableErrors(entry, order.values));
  base.error = kind;
  base.typed = mistype(kind, entry, order.values);
  if (kind === "WRONG_WEIGHT") base.typedWeightG = Math.round((patient.weightG * 22_046) / 10_000); // pounds keyed as kg
  if (kind === "WRONG_CONCENTRATION")
    base.typedConcentrationIndex = random.pick(concentrations.filter((c) => c !== concentrationIndex));
  return base;
}
