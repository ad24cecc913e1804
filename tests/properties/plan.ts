// A scenario plus limit blocks placed so that each checked parameter lands in a chosen zone, and
// the classification the engine must report for each parameter.
import type { CanonicalLibrary } from "../../hil/library/compiler/canonical.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import type { Tape } from "../generators/tape.ts";
import type { TierValues } from "../../hil/library/compiler/canonical.ts";
import { BLOCK_MAX, C, CAP_PARAMS, HARD_MAX_ONLY, P, severity } from "./params.ts";
import { type BlockRules, place, type Placed, type Zone } from "./placement.ts";
import {
  type Blocks,
  buildScenario,
  deliverable,
  type Exact,
  exactAbsoluteDoses,
  exactValues,
  type Scenario,
  scenarioLibrary,
  scenarioRequest,
} from "./scenario.ts";

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
      const decoy = place(
        tape.pick(ALL_ZONES),
        { n: 1n + tape.magnitude(BLOCK_MAX[param]), d: 1n },
        rulesFor(param),
        tape,
      );
      if (decoy && param !== P.CONCENTRATION) blocks.set(param, decoy.tiers);
      continue;
    }
    const placed =
      place(zoneFor(param), value, rulesFor(param), tape) ?? place("inside", value, rulesFor(param), tape)!;
    blocks.set(param, placed.tiers);
    expected.set(param, placed);
  }
  if (!planAbsoluteDoses(tape, scenario, zoneFor, blocks, expected)) return undefined;
  return { scenario, library: scenarioLibrary(scenario, blocks), request: scenarioRequest(scenario), expected };
}

export const isHard = (c: number): boolean => c === C.BELOW_HARD_MIN || c === C.ABOVE_HARD_MAX;
export const isSoft = (c: number): boolean => c === C.BELOW_SOFT_MIN || c === C.ABOVE_SOFT_MAX;

const ZONE_SEVERITY: Record<Zone, number> = { inside: 0, softLow: 1, softHigh: 1, hardLow: 2, hardHigh: 2 };
const TIER_ORDER = ["hardMin", "softMin", "softMax", "hardMax"] as const;

/** docs/engine.md §1: four-tier classification of an exact value, by cross-multiplication. */
function classifyExact(v: Exact, tiers: TierValues): Placed {
  const crossed = (classification: number, key: (typeof TIER_ORDER)[number]): Placed => ({
    tiers,
    classification,
    tier: TIER_ORDER.indexOf(key) + 1,
    limitValue: tiers[key]!,
  });
  if (tiers.hardMax !== undefined && v.n > tiers.hardMax * v.d) return crossed(C.ABOVE_HARD_MAX, "hardMax");
  if (tiers.hardMin !== undefined && v.n < tiers.hardMin * v.d) return crossed(C.BELOW_HARD_MIN, "hardMin");
  if (tiers.softMax !== undefined && v.n > tiers.softMax * v.d) return crossed(C.ABOVE_SOFT_MAX, "softMax");
  if (tiers.softMin !== undefined && v.n < tiers.softMin * v.d) return crossed(C.BELOW_SOFT_MIN, "softMin");
  return { tiers, classification: Object.keys(tiers).length > 0 ? C.WITHIN : C.NO_LIMIT, tier: 0, limitValue: 0n };
}

/**
 * Parameters 15 and 16 (docs/engine.md §2, §4, REQ-ENG-037): the bolus or loading amount
 * dose × W / B against the entry's per-dose cap when it has one; without one, an hour of the
 * delivered rate plus that amount against the hourly DOSE_ABSOLUTE block (already placed for
 * parameter 4). The fallback is used only when its classification is no more severe than the zone
 * the test allows; otherwise a per-dose block is placed in the zone. False: no such block fits.
 */
function planAbsoluteDoses(
  tape: Tape,
  scenario: Scenario,
  zoneFor: (param: number) => Zone,
  blocks: Blocks,
  expected: Map<number, Placed>,
): boolean {
  for (const [param, doses] of exactAbsoluteDoses(scenario)) {
    if (doses === undefined) {
      const decoy = place(
        tape.pick(ALL_ZONES),
        { n: 1n + tape.magnitude(BLOCK_MAX[param]), d: 1n },
        rulesFor(param),
        tape,
      );
      if (decoy) blocks.set(param, decoy.tiers);
      continue;
    }
    const zone = zoneFor(param);
    const fallback = classifyExact(doses.withHour, blocks.get(P.DOSE_ABSOLUTE) ?? {});
    if (tape.chance(50) && severity(fallback.classification) <= ZONE_SEVERITY[zone]) {
      expected.set(param, { ...fallback, tiers: {} });
      continue;
    }
    const placed =
      place(zone, doses.amount, rulesFor(param), tape) ?? place("inside", doses.amount, rulesFor(param), tape);
    if (placed === undefined) return false;
    if (Object.keys(placed.tiers).length === 0) {
      // No tiers: the fallback applies after all.
      if (severity(fallback.classification) > ZONE_SEVERITY[zone]) return false;
      expected.set(param, { ...fallback, tiers: {} });
      continue;
    }
    blocks.set(param, placed.tiers);
    expected.set(param, placed);
  }
  return true;
}
