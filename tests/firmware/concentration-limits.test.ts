// Limits per concentration (issue 11 feature 2, REQ-ENG-063; docs/library-image.md §10 kinds
// 1 .. 11): a concentration's override record replaces the entry's block of that limit entirely.
// Worked by hand on the ward library; firmware and oracle must agree on every request.
import { beforeEach, describe, expect, it } from "vitest";
import { Classification as C, Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { writeTestImage, type SpecLibrary, type SpecRecord } from "../oracle/test-image-writer.ts";
import { freshEngine } from "./engine-fixture.ts";
import { CARBOPLATIN, DOPAMINE, ICU, WARD_SPEC } from "./ward-library.ts";

/** The ward library with records on the first concentration of DOPamine and of CARBOplatin. */
function library(dopamine: SpecRecord[], carboplatin: SpecRecord[] = []): SpecLibrary {
  return {
    ...WARD_SPEC,
    entries: WARD_SPEC.entries.map((e) => {
      const records = e.id === DOPAMINE ? dopamine : e.id === CARBOPLATIN ? carboplatin : [];
      if (records.length === 0) return e;
      return { ...e, concentrations: (e.concentrations ?? []).map((c, i) => (i === 0 ? { ...c, records } : c)) };
    }),
  };
}

let engine: Firmware;
let oracle: Oracle;
async function load(spec: SpecLibrary): Promise<void> {
  engine = await freshEngine();
  oracle = new Oracle();
  const image = writeTestImage(spec);
  expect(engine.loadLibrary(image)).toBe(Status.OK);
  expect(oracle.loadLibrary(image)).toBe(Status.OK);
}

function run(request: EngineRequest): EngineResult {
  const result = engine.evaluate(request);
  expect(oracle.evaluateRaw(encodeRequest(request)), "oracle agrees").toEqual(result);
  return result;
}

const slot = (r: EngineResult, p: Param) => {
  const { classification, tier, limitValue } = r.params[p];
  return [classification, tier, limitValue];
};

// DOPamine 400 mg / 250 mL for 150 kg: up to 140,625 µL/h is within the entry's dose hard max, so
// the rate limits decide. The entry's RATE block is a hard max of 200,000 µL/h.
const dopamine = (rateUlPerHour: bigint, concentrationIndex = 0): EngineRequest => ({
  entryId: DOPAMINE,
  careAreaId: ICU,
  concentrationIndex,
  mode: Mode.RATE,
  rateUlPerHour,
  weightG: 150_000n,
  ...(concentrationIndex === 1 ? { customAmountAbu: 400_000_000_000n, customVolumeUl: 250_000n } : {}),
});
const rateRecord = (mask: number, values: bigint[]): SpecRecord => ({ kind: LimitKind.OVERRIDE_RATE, mask, values });

describe("REQ-ENG-063 a concentration's own limits take precedence over the entry's", () => {
  beforeEach(() => load(library([rateRecord(0b1100, [0n, 0n, 80_000n, 100_000n])])));

  it("the concentration's rate tiers apply, ±1 µL/h at each", () => {
    expect(slot(run(dopamine(80_000n)), Param.RATE)).toEqual([C.WITHIN, Tier.NONE, 0n]);
    expect(slot(run(dopamine(80_001n)), Param.RATE)).toEqual([C.ABOVE_SOFT_MAX, Tier.SOFT_MAX, 80_000n]);
    expect(slot(run(dopamine(100_000n)), Param.RATE)).toEqual([C.ABOVE_SOFT_MAX, Tier.SOFT_MAX, 80_000n]);
    const hard = run(dopamine(100_001n));
    expect(slot(hard, Param.RATE)).toEqual([C.ABOVE_HARD_MAX, Tier.HARD_MAX, 100_000n]);
    // (DOSE_ABSOLUTE, the entry's 60 g/h cap, is crossed too and binds first: lower parameter ID.)
    expect(hard.verdict).toBe(Verdict.HARD_STOP);
  });

  it("another concentration of the same entry keeps the entry's block", () => {
    expect(slot(run(dopamine(100_001n, 1)), Param.RATE)).toEqual([C.WITHIN, Tier.NONE, 0n]);
  });
});

describe("REQ-ENG-063 the override replaces the entry's block entirely, not tier by tier", () => {
  it("a concentration with only a rate soft max leaves no entry hard max in force", async () => {
    await load(library([rateRecord(0b0100, [0n, 0n, 80_000n, 0n])]));
    // 250,000 µL/h: above the entry's 200,000 hard max, but the concentration's block has none.
    const result = run({ ...dopamine(250_000n), weightG: 300_000n });
    expect(slot(result, Param.RATE)).toEqual([C.ABOVE_SOFT_MAX, Tier.SOFT_MAX, 80_000n]);
  });

  it("the hourly absolute cap per concentration (DOSE_ABSOLUTE, hard max only)", async () => {
    // 100,000 µL/h of 1.6 mg/mL = 160 mg/h = 160,000,000,000 ABU/h; the override's hard max is that.
    await load(
      library([{ kind: LimitKind.OVERRIDE_DOSE_ABSOLUTE, mask: 0b1000, values: [0n, 0n, 0n, 160_000_000_000n] }]),
    );
    expect(slot(run(dopamine(100_000n)), Param.DOSE_ABSOLUTE)).toEqual([C.WITHIN, Tier.NONE, 0n]);
    expect(slot(run(dopamine(100_001n)), Param.DOSE_ABSOLUTE)).toEqual([
      C.ABOVE_HARD_MAX,
      Tier.HARD_MAX,
      160_000_000_000n,
    ]);
  });

  it("an intermittent bag's own minimum duration (the vancomycin case): 69,200 µL at 69,200 µL/h is 3,600 s", async () => {
    await load(library([], [{ kind: LimitKind.OVERRIDE_DURATION, mask: 0b0001, values: [3_600n, 0n, 0n, 0n] }]));
    const request: EngineRequest = {
      entryId: CARBOPLATIN,
      careAreaId: ICU,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 69_200n,
      vtbiUl: 69_200n,
      bsaM2X10000: 17_300n,
    };
    expect(slot(run(request), Param.DURATION)).toEqual([C.WITHIN, Tier.NONE, 0n]);
    // 69,201 µL/h: 3,599.95 s, below the bag's 3,600 s hard min (the entry's own is 1,800 s).
    const short = run({ ...request, rateUlPerHour: 69_201n });
    expect(slot(short, Param.DURATION)).toEqual([C.BELOW_HARD_MIN, Tier.HARD_MIN, 3_600n]);
    expect(short.verdict).toBe(Verdict.HARD_STOP);
  });
});
