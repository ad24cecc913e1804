// Seeded synthetic libraries and requests for the benchmark: realistic shapes (weight-based drips,
// intermittent antibiotics, fluids, custom concentrations), deterministic for a given seed.
import {
  AmountUnit,
  ConcentrationKind,
  DoseBasis,
  InfusionType,
  LibraryStatus,
  Mode,
  NO_CONCENTRATION,
  TimeUnit,
} from "../../firmware/abi/codes.ts";
import type { CanonicalEntry, CanonicalLibrary, TierValues } from "../../hil/library/compiler/canonical.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";

/** mulberry32: small, fast, good enough to spread benchmark inputs; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EMPTY: TierValues = {};
const AREA_COUNT = 8;

function tiers(center: bigint): TierValues {
  return { hardMin: center / 10n, softMin: center / 2n, softMax: center * 2n, hardMax: center * 5n };
}

function makeEntry(id: number, rnd: () => number): CanonicalEntry {
  const kind = rnd();
  const careAreaIds = [...new Set([Math.floor(rnd() * AREA_COUNT), Math.floor(rnd() * AREA_COUNT)])].sort(
    (a, b) => a - b,
  );
  const limits = {
    dose: EMPTY,
    rate: tiers(50_000n),
    duration: EMPTY,
    vtbi: { hardMax: 5_000_000n },
    bolusDose: EMPTY,
    bolusRate: EMPTY,
    loadingDose: EMPTY,
    doseAbsolute: EMPTY,
  };
  if (kind < 0.15) {
    return {
      id,
      name: `fluid ${id}`,
      infusionType: InfusionType.FLUID,
      doseBasis: DoseBasis.NONE,
      highAlert: false,
      careAreaIds,
      doseAmountUnit: AmountUnit.NONE,
      doseTimeUnit: TimeUnit.NONE,
      advisory: "",
      limits,
      concentrations: [],
    };
  }
  const weightBased = kind < 0.7;
  const amountAbu = BigInt(1 + Math.floor(rnd() * 500)) * 1_000_000_000n; // 1–500 mg
  const volumeUl = BigInt(50 + Math.floor(rnd() * 450)) * 1_000n;
  // Centre the dose range on what 20 mL/h gives a 70 kg patient, so requests land on every side.
  const centerDose = weightBased
    ? (20_000n * amountAbu * 1000n) / (volumeUl * 70_000n)
    : (20_000n * amountAbu) / volumeUl;
  const intermittent = kind > 0.9;
  return {
    id,
    name: `drug ${id}`,
    infusionType: intermittent ? InfusionType.INTERMITTENT : InfusionType.CONTINUOUS,
    doseBasis: weightBased ? DoseBasis.WEIGHT : DoseBasis.NONE,
    highAlert: rnd() < 0.3,
    careAreaIds,
    doseAmountUnit: AmountUnit.MG,
    doseTimeUnit: TimeUnit.PER_HOUR,
    advisory: rnd() < 0.2 ? "Double check with a second RN" : "",
    limits: {
      ...limits,
      dose: tiers(centerDose),
      duration: intermittent ? { hardMin: 1_800n, softMin: 3_600n } : EMPTY,
      doseAbsolute: weightBased ? { hardMax: centerDose * 500n } : EMPTY,
    },
    concentrations: [
      { kind: ConcentrationKind.FIXED, amountUnit: AmountUnit.MG, amountAbu, volumeUl, limits: EMPTY },
      ...(rnd() < 0.2
        ? [
            {
              kind: ConcentrationKind.CUSTOM,
              amountUnit: AmountUnit.MG,
              amountAbu: 0n,
              volumeUl: 0n,
              limits: { hardMin: 1_000_000n, hardMax: 100_000_000_000n },
            },
          ]
        : []),
    ],
  };
}

export function makeSyntheticLibrary(entryCount: number, seed: number): CanonicalLibrary {
  const rnd = seededRandom(seed);
  const careAreas = Array.from({ length: AREA_COUNT }, (_, id) => ({
    id,
    code: `AREA${id}`,
    name: `Care area ${id}`,
    basicInfusionAllowed: id % 2 === 0,
    maxRateUlPerHour: 999_000n,
    maxVtbiUl: 9_999_000n,
    weightG: { hardMin: 500n, softMin: 3_000n, softMax: 150_000n, hardMax: 350_000n },
    bsaM2X10000: EMPTY,
  }));
  const entries = Array.from({ length: entryCount }, (_, i) => makeEntry(1000 + 3 * i, rnd));
  return { name: `Synthetic ${entryCount}`, version: 1, status: LibraryStatus.RELEASED, careAreas, entries };
}

/** Mostly valid requests spread around every entry's limits. */
export function makeRequests(library: CanonicalLibrary, count: number, seed: number): EngineRequest[] {
  const rnd = seededRandom(seed);
  const out: EngineRequest[] = [];
  for (let i = 0; i < count; i++) {
    const entry = library.entries[Math.floor(rnd() * library.entries.length)];
    const careAreaId = entry.careAreaIds[Math.floor(rnd() * entry.careAreaIds.length)];
    const fluid = entry.concentrations.length === 0;
    const concentrationIndex = fluid ? NO_CONCENTRATION : Math.floor(rnd() * entry.concentrations.length);
    const custom = !fluid && entry.concentrations[concentrationIndex].kind === ConcentrationKind.CUSTOM;
    const request: EngineRequest = {
      entryId: entry.id,
      careAreaId,
      concentrationIndex,
      mode: Mode.RATE,
      rateUlPerHour: BigInt(100 + Math.floor(rnd() * 200_000)),
      vtbiUl: BigInt(10_000 + Math.floor(rnd() * 990_000)),
      weightG: BigInt(2_000 + Math.floor(rnd() * 150_000)),
    };
    if (custom) {
      request.customAmountAbu = BigInt(1 + Math.floor(rnd() * 1000)) * 1_000_000_000n;
      request.customVolumeUl = BigInt(50 + Math.floor(rnd() * 450)) * 1_000n;
    }
    if (!fluid && rnd() < 0.3) {
      delete request.rateUlPerHour;
      request.mode = Mode.DOSE;
      const center = entry.limits.dose.softMin ?? 1_000_000n;
      request.dose = (center * BigInt(1 + Math.floor(rnd() * 400))) / 100n;
    }
    out.push(request);
  }
  return out;
}
