// The verification rows of Stream B's record kinds (docs/library-image.md §10; issue 11 §3, §4):
// PATIENT_BAND (28, entry list only, min ≤ max per pair, weight ≤ MAX_WEIGHT_G, age ≤ 54,750),
// DEFAULTS (24, both lists, slot maxima dose/rate/duration/VTBI), DEFAULT_DOSE_PER_ADMIN (25, bit 0
// only, intermittent drug entries). Firmware and the oracle's reader must agree, ±1 at each bound.
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_DURATION_S, MAX_RATE_UL_PER_HOUR, MAX_WEIGHT_G, Status } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { verifyImage } from "../oracle/image.ts";
import { rehash, writeTestImage, type SpecLibrary, type SpecRecord } from "../oracle/test-image-writer.ts";
import { freshEngine } from "./engine-fixture.ts";
import { expectAdmission, wardWithRecords } from "./record-admission.ts";
import { CARBOPLATIN, DOPAMINE, WARD_SPEC } from "./ward-library.ts";

let engine: Firmware;
beforeEach(async () => {
  engine = await freshEngine();
});

const spec = wardWithRecords;

const expectBoth = (library: SpecLibrary, status: Status, what: string): void =>
  expectAdmission(engine, library, status, what);

const band = (mask: number, values: bigint[]): SpecRecord => ({ kind: LimitKind.PATIENT_BAND, mask, values });
const defaults = (mask: number, values: bigint[]): SpecRecord => ({ kind: LimitKind.DEFAULTS, mask, values });
const perAdmin = (mask: number): SpecRecord => ({ kind: LimitKind.DEFAULT_DOSE_PER_ADMIN, mask, values: [5n] });

describe("REQ-LIB-032 REQ-LIB-033 verification of PATIENT_BAND, DEFAULTS and DEFAULT_DOSE_PER_ADMIN", () => {
  it("REQ-LIB-032: a band on the entry is admitted at its maxima; one above, min > max, or on a concentration is not", () => {
    const W = BigInt(MAX_WEIGHT_G);
    expectBoth(spec(DOPAMINE, [band(0b1111, [0n, W, 0n, 54_750n])]), Status.OK, "band at the maxima");
    expectBoth(spec(DOPAMINE, [band(0b0010, [0n, W + 1n])]), Status.IMAGE_STRUCTURE, "weight max + 1 g");
    expectBoth(spec(DOPAMINE, [band(0b1000, [0n, 0n, 0n, 54_751n])]), Status.IMAGE_STRUCTURE, "age 54,751 days");
    expectBoth(spec(DOPAMINE, [band(0b0011, [40_000n, 40_000n])]), Status.OK, "min = max");
    expectBoth(spec(DOPAMINE, [band(0b0011, [40_001n, 40_000n])]), Status.IMAGE_STRUCTURE, "min > max by 1 g");
    expectBoth(spec(DOPAMINE, undefined, [band(0b0001, [1n])]), Status.IMAGE_STRUCTURE, "band on a concentration");
  });

  it("REQ-LIB-033: DEFAULTS on the entry and the concentration are admitted at each slot's maximum, not one above", () => {
    const R = BigInt(MAX_RATE_UL_PER_HOUR);
    const D = BigInt(MAX_DURATION_S);
    expectBoth(spec(CARBOPLATIN, [defaults(0b0110, [0n, R, D])]), Status.OK, "rate and duration at their maxima");
    expectBoth(spec(CARBOPLATIN, [defaults(0b0010, [0n, R + 1n])]), Status.IMAGE_STRUCTURE, "rate max + 1");
    expectBoth(spec(CARBOPLATIN, [defaults(0b0100, [0n, 0n, D + 1n])]), Status.IMAGE_STRUCTURE, "duration max + 1");
    expectBoth(spec(DOPAMINE, undefined, [defaults(0b0001, [7n])]), Status.OK, "a concentration's default dose");
  });

  it("REQ-LIB-033: DEFAULT_DOSE_PER_ADMIN takes bit 0 only and an intermittent drug entry", () => {
    expectBoth(spec(CARBOPLATIN, [perAdmin(0b0001)]), Status.OK, "intermittent");
    expectBoth(spec(CARBOPLATIN, [perAdmin(0b0010)]), Status.IMAGE_STRUCTURE, "bit 1");
    expectBoth(spec(DOPAMINE, [perAdmin(0b0001)]), Status.IMAGE_STRUCTURE, "continuous entry");
  });

  it("REQ-LIB-031: care-area flags bit 1 (weight confirmation) is refused in format 1 and 2, admitted in 3", () => {
    const flagged = (formatVersion: number): Uint8Array => {
      const image = writeTestImage({ ...spec(DOPAMINE, [band(0b0001, [1n])]), formatVersion });
      image[96 + 1] |= 2; // the first care area's flags (body offset 0, flags at 1)
      return image;
    };
    for (const [format, status] of [
      [1, Status.IMAGE_STRUCTURE],
      [2, Status.IMAGE_STRUCTURE],
    ] as const) {
      const image = writeTestImage({ ...WARD_SPEC, formatVersion: format });
      image[96 + 1] |= 2;
      expect(verifyImage(rehash(image)).status, `format ${format}: oracle`).toBe(status);
      expect(engine.loadLibrary(rehash(image)), `format ${format}: firmware`).toBe(status);
    }
    expect(verifyImage(rehash(flagged(3))).status).toBe(Status.OK);
    expect(engine.loadLibrary(rehash(flagged(3)))).toBe(Status.OK);
  });
});
