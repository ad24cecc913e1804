// Issue 15 §1, the engine side (docs/engine.md §4.2, docs/abi.md §4.1 and §5.1): the request's PCA
// block and parameters 23–28, against the PCA library of the scenarios
// (hil/library/pca/pca-hospital.json). Every value is worked by hand: morphine 30 mg / 30 mL is
// 10^6 ABU (1 mcg) per µL; 1 mg is 10^9 ABU.
import { beforeEach, describe, expect, it } from "vitest";
import {
  Classification,
  MAX_LIMIT_VALUE,
  Mode,
  Param,
  PCA_MAX_DOSES_PER_HOUR,
  PCA_MAX_LOCKOUT_S,
  RESULT_OFFSET,
  RESULT_SIZE,
  Status,
  Tier,
  Verdict,
} from "../../firmware/abi/codes.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import type { EngineRequest, PcaBlock } from "../../simulator/host/types.ts";
import { freshEngine } from "../firmware/engine-fixture.ts";
import { MEDSURG, MG, MORPHINE, MORPHINE_PEDS, PEDS, pcaLibraryImage } from "./pca-driver.ts";

const CONTINUOUS_MORPHINE = 5030;

let engine: Firmware;
beforeEach(async () => {
  engine = await freshEngine();
  expect(engine.loadLibrary(pcaLibraryImage())).toBe(Status.OK);
});

const BLOCK: PcaBlock = {
  doseAbu: 1n * MG,
  lockoutS: 600n,
  maxDosesPerHour: 4n,
  clinicianBolusAbu: 0n,
  windowMaxAbu: 8n * MG,
};
const VALID: EngineRequest = {
  entryId: MORPHINE,
  careAreaId: MEDSURG,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour: 500n,
  pcaWindowS: 3600n,
  pca: BLOCK,
};

function withBlock(change: Partial<PcaBlock>, base: EngineRequest = VALID): EngineRequest {
  return { ...base, pca: { ...BLOCK, ...change } };
}

function slot(param: Param) {
  return engine.pcaSlots()[param - Param.PCA_DOSE];
}

describe("REQ-PCA-010 the PCA block: on a PCA entry only, every value in the pump's range", () => {
  it("a valid PCA request is a go with every PCA parameter checked but the clinician bolus", () => {
    const result = engine.evaluate(VALID);
    expect(result).toMatchObject({ status: Status.OK, verdict: Verdict.GO });
    expect(engine.pcaSlots().map((s) => s.classification)).toEqual([
      Classification.WITHIN,
      Classification.WITHIN,
      Classification.WITHIN,
      Classification.NOT_CHECKED,
      Classification.WITHIN,
      Classification.WITHIN,
    ]);
  });

  it("a PCA entry without the block is MISSING_VALUE; a continuous entry with it is UNEXPECTED_VALUE", () => {
    expect(engine.evaluate({ ...VALID, pcaWindowS: undefined, pca: undefined }).status).toBe(Status.MISSING_VALUE);
    expect(engine.evaluate({ ...VALID, entryId: CONTINUOUS_MORPHINE }).status).toBe(Status.UNEXPECTED_VALUE);
    expect(engine.evaluate({ ...VALID, entryId: CONTINUOUS_MORPHINE, pcaWindowS: undefined }).status).toBe(Status.OK);
  });

  it("the window is 3,600 or 14,400 s: 3,599, 3,601, 7,200 and 14,401 are VALUE_OUT_OF_RANGE", () => {
    for (const windowS of [3599n, 3601n, 7200n, 14_401n])
      expect(engine.evaluate({ ...VALID, pcaWindowS: windowS }).status, `${windowS}`).toBe(Status.VALUE_OUT_OF_RANGE);
    expect(engine.evaluate({ ...VALID, pcaWindowS: 14_400n, pca: { ...BLOCK, windowMaxAbu: 8n * MG } }).status).toBe(
      Status.OK,
    );
  });

  it("each value at 0 and one above its maximum is VALUE_OUT_OF_RANGE; its maximum passes the check", () => {
    const maxima: [keyof PcaBlock, bigint][] = [
      ["doseAbu", BigInt(MAX_LIMIT_VALUE)],
      ["lockoutS", BigInt(PCA_MAX_LOCKOUT_S)],
      ["maxDosesPerHour", BigInt(PCA_MAX_DOSES_PER_HOUR)],
      ["windowMaxAbu", BigInt(MAX_LIMIT_VALUE)],
    ];
    for (const [key, max] of maxima) {
      expect(engine.evaluate(withBlock({ [key]: 0n })).status, `${key} 0`).toBe(Status.VALUE_OUT_OF_RANGE);
      expect(engine.evaluate(withBlock({ [key]: max + 1n })).status, `${key} max + 1`).toBe(Status.VALUE_OUT_OF_RANGE);
      expect(engine.evaluate(withBlock({ [key]: max })).status, `${key} max`).toBe(Status.OK);
    }
    // The clinician bolus may be 0 (none to check).
    expect(engine.evaluate(withBlock({ clinicianBolusAbu: BigInt(MAX_LIMIT_VALUE) + 1n })).status).toBe(
      Status.VALUE_OUT_OF_RANGE,
    );
  });
});

describe("REQ-PCA-011 parameters 23–27 against the effective PCA records, one unit inside and outside each tier", () => {
  const cases: [string, Param, keyof PcaBlock, [bigint, number][]][] = [
    [
      "PCA dose (hard min 0.1, soft min 0.5, soft max 2, hard max 3 mg)",
      Param.PCA_DOSE,
      "doseAbu",
      [
        [MG / 10n - 1n, Classification.BELOW_HARD_MIN],
        [MG / 10n, Classification.BELOW_SOFT_MIN],
        [MG / 2n - 1n, Classification.BELOW_SOFT_MIN],
        [MG / 2n, Classification.WITHIN],
        [2n * MG, Classification.WITHIN],
        [2n * MG + 1n, Classification.ABOVE_SOFT_MAX],
        [3n * MG, Classification.ABOVE_SOFT_MAX],
        [3n * MG + 1n, Classification.ABOVE_HARD_MAX],
      ],
    ],
    [
      "lockout (hard min 5, soft min 6, soft max 20, hard max 60 min)",
      Param.PCA_LOCKOUT,
      "lockoutS",
      [
        [299n, Classification.BELOW_HARD_MIN],
        [300n, Classification.BELOW_SOFT_MIN],
        [360n, Classification.WITHIN],
        [1200n, Classification.WITHIN],
        [1201n, Classification.ABOVE_SOFT_MAX],
        [3600n, Classification.ABOVE_SOFT_MAX],
        [3601n, Classification.ABOVE_HARD_MAX],
      ],
    ],
    [
      "doses per hour (soft max 6, hard max 10)",
      Param.PCA_MAX_DOSES_PER_HOUR,
      "maxDosesPerHour",
      [
        [6n, Classification.WITHIN],
        [7n, Classification.ABOVE_SOFT_MAX],
        [10n, Classification.ABOVE_SOFT_MAX],
        [11n, Classification.ABOVE_HARD_MAX],
      ],
    ],
    [
      "clinician bolus (soft max 2, hard max 4 mg)",
      Param.PCA_CLINICIAN_BOLUS,
      "clinicianBolusAbu",
      [
        [2n * MG, Classification.WITHIN],
        [2n * MG + 1n, Classification.ABOVE_SOFT_MAX],
        [4n * MG, Classification.ABOVE_SOFT_MAX],
        [4n * MG + 1n, Classification.ABOVE_HARD_MAX],
      ],
    ],
    [
      "maximum per 1 h window (soft max 8, hard max 10 mg)",
      Param.PCA_WINDOW_MAX,
      "windowMaxAbu",
      [
        [8n * MG, Classification.WITHIN],
        [8n * MG + 1n, Classification.ABOVE_SOFT_MAX],
        [10n * MG, Classification.ABOVE_SOFT_MAX],
        [10n * MG + 1n, Classification.ABOVE_HARD_MAX],
      ],
    ],
  ];
  for (const [title, param, key, points] of cases) {
    it(title, () => {
      for (const [value, classification] of points) {
        const result = engine.evaluate(withBlock({ [key]: value }));
        expect(result.status).toBe(Status.OK);
        expect(slot(param), `${key} ${value}`).toMatchObject({ classification, displayValue: value });
        const verdict =
          classification >= Classification.BELOW_HARD_MIN
            ? Verdict.HARD_STOP
            : classification >= Classification.BELOW_SOFT_MIN
              ? Verdict.SOFT_STOP
              : Verdict.GO;
        expect(result.verdict, `${key} ${value}`).toBe(verdict);
        if (verdict !== Verdict.GO) expect(result.bindingParam).toBe(param);
      }
    });
  }

  it("a hard stop names its tier and limit in the result head: PCA dose 3 mg + 1 ABU binds HMAX 3 mg", () => {
    const result = engine.evaluate(withBlock({ doseAbu: 3n * MG + 1n }));
    expect(result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.PCA_DOSE,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: 3n * MG,
    });
    expect(slot(Param.PCA_DOSE)).toMatchObject({ tier: Tier.HARD_MAX, limitValue: 3n * MG });
  });

  it("the 4 h window is judged against the 4 h record (soft max 30, hard max 40 mg), not the 1 h one", () => {
    const four = { ...VALID, pcaWindowS: 14_400n };
    expect(engine.evaluate({ ...four, pca: { ...BLOCK, windowMaxAbu: 30n * MG } }).verdict).toBe(Verdict.GO);
    engine.evaluate({ ...four, pca: { ...BLOCK, windowMaxAbu: 40n * MG + 1n } });
    expect(slot(Param.PCA_WINDOW_MAX)).toMatchObject({
      classification: Classification.ABOVE_HARD_MAX,
      limitValue: 40n * MG,
    });
    engine.evaluate({ ...VALID, pca: { ...BLOCK, windowMaxAbu: 30n * MG } });
    expect(slot(Param.PCA_WINDOW_MAX).classification).toBe(Classification.ABOVE_HARD_MAX);
  });

  it("REQ-PCA-002 per concentration: 150 mg / 30 mL replaces the dose block entirely (soft min 1, soft max 2, hard max 2.5 mg; no hard min)", () => {
    const strong = { ...VALID, concentrationIndex: 1, rateUlPerHour: 100n };
    engine.evaluate({ ...strong, pca: { ...BLOCK, doseAbu: (5n * MG) / 2n } });
    expect(slot(Param.PCA_DOSE).classification).toBe(Classification.ABOVE_SOFT_MAX);
    engine.evaluate({ ...strong, pca: { ...BLOCK, doseAbu: (5n * MG) / 2n + 1n } });
    expect(slot(Param.PCA_DOSE)).toMatchObject({
      classification: Classification.ABOVE_HARD_MAX,
      limitValue: (5n * MG) / 2n,
    });
    // The entry's hard minimum 0.1 mg is not in force for this concentration: 1 ABU is only below the soft minimum.
    engine.evaluate({ ...strong, pca: { ...BLOCK, doseAbu: 1n } });
    expect(slot(Param.PCA_DOSE).classification).toBe(Classification.BELOW_SOFT_MIN);
  });

  it("REQ-PCA-002 per care area: the pediatric entry doses per kg (hard max 30 mcg/kg)", () => {
    const peds: EngineRequest = {
      entryId: MORPHINE_PEDS,
      careAreaId: PEDS,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 100n,
      weightG: 20_000n,
      pcaWindowS: 3600n,
      pca: { ...BLOCK, doseAbu: 30_000_000n, windowMaxAbu: 2n * MG },
    };
    expect(engine.evaluate(peds).status).toBe(Status.OK);
    expect(slot(Param.PCA_DOSE).classification).toBe(Classification.ABOVE_SOFT_MAX);
    engine.evaluate({ ...peds, pca: { ...peds.pca!, doseAbu: 30_000_001n } });
    expect(slot(Param.PCA_DOSE)).toMatchObject({
      classification: Classification.ABOVE_HARD_MAX,
      limitValue: 30_000_000n,
    });
  });
});

describe("REQ-PCA-012 parameter 28: the basal over the chosen window against the programmed maximum as a hard maximum", () => {
  it("500 µL/h for 1 h is 0.5 mg: a maximum of 0.5 mg is within, 0.5 mg − 1 ABU a hard stop on 28", () => {
    engine.evaluate(withBlock({ windowMaxAbu: MG / 2n }));
    expect(slot(Param.PCA_BASAL_IN_WINDOW)).toMatchObject({
      classification: Classification.WITHIN,
      displayValue: MG / 2n,
    });
    const result = engine.evaluate(withBlock({ windowMaxAbu: MG / 2n - 1n }));
    expect(result).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.PCA_BASAL_IN_WINDOW,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: MG / 2n - 1n,
    });
  });

  it("over 4 h the same basal is 2 mg", () => {
    engine.evaluate({ ...VALID, pcaWindowS: 14_400n, pca: { ...BLOCK, windowMaxAbu: 2n * MG } });
    expect(slot(Param.PCA_BASAL_IN_WINDOW)).toMatchObject({
      classification: Classification.WITHIN,
      displayValue: 2n * MG,
    });
    engine.evaluate({ ...VALID, pcaWindowS: 14_400n, pca: { ...BLOCK, windowMaxAbu: 2n * MG - 1n } });
    expect(slot(Param.PCA_BASAL_IN_WINDOW).classification).toBe(Classification.ABOVE_HARD_MAX);
  });
});

describe("REQ-PCA-013 the PCA slots are appended after the 576-byte result; the defaults block does not move", () => {
  it("slot p sits at RESULT_OFFSET + 576 + 24 (p − 23); the 576 bytes before it are those of the same request without PCA slots", () => {
    const result = engine.evaluate(withBlock({ lockoutS: 299n }));
    const memory = new Uint8Array(engine.memory.buffer);
    const at = RESULT_OFFSET + RESULT_SIZE + 24 * (Param.PCA_LOCKOUT - Param.PCA_DOSE);
    expect(memory[at]).toBe(Classification.BELOW_HARD_MIN);
    expect(memory[at + 1]).toBe(Tier.HARD_MIN);
    expect(new DataView(memory.buffer).getBigUint64(at + 8, true)).toBe(299n);
    expect(result.bindingParam).toBe(Param.PCA_LOCKOUT);
    // The 23 parameters of ABI 7 and the defaults block read as before.
    expect(result.params).toHaveLength(Param.CUMULATIVE + 1);
  });

  it("a request without a PCA block writes every PCA slot NOT_CHECKED", () => {
    engine.evaluate(VALID);
    engine.evaluate({ ...VALID, entryId: CONTINUOUS_MORPHINE, pcaWindowS: undefined, pca: undefined });
    expect(
      engine.pcaSlots().every((s) => s.classification === Classification.NOT_CHECKED && s.displayValue === 0n),
    ).toBe(true);
  });
});
