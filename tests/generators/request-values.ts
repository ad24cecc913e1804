// Builds one EngineRequest for a library from a tape: which entry, area, concentration and mode,
// and values placed at (or one unit beside) the limits that value meets, directly or after the
// unit conversion of docs/units.md.
import type {
  CanonicalCareArea,
  CanonicalConcentration,
  CanonicalEntry,
  CanonicalLibrary,
  TierValues,
} from "../../hil/library/compiler/canonical.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import {
  BASIS_SCALE,
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_AGE_DAYS,
  MAX_WEIGHT_G,
  NO_CONCENTRATION,
} from "./bounds.ts";
import type { Tape } from "./tape.ts";

/** PATIENT_BAND record kind (docs/library-image.md §10). */
const PATIENT_BAND = 28;
const RATE = 1;
const DOSE = 2;
const DURATION = 3;
const FLUID = 2;
const INTERMITTENT = 1;
const PCA = 3;
const PCA_WINDOWS = [3_600n, 14_400n];
const PCA_MAX_LOCKOUT_S = 86_400n;
const PCA_MAX_DOSES_PER_HOUR = 60n;

const tierList = (tiers: TierValues | undefined): bigint[] =>
  tiers === undefined
    ? []
    : [tiers.hardMin, tiers.softMin, tiers.softMax, tiers.hardMax].filter((v): v is bigint => v !== undefined);
const present = (...values: (bigint | undefined)[]): bigint[] => values.filter((v): v is bigint => v !== undefined);

/** Near one of the candidates most of the time, else anywhere in 0..max by magnitude. */
function choose(tape: Tape, candidates: bigint[], max: bigint): bigint {
  // Candidates a request cannot carry would only ever give VALUE_OUT_OF_RANGE; ±1 still reaches 0 and max + 1.
  const usable = candidates.filter((v) => v >= 1n && v <= max);
  if (usable.length > 0 && tape.chance(80)) return tape.near(tape.pick(usable));
  return tape.chance(3) ? tape.pick([0n, 1n, max, max + 1n]) : 1n + tape.magnitude(max - 1n);
}

/** floor(n/d) and the next integer: the two whole values around an exact rational. */
function around(n: bigint, d: bigint): bigint[] {
  if (d === 0n) return [];
  const floor = n / d;
  return [floor, floor + 1n];
}

interface Conversion {
  amountAbu: bigint;
  volumeUl: bigint;
  basisScale: bigint;
  patientBasis: bigint;
}

export function buildEngineRequest(library: CanonicalLibrary, tape: Tape): EngineRequest {
  const entry = library.entries.length > 0 && tape.chance(95) ? tape.pick(library.entries) : undefined;
  const request: EngineRequest = {
    entryId: entry?.id ?? unknownEntryId(library, tape),
    careAreaId: pickAreaId(library, entry, tape),
    concentrationIndex: pickConcentrationIndex(entry, tape),
    mode: pickMode(entry, tape),
  };
  const area = library.careAreas.find((a) => a.id === request.careAreaId);
  const concentration = entry?.concentrations[request.concentrationIndex];
  // Values aim at the limits that apply: a concentration's override records replace the entry's.
  const limitsOf = withOverrides(entry, concentration);
  if (concentration?.kind === 1 || tape.chance(2)) setCustom(request, concentration, tape);
  const basis = entry?.doseBasis ?? 0;
  // Issue 11 §3: an entry's patient band draws the weight and the age to its bounds ±1.
  const band = entry?.records?.find((r) => r.kind === PATIENT_BAND);
  const bandValues = (low: number): bigint[] =>
    band === undefined
      ? []
      : [low, low + 1].filter((bit) => (band.mask & (1 << bit)) !== 0).map((bit) => band.values[bit]);
  if (basis === 1 || tape.chance(band === undefined ? 20 : 85))
    request.weightG = choose(tape, [...tierList(area?.weightG), ...bandValues(0)], MAX_WEIGHT_G);
  if (tape.chance(band === undefined ? 10 : 85)) {
    const ages = bandValues(2);
    const age =
      ages.length > 0 && tape.chance(80)
        ? tape.near(tape.pick(ages))
        : tape.pick([0n, 1n, MAX_AGE_DAYS, MAX_AGE_DAYS + 1n, tape.magnitude(MAX_AGE_DAYS)]);
    request.ageDays = age < 0n ? 0n : age;
  }
  if (basis === 2 || tape.chance(20)) request.bsaM2X10000 = choose(tape, tierList(area?.bsaM2X10000), MAX_BSA_M2X10000);
  if (request.mode === DURATION || entry?.infusionType === INTERMITTENT || tape.chance(40)) {
    request.vtbiUl = choose(tape, [...tierList(limitsOf?.limits.vtbi), ...present(area?.maxVtbiUl)], MAX_VOLUME_UL);
  }
  setProgrammedValue(request, limitsOf, area, conversionOf(request, entry, concentration), tape);
  const conversion = conversionOf(request, entry, concentration);
  setDoseAmount(request, entry, concentration, conversion, tape);
  // Line access (feature 7): peripheral, central, or not given (then asked for when it decides).
  if (tape.chance(92)) request.lineAccess = tape.chance(95) ? tape.pick([1n, 2n]) : choose(tape, [1n, 2n], 2n);
  if (tape.chance(25))
    request.bolusDose = choose(
      tape,
      doseCandidates(tape, request, limitsOf, conversion, "bolusDose", "bolusDoseAbsolute"),
      MAX_LIMIT_VALUE,
    );
  if (tape.chance(25))
    request.bolusRateUlPerHour = choose(
      tape,
      tape.chance(50)
        ? tierList(limitsOf?.limits.bolusRate)
        : bolusRatesFromDoseRates(entry, concentration, conversion),
      MAX_RATE_UL_PER_HOUR,
    );
  if (tape.chance(25))
    request.loadingDose = choose(
      tape,
      doseCandidates(tape, request, limitsOf, conversion, "loadingDose", "loadingDoseAbsolute"),
      MAX_LIMIT_VALUE,
    );
  // Issue 15: the PCA block on (almost) every PCA request, rarely on another entry's.
  if (tape.chance(entry?.infusionType === PCA ? 95 : 3)) setPcaBlock(request, entry, concentration, conversion, tape);
  if (tape.chance(4)) dropOneField(request, tape);
  if (tape.chance(3)) addProgrammedField(request, tape);
  return request;
}

/** The tiers of the effective record of `kind`: the concentration's own, else the entry's. */
function recordTiers(
  entry: CanonicalEntry | undefined,
  concentration: CanonicalConcentration | undefined,
  kind: number,
): bigint[] {
  const record = concentration?.records?.find((r) => r.kind === kind) ?? entry?.records?.find((r) => r.kind === kind);
  if (record === undefined) return [];
  return record.values.filter((_, i) => (record.mask & (1 << i)) !== 0);
}

/**
 * Issue 15 (docs/abi.md §4.1): bit 14 (the window, 3,600 or 14,400 s, rarely another value) and the
 * PCA block, each value at a tier of its effective record ±1; the window maximum also at the basal's
 * amount over the window ±1 (parameter 28); sometimes no basal at all (a rate or dose of 0, decision 0044).
 */
function setPcaBlock(
  request: EngineRequest,
  entry: CanonicalEntry | undefined,
  concentration: CanonicalConcentration | undefined,
  conversion: Conversion | undefined,
  tape: Tape,
): void {
  const windowS = tape.chance(96) ? tape.pick(PCA_WINDOWS) : choose(tape, PCA_WINDOWS, 14_400n);
  request.pcaWindowS = windowS;
  if (tape.chance(15)) {
    if (request.mode === RATE) request.rateUlPerHour = 0n;
    if (request.mode === DOSE) request.dose = 0n;
  }
  const windowKind = windowS === 3_600n ? LimitKind.PCA_WINDOW_MAX_1H : LimitKind.PCA_WINDOW_MAX_4H;
  const rate = request.rateUlPerHour;
  const basalInWindow =
    conversion !== undefined && rate !== undefined
      ? around(rate * conversion.amountAbu * windowS, conversion.volumeUl * 3_600n)
      : [];
  const tiers = (kind: number) => recordTiers(entry, concentration, kind);
  request.pca = {
    doseAbu: choose(tape, tiers(LimitKind.PCA_DOSE), MAX_LIMIT_VALUE),
    lockoutS: choose(tape, tiers(LimitKind.PCA_LOCKOUT), PCA_MAX_LOCKOUT_S),
    maxDosesPerHour: choose(tape, tiers(LimitKind.PCA_MAX_DOSES_PER_HOUR), PCA_MAX_DOSES_PER_HOUR),
    clinicianBolusAbu: tape.chance(30) ? 0n : choose(tape, tiers(LimitKind.PCA_CLINICIAN_BOLUS), MAX_LIMIT_VALUE),
    windowMaxAbu: choose(tape, tape.chance(50) ? tiers(windowKind) : basalInWindow, MAX_LIMIT_VALUE),
  };
}

/**
 * Amount programming (docs/engine.md §3, decision 0019): for an intermittent drug, often an amount
 * per dose instead of the VTBI — at the per-dose tiers (the concentration's record, else the
 * entry's), at the absolute per-dose tiers and the VTBI tiers converted to an amount per basis, ±1.
 * Rarely an amount where it does not belong (another entry, or next to a VTBI).
 */
function setDoseAmount(
  request: EngineRequest,
  entry: CanonicalEntry | undefined,
  concentration: CanonicalConcentration | undefined,
  conversion: Conversion | undefined,
  tape: Tape,
): void {
  if (entry?.infusionType === INTERMITTENT && tape.chance(40)) {
    const kindTiers = (kind: LimitKind): bigint[] => {
      const own = concentration?.records?.find((r) => r.kind === kind) ?? entry.records?.find((r) => r.kind === kind);
      return own === undefined ? [] : own.values.filter((_, slot) => (own.mask >> slot) & 1);
    };
    const fromAbsolute = conversion
      ? kindTiers(LimitKind.DOSE_PER_ADMIN_ABSOLUTE).flatMap((a) =>
          around(a * conversion.basisScale, conversion.patientBasis),
        )
      : [];
    const fromVtbi = conversion
      ? [...tierList(entry.limits.vtbi), MAX_VOLUME_UL, 1n].flatMap((v) =>
          around(v * conversion.amountAbu * conversion.basisScale, conversion.volumeUl * conversion.patientBasis),
        )
      : [];
    const pool = tape.pick([kindTiers(LimitKind.DOSE_PER_ADMIN), fromAbsolute, fromVtbi]);
    request.doseAmount = choose(tape, pool, MAX_LIMIT_VALUE);
    if (!tape.chance(3)) delete request.vtbiUl;
  } else if (tape.chance(2)) {
    request.doseAmount = choose(tape, [], MAX_LIMIT_VALUE);
  }
}

/** Bolus rates at the tiers of the effective BOLUS_DOSE_RATE / LOADING_DOSE_RATE records (feature 5), ±1. */
function bolusRatesFromDoseRates(
  entry: CanonicalEntry | undefined,
  concentration: CanonicalConcentration | undefined,
  conversion: Conversion | undefined,
): bigint[] {
  if (entry === undefined || conversion === undefined) return [];
  return [LimitKind.BOLUS_DOSE_RATE, LimitKind.LOADING_DOSE_RATE].flatMap((kind) => {
    const r = concentration?.records?.find((x) => x.kind === kind) ?? entry.records?.find((x) => x.kind === kind);
    if (r === undefined) return [];
    return r.values
      .filter((_, slot) => (r.mask >> slot) & 1)
      .flatMap((d) =>
        around(d * conversion.volumeUl * conversion.patientBasis, conversion.amountAbu * conversion.basisScale),
      );
  });
}

/** EntryLimit order: override record kind k replaces entry limit k − 1 (docs/library-image.md §10). */
const OVERRIDE_KEYS = [
  "dose",
  "rate",
  "duration",
  "vtbi",
  "bolusDose",
  "bolusRate",
  "loadingDose",
  "doseAbsolute",
  "bolusDoseAbsolute",
  "bolusDuration",
  "loadingDoseAbsolute",
] as const;

function withOverrides(
  entry: CanonicalEntry | undefined,
  concentration: CanonicalConcentration | undefined,
): CanonicalEntry | undefined {
  const records = concentration?.records ?? [];
  if (entry === undefined || records.length === 0) return entry;
  const limits = { ...entry.limits };
  for (const r of records) {
    const key = OVERRIDE_KEYS[r.kind - 1];
    if (key === undefined) continue;
    const [hardMin, softMin, softMax, hardMax] = r.values.map((v, slot) => ((r.mask >> slot) & 1 ? v : undefined));
    limits[key] = { hardMin, softMin, softMax, hardMax };
  }
  return { ...entry, limits };
}

function unknownEntryId(library: CanonicalLibrary, tape: Tape): number {
  const taken = new Set(library.entries.map((e) => e.id));
  const candidates = [0, 0x7fffffff, 0xffffffff, tape.word(), ...library.entries.map((e) => e.id + 1)];
  return candidates.find((id) => !taken.has(id) && tape.chance(50)) ?? 0;
}

function pickAreaId(library: CanonicalLibrary, entry: CanonicalEntry | undefined, tape: Tape): number {
  const roll = tape.below(100);
  if (entry !== undefined && roll < 85) return tape.pick(entry.careAreaIds);
  if (roll < 95) return tape.pick(library.careAreas).id;
  return tape.below(256);
}

function pickConcentrationIndex(entry: CanonicalEntry | undefined, tape: Tape): number {
  const count = entry?.concentrations.length ?? 0;
  if (tape.chance(94)) return count === 0 ? NO_CONCENTRATION : tape.below(count);
  return tape.pick([NO_CONCENTRATION, count, 0, tape.below(256)]);
}

function pickMode(entry: CanonicalEntry | undefined, tape: Tape): number {
  if (tape.chance(3)) return tape.pick([0, 4, tape.below(256)]);
  if (entry?.infusionType === FLUID) return tape.chance(5) ? DOSE : tape.pick([RATE, DURATION]);
  return tape.pick([RATE, DOSE, DURATION]);
}

/** Custom amount and volume whose concentration (amount × 1000 / volume) lands on a limit ± a hair. */
function setCustom(request: EngineRequest, concentration: CanonicalConcentration | undefined, tape: Tape): void {
  const limits = tierList(concentration?.limits);
  if (limits.length > 0 && tape.chance(75)) {
    const perMl = tape.pick(limits);
    // Keep the amount within MAX_AMOUNT_ABU where the limit allows, else it is only a range error.
    const fitting = perMl === 0n ? 9_999n : MAX_AMOUNT_ABU / perMl;
    const millilitres = 1n + BigInt(tape.below(Number(fitting < 1n ? 1n : fitting > 9_999n ? 9_999n : fitting)));
    request.customVolumeUl = millilitres * 1_000n;
    // ± one ABU moves the concentration by 1/millilitres ABU/mL; ± millilitres by a whole ABU/mL.
    request.customAmountAbu = perMl * millilitres + tape.pick([0n, 1n, -1n, millilitres, -millilitres]);
  } else {
    request.customAmountAbu = tape.magnitude(MAX_AMOUNT_ABU);
    request.customVolumeUl = tape.magnitude(MAX_VOLUME_UL);
  }
  if (tape.chance(3)) delete request.customVolumeUl;
}

/**
 * Bolus or loading doses near their own tiers, or near where their absolute amount dose × W / B
 * meets the per-dose cap, or (with an hour of the programmed rate, when known) the hourly cap.
 */
function doseCandidates(
  tape: Tape,
  request: EngineRequest,
  entry: CanonicalEntry | undefined,
  conversion: Conversion | undefined,
  key: "bolusDose" | "loadingDose",
  absoluteKey: "bolusDoseAbsolute" | "loadingDoseAbsolute",
): bigint[] {
  const own = tierList(entry?.limits[key]);
  if (conversion === undefined || tape.chance(50)) return own;
  const { basisScale: B, patientBasis: W, amountAbu, volumeUl } = conversion;
  const perDose = tierList(entry?.limits[absoluteKey]).flatMap((a) => around(a * B, W));
  const basal = request.rateUlPerHour ?? 0n;
  const hourly = tierList(entry?.limits.doseAbsolute).flatMap((a) =>
    around((a * volumeUl - basal * amountAbu) * B, W * volumeUl),
  );
  return [...perDose, ...hourly];
}

function conversionOf(
  request: EngineRequest,
  entry: CanonicalEntry | undefined,
  c: CanonicalConcentration | undefined,
): Conversion | undefined {
  if (entry === undefined || c === undefined) return undefined;
  const amountAbu = c.kind === 1 ? request.customAmountAbu : c.amountAbu;
  const volumeUl = c.kind === 1 ? request.customVolumeUl : c.volumeUl;
  const patientBasis = [1n, request.weightG, request.bsaM2X10000][entry.doseBasis];
  if (!amountAbu || !volumeUl || !patientBasis) return undefined;
  return { amountAbu, volumeUl, basisScale: BASIS_SCALE[entry.doseBasis], patientBasis };
}

function setProgrammedValue(
  request: EngineRequest,
  entry: CanonicalEntry | undefined,
  area: CanonicalCareArea | undefined,
  conversion: Conversion | undefined,
  tape: Tape,
): void {
  const rateLimits = [...tierList(entry?.limits.rate), ...present(area?.maxRateUlPerHour)];
  const doseLimits = tierList(entry?.limits.dose);
  const absoluteLimits = tierList(entry?.limits.doseAbsolute);
  const vtbi = request.vtbiUl ?? 0n;
  if (request.mode === DOSE) {
    const fromRates = conversion
      ? rateLimits.flatMap((r) =>
          around(r * conversion.amountAbu * conversion.basisScale, conversion.volumeUl * conversion.patientBasis),
        )
      : [];
    const fromAbsolute = conversion
      ? absoluteLimits.flatMap((a) => around(a * conversion.basisScale, conversion.patientBasis))
      : [];
    request.dose = choose(tape, tape.chance(50) ? doseLimits : [...fromRates, ...fromAbsolute], MAX_LIMIT_VALUE);
  } else if (request.mode === DURATION) {
    const fromRates = [...rateLimits, MAX_RATE_UL_PER_HOUR, 1n].flatMap((r) => around(vtbi * 3_600n, r));
    request.durationS = choose(tape, tape.chance(50) ? tierList(entry?.limits.duration) : fromRates, MAX_DURATION_S);
  } else {
    const fromDoses = conversion
      ? doseLimits.flatMap((d) =>
          around(d * conversion.volumeUl * conversion.patientBasis, conversion.amountAbu * conversion.basisScale),
        )
      : [];
    const fromAbsolute = conversion
      ? absoluteLimits.flatMap((a) => around(a * conversion.volumeUl, conversion.amountAbu))
      : [];
    const fromDurations = vtbi > 0n ? tierList(entry?.limits.duration).flatMap((t) => around(vtbi * 3_600n, t)) : [];
    const pool = tape.pick([rateLimits, [...fromDoses, ...fromAbsolute], fromDurations]);
    request.rateUlPerHour = choose(tape, pool, MAX_RATE_UL_PER_HOUR);
  }
}

const OPTIONAL_FIELDS = [
  "rateUlPerHour",
  "dose",
  "durationS",
  "vtbiUl",
  "weightG",
  "bsaM2X10000",
  "ageDays",
  "customAmountAbu",
  "customVolumeUl",
] as const;

function dropOneField(request: EngineRequest, tape: Tape): void {
  delete request[tape.pick(OPTIONAL_FIELDS)];
}

function addProgrammedField(request: EngineRequest, tape: Tape): void {
  const field = tape.pick(["rateUlPerHour", "dose", "durationS"] as const);
  request[field] ??= 1n + tape.magnitude(1_000_000n);
}
