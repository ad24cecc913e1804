// A one-area, one-entry library and a request built around it, with the exact value of every
// parameter computed from the formulas of docs/units.md / docs/engine.md §4. Properties place
// limits relative to these values and check the engine's answer.
import type { CanonicalLibrary, EntryLimits, TierValues } from "../../hil/library/compiler/canonical.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import {
  BASIS_SCALE,
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
} from "../generators/bounds.ts";
import type { Tape } from "../generators/tape.ts";
import { P } from "./params.ts";

export const AREA_ID = 3;
export const ENTRY_ID = 42;
export const RATE_MODE = 1;
export const DOSE_MODE = 2;
export const DURATION_MODE = 3;

export interface Scenario {
  fluid: boolean;
  intermittent: boolean;
  /** 0 none, 1 weight, 2 BSA */
  basis: number;
  custom: boolean;
  amountAbu: bigint;
  volumeUl: bigint;
  mode: number;
  /** The value of the mode's field: rate, dose or duration. */
  programmed: bigint;
  weightG?: bigint;
  bsaM2X10000?: bigint;
  vtbiUl?: bigint;
  bolusDose?: bigint;
  bolusRateUlPerHour?: bigint;
  loadingDose?: bigint;
}

/** An exact non-negative rational. */
export interface Exact {
  n: bigint;
  d: bigint;
}
const whole = (v: bigint): Exact => ({ n: v, d: 1n });

export function buildScenario(tape: Tape): Scenario {
  const fluid = tape.chance(15);
  const basis = fluid ? 0 : tape.below(3);
  const s: Scenario = {
    fluid,
    intermittent: !fluid && tape.chance(20),
    basis,
    custom: !fluid && tape.chance(30),
    amountAbu: 1n + tape.magnitude(MAX_AMOUNT_ABU - 1n),
    volumeUl: 1n + tape.magnitude(MAX_VOLUME_UL - 1n),
    mode: fluid ? tape.pick([RATE_MODE, DURATION_MODE]) : tape.pick([RATE_MODE, DOSE_MODE, DURATION_MODE]),
    programmed: 0n,
  };
  if (basis === 1 || tape.chance(20)) s.weightG = 1n + tape.magnitude(MAX_WEIGHT_G - 1n);
  if (basis === 2 || tape.chance(20)) s.bsaM2X10000 = 1n + tape.magnitude(MAX_BSA_M2X10000 - 1n);
  if (s.mode === DURATION_MODE || s.intermittent || tape.chance(50)) s.vtbiUl = 1n + tape.magnitude(MAX_VOLUME_UL - 1n);
  if (!fluid && tape.chance(30)) s.bolusDose = 1n + tape.magnitude(MAX_LIMIT_VALUE - 1n);
  if (tape.chance(30)) s.bolusRateUlPerHour = 1n + tape.magnitude(MAX_RATE_UL_PER_HOUR - 1n);
  if (!fluid && tape.chance(30)) s.loadingDose = 1n + tape.magnitude(MAX_LIMIT_VALUE - 1n);
  // Aim the programmed value at a deliverable rate so few scenarios are rejected.
  const targetRate = 1n + tape.magnitude(MAX_RATE_UL_PER_HOUR - 1n);
  if (s.mode === RATE_MODE) s.programmed = targetRate;
  if (s.mode === DOSE_MODE)
    s.programmed = tape.near(ceilDiv(targetRate * s.amountAbu * basisScale(s), s.volumeUl * patientBasis(s)));
  if (s.mode === DURATION_MODE) s.programmed = tape.near(ceilDiv(s.vtbiUl! * 3_600n, targetRate));
  return s;
}

const ceilDiv = (n: bigint, d: bigint): bigint => (n + d - 1n) / d;
export const basisScale = (s: Scenario): bigint => BASIS_SCALE[s.basis];
export const patientBasis = (s: Scenario): bigint => [1n, s.weightG ?? 0n, s.bsaM2X10000 ?? 0n][s.basis];

/** Every request value inside its documented range (docs/engine.md §5 step 4). */
export function valuesInRange(s: Scenario): boolean {
  const max = [MAX_RATE_UL_PER_HOUR, MAX_LIMIT_VALUE, MAX_DURATION_S][s.mode - 1];
  const inRange = (v: bigint | undefined, top: bigint) => v === undefined || (v >= 1n && v <= top);
  return (
    inRange(s.programmed, max) &&
    (!s.custom || (inRange(s.amountAbu, MAX_AMOUNT_ABU) && inRange(s.volumeUl, MAX_VOLUME_UL))) &&
    inRange(s.weightG, MAX_WEIGHT_G) &&
    inRange(s.bsaM2X10000, MAX_BSA_M2X10000) &&
    inRange(s.vtbiUl, MAX_VOLUME_UL) &&
    inRange(s.bolusDose, MAX_LIMIT_VALUE) &&
    inRange(s.bolusRateUlPerHour, MAX_RATE_UL_PER_HOUR) &&
    inRange(s.loadingDose, MAX_LIMIT_VALUE)
  );
}

/** docs/engine.md §4: r rounded toward zero. */
export function deliveredRate(s: Scenario): bigint {
  if (s.mode === RATE_MODE) return s.programmed;
  if (s.mode === DOSE_MODE) return (s.programmed * s.volumeUl * patientBasis(s)) / (s.amountAbu * basisScale(s));
  return (s.vtbiUl! * 3_600n) / s.programmed;
}

/** Values in range and a delivered rate the pump can give: the engine will evaluate it. */
export function deliverable(s: Scenario): boolean {
  if (!valuesInRange(s)) return false;
  const r = deliveredRate(s);
  return r >= 1n && r <= MAX_RATE_UL_PER_HOUR;
}

/** The exact value of every checked parameter, by parameter ID (docs/engine.md §2, §4). */
export function exactValues(s: Scenario): Map<number, Exact> {
  const r = deliveredRate(s);
  const values = new Map<number, Exact>();
  if (s.weightG !== undefined) values.set(P.WEIGHT, whole(s.weightG));
  if (s.bsaM2X10000 !== undefined) values.set(P.BSA, whole(s.bsaM2X10000));
  if (s.custom) values.set(P.CONCENTRATION, { n: s.amountAbu * 1_000n, d: s.volumeUl });
  if (!s.fluid) {
    const dose = { n: r * s.amountAbu * basisScale(s), d: s.volumeUl * patientBasis(s) };
    values.set(P.DOSE, s.mode === DOSE_MODE ? whole(s.programmed) : dose);
    values.set(P.DOSE_ABSOLUTE, { n: r * s.amountAbu, d: s.volumeUl });
  }
  values.set(P.RATE, whole(r));
  values.set(P.AREA_MAX_RATE, whole(r));
  if (s.vtbiUl !== undefined) {
    values.set(P.VTBI, whole(s.vtbiUl));
    values.set(P.AREA_MAX_VTBI, whole(s.vtbiUl));
    values.set(P.DURATION, s.mode === DURATION_MODE ? whole(s.programmed) : { n: s.vtbiUl * 3_600n, d: r });
  }
  if (s.bolusDose !== undefined) values.set(P.BOLUS_DOSE, whole(s.bolusDose));
  if (s.bolusRateUlPerHour !== undefined) values.set(P.BOLUS_RATE, whole(s.bolusRateUlPerHour));
  if (s.loadingDose !== undefined) values.set(P.LOADING_DOSE, whole(s.loadingDose));
  return values;
}

/**
 * Parameters 15 and 16 (docs/engine.md §4): for a bolus and a loading dose on a drug, the amount
 * dose × W / B and, for the hourly fallback, r × amount / volume + dose × W / B; undefined when the
 * request has no such dose (NOT_CHECKED).
 */
export function exactAbsoluteDoses(s: Scenario): [number, { amount: Exact; withHour: Exact } | undefined][] {
  const r = deliveredRate(s);
  const of = (dose: bigint | undefined) => {
    if (dose === undefined || s.fluid) return undefined;
    const amount = { n: dose * patientBasis(s), d: basisScale(s) };
    return { amount, withHour: { n: r * s.amountAbu * amount.d + amount.n * s.volumeUl, d: s.volumeUl * amount.d } };
  };
  return [
    [P.BOLUS_DOSE_ABSOLUTE, of(s.bolusDose)],
    [P.LOADING_DOSE_ABSOLUTE, of(s.loadingDose)],
  ];
}

export function scenarioRequest(s: Scenario): EngineRequest {
  const request: EngineRequest = {
    entryId: ENTRY_ID,
    careAreaId: AREA_ID,
    concentrationIndex: s.fluid ? 0xff : 0,
    mode: s.mode,
  };
  if (s.mode === RATE_MODE) request.rateUlPerHour = s.programmed;
  if (s.mode === DOSE_MODE) request.dose = s.programmed;
  if (s.mode === DURATION_MODE) request.durationS = s.programmed;
  if (s.custom) {
    request.customAmountAbu = s.amountAbu;
    request.customVolumeUl = s.volumeUl;
  }
  for (const key of ["weightG", "bsaM2X10000", "vtbiUl", "bolusDose", "bolusRateUlPerHour", "loadingDose"] as const) {
    if (s[key] !== undefined) request[key] = s[key];
  }
  return request;
}

/** Limit blocks by parameter ID; a missing block has no tiers (or no cap). */
export type Blocks = Map<number, TierValues>;

/** A custom concentration must have a hard min; 0 ABU/mL admits every concentration. */
const ANY_CONCENTRATION: TierValues = { hardMin: 0n };

export function scenarioLibrary(s: Scenario, blocks: Blocks): CanonicalLibrary {
  const block = (param: number): TierValues => blocks.get(param) ?? {};
  const limits: EntryLimits = {
    dose: block(P.DOSE),
    rate: block(P.RATE),
    duration: block(P.DURATION),
    vtbi: block(P.VTBI),
    bolusDose: block(P.BOLUS_DOSE),
    bolusRate: block(P.BOLUS_RATE),
    loadingDose: block(P.LOADING_DOSE),
    doseAbsolute: block(P.DOSE_ABSOLUTE),
    bolusDoseAbsolute: block(P.BOLUS_DOSE_ABSOLUTE),
    loadingDoseAbsolute: block(P.LOADING_DOSE_ABSOLUTE),
  };
  const maxRate = block(P.AREA_MAX_RATE).hardMax;
  const maxVtbi = block(P.AREA_MAX_VTBI).hardMax;
  return {
    name: "property",
    version: 1,
    status: 2 as CanonicalLibrary["status"],
    careAreas: [
      {
        id: AREA_ID,
        code: "PROP",
        name: "property area",
        basicInfusionAllowed: true,
        ...(maxRate === undefined ? {} : { maxRateUlPerHour: maxRate }),
        ...(maxVtbi === undefined ? {} : { maxVtbiUl: maxVtbi }),
        weightG: block(P.WEIGHT),
        bsaM2X10000: block(P.BSA),
      },
    ],
    entries: [
      {
        id: ENTRY_ID,
        name: "property entry",
        infusionType: (s.fluid ? 2 : s.intermittent ? 1 : 0) as CanonicalLibrary["entries"][number]["infusionType"],
        doseBasis: s.basis as CanonicalLibrary["entries"][number]["doseBasis"],
        highAlert: false,
        careAreaIds: [AREA_ID],
        doseAmountUnit: (s.fluid ? 0 : 3) as CanonicalLibrary["entries"][number]["doseAmountUnit"],
        doseTimeUnit: (s.fluid ? 0 : 1) as CanonicalLibrary["entries"][number]["doseTimeUnit"],
        advisory: "",
        limits: s.fluid
          ? {
              ...limits,
              dose: {},
              bolusDose: {},
              loadingDose: {},
              doseAbsolute: {},
              bolusDoseAbsolute: {},
              loadingDoseAbsolute: {},
            }
          : limits,
        concentrations: s.fluid
          ? []
          : [
              s.custom
                ? {
                    kind: 1 as never,
                    amountUnit: 3 as never,
                    amountAbu: 0n,
                    volumeUl: 0n,
                    limits: blocks.get(P.CONCENTRATION) ?? ANY_CONCENTRATION,
                  }
                : {
                    kind: 0 as never,
                    amountUnit: 3 as never,
                    amountAbu: s.amountAbu,
                    volumeUl: s.volumeUl,
                    limits: {},
                  },
            ],
      },
    ],
  };
}
