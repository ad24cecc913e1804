// The peripheral-line maximum concentration and the request's line access (issue 11 feature 7,
// REQ-ENG-065; docs/engine.md §2 ID 21, §5 check 12). Worked by hand on the ward library's
// DOPamine, 400 mg in 250 mL: 400,000,000,000 × 1,000 / 250,000 = 1,600,000,000 ABU/mL.
import { describe, expect, it } from "vitest";
import { Classification as C, Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { freshEngine } from "./engine-fixture.ts";
import { DOPAMINE, ICU, WARD_SPEC } from "./ward-library.ts";

async function withPeripheralMax(hardMax: bigint): Promise<(r: EngineRequest) => EngineResult> {
  const spec = {
    ...WARD_SPEC,
    entries: WARD_SPEC.entries.map((e) =>
      e.id === DOPAMINE
        ? {
            ...e,
            records: [{ kind: LimitKind.PERIPHERAL_MAX_CONCENTRATION, mask: 0b1000, values: [0n, 0n, 0n, hardMax] }],
          }
        : e,
    ),
  };
  const engine = await freshEngine();
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

const request = (lineAccess?: bigint): EngineRequest => ({
  entryId: DOPAMINE,
  careAreaId: ICU,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour: 1_000n,
  weightG: 70_000n,
  ...(lineAccess === undefined ? {} : { lineAccess }),
});
const slot = (r: EngineResult) => {
  const p = r.params[Param.PERIPHERAL_CONCENTRATION];
  return [p.classification, p.tier, p.displayValue, p.limitValue];
};

describe("REQ-ENG-065 peripheral maximum concentration and line access", () => {
  it("a peripheral line: at the maximum is within, 1 ABU/mL below the concentration is a hard stop", async () => {
    const atMax = await withPeripheralMax(1_600_000_000n);
    expect(slot(atMax(request(1n)))).toEqual([C.WITHIN, Tier.NONE, 1_600_000_000n, 0n]);
    const below = await withPeripheralMax(1_599_999_999n);
    const stop = below(request(1n));
    expect(slot(stop)).toEqual([C.ABOVE_HARD_MAX, Tier.HARD_MAX, 1_600_000_000n, 1_599_999_999n]);
    expect([stop.verdict, stop.bindingParam]).toEqual([Verdict.HARD_STOP, Param.PERIPHERAL_CONCENTRATION]);
  });

  it("a central line is not limited by the peripheral maximum: NO_LIMIT", async () => {
    const run = await withPeripheralMax(1_599_999_999n);
    const central = run(request(2n));
    expect(slot(central)).toEqual([C.NO_LIMIT, Tier.NONE, 1_600_000_000n, 0n]);
    expect(central.verdict).toBe(Verdict.GO);
  });

  it("line not given: asked for (MISSING_VALUE) only when the concentration is above the peripheral maximum", async () => {
    expect((await withPeripheralMax(1_599_999_999n))(request()).status).toBe(Status.MISSING_VALUE);
    const fine = (await withPeripheralMax(1_600_000_000n))(request());
    expect(fine.status).toBe(Status.OK);
    expect(slot(fine)[0]).toBe(C.WITHIN);
  });

  it("line access values other than 1 and 2 are out of range; without the record the parameter is not checked", async () => {
    const run = await withPeripheralMax(1_600_000_000n);
    expect(run(request(0n)).status).toBe(Status.VALUE_OUT_OF_RANGE);
    expect(run(request(3n)).status).toBe(Status.VALUE_OUT_OF_RANGE);
    const plain = await freshEngine();
    expect(plain.loadLibrary(writeTestImage(WARD_SPEC))).toBe(Status.OK);
    expect(plain.evaluate(request(1n)).params[Param.PERIPHERAL_CONCENTRATION].classification).toBe(C.NOT_CHECKED);
  });
});
