// The independent test oracle: evaluates a raw request against a verified library image exactly as
// docs/engine.md specifies, in BigInt, and returns the result in the shape of EngineResult.
import { defaultsBlock } from "./bands-and-defaults.ts";
import type { EngineResult, ParamResult } from "../../simulator/host/types.ts";
import { classify, type Classified, isHard, isSoft, NOT_CHECKED, type Rational, whole } from "./classify.ts";
import {
  Basis,
  Bit,
  InfusionKind,
  LimitKind,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  NO_PARAM,
  PARAM_COUNT_ORACLE,
  OracleMode,
  OracleStatus,
  Param,
  Tier,
  Verdict,
} from "./constants.ts";
import { verifyImage } from "./image.ts";
import { effectiveRecord, NO_RECORDS, recordTiers } from "./image-records.ts";
import {
  LIMIT_ORDER,
  NO_TIERS,
  type LimitKey,
  type OracleConcentration,
  type OracleEntry,
  type OracleLibrary,
  type Tiers,
} from "./model.ts";

/** Entry limits in EntryLimit order (docs/library-image.md §4): override kind k is entry limit k − 1. */
const OVERRIDE_ORDER: readonly LimitKey[] = [
  ...LIMIT_ORDER,
  "bolusDoseAbsolute",
  "bolusDuration",
  "loadingDoseAbsolute",
];
import { type Admitted, admit } from "./request-checks.ts";
import { decodeRawRequest, valueOf } from "./request.ts";
import { oraclePcaParams } from "./pca.ts";

/**
 * EngineResult, and (issue 15) the PCA parameters 23 … 28 of an OK result in `pcaParams` — the
 * slots docs/abi.md §5.1 appends after the 576-byte result — which take part in the verdict.
 */
export type OracleResult = EngineResult & { pcaParams?: ParamResult[] };
const PCA_WINDOW_BIT = 14;

export class Oracle {
  private library: OracleLibrary | undefined;

  /**
   * Verifies and activates an image; on failure the previously active library, if any, stays in
   * force (ABI 4's A/B slots, docs/abi.md §3). A development pump: no signature policy.
   */
  loadLibrary(image: Uint8Array): number {
    const verdict = verifyImage(image);
    if (verdict.library !== undefined) this.library = verdict.library;
    return verdict.status;
  }

  /** The result in the shape of the 576-byte result (its verdict counts the PCA parameters too). */
  evaluateRaw(requestBytes: Uint8Array): EngineResult {
    const { pcaParams: _, ...result } = this.evaluateRawWithPca(requestBytes);
    return result;
  }

  /** The result and, when OK, the PCA parameters 23 … 28 (issue 15, docs/abi.md §5.1). */
  evaluateRawWithPca(requestBytes: Uint8Array): OracleResult {
    const admitted = admit(this.library, decodeRawRequest(requestBytes));
    if (typeof admitted === "number") return failed(admitted);
    return evaluateAdmitted(admitted);
  }
}

function failed(status: number): OracleResult {
  return {
    status,
    verdict: Verdict.NONE,
    bindingParam: NO_PARAM,
    bindingTier: Tier.NONE,
    bindingLimitValue: 0n,
    deliveredRateUlPerHour: 0n,
    params: [],
    defaults: [0n, 0n, 0n, 0n, 0n, 0n],
  };
}

/** Concentration (amountAbu, volumeUl) and basis factors (B, W) of docs/units.md. */
interface Conversion {
  amountAbu: bigint;
  volumeUl: bigint;
  basisScale: bigint;
  patientBasis: bigint;
}

function conversionOf({ request, entry, concentration }: Admitted): Conversion | undefined {
  if (concentration === undefined) return undefined;
  const amountAbu = concentration.custom ? valueOf(request, Bit.CUSTOM_AMOUNT)! : concentration.amountAbu;
  const volumeUl = concentration.custom ? valueOf(request, Bit.CUSTOM_VOLUME)! : concentration.volumeUl;
  if (entry.doseBasis === Basis.WEIGHT)
    return { amountAbu, volumeUl, basisScale: 1000n, patientBasis: valueOf(request, Bit.WEIGHT)! };
  if (entry.doseBasis === Basis.BSA)
    return { amountAbu, volumeUl, basisScale: 10_000n, patientBasis: valueOf(request, Bit.BSA)! };
  return { amountAbu, volumeUl, basisScale: 1n, patientBasis: 1n };
}

/** docs/engine.md §4: the delivered rate, rounded toward zero. */
function deliveredRate(
  request: Admitted["request"],
  conversion: Conversion | undefined,
  vtbi: bigint | undefined,
): bigint {
  if (request.mode === OracleMode.RATE) return valueOf(request, Bit.RATE)!;
  if (request.mode === OracleMode.DOSE) {
    const c = conversion!; // admit() refuses DOSE mode without a concentration
    return (valueOf(request, Bit.DOSE)! * c.volumeUl * c.patientBasis) / (c.amountAbu * c.basisScale);
  }
  return (vtbi! * 3600n) / valueOf(request, Bit.DURATION)!;
}

/**
 * docs/engine.md §4: the program's VTBI — the request's, or the volume of the amount per dose,
 * rounded down (amount × volumeUl × W / (amountAbu × B)); undefined when neither is given.
 */
function programVtbi(request: Admitted["request"], conversion: Conversion | undefined): bigint | undefined {
  const vtbi = valueOf(request, Bit.VTBI);
  if (vtbi !== undefined) return vtbi;
  const amount = valueOf(request, Bit.DOSE_AMOUNT);
  if (amount === undefined) return undefined;
  const c = conversion!; // admit() allows an amount on an intermittent drug only
  return (amount * c.volumeUl * c.patientBasis) / (c.amountAbu * c.basisScale);
}

/**
 * docs/library-image.md §10: the entry's limits as they apply to the selected concentration — an
 * override record of kind k (1 .. 11) replaces entry limit k − 1 entirely.
 */
function effectiveLimits(entry: OracleEntry, concentration: OracleConcentration | undefined): OracleEntry["limits"] {
  const own = concentration?.records;
  if (own === undefined || own.size === 0) return entry.limits;
  const limits = { ...entry.limits };
  OVERRIDE_ORDER.forEach((key, index) => {
    const record = own.get(index + 1);
    if (record !== undefined) limits[key] = recordTiers(record) as unknown as Tiers;
  });
  return limits;
}

function evaluateAdmitted(admitted: Admitted): OracleResult {
  const { request, area } = admitted;
  const entry = { ...admitted.entry, limits: effectiveLimits(admitted.entry, admitted.concentration) };
  const conversion = conversionOf(admitted);
  const vtbi = programVtbi(request, conversion);
  if (vtbi !== undefined && (vtbi < 1n || vtbi > MAX_VOLUME_UL)) return failed(OracleStatus.DERIVED_OUT_OF_RANGE);
  const r = deliveredRate(request, conversion, vtbi);
  // docs/engine.md §4: a rate of 0 only when the rate or dose programmed is 0 (PCA without a basal).
  const programmedZero =
    (request.mode === OracleMode.RATE && valueOf(request, Bit.RATE) === 0n) ||
    (request.mode === OracleMode.DOSE && valueOf(request, Bit.DOSE) === 0n);
  if ((r === 0n && !programmedZero) || r > MAX_RATE_UL_PER_HOUR) return failed(OracleStatus.DERIVED_OUT_OF_RANGE);

  const params: Classified[] = new Array(PARAM_COUNT_ORACLE).fill(NOT_CHECKED);
  const optional = (param: number, bit: number, tiers: Tiers): void => {
    const value = valueOf(request, bit);
    if (value !== undefined) params[param] = classify(whole(value), tiers);
  };
  const hardMaxOnly = (cap: bigint | undefined): Tiers =>
    cap === undefined ? NO_TIERS : [undefined, undefined, undefined, cap];

  optional(Param.WEIGHT, Bit.WEIGHT, area.weightG);
  optional(Param.BSA, Bit.BSA, area.bsaM2X10000);
  if (admitted.concentration?.custom && conversion) {
    params[Param.CONCENTRATION] = classify(
      { numerator: conversion.amountAbu * 1000n, denominator: conversion.volumeUl },
      admitted.concentration.limitsAbuPerMl,
    );
  }
  if (conversion) {
    const { amountAbu, volumeUl, basisScale, patientBasis } = conversion;
    const dose: Rational =
      request.mode === OracleMode.DOSE
        ? whole(valueOf(request, Bit.DOSE)!)
        : { numerator: r * amountAbu * basisScale, denominator: volumeUl * patientBasis };
    params[Param.DOSE] = classify(dose, entry.limits.dose);
    params[Param.DOSE_ABSOLUTE] = classify(
      { numerator: r * amountAbu, denominator: volumeUl },
      entry.limits.doseAbsolute,
    );
  }
  params[Param.RATE] = classify(whole(r), entry.limits.rate);
  params[Param.AREA_MAX_RATE] = classify(whole(r), hardMaxOnly(area.maxRateUlPerHour));
  if (vtbi !== undefined) {
    params[Param.VTBI] = classify(whole(vtbi), entry.limits.vtbi);
    params[Param.AREA_MAX_VTBI] = classify(whole(vtbi), hardMaxOnly(area.maxVtbiUl));
    const duration: Rational =
      request.mode === OracleMode.DURATION
        ? whole(valueOf(request, Bit.DURATION)!)
        : { numerator: vtbi * 3600n, denominator: r };
    // Without a basal (rate 0) the VTBI goes only in doses: no duration to check.
    if (r !== 0n) params[Param.DURATION] = classify(duration, entry.limits.duration);
  }
  optional(Param.BOLUS_DOSE, Bit.BOLUS_DOSE, entry.limits.bolusDose);
  optional(Param.BOLUS_RATE, Bit.BOLUS_RATE, entry.limits.bolusRate);
  optional(Param.LOADING_DOSE, Bit.LOADING_DOSE, entry.limits.loadingDose);
  if (conversion) {
    params[Param.BOLUS_DOSE_ABSOLUTE] = absoluteDose(
      valueOf(request, Bit.BOLUS_DOSE),
      entry.limits.bolusDoseAbsolute,
      entry.limits.doseAbsolute,
      r,
      conversion,
    );
    params[Param.LOADING_DOSE_ABSOLUTE] = absoluteDose(
      valueOf(request, Bit.LOADING_DOSE),
      entry.limits.loadingDoseAbsolute,
      entry.limits.doseAbsolute,
      r,
      conversion,
    );
  }
  if (conversion) {
    // docs/engine.md §2, IDs 19 and 20: the bolus rate as a dose rate, with that dose requested.
    const bolusRate = valueOf(request, Bit.BOLUS_RATE);
    const own = admitted.concentration?.records ?? NO_RECORDS;
    const asDoseRate = (param: number, doseBit: number, kind: number): void => {
      const record = effectiveRecord(entry.records, own, kind);
      if (bolusRate === undefined || valueOf(request, doseBit) === undefined || record === undefined) return;
      params[param] = classify(
        {
          numerator: bolusRate * conversion.amountAbu * conversion.basisScale,
          denominator: conversion.volumeUl * conversion.patientBasis,
        },
        recordTiers(record) as unknown as Tiers,
      );
    };
    asDoseRate(Param.BOLUS_DOSE_RATE, Bit.BOLUS_DOSE, LimitKind.BOLUS_DOSE_RATE);
    asDoseRate(Param.LOADING_DOSE_RATE, Bit.LOADING_DOSE, LimitKind.LOADING_DOSE_RATE);
    // ID 21: the concentration against the peripheral maximum; on a central line (2) no limit.
    const peripheral = effectiveRecord(entry.records, own, LimitKind.PERIPHERAL_MAX_CONCENTRATION);
    if (peripheral !== undefined) {
      const central = valueOf(request, Bit.LINE_ACCESS) === 2n;
      params[Param.PERIPHERAL_CONCENTRATION] = classify(
        { numerator: conversion.amountAbu * 1000n, denominator: conversion.volumeUl },
        central ? NO_TIERS : (recordTiers(peripheral) as unknown as Tiers),
      );
    }
  }
  if (conversion && entry.infusionType === InfusionKind.INTERMITTENT) {
    perAdministration(admitted, conversion, vtbi!, params);
  }
  if (conversion)
    params[Param.CUMULATIVE] = oneWindow(entry.records.get(CUMULATIVE_KIND), request, r, vtbi, conversion);
  // Issue 15, docs/engine.md §4.2: parameters 23 … 28, NOT_CHECKED without the PCA block.
  const block = request.pcaBlock;
  const pcaParams = oraclePcaParams(
    entry.records,
    admitted.concentration?.records ?? NO_RECORDS,
    valueOf(request, PCA_WINDOW_BIT) === undefined
      ? undefined
      : {
          windowS: valueOf(request, PCA_WINDOW_BIT)!,
          doseAbu: block[0],
          lockoutS: block[1],
          maxDosesPerHour: block[2],
          clinicianBolusAbu: block[3],
          windowMaxAbu: block[4],
        },
    r,
    conversion?.amountAbu ?? 0n,
    conversion?.volumeUl ?? 1n,
  );
  // docs/abi.md §5: the defaults block of every OK result (issue 11 §4).
  return {
    ...withVerdict(params, r, pcaParams),
    defaults: defaultsBlock(entry.records, admitted.concentration?.records ?? new Map()),
  };
}

/** Limit-record kind 21 (docs/library-image.md §10): SMAX and/or HMAX in ABU, the window in s as the argument. */
const CUMULATIVE_KIND = 21;

/**
 * docs/engine.md §4, parameter 22: one window W of the program alone — min(r × W / 3600, VTBI) µL at
 * the concentration — plus the request's bolus and loading doses as absolute amounts dose × W_p / B,
 * against the entry's CUMULATIVE record; NOT_CHECKED without one.
 */
function oneWindow(
  record: { mask: number; argument: number; values: readonly bigint[] } | undefined,
  request: Admitted["request"],
  r: bigint,
  vtbi: bigint | undefined,
  c: Conversion,
): Classified {
  if (record === undefined) return NOT_CHECKED;
  const windowS = BigInt(record.argument);
  const byRate = r * windowS; // µL·s/h
  const volumeSeconds = vtbi !== undefined && vtbi * 3600n < byRate ? vtbi * 3600n : byRate;
  const doses = (valueOf(request, Bit.BOLUS_DOSE) ?? 0n) + (valueOf(request, Bit.LOADING_DOSE) ?? 0n);
  const tier = (bit: number): bigint | undefined => ((record.mask >> bit) & 1 ? record.values[bit] : undefined);
  return classify(
    {
      numerator: volumeSeconds * c.amountAbu * c.basisScale + doses * c.patientBasis * 3600n * c.volumeUl,
      denominator: 3600n * c.volumeUl * c.basisScale,
    },
    [tier(0), tier(1), tier(2), tier(3)],
  );
}

/**
 * docs/engine.md §2, parameters 17 and 18: the amount of one dose, per basis and for the patient,
 * each against its effective record (the concentration's, else the entry's) and only when there
 * is one. Programmed by amount: the amount as entered (and × W / B); by VTBI: the exact amount the
 * VTBI holds.
 */
function perAdministration(admitted: Admitted, c: Conversion, vtbi: bigint, params: Classified[]): void {
  const { request, entry, concentration } = admitted;
  const own = concentration?.records ?? NO_RECORDS;
  const amount = valueOf(request, Bit.DOSE_AMOUNT);
  const perBasis = effectiveRecord(entry.records, own, LimitKind.DOSE_PER_ADMIN);
  if (perBasis !== undefined) {
    params[Param.DOSE_PER_ADMIN] = classify(
      amount !== undefined
        ? whole(amount)
        : { numerator: vtbi * c.amountAbu * c.basisScale, denominator: c.volumeUl * c.patientBasis },
      recordTiers(perBasis) as unknown as Tiers,
    );
  }
  const absolute = effectiveRecord(entry.records, own, LimitKind.DOSE_PER_ADMIN_ABSOLUTE);
  if (absolute !== undefined) {
    params[Param.DOSE_PER_ADMIN_ABSOLUTE] = classify(
      amount !== undefined
        ? { numerator: amount * c.patientBasis, denominator: c.basisScale }
        : { numerator: vtbi * c.amountAbu, denominator: c.volumeUl },
      recordTiers(absolute) as unknown as Tiers,
    );
  }
}

/**
 * docs/engine.md §4: a bolus or loading dose in absolute units, dose × W / B, against its per-dose
 * cap when the entry has one; otherwise an hour of the delivered rate plus the dose,
 * r × amount / volume + dose × W / B, against the hourly cap.
 */
function absoluteDose(
  dose: bigint | undefined,
  perDoseCap: Tiers,
  hourlyCap: Tiers,
  r: bigint,
  c: Conversion,
): Classified {
  if (dose === undefined) return NOT_CHECKED;
  const amount: Rational = { numerator: dose * c.patientBasis, denominator: c.basisScale };
  if (perDoseCap.some((t) => t !== undefined)) return classify(amount, perDoseCap);
  const hour: Rational = { numerator: r * c.amountAbu, denominator: c.volumeUl };
  return classify(
    {
      numerator: hour.numerator * amount.denominator + amount.numerator * hour.denominator,
      denominator: hour.denominator * amount.denominator,
    },
    hourlyCap,
  );
}

/** docs/engine.md §6: severity first, then the lowest parameter ID of that severity binds. */
function withVerdict(params: Classified[], r: bigint, pcaParams: Classified[] = []): OracleResult {
  const all = [...params, ...pcaParams];
  const hard = all.findIndex((p) => isHard(p.classification));
  const soft = all.findIndex((p) => isSoft(p.classification));
  const verdict = hard >= 0 ? Verdict.HARD_STOP : soft >= 0 ? Verdict.SOFT_STOP : Verdict.GO;
  const binding = hard >= 0 ? hard : soft;
  const resultParams: ParamResult[] = params.map((p) => ({ ...p }));
  return {
    status: OracleStatus.OK,
    verdict,
    bindingParam: binding >= 0 ? binding : NO_PARAM,
    bindingTier: binding >= 0 ? all[binding].tier : Tier.NONE,
    bindingLimitValue: binding >= 0 ? all[binding].limitValue : 0n,
    deliveredRateUlPerHour: r,
    params: resultParams,
    pcaParams: pcaParams.map((p) => ({ ...p })),
    defaults: [0n, 0n, 0n, 0n, 0n, 0n],
  };
}
