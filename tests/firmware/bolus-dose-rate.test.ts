// A bolus or loading dose limited as a dose rate while it runs (issue 11 feature 5, REQ-ENG-064;
// docs/engine.md §2 IDs 19 and 20). Worked by hand on the ward library's DOPamine, 400 mg in
// 250 mL (400,000,000,000 ABU / 250,000 µL), for 70 kg: a bolus rate rb µL/h is
// rb × 400,000,000,000 × 1,000 / (250,000 × 70,000) = rb × 22,857.142857… ABU/kg/h, so 100,000 µL/h
// is 2,285,714,285.71… ABU/kg/h. Firmware and oracle must agree.
import { describe, expect, it } from "vitest";
import { Classification as C, Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { writeTestImage, type SpecRecord } from "../oracle/test-image-writer.ts";
import { freshEngine } from "./engine-fixture.ts";
import { DOPAMINE, ICU, WARD_SPEC } from "./ward-library.ts";

async function withRecords(
  entry: SpecRecord[],
  concentration: SpecRecord[] = [],
): Promise<(r: EngineRequest) => EngineResult> {
  const spec = {
    ...WARD_SPEC,
    entries: WARD_SPEC.entries.map((e) =>
      e.id !== DOPAMINE
        ? e
        : {
            ...e,
            records: entry,
            concentrations: (e.concentrations ?? []).map((c, i) =>
              i === 0 && concentration.length > 0 ? { ...c, records: concentration } : c,
            ),
          },
    ),
  };
  const engine: Firmware = await freshEngine();
  const oracle = new Oracle();
  const image = writeTestImage(spec);
  expect(engine.loadLibrary(image)).toBe(Status.OK);
  expect(oracle.loadLibrary(image)).toBe(Status.OK);
  return (request) => {
    const result = engine.evaluate(request);
    expect(oracle.evaluateRaw(encodeRequest(request)), "oracle agrees").toEqual(result);
    return result;
  };
}

const bolus: EngineRequest = {
  entryId: DOPAMINE,
  careAreaId: ICU,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour: 10_000n,
  weightG: 70_000n,
  bolusDose: 1n,
  bolusRateUlPerHour: 100_000n,
};
const hardMax = (kind: LimitKind, value: bigint): SpecRecord => ({ kind, mask: 0b1000, values: [0n, 0n, 0n, value] });
const slot = (r: EngineResult, p: Param) => [
  r.params[p].classification,
  r.params[p].tier,
  r.params[p].displayValue,
  r.params[p].limitValue,
];

describe("REQ-ENG-064 bolus and loading limits in dose-rate units", () => {
  it("±1 on the limit: 2,285,714,285.71… ABU/kg/h is above a hard max of 2,285,714,285 and within 2,285,714,286", async () => {
    const tight = await withRecords([hardMax(LimitKind.BOLUS_DOSE_RATE, 2_285_714_285n)]);
    const above = tight(bolus);
    expect(slot(above, Param.BOLUS_DOSE_RATE)).toEqual([
      C.ABOVE_HARD_MAX,
      Tier.HARD_MAX,
      2_285_714_285n,
      2_285_714_285n,
    ]);
    expect(above.verdict).toBe(Verdict.HARD_STOP);
    const loose = await withRecords([hardMax(LimitKind.BOLUS_DOSE_RATE, 2_285_714_286n)]);
    expect(slot(loose(bolus), Param.BOLUS_DOSE_RATE)).toEqual([C.WITHIN, Tier.NONE, 2_285_714_285n, 0n]);
  });

  it("the loading dose has its own record; each is checked only with its dose and the bolus rate", async () => {
    const run = await withRecords([
      hardMax(LimitKind.BOLUS_DOSE_RATE, 2_285_714_286n),
      { kind: LimitKind.LOADING_DOSE_RATE, mask: 0b0100, values: [0n, 0n, 1_000_000_000n, 0n] },
    ]);
    const loading = run({ ...bolus, bolusDose: undefined, loadingDose: 1n });
    expect(slot(loading, Param.LOADING_DOSE_RATE)).toEqual([
      C.ABOVE_SOFT_MAX,
      Tier.SOFT_MAX,
      2_285_714_285n,
      1_000_000_000n,
    ]);
    expect(loading.params[Param.BOLUS_DOSE_RATE].classification).toBe(C.NOT_CHECKED);
    expect(run({ ...bolus, bolusDose: undefined }).params[Param.BOLUS_DOSE_RATE].classification).toBe(C.NOT_CHECKED);
    expect(run({ ...bolus, bolusRateUlPerHour: undefined }).params[Param.BOLUS_DOSE_RATE].classification).toBe(
      C.NOT_CHECKED,
    );
  });

  it("a concentration's record replaces the entry's", async () => {
    const run = await withRecords(
      [hardMax(LimitKind.BOLUS_DOSE_RATE, 1n)],
      [hardMax(LimitKind.BOLUS_DOSE_RATE, 3_000_000_000n)],
    );
    expect(run(bolus).params[Param.BOLUS_DOSE_RATE].classification).toBe(C.WITHIN);
  });
});
