import { beforeEach, describe, expect, it } from "vitest";
import {
  Field,
  MAX_AGE_DAYS,
  MAX_AMOUNT_ABU,
  MAX_BSA_M2X10000,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
  Mode,
  NO_CONCENTRATION,
  NO_PARAM,
  REQUEST_SIZE,
  Status,
  Tier,
  Verdict,
} from "../../firmware/abi/codes.ts";
import { encodeRequest, FIELD_NAMES } from "../../simulator/host/request-codec.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { freshEngine } from "./engine-fixture.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { CARBOPLATIN, DOPAMINE, ICU, NICU, OXYTOCIN, SALINE, WARD_SPEC } from "./ward-library.ts";

let engine: Firmware;
beforeEach(async () => {
  engine = await freshEngine();
  expect(engine.loadLibrary(writeTestImage(WARD_SPEC))).toBe(Status.OK);
});

/** A request that passes every check: dopamine in the ICU at 10 mL/h for a 70 kg patient. */
const VALID: EngineRequest = {
  entryId: DOPAMINE,
  careAreaId: ICU,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour: 10_000n,
  weightG: 70_000n,
};

function statusOf(request: EngineRequest): number {
  return engine.evaluate(request).status;
}

function statusOfBytes(edit: (view: DataView) => void, base: EngineRequest = VALID): number {
  const bytes = encodeRequest(base);
  edit(new DataView(bytes.buffer, bytes.byteOffset, REQUEST_SIZE));
  return engine.evaluateRaw(bytes).status;
}

const FIELD_MAXIMA: Record<number, number> = {
  [Field.RATE_UL_PER_HOUR]: MAX_RATE_UL_PER_HOUR,
  [Field.DOSE]: MAX_LIMIT_VALUE,
  [Field.DURATION_S]: MAX_DURATION_S,
  [Field.VTBI_UL]: MAX_VOLUME_UL,
  [Field.WEIGHT_G]: MAX_WEIGHT_G,
  [Field.BSA_M2X10000]: MAX_BSA_M2X10000,
  [Field.BOLUS_DOSE]: MAX_LIMIT_VALUE,
  [Field.BOLUS_RATE_UL_PER_HOUR]: MAX_RATE_UL_PER_HOUR,
  [Field.LOADING_DOSE]: MAX_LIMIT_VALUE,
  [Field.CUSTOM_AMOUNT_ABU]: MAX_AMOUNT_ABU,
  [Field.CUSTOM_VOLUME_UL]: MAX_VOLUME_UL,
  [Field.DOSE_AMOUNT]: MAX_LIMIT_VALUE, // ABI 7, REQ-ENG-062
  [Field.LINE_ACCESS]: 2, // ABI 7, REQ-ENG-065: 1 peripheral, 2 central
};

describe("REQ-ENG-003 request checks of docs/engine.md §5", () => {
  it("the valid base request is OK", () => {
    expect(statusOf(VALID)).toBe(Status.OK);
  });

  it("1 NO_LIBRARY before any load and after init", async () => {
    const empty = await freshEngine();
    const result = empty.evaluate(VALID);
    expect(result.status).toBe(Status.NO_LIBRARY);
    expect([result.verdict, result.bindingParam, result.bindingTier]).toEqual([Verdict.NONE, NO_PARAM, Tier.NONE]);
    engine.init();
    expect(statusOf(VALID)).toBe(Status.NO_LIBRARY);
  });

  it("2 BAD_MODE for modes 0, 4 and 255", () => {
    for (const mode of [0, 4, 255]) expect(statusOf({ ...VALID, mode })).toBe(Status.BAD_MODE);
  });

  it("3 BAD_REQUEST: reserved bytes 7 and 12..15, presence bits 13..31", () => {
    expect(statusOfBytes((v) => v.setUint8(7, 1))).toBe(Status.BAD_REQUEST);
    for (const offset of [12, 13, 14, 15])
      expect(statusOfBytes((v) => v.setUint8(offset, 0x80))).toBe(Status.BAD_REQUEST);
    // ABI 7: 11 (the amount per dose), 12 (the line access) and 13 (the age in days) are accepted:
    // REQ-ENG-062, REQ-ENG-065, REQ-ENG-071; 14 is the PCA block (issue 15, REQ-PCA-010: on an entry
    // that is not PCA it is UNEXPECTED_VALUE, tests/pca/engine.test.ts).
    for (const bit of [15, 20, 31]) {
      expect(statusOfBytes((v) => v.setUint32(8, v.getUint32(8, true) | (1 << bit), true))).toBe(Status.BAD_REQUEST);
    }
  });

  it("REQ-ENG-071 AGE_DAYS (bit 13) is accepted from 0 (a newborn) to MAX_AGE_DAYS; MAX_AGE_DAYS + 1 is VALUE_OUT_OF_RANGE", () => {
    expect(statusOf({ ...VALID, ageDays: 0n })).toBe(Status.OK);
    expect(statusOf({ ...VALID, ageDays: BigInt(MAX_AGE_DAYS) })).toBe(Status.OK);
    expect(statusOf({ ...VALID, ageDays: BigInt(MAX_AGE_DAYS) + 1n })).toBe(Status.VALUE_OUT_OF_RANGE);
  });

  it("4 VALUE_OUT_OF_RANGE: every field at 0 and at its maximum + 1; the maximum itself passes check 4", () => {
    // The fields a request may carry: ABI 7's join FIELD_MAXIMA as their features enable them.
    for (const field of Object.keys(FIELD_MAXIMA).map(Number)) {
      const max = BigInt(FIELD_MAXIMA[field]);
      const name = FIELD_NAMES[field];
      expect(statusOf({ ...VALID, [name]: 0n }), `${name} = 0`).toBe(Status.VALUE_OUT_OF_RANGE);
      expect(statusOf({ ...VALID, [name]: max + 1n }), `${name} = max + 1`).toBe(Status.VALUE_OUT_OF_RANGE);
      expect(statusOf({ ...VALID, [name]: (1n << 64n) - 1n }), `${name} = 2^64 − 1`).toBe(Status.VALUE_OUT_OF_RANGE);
      expect(statusOf({ ...VALID, [name]: max }), `${name} = max`).not.toBe(Status.VALUE_OUT_OF_RANGE);
    }
  });

  it("4 absent values are ignored whatever their bytes", () => {
    expect(
      statusOfBytes((v) => {
        for (let o = 24; o < 104; o += 8) if (o !== 48) v.setBigUint64(o, 0n, true);
      }),
    ).toBe(Status.OK);
    expect(statusOfBytes((v) => v.setBigUint64(24, (1n << 64n) - 1n, true))).toBe(Status.OK);
  });

  it("5 MISSING_VALUE before UNEXPECTED_VALUE for the programmed field", () => {
    expect(statusOf({ ...VALID, rateUlPerHour: undefined })).toBe(Status.MISSING_VALUE);
    expect(statusOf({ ...VALID, rateUlPerHour: undefined, dose: 5n })).toBe(Status.MISSING_VALUE);
    expect(statusOf({ ...VALID, dose: 5n })).toBe(Status.UNEXPECTED_VALUE);
    expect(statusOf({ ...VALID, durationS: 60n })).toBe(Status.UNEXPECTED_VALUE);
    expect(statusOf({ ...VALID, mode: Mode.DOSE })).toBe(Status.MISSING_VALUE);
    expect(statusOf({ ...VALID, mode: Mode.DURATION, rateUlPerHour: undefined, durationS: 3600n, vtbiUl: 1000n })).toBe(
      Status.OK,
    );
  });

  it("6 UNKNOWN_CARE_AREA for ids not in the table, including ≥ 64", () => {
    for (const careAreaId of [0, 2, 63, 64, 200, 255])
      expect(statusOf({ ...VALID, careAreaId })).toBe(Status.UNKNOWN_CARE_AREA);
  });

  it("7 UNKNOWN_ENTRY for ids not in the index", () => {
    for (const entryId of [0, 1, 8, 25, 41, 0x7fffffff, 0xffffffff])
      expect(statusOf({ ...VALID, entryId })).toBe(Status.UNKNOWN_ENTRY);
  });

  it("8 NOT_IN_CARE_AREA", () => {
    expect(statusOf({ ...VALID, entryId: OXYTOCIN, careAreaId: ICU })).toBe(Status.NOT_IN_CARE_AREA);
    expect(statusOf({ ...VALID, entryId: CARBOPLATIN, careAreaId: NICU })).toBe(Status.NOT_IN_CARE_AREA);
  });

  it("9 BAD_CONCENTRATION: index past the count, none for a drug, any for a fluid", () => {
    expect(statusOf({ ...VALID, concentrationIndex: 2 })).toBe(Status.BAD_CONCENTRATION);
    expect(statusOf({ ...VALID, concentrationIndex: NO_CONCENTRATION })).toBe(Status.BAD_CONCENTRATION);
    expect(
      statusOf({ entryId: SALINE, careAreaId: ICU, concentrationIndex: 0, mode: Mode.RATE, rateUlPerHour: 100_000n }),
    ).toBe(Status.BAD_CONCENTRATION);
  });

  it("10 BAD_MODE: DOSE mode on a fluid", () => {
    expect(
      statusOf({ entryId: SALINE, careAreaId: ICU, concentrationIndex: NO_CONCENTRATION, mode: Mode.DOSE, dose: 5n }),
    ).toBe(Status.BAD_MODE);
  });

  it("11 UNEXPECTED_VALUE: custom amount or volume without a custom concentration; bolus or loading dose on a fluid", () => {
    expect(statusOf({ ...VALID, customAmountAbu: 5n })).toBe(Status.UNEXPECTED_VALUE);
    expect(statusOf({ ...VALID, customVolumeUl: 5n })).toBe(Status.UNEXPECTED_VALUE);
    const saline: EngineRequest = {
      entryId: SALINE,
      careAreaId: ICU,
      concentrationIndex: NO_CONCENTRATION,
      mode: Mode.RATE,
      rateUlPerHour: 100_000n,
    };
    expect(statusOf(saline)).toBe(Status.OK);
    expect(statusOf({ ...saline, customVolumeUl: 5n })).toBe(Status.UNEXPECTED_VALUE);
    expect(statusOf({ ...saline, bolusDose: 5n })).toBe(Status.UNEXPECTED_VALUE);
    expect(statusOf({ ...saline, loadingDose: 5n })).toBe(Status.UNEXPECTED_VALUE);
    expect(statusOf({ ...saline, bolusRateUlPerHour: 5n })).toBe(Status.OK);
  });

  it("12 MISSING_VALUE: custom amount and volume, weight, BSA, VTBI", () => {
    const custom: EngineRequest = {
      ...VALID,
      concentrationIndex: 1,
      customAmountAbu: 400_000_000_000n,
      customVolumeUl: 250_000n,
    };
    expect(statusOf(custom)).toBe(Status.OK);
    expect(statusOf({ ...custom, customVolumeUl: undefined })).toBe(Status.MISSING_VALUE);
    expect(statusOf({ ...custom, customAmountAbu: undefined })).toBe(Status.MISSING_VALUE);
    expect(statusOf({ ...VALID, weightG: undefined })).toBe(Status.MISSING_VALUE);
    const carboplatin: EngineRequest = {
      entryId: CARBOPLATIN,
      careAreaId: ICU,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 100_000n,
      bsaM2X10000: 17_300n,
      vtbiUl: 100_000n,
    };
    expect(statusOf(carboplatin)).toBe(Status.OK);
    expect(statusOf({ ...carboplatin, bsaM2X10000: undefined })).toBe(Status.MISSING_VALUE);
    expect(statusOf({ ...carboplatin, vtbiUl: undefined })).toBe(Status.MISSING_VALUE); // intermittent
    expect(statusOf({ ...VALID, mode: Mode.DURATION, rateUlPerHour: undefined, durationS: 3600n })).toBe(
      Status.MISSING_VALUE,
    );
  });

  it("13 DERIVED_OUT_OF_RANGE: a derived rate of 0 or above MAX_RATE_UL_PER_HOUR", () => {
    const byDuration: EngineRequest = {
      ...VALID,
      mode: Mode.DURATION,
      rateUlPerHour: undefined,
      vtbiUl: 1n,
      durationS: BigInt(MAX_DURATION_S),
    };
    expect(statusOf(byDuration)).toBe(Status.DERIVED_OUT_OF_RANGE);
    expect(statusOf({ ...byDuration, vtbiUl: BigInt(MAX_VOLUME_UL), durationS: 1n })).toBe(Status.DERIVED_OUT_OF_RANGE);
    // vtbi × 3600 / duration = MAX_RATE exactly is deliverable; one µL/h more is not.
    expect(statusOf({ ...byDuration, vtbiUl: 9_999_999n, durationS: 3600n })).toBe(Status.OK);
    const byDose: EngineRequest = { ...VALID, mode: Mode.DOSE, rateUlPerHour: undefined };
    // dopamine 1.6 mg/mL at 70 kg: r = floor(dose × 250000 × 70000 / (4e11 × 1000)) = floor(dose × 7 / 160,000).
    expect(statusOf({ ...byDose, dose: 22_857n })).toBe(Status.DERIVED_OUT_OF_RANGE); // r = 0.99999
    expect(statusOf({ ...byDose, dose: 22_858n })).toBe(Status.OK); // r = 1
    expect(statusOf({ ...byDose, dose: BigInt(MAX_LIMIT_VALUE) })).toBe(Status.DERIVED_OUT_OF_RANGE);
    // Largest deliverable: r = 9,999,999 needs dose ≤ 228,571,428,571 (and rate 10^7 at 228,571,428,572).
    expect(engine.evaluate({ ...byDose, dose: 228_571_428_571n }).deliveredRateUlPerHour).toBe(9_999_999n);
    expect(statusOf({ ...byDose, dose: 228_571_428_572n })).toBe(Status.DERIVED_OUT_OF_RANGE);
  });
});

describe("REQ-ENG-003 the first failing check wins (docs/engine.md §5 order)", () => {
  // Each request breaks check k and every later check it can; the status must name check k.
  it("a request failing checks k..13 reports check k", () => {
    const reserved = (view: DataView) => view.setUint8(7, 1);
    const unknownEverything: EngineRequest = {
      entryId: 999,
      careAreaId: 99,
      concentrationIndex: 9,
      mode: Mode.RATE,
      rateUlPerHour: 0n,
      dose: 1n,
    };
    expect(statusOfBytes(reserved, { ...unknownEverything, mode: 9 })).toBe(Status.BAD_MODE);
    expect(statusOfBytes(reserved, unknownEverything)).toBe(Status.BAD_REQUEST);
    expect(statusOf(unknownEverything)).toBe(Status.VALUE_OUT_OF_RANGE);
    expect(statusOf({ ...unknownEverything, rateUlPerHour: undefined })).toBe(Status.MISSING_VALUE);
    expect(statusOf({ ...unknownEverything, rateUlPerHour: 5n })).toBe(Status.UNEXPECTED_VALUE);
    const shapeOk: EngineRequest = { ...unknownEverything, rateUlPerHour: 5n, dose: undefined, customAmountAbu: 3n };
    expect(statusOf(shapeOk)).toBe(Status.UNKNOWN_CARE_AREA);
    expect(statusOf({ ...shapeOk, careAreaId: ICU })).toBe(Status.UNKNOWN_ENTRY);
    expect(statusOf({ ...shapeOk, careAreaId: ICU, entryId: OXYTOCIN })).toBe(Status.NOT_IN_CARE_AREA);
    const saline: EngineRequest = {
      ...shapeOk,
      careAreaId: ICU,
      entryId: SALINE,
      mode: Mode.DOSE,
      rateUlPerHour: undefined,
      dose: 5n,
      bolusDose: 1n,
    };
    expect(statusOf(saline)).toBe(Status.BAD_CONCENTRATION);
    expect(statusOf({ ...saline, concentrationIndex: NO_CONCENTRATION })).toBe(Status.BAD_MODE);
    const dopamine: EngineRequest = {
      ...shapeOk,
      careAreaId: ICU,
      entryId: DOPAMINE,
      concentrationIndex: 0,
      mode: Mode.DURATION,
      rateUlPerHour: undefined,
      durationS: BigInt(MAX_DURATION_S),
    };
    expect(statusOf(dopamine)).toBe(Status.UNEXPECTED_VALUE); // custom amount on a fixed concentration
    expect(statusOf({ ...dopamine, customAmountAbu: undefined })).toBe(Status.MISSING_VALUE); // weight, VTBI
    expect(statusOf({ ...dopamine, customAmountAbu: undefined, weightG: 1n, vtbiUl: 1n })).toBe(
      Status.DERIVED_OUT_OF_RANGE,
    );
  });
});
