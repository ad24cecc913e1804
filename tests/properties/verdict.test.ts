// REQ-ENG-030 / REQ-ENG-031 against the WASM engine: limits are placed around the exact value of
// every parameter so that each lands inside, beyond a soft limit or beyond a hard limit; the
// verdict, binding limit and every parameter's classification must follow docs/engine.md §1, §6.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { EngineResult } from "../../simulator/host/types.ts";
import { arbTape, Tape } from "../generators/tape.ts";
import { C, GO, HARD_STOP, OK, SOFT_STOP } from "./params.ts";
import { buildPlan, isHard, isSoft, type Plan } from "./plan.ts";
import type { Zone } from "./placement.ts";
import { EngineUnderTest } from "./wasm.ts";

let engine: EngineUnderTest;
beforeAll(async () => {
  engine = await EngineUnderTest.create();
});

function planWith(words: number[], zones: readonly Zone[]): Plan | undefined {
  const tape = new Tape(words);
  return buildPlan(tape, () => tape.pick(zones));
}

/** Every parameter's classification, tier and limit as planned; unplanned ones NOT_CHECKED. */
function expectClassifications(plan: Plan, result: EngineResult): void {
  result.params.forEach((param, id) => {
    const want = plan.expected.get(id);
    if (want === undefined) expect(param.classification, `parameter ${id}`).toBe(C.NOT_CHECKED);
    else
      expect({ id, classification: param.classification, tier: param.tier, limitValue: param.limitValue }).toEqual({
        id,
        classification: want.classification,
        tier: want.tier,
        limitValue: want.limitValue,
      });
  });
}

const lowest = (plan: Plan, test: (c: number) => boolean): number =>
  Math.min(...[...plan.expected].filter(([, p]) => test(p.classification)).map(([id]) => id));

describe("REQ-ENG-030 REQ-ENG-011 verdict of the WASM engine", () => {
  it("REQ-ENG-030 a request inside every soft range (or with no limits) is GO", () => {
    fc.assert(
      fc.property(arbTape(), (words) => {
        const plan = planWith(words, ["inside"]);
        fc.pre(plan !== undefined);
        const result = engine.evaluate(plan.library, plan.request);
        expect(result.status).toBe(OK);
        expectClassifications(plan, result);
        expect([result.verdict, result.bindingParam, result.bindingTier, result.bindingLimitValue]).toEqual([
          GO,
          0xff,
          0,
          0n,
        ]);
      }),
    );
  });

  it("REQ-ENG-030 REQ-ENG-031 soft-only violations give SOFT_STOP bound by the lowest soft parameter", () => {
    fc.assert(
      fc.property(arbTape(), (words) => {
        const plan = planWith(words, ["inside", "softLow", "softHigh"]);
        fc.pre(plan !== undefined && [...plan.expected.values()].some((p) => isSoft(p.classification)));
        const result = engine.evaluate(plan.library, plan.request);
        expect(result.status).toBe(OK);
        expectClassifications(plan, result);
        const binding = lowest(plan, isSoft);
        const want = plan.expected.get(binding)!;
        expect([result.verdict, result.bindingParam, result.bindingTier, result.bindingLimitValue]).toEqual([
          SOFT_STOP,
          binding,
          want.tier,
          want.limitValue,
        ]);
      }),
    );
  });

  it("REQ-ENG-030 REQ-ENG-031 a request outside any hard limit is HARD_STOP (never GO or SOFT_STOP), bound by the lowest hard parameter", () => {
    fc.assert(
      fc.property(arbTape(), (words) => {
        const plan = planWith(words, ["inside", "softLow", "softHigh", "hardLow", "hardHigh"]);
        fc.pre(plan !== undefined && [...plan.expected.values()].some((p) => isHard(p.classification)));
        const result = engine.evaluate(plan.library, plan.request);
        expect(result.status).toBe(OK);
        expectClassifications(plan, result);
        const binding = lowest(plan, isHard);
        const want = plan.expected.get(binding)!;
        expect([result.verdict, result.bindingParam, result.bindingTier, result.bindingLimitValue]).toEqual([
          HARD_STOP,
          binding,
          want.tier,
          want.limitValue,
        ]);
      }),
    );
  });
});
