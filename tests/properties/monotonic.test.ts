// REQ-ENG-032 against the WASM engine: moving an entered value further from its range never
// improves the verdict. Parameters that move together with it through the delivered rate (dose,
// absolute dose, rate, duration, care-area caps) have no limits here: when the rate rises a dose
// below its minimum legitimately moves *toward* its range, which is not what REQ-ENG-032 is about.
import fc from "fast-check";
import type { TierValues } from "../../hil/library/compiler/canonical.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arbTape, Tape } from "../generators/tape.ts";
import { compare } from "../generators/tiers.ts";
import { customMillilitres, directParams, valueOf, withValue } from "./direct-values.ts";
import { OK, P, severity } from "./params.ts";
import { place, type Zone } from "./placement.ts";
import { rulesFor } from "./plan.ts";
import {
  type Blocks,
  buildScenario,
  deliverable,
  exactValues,
  type Scenario,
  scenarioLibrary,
  scenarioRequest,
  valuesInRange,
} from "./scenario.ts";
import { EngineUnderTest } from "./wasm.ts";

const MOVES_TOGETHER: readonly number[] = [
  P.DOSE,
  P.DOSE_ABSOLUTE,
  P.RATE,
  P.AREA_MAX_RATE,
  P.DURATION,
  P.AREA_MAX_VTBI,
];
const ZONES: readonly Zone[] = ["inside", "softLow", "softHigh", "hardLow", "hardHigh"];

let engine: EngineUnderTest;
let stepsChecked = 0;
beforeAll(async () => {
  engine = await EngineUnderTest.create();
});
afterAll(() => {
  expect(stepsChecked).toBeGreaterThan(300);
});

/** Random ordered tiers for the moved parameter; a custom concentration keeps its hard min. */
function randomBlock(tape: Tape, param: number): TierValues {
  const max = rulesFor(param).max;
  const [hardMin, softMin, softMax, hardMax] = [0, 1, 2, 3].map(() => 1n + tape.magnitude(max - 1n)).sort(compare);
  const block: TierValues = {};
  if (param === P.CONCENTRATION || tape.chance(60)) block.hardMin = hardMin;
  if (tape.chance(60)) block.softMin = softMin;
  if (tape.chance(60)) block.softMax = softMax;
  if (tape.chance(60)) block.hardMax = hardMax;
  return block;
}

/** Fixed limits for the parameters that do not move with `moved`, so they add a constant severity. */
function otherBlocks(s: Scenario, moved: number, tape: Tape): Blocks {
  const blocks: Blocks = new Map();
  for (const [param, value] of exactValues(s)) {
    if (param === moved || MOVES_TOGETHER.includes(param)) continue;
    const placed = place(tape.pick(ZONES), value, rulesFor(param), tape);
    if (placed) blocks.set(param, placed.tiers);
  }
  return blocks;
}

describe("REQ-ENG-032 monotonic verdict of the WASM engine", () => {
  it("REQ-ENG-032 moving an entered value away from its range (up from at-or-above its minima, down from at-or-below its maxima) never improves the verdict", () => {
    fc.assert(
      fc.property(arbTape(), (words) => {
        const tape = new Tape(words);
        const s = buildScenario(tape);
        fc.pre(deliverable(s));
        const params = directParams(s);
        fc.pre(params.length > 0);
        const param = tape.pick(params);
        const block = randomBlock(tape, param);
        const tiers = [block.hardMin, block.softMin, block.softMax, block.hardMax].filter(
          (v): v is bigint => v !== undefined,
        );
        const up = tape.chance(50);
        // Values around the tiers and the current value, walked away from the range.
        const candidates = [
          valueOf(s, param),
          ...tiers.flatMap((t) => [t - 1n, t, t + 1n]),
          1n + tape.magnitude(rulesFor(param).max),
        ];
        const walk = [...new Set(candidates)].sort(compare);
        if (!up) walk.reverse();
        const mins = [block.hardMin, block.softMin].filter((v): v is bigint => v !== undefined);
        const maxes = [block.softMax, block.hardMax].filter((v): v is bigint => v !== undefined);
        const awayFromRange = (v: bigint) => (up ? mins.every((m) => v >= m) : maxes.every((m) => v <= m));
        const millilitres =
          param === P.CONCENTRATION
            ? customMillilitres(
                tape,
                walk.reduce((a, b) => (a > b ? a : b)),
              )
            : 1n;
        const blocks = otherBlocks(s, param, tape);
        blocks.set(param, block);
        let previous: { value: bigint; verdict: number; own: number } | undefined;
        for (const value of walk.filter(awayFromRange)) {
          const moved = withValue(s, param, value, millilitres);
          if (!valuesInRange(moved)) continue;
          const result = engine.evaluate(scenarioLibrary(moved, blocks), scenarioRequest(moved));
          if (result.status !== OK) continue;
          const now = { value, verdict: result.verdict, own: severity(result.params[param].classification) };
          if (previous !== undefined) {
            stepsChecked++;
            expect(
              now.verdict,
              `verdict of parameter ${param} at ${value} after ${previous.value}`,
            ).toBeGreaterThanOrEqual(previous.verdict);
            expect(
              now.own,
              `classification of parameter ${param} at ${value} after ${previous.value}`,
            ).toBeGreaterThanOrEqual(previous.own);
          }
          previous = now;
        }
      }),
    );
  });
});
