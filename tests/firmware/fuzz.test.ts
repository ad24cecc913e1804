import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Classification, NO_PARAM, PARAM_COUNT, REQUEST_SIZE, Status, Verdict } from "../../firmware/abi/codes.ts";
import type { EngineResult } from "../../simulator/host/types.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { freshEngine } from "./engine-fixture.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { WARD_SPEC } from "./ward-library.ts";

const REQUEST_STATUSES = [
  Status.OK,
  Status.BAD_MODE,
  Status.BAD_REQUEST,
  Status.VALUE_OUT_OF_RANGE,
  Status.MISSING_VALUE,
  Status.UNEXPECTED_VALUE,
  Status.UNKNOWN_CARE_AREA,
  Status.UNKNOWN_ENTRY,
  Status.NOT_IN_CARE_AREA,
  Status.BAD_CONCENTRATION,
  Status.DERIVED_OUT_OF_RANGE,
];

let engine: Firmware;
beforeAll(async () => {
  engine = await freshEngine();
  expect(engine.loadLibrary(writeTestImage(WARD_SPEC))).toBe(Status.OK);
});

/** The result is well formed and its verdict agrees with its own classifications (REQ-ENG-030). */
function expectConsistent(result: EngineResult): void {
  expect(REQUEST_STATUSES).toContain(result.status);
  if (result.status !== Status.OK) {
    expect([result.verdict, result.bindingParam, result.bindingTier]).toEqual([Verdict.NONE, NO_PARAM, 0]);
    return;
  }
  expect(result.params).toHaveLength(PARAM_COUNT);
  const hard = result.params.findIndex((p) => p.classification >= Classification.BELOW_HARD_MIN);
  const soft = result.params.findIndex(
    (p) => p.classification === Classification.BELOW_SOFT_MIN || p.classification === Classification.ABOVE_SOFT_MAX,
  );
  const binding = hard >= 0 ? hard : soft >= 0 ? soft : NO_PARAM;
  expect(result.verdict).toBe(hard >= 0 ? Verdict.HARD_STOP : soft >= 0 ? Verdict.SOFT_STOP : Verdict.GO);
  expect(result.bindingParam).toBe(binding);
  if (binding !== NO_PARAM) {
    expect(result.bindingTier).toBe(result.params[binding].tier);
    expect(result.bindingLimitValue).toBe(result.params[binding].limitValue);
  }
  expect(result.deliveredRateUlPerHour >= 1n && result.deliveredRateUlPerHour <= 9_999_999n).toBe(true);
  for (const p of result.params) {
    expect(p.classification).toBeLessThanOrEqual(Classification.ABOVE_HARD_MAX);
    if (p.classification <= Classification.WITHIN) expect([p.tier, p.limitValue]).toEqual([0, 0n]);
  }
}

const interestingU64 = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  fc.bigInt({ min: 0n, max: 20_000_000n }),
  fc.bigInt({ min: 1n, max: 5_000n }),
  fc.bigInt({ min: 0n, max: 1n << 54n }),
  fc.constantFrom(
    0n,
    1n,
    2n,
    3600n,
    9_999_999n,
    10_000_000n,
    8_640_000n,
    1_000_000n,
    100_000n,
    (1n << 48n) - 1n,
    (1n << 53n) - 1n,
    1n << 53n,
    (1n << 64n) - 1n,
  ),
);

/** Requests near the valid shape, so the deeper checks and the arithmetic are reached. */
const shapedRequest = fc
  .record({
    entryId: fc.constantFrom(7, 20, 30, 40, 0, 8, 0xffffffff),
    careAreaId: fc.constantFrom(1, 5, 0, 64, 255),
    concentrationIndex: fc.constantFrom(0, 1, 2, 0xff),
    mode: fc.constantFrom(1, 2, 3, 0, 4),
    reserved: fc.constantFrom(0, 0, 0, 0, 1),
    presence: fc.oneof(
      fc.integer({ min: 0, max: 0x7ff }),
      fc.constantFrom(0x011, 0x012, 0x01c, 0x019, 0x611, 0x0a9, 0x001, 0x1c1),
    ),
    values: fc.array(interestingU64, { minLength: 11, maxLength: 11 }),
  })
  .map(({ entryId, careAreaId, concentrationIndex, mode, reserved, presence, values }) => {
    const bytes = new Uint8Array(REQUEST_SIZE);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, entryId, true);
    view.setUint8(4, careAreaId);
    view.setUint8(5, concentrationIndex);
    view.setUint8(6, mode);
    view.setUint8(7, reserved);
    view.setUint32(8, presence, true);
    values.forEach((v, i) => view.setBigUint64(16 + 8 * i, v, true));
    return bytes;
  });

describe("REQ-ENG-003 random request bytes never trap and always get a status", () => {
  it("20,000 uniformly random 104-byte requests", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: REQUEST_SIZE, maxLength: REQUEST_SIZE }), (bytes) => {
        expectConsistent(engine.evaluateRaw(bytes));
      }),
      { numRuns: 20_000 },
    );
  });

  it("REQ-ENG-030 REQ-ENG-031 30,000 near-valid requests: verdict and binding agree with the classifications", () => {
    const seen = new Set<number>();
    fc.assert(
      fc.property(shapedRequest, (bytes) => {
        const result = engine.evaluateRaw(bytes);
        seen.add(result.status);
        expectConsistent(result);
      }),
      { numRuns: 30_000 },
    );
    // The generator reaches every request status, OK included.
    expect([...seen].sort((a, b) => a - b)).toEqual([...REQUEST_STATUSES].sort((a, b) => a - b));
  });
});
