// arbCanonicalLibrary: random libraries that satisfy every rule of docs/library-image.md, so the
// encoder can always build them and the engine must always activate them.
import fc from "fast-check";
import {
  tierRecord,
  type CanonicalCareArea,
  type CanonicalConcentration,
  type CanonicalEntry,
  type CanonicalLibrary,
  type CanonicalLimitRecord,
  type EntryLimits,
  type TierValues,
} from "../../hil/library/compiler/canonical.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import {
  BASIS_SCALE,
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_TITRATION_STEP_PERCENT,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
} from "./bounds.ts";
import { arbText } from "./text.ts";
import { arbMagnitude, arbTiers } from "./tiers.ts";

export interface LibraryOptions {
  /** 1..64; default 4. */
  maxCareAreas?: number;
  /** Default 6 (0 entries is allowed by the format and generated too). */
  maxEntries?: number;
  /** 1..16; default 3. */
  maxConcentrations?: number;
}

type Infusion = CanonicalEntry["infusionType"];
type Basis = CanonicalEntry["doseBasis"];
const CONTINUOUS = 0 as Infusion;
const FLUID = 2 as Infusion;
const NO_TIERS: TierValues = {};

/**
 * The options docs/library-image.md §4 allows for this infusion type: a secondary permission on
 * an intermittent or fluid entry, a titration step limit (often none, often 1 or 1,000) on a
 * continuous one.
 */
function infusionOptions(infusionType: Infusion): {
  [K in "secondaryAllowed" | "maxTitrationStepPercent"]?: fc.Arbitrary<CanonicalEntry[K]>;
} {
  if (infusionType !== CONTINUOUS) return { secondaryAllowed: fc.boolean() };
  const step = fc.oneof(
    fc.integer({ min: 1, max: MAX_TITRATION_STEP_PERCENT }),
    fc.constantFrom(1, 25, 50, MAX_TITRATION_STEP_PERCENT),
  );
  return { maxTitrationStepPercent: fc.option(step, { nil: undefined }) };
}

export function arbCanonicalLibrary(options: LibraryOptions = {}): fc.Arbitrary<CanonicalLibrary> {
  const { maxCareAreas = 4, maxEntries = 6, maxConcentrations = 3 } = options;
  const areaIds = fc
    .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 63 }), fc.constantFrom(0, 63)), {
      minLength: 1,
      maxLength: Math.min(64, maxCareAreas),
    })
    .map((ids) => [...ids].sort((a, b) => a - b));
  const entryId = fc.oneof(
    fc.integer({ min: 1, max: 50 }),
    fc.integer({ min: 1, max: 0x7fffffff }),
    fc.constant(0x7fffffff),
  );
  // An empty library is valid but rarely interesting: one in twenty.
  const entryIds = fc
    .oneof(
      { weight: 19, arbitrary: fc.uniqueArray(entryId, { minLength: 1, maxLength: Math.max(1, maxEntries) }) },
      { weight: 1, arbitrary: fc.constant([]) },
    )
    .map((ids) => [...ids].sort((a, b) => a - b));
  return fc.tuple(areaIds, entryIds).chain(([areas, entries]) =>
    fc.record({
      name: arbText(1, 32),
      version: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.constant(0x7fffffff)),
      status: fc.constantFrom(0, 1, 2) as fc.Arbitrary<CanonicalLibrary["status"]>,
      careAreas: fc.tuple(...areas.map(arbCareArea)),
      entries: fc.tuple(...entries.map((id) => arbEntry(id, areas, maxConcentrations))),
    }),
  );
}

function arbCareArea(id: number): fc.Arbitrary<CanonicalCareArea> {
  return fc.record(
    {
      id: fc.constant(id),
      code: fc.constant(`CA${id}`),
      name: arbText(1, 255),
      basicInfusionAllowed: fc.boolean(),
      maxRateUlPerHour: arbMagnitude(MAX_RATE_UL_PER_HOUR, 1n),
      maxVtbiUl: arbMagnitude(MAX_VOLUME_UL, 1n),
      weightG: optionalTiers(fc.oneof(arbTiers(MAX_WEIGHT_G), arbTiers(MAX_WEIGHT_G, { anchor: 70_000n }))),
      bsaM2X10000: optionalTiers(fc.oneof(arbTiers(MAX_BSA_M2X10000), arbTiers(MAX_BSA_M2X10000, { anchor: 17_300n }))),
    },
    { requiredKeys: ["id", "code", "name", "basicInfusionAllowed", "weightG", "bsaM2X10000"] },
  );
}

const optionalTiers = (tiers: fc.Arbitrary<TierValues>): fc.Arbitrary<TierValues> =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(NO_TIERS) }, { weight: 3, arbitrary: tiers });

function arbEntry(id: number, areaIds: number[], maxConcentrations: number): fc.Arbitrary<CanonicalEntry> {
  const common = {
    id: fc.constant(id),
    name: arbText(1, 255),
    highAlert: fc.boolean(),
    careAreaIds: fc.subarray(areaIds, { minLength: 1 }),
    advisory: fc.oneof(fc.constant(""), arbText(1, 1024)),
  };
  const type = fc.constantFrom<Infusion[]>(0 as Infusion, 0 as Infusion, 1 as Infusion, FLUID);
  return type.chain((infusionType) => {
    if (infusionType === FLUID) {
      return fc.record({
        ...common,
        infusionType: fc.constant(infusionType),
        ...infusionOptions(infusionType),
        doseBasis: fc.constant(0 as Basis),
        doseAmountUnit: fc.constant(0 as CanonicalEntry["doseAmountUnit"]),
        doseTimeUnit: fc.constant(0 as CanonicalEntry["doseTimeUnit"]),
        limits: arbLimits(false, undefined),
        concentrations: fc.constant([]),
      });
    }
    const concentrations = fc.array(arbConcentration(), { minLength: 1, maxLength: Math.min(16, maxConcentrations) });
    return fc
      .tuple(fc.constantFrom<Basis[]>(0 as Basis, 1 as Basis, 2 as Basis), concentrations)
      .chain(([doseBasis, concs]) =>
        fc
          .record({
            ...common,
            infusionType: fc.constant(infusionType),
            ...infusionOptions(infusionType),
            doseBasis: fc.constant(doseBasis),
            doseAmountUnit: fc.integer({ min: 1, max: 8 }) as fc.Arbitrary<CanonicalEntry["doseAmountUnit"]>,
            doseTimeUnit: fc.constantFrom(1, 2) as fc.Arbitrary<CanonicalEntry["doseTimeUnit"]>,
            limits: arbLimits(true, typicalDose(concs[0], doseBasis)),
            concentrations: fc.constant(concs),
          })
          .chain((entry) =>
            // Issue 11: a cumulative limit (record kind 21) on some drug entries, its tiers around one
            // window of a 50 mL/h program so generated requests land on both sides of them.
            arbCumulativeRecord(concs[0]).map((record) =>
              record === undefined ? entry : { ...entry, records: [record] },
            ),
          ),
      );
  });
}

/** Windows of the cumulative limit (s): the usual 1 h, 4 h, 24 h and the bounds, or any whole minute. */
const arbWindowS = fc.oneof(
  fc.constantFrom(60, 3_600, 14_400, 86_400),
  fc.integer({ min: 1, max: 1_440 }).map((minutes) => minutes * 60),
);

/** A CUMULATIVE record (SMAX and/or HMAX, the window as its argument) or none. */
function arbCumulativeRecord(concentration: CanonicalConcentration): fc.Arbitrary<CanonicalLimitRecord | undefined> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: arbWindowS.chain((windowS) => {
        const anchor =
          concentration.volumeUl === 0n
            ? undefined
            : (50_000n * BigInt(windowS) * concentration.amountAbu) / (3_600n * concentration.volumeUl);
        const tiers =
          anchor === undefined || anchor < 1n || anchor > MAX_LIMIT_VALUE
            ? arbTiers(MAX_LIMIT_VALUE, { allowed: ["softMax", "hardMax"] })
            : fc.oneof(
                arbTiers(MAX_LIMIT_VALUE, { allowed: ["softMax", "hardMax"] }),
                arbTiers(MAX_LIMIT_VALUE, { allowed: ["softMax", "hardMax"], anchor }),
              );
        return tiers.map((t) =>
          t.softMax === undefined && t.hardMax === undefined
            ? undefined
            : tierRecord(LimitKind.CUMULATIVE, { softMax: t.softMax, hardMax: t.hardMax }, windowS),
        );
      }),
    },
  );
}

/** The dose of a 50 mL/h infusion for a 70 kg / 1.73 m² patient: an anchor for realistic tiers. */
function typicalDose(concentration: CanonicalConcentration, basis: Basis): bigint | undefined {
  if (concentration.volumeUl === 0n) return undefined;
  const patientBasis = [1n, 70_000n, 17_300n][basis];
  const dose = (50_000n * concentration.amountAbu * BASIS_SCALE[basis]) / (concentration.volumeUl * patientBasis);
  return dose >= 1n && dose <= MAX_LIMIT_VALUE ? dose : undefined;
}

function arbLimits(hasConcentration: boolean, doseAnchor: bigint | undefined): fc.Arbitrary<EntryLimits> {
  const drugOnly = (tiers: fc.Arbitrary<TierValues>): fc.Arbitrary<TierValues> =>
    hasConcentration ? optionalTiers(tiers) : fc.constant(NO_TIERS);
  const dose =
    doseAnchor === undefined
      ? arbTiers(MAX_LIMIT_VALUE)
      : fc.oneof(arbTiers(MAX_LIMIT_VALUE), arbTiers(MAX_LIMIT_VALUE, { anchor: doseAnchor }));
  return fc.record({
    dose: drugOnly(dose),
    rate: optionalTiers(fc.oneof(arbTiers(MAX_RATE_UL_PER_HOUR), arbTiers(MAX_RATE_UL_PER_HOUR, { anchor: 50_000n }))),
    duration: optionalTiers(arbTiers(MAX_DURATION_S)),
    vtbi: optionalTiers(arbTiers(MAX_VOLUME_UL)),
    bolusDose: drugOnly(arbTiers(MAX_LIMIT_VALUE)),
    bolusRate: optionalTiers(arbTiers(MAX_RATE_UL_PER_HOUR)),
    loadingDose: drugOnly(arbTiers(MAX_LIMIT_VALUE)),
    doseAbsolute: drugOnly(arbTiers(MAX_LIMIT_VALUE, { allowed: ["hardMax"] })),
    // Format 2 (docs/library-image.md §4): absent in some entries, so both the per-dose cap and the hourly fallback are reached.
    bolusDoseAbsolute: drugOnly(arbTiers(MAX_LIMIT_VALUE)),
    loadingDoseAbsolute: drugOnly(arbTiers(MAX_LIMIT_VALUE)),
    bolusDuration: drugOnly(arbTiers(MAX_DURATION_S)),
  });
}

function arbConcentration(): fc.Arbitrary<CanonicalConcentration> {
  const amountUnit = fc.integer({ min: 1, max: 8 }) as fc.Arbitrary<CanonicalConcentration["amountUnit"]>;
  const fixed = fc.record({
    kind: fc.constant(0 as CanonicalConcentration["kind"]),
    amountUnit,
    // Either any magnitude or a clinical-looking whole number of mg-ish amounts.
    amountAbu: fc.oneof(
      arbMagnitude(MAX_AMOUNT_ABU, 1n),
      fc.integer({ min: 1, max: 1_000 }).map((n) => BigInt(n) * 1_000_000_000n),
    ),
    volumeUl: fc.oneof(
      arbMagnitude(MAX_VOLUME_UL, 1n),
      fc.constantFrom(50_000n, 100_000n, 250_000n, 500_000n, 1_000_000n),
    ),
    limits: fc.constant(NO_TIERS),
  });
  const custom = fc.record({
    kind: fc.constant(1 as CanonicalConcentration["kind"]),
    amountUnit,
    amountAbu: fc.constant(0n),
    volumeUl: fc.constant(0n),
    limits: arbTiers(MAX_LIMIT_VALUE, { required: ["hardMin"] }),
  });
  return fc.oneof({ weight: 4, arbitrary: fixed }, { weight: 1, arbitrary: custom });
}
