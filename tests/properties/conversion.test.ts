// REQ-ENG-020/021/023 against the WASM engine: conversions are exact rationals both ways.
// rate → dose: the classification of a derived dose, absolute dose or duration against a limit
// placed at floor/ceil ± 1 of the exact value matches the cross-multiplied comparison.
// dose → rate and duration → rate: the delivered rate is the largest integer that does not exceed
// the programmed quantity (rounded toward zero), and the programmed value is classified as entered.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_LIMIT_VALUE, MAX_RATE_UL_PER_HOUR } from "../generators/bounds.ts";
import { arbTape, Tape } from "../generators/tape.ts";
import { C, OK, P } from "./params.ts";
import { rulesFor } from "./plan.ts";
import {
  basisScale,
  buildScenario,
  deliverable,
  deliveredRate,
  DOSE_MODE,
  DURATION_MODE,
  type Exact,
  exactValues,
  patientBasis,
  RATE_MODE,
  scenarioLibrary,
  scenarioRequest,
  valuesInRange,
} from "./scenario.ts";
import { EngineUnderTest } from "./wasm.ts";

const DERIVED_OUT_OF_RANGE = 11;
const MAX_DISPLAY = (1n << 63n) - 1n;

let engine: EngineUnderTest;
beforeAll(async () => {
  engine = await EngineUnderTest.create();
});

/** A limit value right at, or one unit either side of, the floor and ceiling of an exact value. */
function limitNear(tape: Tape, v: Exact, max: bigint): bigint {
  const floor = v.n / v.d;
  const limit = floor + tape.pick([-1n, 0n, 1n, 2n]);
  return limit < 0n ? 0n : limit > max ? max : limit;
}

describe("REQ-ENG-023 REQ-ENG-020 rate → dose, absolute dose and duration are exact", () => {
  it.each([
    ["dose", P.DOSE, "softMax"],
    ["dose", P.DOSE, "softMin"],
    ["absolute dose", P.DOSE_ABSOLUTE, "hardMax"],
    ["duration of the VTBI", P.DURATION, "softMin"],
    ["duration of the VTBI", P.DURATION, "softMax"],
  ] as const)(
    "REQ-ENG-023 the %s derived from the delivered rate against a %s at floor/ceil ± 1",
    (_name, param, tier) => {
      fc.assert(
        fc.property(arbTape(), (words) => {
          const tape = new Tape(words);
          const s = buildScenario(tape);
          // The derived quantity: not the programmed one (DOSE mode programs the dose, DURATION mode the duration).
          fc.pre(
            deliverable(s) && s.mode !== (param === P.DURATION ? DURATION_MODE : param === P.DOSE ? DOSE_MODE : 0),
          );
          const value = exactValues(s).get(param);
          fc.pre(value !== undefined);
          const limit = limitNear(tape, value, rulesFor(param).max);
          const result = engine.evaluate(scenarioLibrary(s, new Map([[param, { [tier]: limit }]])), scenarioRequest(s));
          expect(result.status).toBe(OK);
          // Cross-multiplied, as docs/units.md prescribes: value > limit ⇔ n > limit × d.
          const beyond = tier === "softMin" ? value.n < limit * value.d : value.n > limit * value.d;
          const outside = { softMin: C.BELOW_SOFT_MIN, softMax: C.ABOVE_SOFT_MAX, hardMax: C.ABOVE_HARD_MAX }[tier];
          const floor = value.n / value.d;
          expect(result.params[param]).toMatchObject({
            classification: beyond ? outside : C.WITHIN,
            displayValue: floor > MAX_DISPLAY ? MAX_DISPLAY : floor,
          });
        }),
      );
    },
  );
});

describe("REQ-ENG-023 REQ-ENG-021 REQ-ENG-022 dose → rate and duration → rate round toward zero", () => {
  it("REQ-ENG-023 REQ-ENG-021 DOSE mode: r × amount × B ≤ dose × volume × W < (r + 1) × amount × B, and the dose is classified as entered", () => {
    fc.assert(
      fc.property(arbTape(), (words) => {
        const tape = new Tape(words);
        const s = { ...buildScenario(tape), mode: DOSE_MODE };
        fc.pre(!s.fluid && s.programmed >= 1n && s.programmed <= MAX_LIMIT_VALUE && valuesInRange(s));
        const result = engine.evaluate(scenarioLibrary(s, new Map()), scenarioRequest(s));
        const doseVolume = s.programmed * s.volumeUl * patientBasis(s);
        const perUl = s.amountAbu * basisScale(s);
        if (result.status === DERIVED_OUT_OF_RANGE) {
          // REQ-ENG-022: only when the largest such rate is 0 or above the pump maximum.
          const largest = doseVolume / perUl;
          expect(largest < 1n || largest > MAX_RATE_UL_PER_HOUR).toBe(true);
          return;
        }
        expect(result.status).toBe(OK);
        const r = result.deliveredRateUlPerHour;
        expect(r * perUl <= doseVolume).toBe(true);
        expect((r + 1n) * perUl > doseVolume).toBe(true);
        expect(result.params[P.DOSE].displayValue).toBe(s.programmed);
        expect(result.params[P.RATE].displayValue).toBe(r);
      }),
    );
  });

  it("REQ-ENG-023 REQ-ENG-021 DURATION mode: r × duration ≤ VTBI × 3600 < (r + 1) × duration, and the duration is classified as entered", () => {
    fc.assert(
      fc.property(arbTape(), (words) => {
        const tape = new Tape(words);
        const built = buildScenario(tape);
        const s = { ...built, mode: DURATION_MODE, vtbiUl: built.vtbiUl ?? 1n + tape.magnitude(9_999_998n) };
        s.programmed = 1n + tape.magnitude(8_639_999n);
        fc.pre(valuesInRange(s));
        const result = engine.evaluate(scenarioLibrary(s, new Map()), scenarioRequest(s));
        const volumeSeconds = s.vtbiUl * 3_600n;
        const expectedRate = deliveredRate(s);
        if (expectedRate < 1n || expectedRate > MAX_RATE_UL_PER_HOUR) {
          expect(result.status).toBe(DERIVED_OUT_OF_RANGE);
          return;
        }
        expect(result.status).toBe(OK);
        const r = result.deliveredRateUlPerHour;
        expect(r * s.programmed <= volumeSeconds).toBe(true);
        expect((r + 1n) * s.programmed > volumeSeconds).toBe(true);
        expect(result.params[P.DURATION].displayValue).toBe(s.programmed);
      }),
    );
  });

  it("REQ-ENG-020 RATE mode delivers exactly the programmed rate", () => {
    fc.assert(
      fc.property(arbTape(), (words) => {
        const s = { ...buildScenario(new Tape(words)), mode: RATE_MODE };
        fc.pre(deliverable(s));
        const result = engine.evaluate(scenarioLibrary(s, new Map()), scenarioRequest(s));
        expect(result.status).toBe(OK);
        expect(result.deliveredRateUlPerHour).toBe(s.programmed);
      }),
    );
  });
});
