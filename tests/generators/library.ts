// arbCanonicalLibrary: random libraries that satisfy every rule of docs/library-image.md, so the
// encoder can always build them and the engine must always activate them.
import fc from "fast-check";
import {
  advisoryRecord,
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
  MAX_AGE_DAYS,
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
/** Issue 15: a PCA entry (docs/library-image.md §4, InfusionType 3): a drug that is never a secondary. */
const PCA = 3 as Infusion;
const NO_TIERS: TierValues = {};

/**
 * The options docs/library-image.md §4 allows for this infusion type: a secondary permission on
 * an intermittent or fluid entry, a titration step limit (often none, often 1 or 1,000) on a
 * continuous one.
 */
function infusionOptions(infusionType: Infusion): {
  [K in "secondaryAllowed" | "maxTitrationStepPercent"]?: fc.Arbitrary<CanonicalEntry[K]>;
} {
  if (infusionType === PCA) return {};
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
      entries: fc.tuple(...entries.map((id) => arbEntry(id, areas, maxConcentrations).chain(withIssue11Records))),
    }),
  );
}

// Issue 11 §3, §4: the records of Stream B (docs/library-image.md §10): PATIENT_BAND on the entry,
// DEFAULTS on the entry and its concentrations, DEFAULT_DOSE_PER_ADMIN on intermittent drugs.
const PATIENT_BAND = 28;
const DEFAULTS = 24;
const DEFAULT_DOSE_PER_ADMIN = 25;
type Values = readonly [bigint, bigint, bigint, bigint];

/** A record whose mask bits pick which of four values are present (absent ones 0n). */
function arbRecord(kind: number, maxima: readonly bigint[], pairs: boolean, maskBits = 0xf) {
  return fc
    .tuple(
      fc.integer({ min: 1, max: 15 }).map((m) => m & maskBits),
      fc.tuple(...maxima.map((max) => fc.oneof(fc.bigInt({ min: 0n, max }), fc.constantFrom(0n, 1n, max)))),
    )
    .filter(([mask]) => mask !== 0)
    .map(([mask, raw]) => {
      const values = raw.map((v, i) => ((mask & (1 << i)) === 0 ? 0n : v)) as unknown as bigint[];
      // A band's min ≤ max within each pair (verified, docs/library-image.md §10).
      if (pairs)
        for (const low of [0, 2])
          if ((mask & (0b11 << low)) === 0b11 << low && values[low] > values[low + 1])
            [values[low], values[low + 1]] = [values[low + 1], values[low]];
      return { kind, mask, argument: 0, values: values as unknown as Values };
    });
}

const arbBand = arbRecord(PATIENT_BAND, [MAX_WEIGHT_G, MAX_WEIGHT_G, MAX_AGE_DAYS, MAX_AGE_DAYS], true);
const arbDefaults = arbRecord(DEFAULTS, [MAX_LIMIT_VALUE, MAX_RATE_UL_PER_HOUR, MAX_DURATION_S, MAX_VOLUME_UL], false);
const arbPerAdmin = arbRecord(DEFAULT_DOSE_PER_ADMIN, [MAX_LIMIT_VALUE, 0n, 0n, 0n], false, 0x1);

function maybe<T>(arbitrary: fc.Arbitrary<T>, weight: number): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 10 - weight, arbitrary: fc.constant<T[]>([]) },
    { weight, arbitrary: arbitrary.map((r) => [r]) },
  );
}

/** The entry with some of Stream B's records added, lists kept ascending by kind. */
function withIssue11Records(entry: CanonicalEntry): fc.Arbitrary<CanonicalEntry> {
  const drug = entry.infusionType !== FLUID;
  const intermittentDrug = entry.infusionType === 1;
  const entryRecords = fc
    .tuple(maybe(arbDefaults, 3), maybe(arbPerAdmin, intermittentDrug ? 3 : 0), maybe(arbBand, 2))
    .map((lists) => lists.flat());
  const concentrationRecords = fc.tuple(
    ...entry.concentrations.map(() =>
      fc.tuple(maybe(arbDefaults, 2), maybe(arbPerAdmin, intermittentDrug ? 2 : 0)).map((l) => l.flat()),
    ),
  );
  return fc.tuple(entryRecords, drug ? concentrationRecords : fc.constant([])).map(([own, perConcentration]) => {
    const sorted = (list: { kind: number }[]) => [...list].sort((a, b) => a.kind - b.kind);
    const records = sorted([...(entry.records ?? []), ...own]);
    return {
      ...entry,
      ...(records.length > 0 ? { records: records as CanonicalEntry["records"] } : {}),
      concentrations: entry.concentrations.map((c, i) => {
        const list = sorted([...(c.records ?? []), ...((perConcentration as unknown[][])[i] ?? [])] as {
          kind: number;
        }[]);
        return list.length > 0 ? { ...c, records: list as CanonicalConcentration["records"] } : c;
      }),
    };
  });
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
  const type = fc.constantFrom<Infusion[]>(0 as Infusion, 0 as Infusion, 1 as Infusion, FLUID, PCA);
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
        concentrations: fc.constant([] as CanonicalConcentration[]),
      });
    }
    const concentrations = fc.array(arbConcentration(), { minLength: 1, maxLength: Math.min(16, maxConcentrations) });
    const intermittent = infusionType === INTERMITTENT;
    return fc
      .tuple(fc.constantFrom<Basis[]>(0 as Basis, 1 as Basis, 2 as Basis), concentrations)
      .chain(([doseBasis, concs]) =>
        fc.record({
          ...common,
          infusionType: fc.constant(infusionType),
          ...infusionOptions(infusionType),
          doseBasis: fc.constant(doseBasis),
          doseAmountUnit: fc.integer({ min: 1, max: 8 }) as fc.Arbitrary<CanonicalEntry["doseAmountUnit"]>,
          doseTimeUnit: fc.constantFrom(1, 2) as fc.Arbitrary<CanonicalEntry["doseTimeUnit"]>,
          limits: arbLimits(true, typicalDose(concs[0], doseBasis)),
          // Format 3 (docs/library-image.md §10): per-dose limits of an intermittent drug, on the
          // entry and overriding it on some concentrations.
          records: fc
            .tuple(
              intermittent ? arbPerDoseRecords(concs[0], doseBasis, true) : fc.constant([]),
              arbBolusRateRecords(typicalDose(concs[0], doseBasis)),
              arbPeripheralRecord(concs[0]),
              // Issue 11 §6: a cumulative limit (kind 21) on some drug entries, its tiers around one
              // window of a 50 mL/h program so generated requests land on both sides of them.
              arbCumulativeRecord(concs[0]).map((r) => (r === undefined ? [] : [r])),
              // Issue 15: a PCA entry's limits (kinds 12–15, 22, 23).
              infusionType === PCA ? arbPcaRecords(concs[0], doseBasis, 8) : fc.constant([]),
            )
            .map(([a, b, c, d, e]) => [...a, ...b, ...c, ...d, ...e].sort((x, y) => x.kind - y.kind)),
          concentrations: fc.tuple(
            ...concs.map((c) =>
              fc.oneof(
                { weight: 2, arbitrary: fc.constant(c) },
                {
                  weight: 1,
                  arbitrary: fc
                    .tuple(
                      arbConcentrationRecords(c, doseBasis, intermittent),
                      // A concentration's own PCA blocks replace the entry's of that kind.
                      infusionType === PCA ? arbPcaRecords(c, doseBasis, 3) : fc.constant([]),
                    )
                    .map(([own, pca]) => ({ ...c, records: [...own, ...pca].sort((x, y) => x.kind - y.kind) })),
                },
              ),
            ),
          ),
        }),
      );
  });
}

const INTERMITTENT = 1;

/**
 * Issue 15 (docs/library-image.md §10): the PCA records, each present with weight `weight` of 10 —
 * the patient's dose and the clinician bolus (ABU per basis, any or around a 1 mL dose), the lockout
 * (s, ≤ 86,400, any or around 10 min), the doses per hour (≤ 60), the 1 h and 4 h maxima (ABU, any or
 * around a 50 mL/h basal over the window).
 */
function arbPcaRecords(
  concentration: CanonicalConcentration,
  basis: Basis,
  weight: number,
): fc.Arbitrary<CanonicalLimitRecord[]> {
  const fixed = concentration.volumeUl !== 0n;
  const patientBasis = [1n, 70_000n, 17_300n][basis];
  const perMl = fixed
    ? (1_000n * concentration.amountAbu * BASIS_SCALE[basis]) / (concentration.volumeUl * patientBasis)
    : 0n;
  const basalOver = (windowS: bigint) =>
    fixed ? (50_000n * windowS * concentration.amountAbu) / (3_600n * concentration.volumeUl) : 0n;
  const tiers = (max: bigint, anchor: bigint): fc.Arbitrary<TierValues> =>
    anchor >= 1n && anchor <= max ? fc.oneof(arbTiers(max), arbTiers(max, { anchor })) : arbTiers(max);
  const record = (kind: LimitKind, max: bigint, anchor: bigint): fc.Arbitrary<CanonicalLimitRecord[]> =>
    maybe(tiers(max, anchor), weight).map((list) =>
      list.filter((t) => Object.values(t).some((v) => v !== undefined)).map((t) => tierRecord(kind, t)),
    );
  return fc
    .tuple(
      record(LimitKind.PCA_DOSE, MAX_LIMIT_VALUE, perMl),
      record(LimitKind.PCA_LOCKOUT, 86_400n, 600n),
      record(LimitKind.PCA_MAX_DOSES_PER_HOUR, 60n, 6n),
      record(LimitKind.PCA_CLINICIAN_BOLUS, MAX_LIMIT_VALUE, 2n * perMl),
      record(LimitKind.PCA_WINDOW_MAX_1H, MAX_LIMIT_VALUE, basalOver(3_600n)),
      record(LimitKind.PCA_WINDOW_MAX_4H, MAX_LIMIT_VALUE, basalOver(14_400n)),
    )
    .map((lists) => lists.flat());
}

/**
 * DOSE_PER_ADMIN (and, with a basis, DOSE_PER_ADMIN_ABSOLUTE) records: any tiers, or tiers around
 * the amount of a 100 mL dose for a 70 kg / 1.73 m² patient. `entry`: the entry's own list (both
 * kinds, each optional); else a concentration's override (DOSE_PER_ADMIN only, to test precedence).
 */
function arbPerDoseRecords(
  concentration: CanonicalConcentration,
  basis: Basis,
  entry: boolean,
): fc.Arbitrary<CanonicalLimitRecord[]> {
  const fixed = concentration.volumeUl !== 0n;
  const patientBasis = [1n, 70_000n, 17_300n][basis];
  const perBasis = fixed
    ? (100_000n * concentration.amountAbu * BASIS_SCALE[basis]) / (concentration.volumeUl * patientBasis)
    : 0n;
  const absolute = fixed ? (100_000n * concentration.amountAbu) / concentration.volumeUl : 0n;
  const tiers = (anchor: bigint): fc.Arbitrary<TierValues> =>
    anchor >= 1n && anchor <= MAX_LIMIT_VALUE
      ? fc.oneof(arbTiers(MAX_LIMIT_VALUE), arbTiers(MAX_LIMIT_VALUE, { anchor }))
      : arbTiers(MAX_LIMIT_VALUE);
  const record = (kind: LimitKind, anchor: bigint): fc.Arbitrary<CanonicalLimitRecord[]> =>
    fc
      .option(tiers(anchor), { nil: undefined })
      .map((t) => (t === undefined || Object.values(t).every((v) => v === undefined) ? [] : [tierRecord(kind, t)]));
  if (!entry) return record(LimitKind.DOSE_PER_ADMIN, perBasis);
  return fc
    .tuple(
      record(LimitKind.DOSE_PER_ADMIN, perBasis),
      basis === 0 ? fc.constant([]) : record(LimitKind.DOSE_PER_ADMIN_ABSOLUTE, absolute),
    )
    .map(([a, b]) => [...a, ...b]);
}

/** BOLUS_DOSE_RATE and LOADING_DOSE_RATE records (feature 5), each optional, tiers any or near 10× a 50 mL/h dose. */
function arbBolusRateRecords(doseAnchor: bigint | undefined): fc.Arbitrary<CanonicalLimitRecord[]> {
  const anchor = doseAnchor === undefined ? undefined : doseAnchor * 10n;
  const tiers =
    anchor === undefined || anchor > MAX_LIMIT_VALUE
      ? arbTiers(MAX_LIMIT_VALUE)
      : fc.oneof(arbTiers(MAX_LIMIT_VALUE), arbTiers(MAX_LIMIT_VALUE, { anchor }));
  const record = (kind: LimitKind): fc.Arbitrary<CanonicalLimitRecord[]> =>
    fc
      .option(tiers, { nil: undefined })
      .map((t) => (t === undefined || Object.values(t).every((v) => v === undefined) ? [] : [tierRecord(kind, t)]));
  return fc.tuple(record(LimitKind.BOLUS_DOSE_RATE), record(LimitKind.LOADING_DOSE_RATE)).map(([a, b]) => [...a, ...b]);
}

/** An optional PERIPHERAL_MAX_CONCENTRATION (feature 7): a hard max, any or at the concentration ±1 (ABU/mL). */
function arbPeripheralRecord(concentration: CanonicalConcentration): fc.Arbitrary<CanonicalLimitRecord[]> {
  const at = concentration.volumeUl === 0n ? undefined : (concentration.amountAbu * 1000n) / concentration.volumeUl;
  const max =
    at === undefined || at < 1n || at >= MAX_LIMIT_VALUE
      ? arbMagnitude(MAX_LIMIT_VALUE, 0n)
      : fc.oneof(arbMagnitude(MAX_LIMIT_VALUE, 0n), fc.constantFrom(at - 1n, at, at + 1n));
  return fc
    .option(max, { nil: undefined })
    .map((hardMax) => (hardMax === undefined ? [] : [tierRecord(LimitKind.PERIPHERAL_MAX_CONCENTRATION, { hardMax })]));
}

/** Override records (kinds 1 .. 11, issue 11 feature 2) in EntryLimit order, with each limit's maximum. */
const OVERRIDE_MAXIMA: readonly bigint[] = [
  MAX_LIMIT_VALUE, // DOSE
  MAX_RATE_UL_PER_HOUR, // RATE
  MAX_DURATION_S, // DURATION
  MAX_VOLUME_UL, // VTBI
  MAX_LIMIT_VALUE, // BOLUS_DOSE
  MAX_RATE_UL_PER_HOUR, // BOLUS_RATE
  MAX_LIMIT_VALUE, // LOADING_DOSE
  MAX_LIMIT_VALUE, // DOSE_ABSOLUTE (hard max only)
  MAX_LIMIT_VALUE, // BOLUS_DOSE_ABSOLUTE
  MAX_DURATION_S, // BOLUS_DURATION
  MAX_LIMIT_VALUE, // LOADING_DOSE_ABSOLUTE
];

/**
 * A concentration's own records: a few entry-limit overrides (any tiers, rates also around 50 mL/h),
 * and for an intermittent drug its own DOSE_PER_ADMIN; ascending by kind.
 */
function arbConcentrationRecords(
  concentration: CanonicalConcentration,
  basis: Basis,
  intermittent: boolean,
): fc.Arbitrary<CanonicalLimitRecord[]> {
  const overrides = fc
    .subarray([...OVERRIDE_MAXIMA.keys()], { minLength: 0, maxLength: 3 })
    .chain((limits) =>
      fc.tuple(
        ...limits.map((limit) => {
          const max = OVERRIDE_MAXIMA[limit];
          const tiers =
            limit === 7
              ? arbTiers(max, { allowed: ["hardMax"] })
              : limit === 1
                ? fc.oneof(arbTiers(max), arbTiers(max, { anchor: 50_000n }))
                : arbTiers(max);
          return tiers.map((t) => (Object.values(t).some((v) => v !== undefined) ? [tierRecord(limit + 1, t)] : []));
        }),
      ),
    )
    .map((lists) => lists.flat());
  const perDose = intermittent ? arbPerDoseRecords(concentration, basis, false) : fc.constant([]);
  // Issue 11 (REQ-LIB-041, REQ-LIB-043): the other kinds a concentration may carry, each replacing
  // the entry's record of that kind — the absolute per-dose cap (17, with a basis), the bolus and
  // loading dose rates (18, 19), the peripheral maximum (20) — and its advisory (30, pool text).
  const ownAbsolute =
    intermittent && basis !== 0
      ? arbPerDoseRecords(concentration, basis, true).map((records) =>
          records.filter((r) => r.kind === LimitKind.DOSE_PER_ADMIN_ABSOLUTE),
        )
      : fc.constant([]);
  const ownRates = fc.oneof(
    { weight: 2, arbitrary: fc.constant([] as CanonicalLimitRecord[]) },
    { weight: 1, arbitrary: arbBolusRateRecords(typicalDose(concentration, basis)) },
  );
  const ownPeripheral = arbPeripheralRecord(concentration);
  const advisory = fc
    .option(arbText(1, 64), { nil: undefined, freq: 3 })
    .map((text) => (text === undefined ? [] : [advisoryRecord(text)]));
  return fc
    .tuple(overrides, perDose, ownAbsolute, ownRates, ownPeripheral, advisory)
    .map((lists) => lists.flat().sort((x, y) => x.kind - y.kind));
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
