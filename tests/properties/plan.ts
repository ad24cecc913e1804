// A scenario plus limit blocks placed so that each checked parameter lands in a chosen zone, and
// the classification the engine must report for each parameter.
import type { CanonicalLibrary } from "../../hil/library/compiler/canonical.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import type { Tape } from "../generators/tape.ts";
import { BLOCK_MAX, C, CAP_PARAMS, HARD_MAX_ONLY, P } from "./params.ts";
import { type BlockRules, place, type Placed, type Zone } from "./placement.ts";
import { type Blocks, buildScenario, deliverable, exactValues, type Scenario, scenarioLibrary, scenarioRequest } from "./scenario.ts";

export interface Plan {
  scenario: Scenario;
  library: CanonicalLibrary;
  request: EngineRequest;
  /** Expected result per parameter ID; NOT_CHECKED parameters are absent. */
  expected: Map<number, Placed>;
}

export const rulesFor = (param: number): BlockRules => ({
  max: BLOCK_MAX[param],
  hardMaxOnly: HARD_MAX_ONLY.includes(param),
  needsHardMin: param === P.CONCENTRATION,
  minValue: CAP_PARAMS.includes(param) ? 1n : undefined,
});

const ALL_ZONES: readonly Zone[] = ["inside", "softLow", "softHigh", "hardLow", "hardHigh"];

/** Undefined when the scenario's values or delivered rate are out of range (rejected by the caller). */
export function buildPlan(tape: Tape, zoneFor: (param: number) => Zone): Plan | undefined {
  const scenario = buildScenario(tape);
  if (!deliverable(scenario)) return undefined;
  const values = exactValues(scenario);
  const blocks: Blocks = new Map();
  const expected = new Map<number, Placed>();
  for (let param = 0; param < 13; param++) {
    const value = values.get(param);
    if (value === undefined) {
      // A block on a parameter the request does not use must not matter (REQ-ENG-011).
      const decoy = place(tape.pick(ALL_ZONES), { n: 1n + tape.magnitude(BLOCK_MAX[param]), d: 1n }, rulesFor(param), tape);
      if (decoy && param !== P.CONCENTRATION) blocks.set(param, decoy.tiers);
      continue;
    }
    const placed = place(zoneFor(param), value, rulesFor(param), tape) ?? place("inside", value, rulesFor(param), tape)!;
    blocks.set(param, placed.tiers);
    expected.set(param, placed);
  }
  return { scenario, library: scenarioLibrary(scenario, blocks), request: scenarioRequest(scenario), expected };
}

export const isHard = (c: number): boolean => c === C.BELOW_HARD_MIN || c === C.ABOVE_HARD_MAX;
export const isSoft = (c: number): boolean => c === C.BELOW_SOFT_MIN || c === C.ABOVE_SOFT_MAX;
