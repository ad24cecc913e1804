// The CUMULATIVE limit record (kind 21, docs/library-image.md §10, REQ-LIB-038): admitted only in a
// drug entry's extension, with SMAX and/or HMAX, a window that is a whole minute from 60 to 86,400 s,
// values within MAX_LIMIT_VALUE in order. Firmware and independent oracle judge every image alike;
// then the engine's parameter 22 (REQ-ENG-076) on one window, one ABU below, at and above the max.
import { beforeEach, describe, expect, it } from "vitest";
import { Mode, Param, Status, Verdict } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { writeTestRequest } from "../oracle/test-request-writer.ts";
import { writeTestImage, type SpecLibrary, type SpecRecord } from "../oracle/test-image-writer.ts";
import { freshEngine } from "./engine-fixture.ts";
import { expectAdmission } from "./record-admission.ts";
import { DOPAMINE, NICU, OXYTOCIN, SALINE, WARD_SPEC } from "./ward-library.ts";

let engine: Firmware;
beforeEach(async () => {
  engine = await freshEngine();
});

const MAX_LIMIT_VALUE = (1n << 53n) - 1n;

function cumulative(argument: number, mask: number, values: bigint[]): SpecRecord {
  return { kind: LimitKind.CUMULATIVE, mask, argument, values };
}

/** The ward library with `record` in the extension of entry `id` (or on its first concentration). */
function withRecord(id: number, record: SpecRecord, onConcentration = false): SpecLibrary {
  return {
    ...WARD_SPEC,
    entries: WARD_SPEC.entries.map((entry) => {
      if (entry.id !== id) return entry;
      if (!onConcentration) return { ...entry, records: [record] };
      const concentrations = (entry.concentrations ?? []).map((c, i) => (i === 0 ? { ...c, records: [record] } : c));
      return { ...entry, concentrations };
    }),
  };
}

const expectBoth = (library: SpecLibrary, status: Status, what: string): void =>
  expectAdmission(engine, library, status, what);

describe("REQ-LIB-038 the CUMULATIVE record is verified before it is used", () => {
  it("windows 60 and 86,400 s, SMAX and/or HMAX, up to MAX_LIMIT_VALUE: admitted", () => {
    expectBoth(withRecord(DOPAMINE, cumulative(60, 0b1100, [0n, 0n, 1n, 2n])), Status.OK, "1 min, both");
    expectBoth(withRecord(DOPAMINE, cumulative(86_400, 0b1000, [0n, 0n, 0n, MAX_LIMIT_VALUE])), Status.OK, "24 h");
    expectBoth(withRecord(OXYTOCIN, cumulative(3_600, 0b0100, [0n, 0n, 5n, 0n])), Status.OK, "SMAX only");
  });

  it("a window of 0, 59, 61 or 86,460 s, or not a whole minute, is IMAGE_STRUCTURE", () => {
    for (const window of [0, 59, 61, 3_630, 86_460])
      expectBoth(
        withRecord(DOPAMINE, cumulative(window, 0b1000, [0n, 0n, 0n, 9n])),
        Status.IMAGE_STRUCTURE,
        `${window} s`,
      );
  });

  it("a minimum tier, an empty mask, a value above MAX_LIMIT_VALUE or SMAX above HMAX is IMAGE_STRUCTURE", () => {
    const cases: [string, SpecRecord][] = [
      ["HMIN", cumulative(3_600, 0b1001, [1n, 0n, 0n, 9n])],
      ["SMIN", cumulative(3_600, 0b1010, [0n, 1n, 0n, 9n])],
      ["no tier", cumulative(3_600, 0, [0n, 0n, 0n, 0n])],
      ["2^53", cumulative(3_600, 0b1000, [0n, 0n, 0n, MAX_LIMIT_VALUE + 1n])],
      ["SMAX > HMAX", cumulative(3_600, 0b1100, [0n, 0n, 10n, 9n])],
    ];
    for (const [what, record] of cases) expectBoth(withRecord(DOPAMINE, record), Status.IMAGE_STRUCTURE, what);
  });

  it("on a fluid, or in a concentration's list, it is IMAGE_STRUCTURE", () => {
    expectBoth(withRecord(SALINE, cumulative(3_600, 0b1000, [0n, 0n, 0n, 9n])), Status.IMAGE_STRUCTURE, "fluid");
    expectBoth(
      withRecord(DOPAMINE, cumulative(3_600, 0b1000, [0n, 0n, 0n, 9n]), true),
      Status.IMAGE_STRUCTURE,
      "concentration list",
    );
  });
});

describe("REQ-ENG-076 parameter 22: one window of the program alone, one ABU below, at and above", () => {
  // OXYTOCIN (no dose basis, Neonatal ICU): 30,000,000 ABU in 500,000 µL = 60 ABU per µL. At 16 µL/h
  // its dose is 960 ABU/h (within its dose limits), so parameter 22 is the only one that can bind.
  function judgeProgram(hardMax: bigint, values: { RATE: bigint; VTBI?: bigint; LOADING_DOSE?: bigint }) {
    const image = writeTestImage(withRecord(OXYTOCIN, cumulative(3_600, 0b1000, [0n, 0n, 0n, hardMax])));
    expect(engine.loadLibrary(image)).toBe(Status.OK);
    const oracle = new Oracle();
    expect(oracle.loadLibrary(image)).toBe(Status.OK);
    const request = writeTestRequest({
      careAreaId: NICU,
      entryId: OXYTOCIN,
      concentrationIndex: 0,
      mode: Mode.RATE,
      values,
    });
    const actual = engine.evaluateRaw(request);
    expect(actual).toEqual(oracle.evaluateRaw(request));
    return actual;
  }
  const WITHIN = 2;
  const ABOVE_HARD_MAX = 6;

  it("no VTBI: one hour at 16 µL/h is 960 ABU — a hard max of 959 stops it, 960 and 961 do not", () => {
    const below = judgeProgram(959n, { RATE: 16n });
    expect(below).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.CUMULATIVE,
      bindingLimitValue: 959n,
    });
    expect(below.params[Param.CUMULATIVE]).toMatchObject({ classification: ABOVE_HARD_MAX, displayValue: 960n });
    expect(judgeProgram(960n, { RATE: 16n }).params[Param.CUMULATIVE].classification).toBe(WITHIN);
    expect(judgeProgram(961n, { RATE: 16n }).params[Param.CUMULATIVE].classification).toBe(WITHIN);
  });

  it("a VTBI shorter than the window counts whole (10 µL = 600 ABU); a loading dose adds its amount", () => {
    expect(judgeProgram(599n, { RATE: 16n, VTBI: 10n }).params[Param.CUMULATIVE].classification).toBe(ABOVE_HARD_MAX);
    expect(judgeProgram(600n, { RATE: 16n, VTBI: 10n }).params[Param.CUMULATIVE].classification).toBe(WITHIN);
    // Loading dose 40 ABU (no basis: absolute): 600 + 40.
    const loading = judgeProgram(639n, { RATE: 16n, VTBI: 10n, LOADING_DOSE: 40n }).params[Param.CUMULATIVE];
    expect(loading).toMatchObject({ classification: ABOVE_HARD_MAX, displayValue: 640n });
    expect(
      judgeProgram(640n, { RATE: 16n, VTBI: 10n, LOADING_DOSE: 40n }).params[Param.CUMULATIVE].classification,
    ).toBe(WITHIN);
  });
});
