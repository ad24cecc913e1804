// REQ-ENG-010 against the WASM engine: for each directly entered parameter, a value equal to a
// limit is within it and one least-significant unit beyond is outside (docs/engine.md §1).
import fc from "fast-check";
import type { TierValues } from "../../hil/library/compiler/canonical.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arbTape, Tape } from "../generators/tape.ts";
import { TIER_NAMES, type TierName } from "../generators/tiers.ts";
import { customMillilitres, directParams, withValue } from "./direct-values.ts";
import { BLOCK_MAX, C, OK, P } from "./params.ts";
import { rulesFor } from "./plan.ts";
import { buildScenario, type Scenario, scenarioLibrary, scenarioRequest, valuesInRange } from "./scenario.ts";
import { EngineUnderTest } from "./wasm.ts";

let engine: EngineUnderTest;
let probesChecked = 0;
beforeAll(async () => {
  engine = await EngineUnderTest.create();
});
afterAll(() => {
  // Derived-rate errors may skip a probe, but never most of them.
  expect(probesChecked).toBeGreaterThan(1_000);
});

interface Probe {
  value: bigint;
  extraAbu?: bigint;
  classification: number;
}

/** Classification of `param` when the scenario's value is set; undefined when the request is refused. */
function classify(
  s: Scenario,
  param: number,
  tiers: TierValues,
  probe: Probe,
  millilitres: bigint,
): number | undefined {
  const scenario = withValue(s, param, probe.value, millilitres, probe.extraAbu ?? 0n);
  if (!valuesInRange(scenario)) return undefined;
  const result = engine.evaluate(scenarioLibrary(scenario, new Map([[param, tiers]])), scenarioRequest(scenario));
  if (result.status !== OK) return undefined;
  probesChecked++;
  return result.params[param].classification;
}

/** Four distinct tiers, at least 3 apart, inside 2 .. max − 1, so ±1 never reaches a neighbour. */
function spacedTiers(tape: Tape, max: bigint): bigint[] | undefined {
  const values = [0, 1, 2, 3].map(() => 2n + tape.magnitude(max - 3n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return values.every((v, i) => i === 0 || v - values[i - 1] >= 3n) ? values : undefined;
}

function pickDirect(tape: Tape): { s: Scenario; param: number } | undefined {
  const s = buildScenario(tape);
  const params = directParams(s);
  return params.length === 0 ? undefined : { s, param: tape.pick(params) };
}

const PARAM_NAMES = Object.fromEntries(Object.entries(P).map(([name, id]) => [id, name]));

describe("REQ-ENG-010 four-tier boundaries in the WASM engine", () => {
  it("REQ-ENG-010 at each of HMIN, SMIN, SMAX, HMAX the value is within that limit; ±1 unit beyond it is outside", () => {
    fc.assert(
      fc.property(arbTape(), (words) => {
        const tape = new Tape(words);
        const picked = pickDirect(tape);
        fc.pre(picked !== undefined);
        const { s, param } = picked;
        const tiers = spacedTiers(tape, BLOCK_MAX[param]);
        fc.pre(tiers !== undefined);
        const [hmin, smin, smax, hmax] = tiers;
        const millilitres = param === P.CONCENTRATION ? customMillilitres(tape, hmax + 1n) : 1n;
        const block: TierValues = { hardMin: hmin, softMin: smin, softMax: smax, hardMax: hmax };
        const probes: Probe[] = [
          { value: hmin - 1n, classification: C.BELOW_HARD_MIN },
          { value: hmin, classification: C.BELOW_SOFT_MIN },
          { value: smin - 1n, classification: C.BELOW_SOFT_MIN },
          { value: smin, classification: C.WITHIN },
          { value: smax, classification: C.WITHIN },
          { value: smax + 1n, classification: C.ABOVE_SOFT_MAX },
          { value: hmax, classification: C.ABOVE_SOFT_MAX },
          { value: hmax + 1n, classification: C.ABOVE_HARD_MAX },
        ];
        if (param === P.CONCENTRATION && millilitres > 1n) {
          // One ABU in the custom amount: 1/millilitres ABU/mL beyond the limit is already outside.
          probes.push(
            { value: hmin, extraAbu: -1n, classification: C.BELOW_HARD_MIN },
            { value: smin, extraAbu: -1n, classification: C.BELOW_SOFT_MIN },
            { value: smax, extraAbu: 1n, classification: C.ABOVE_SOFT_MAX },
            { value: hmax, extraAbu: 1n, classification: C.ABOVE_HARD_MAX },
          );
        }
        for (const probe of probes) {
          const got = classify(s, param, block, probe, millilitres);
          if (got !== undefined)
            expect({ param: PARAM_NAMES[param], ...probe, got }).toEqual({
              param: PARAM_NAMES[param],
              ...probe,
              got: probe.classification,
            });
        }
      }),
    );
  });

  it("REQ-ENG-010 REQ-ENG-011 a lone tier: at it WITHIN, one unit beyond outside, one unit back WITHIN", () => {
    const beyond: Record<TierName, { step: bigint; classification: number }> = {
      hardMin: { step: -1n, classification: C.BELOW_HARD_MIN },
      softMin: { step: -1n, classification: C.BELOW_SOFT_MIN },
      softMax: { step: 1n, classification: C.ABOVE_SOFT_MAX },
      hardMax: { step: 1n, classification: C.ABOVE_HARD_MAX },
    };
    fc.assert(
      fc.property(arbTape(), (words) => {
        const tape = new Tape(words);
        const picked = pickDirect(tape);
        fc.pre(picked !== undefined);
        const { s, param } = picked;
        // A custom concentration always carries a hard min (docs/library-image.md §4).
        const name = param === P.CONCENTRATION ? "hardMin" : tape.pick(TIER_NAMES);
        const limit = 2n + tape.magnitude(rulesFor(param).max - 3n);
        const millilitres = param === P.CONCENTRATION ? customMillilitres(tape, limit + 1n) : 1n;
        const block: TierValues = { [name]: limit };
        const { step, classification } = beyond[name];
        const probes: Probe[] = [
          { value: limit, classification: C.WITHIN },
          { value: limit + step, classification },
          { value: limit - step, classification: C.WITHIN },
        ];
        for (const probe of probes) {
          const got = classify(s, param, block, probe, millilitres);
          if (got !== undefined)
            expect({ param: PARAM_NAMES[param], tier: name, ...probe, got }).toEqual({
              param: PARAM_NAMES[param],
              tier: name,
              ...probe,
              got: probe.classification,
            });
        }
      }),
    );
  });
});
