// Round trip JSON → compiler → image → release WASM engine (REQ-LIB-044) for the blocks of issue 11
// §1, §2, §5, §7 that the library JSON writes as limit records: each verdict at the limit and one
// least unit beyond, worked out by hand from the library's values (comments: canonical units of
// docs/units.md; basis factors (B, W) = (1, 1) without a basis, (1,000, weight g) per kg).
import { beforeAll, describe, expect, it } from "vitest";
import { Classification, Mode, Param, Status, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import { validLibrary, type Json } from "../library/helpers.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

const ICU = 0;
const VANCOMYCIN = 20;
const HEPARIN = 40;
const VANCOMYCIN_KG = 50;

/**
 * The test library: vancomycin 20 (1 g / 250 mL = 4 mg/mL, none basis) with a 3,000 mg per-dose
 * hard max and a 2,500 mg default, its bag 0 with its own minimum duration of 120 min and a
 * peripheral maximum of 4 mg/mL, bag 1 (1 g / 200 mL) under the entry's 60 min; heparin 40
 * (25,000 units / 500 mL = 50 units/mL, per kg) with a bolus dose-rate hard max of 62.5 units/kg/h;
 * a weight-based vancomycin 50 (mg/kg/min) with an absolute per-dose cap of 3 g.
 */
function library(): Json {
  const lib = validLibrary();
  const v = lib.entries[1];
  v.limits = {
    dose: { unit: "mg/min", hardMax: "10" },
    duration: { unit: "min", hardMin: "60" },
    vtbi: { unit: "mL", hardMax: "1000" },
    dosePerAdmin: { unit: "mg", softMax: "2500", hardMax: "3000" },
  };
  v.defaults = { dosePerAdmin: { value: "2500", unit: "mg" } };
  v.concentrations = [
    {
      amount: "1",
      amountUnit: "g",
      volume: "250",
      volumeUnit: "mL",
      overrides: {
        duration: { unit: "min", hardMin: "120" },
        peripheralMaxConcentration: { unit: "mg/mL", hardMax: "4" },
      },
      advisory: "Infuse over at least 2 h.",
    },
    { amount: "1", amountUnit: "g", volume: "200", volumeUnit: "mL" },
  ];
  lib.entries[3].limits.bolusDoseRate = { unit: "units/kg/h", hardMax: "62.5" };
  lib.entries.push({
    ...structuredClone(v),
    id: VANCOMYCIN_KG,
    displayName: "Vancomycin (per kg)",
    doseBasis: "weight",
    doseUnit: "mg/kg/min",
    careAreas: ["ICU"],
    defaults: undefined,
    concentrations: [{ amount: "1", amountUnit: "g", volume: "250", volumeUnit: "mL" }],
    limits: { dosePerAdmin: { unit: "mg/kg", hardMax: "40" }, dosePerAdminAbsolute: { unit: "g", hardMax: "3" } },
  });
  return lib;
}

let engine: Firmware;

beforeAll(async () => {
  const compiled = compileLibrary(library());
  if (!compiled.ok) throw new Error(`does not compile: ${JSON.stringify(compiled.errors)}`);
  engine = await Firmware.fromFile(RELEASE_WASM_PATH);
  expect(engine.loadLibrary(compiled.image)).toBe(Status.OK);
});

function evaluate(request: EngineRequest): EngineResult {
  const result = engine.evaluate(request);
  expect(result.status, "status").toBe(Status.OK);
  return result;
}

// 100 mL/h of 4 mg/mL = 400 mg/h = 6.67 mg/min (dose hard max 10 mg/min).
const vancomycinDose = (doseAmount: bigint, concentrationIndex = 1): EngineRequest => ({
  entryId: VANCOMYCIN,
  careAreaId: ICU,
  concentrationIndex,
  mode: Mode.RATE,
  rateUlPerHour: 100_000n,
  doseAmount,
  lineAccess: 2n,
});

describe("REQ-LIB-044 REQ-LIB-040 dose per administration through the engine", () => {
  it("REQ-LIB-044: 3,000 mg (3e12 ABU) is the hard max: soft stop on the 2,500 mg soft max, not a hard stop", () => {
    const r = evaluate(vancomycinDose(3_000_000_000_000n));
    expect(r.params[Param.DOSE_PER_ADMIN]).toMatchObject({ classification: Classification.ABOVE_SOFT_MAX });
    expect([r.verdict, r.bindingParam, r.bindingTier]).toEqual([
      Verdict.SOFT_STOP,
      Param.DOSE_PER_ADMIN,
      Tier.SOFT_MAX,
    ]);
  });

  it("REQ-LIB-044: 3,000.000000001 mg (one ABU more) is a hard stop on the per-dose hard max", () => {
    const r = evaluate(vancomycinDose(3_000_000_000_001n));
    expect([r.verdict, r.bindingParam, r.bindingTier, r.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.DOSE_PER_ADMIN,
      Tier.HARD_MAX,
      3_000_000_000_000n,
    ]);
  });

  it("REQ-LIB-044: 2,500 mg is within and the 2,500 mg default comes back in the defaults block (bit 4)", () => {
    const r = evaluate(vancomycinDose(2_500_000_000_000n));
    expect(r.params[Param.DOSE_PER_ADMIN].classification).toBe(Classification.WITHIN);
    expect(r.verdict).toBe(Verdict.GO);
    expect(r.defaults[0] & 16n).toBe(16n);
    expect(r.defaults[5]).toBe(2_500_000_000_000n);
  });

  it("REQ-LIB-044: per kg, 37.5 mg/kg for 80 kg is 3 g, the absolute cap: within; 1 ABU/kg more is 3 g + 80 ABU: hard stop", () => {
    const request = (doseAmount: bigint): EngineRequest => ({
      entryId: VANCOMYCIN_KG,
      careAreaId: ICU,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 100_000n,
      weightG: 80_000n,
      doseAmount,
    });
    const at = evaluate(request(37_500_000_000n));
    expect(at.params[Param.DOSE_PER_ADMIN_ABSOLUTE]).toMatchObject({
      classification: Classification.WITHIN,
      displayValue: 3_000_000_000_000n,
    });
    const beyond = evaluate(request(37_500_000_001n));
    expect([beyond.verdict, beyond.bindingParam, beyond.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.DOSE_PER_ADMIN_ABSOLUTE,
      3_000_000_000_000n,
    ]);
  });
});

describe("REQ-LIB-044 REQ-LIB-041 a concentration's own block replaces the entry's", () => {
  // 250 mL at r µL/h lasts 250,000 × 3,600 / r s; 125 mL/h: exactly 7,200 s = 120 min.
  const bag = (concentrationIndex: number, rateUlPerHour: bigint): EngineRequest => ({
    entryId: VANCOMYCIN,
    careAreaId: ICU,
    concentrationIndex,
    mode: Mode.RATE,
    rateUlPerHour,
    vtbiUl: 250_000n,
    lineAccess: 2n,
  });

  it("REQ-LIB-044: bag 0 at 125 mL/h runs 120 min, its own hard min: within", () => {
    const r = evaluate(bag(0, 125_000n));
    expect(r.params[Param.DURATION]).toMatchObject({ classification: Classification.WITHIN, displayValue: 7_200n });
    expect(r.verdict).toBe(Verdict.GO);
  });

  it("REQ-LIB-044: bag 0 at 125.001 mL/h runs just under 120 min: hard stop on the bag's 7,200 s", () => {
    const r = evaluate(bag(0, 125_001n));
    expect([r.verdict, r.bindingParam, r.bindingTier, r.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.DURATION,
      Tier.HARD_MIN,
      7_200n,
    ]);
  });

  it("REQ-LIB-044: bag 1 (no block of its own) is held only to the entry's 60 min: 125.001 mL/h within, 250.001 mL/h below", () => {
    // 250 mL at 125.001 mL/h: 7,199.94 s, below bag 0's 120 min but above the entry's 3,600 s.
    const r = evaluate(bag(1, 125_001n));
    expect(r.params[Param.DURATION]).toMatchObject({ classification: Classification.WITHIN, displayValue: 7_199n });
    const fast = evaluate(bag(1, 250_000n)); // exactly 3,600 s at 250 mL/h
    expect(fast.params[Param.DURATION]).toMatchObject({ classification: Classification.WITHIN, displayValue: 3_600n });
    const faster = evaluate(bag(1, 250_001n));
    expect(faster.params[Param.DURATION]).toMatchObject({
      classification: Classification.BELOW_HARD_MIN,
      tier: Tier.HARD_MIN,
    });
  });
});

describe("REQ-LIB-044 REQ-LIB-043 peripheral maximum concentration and bolus dose rate", () => {
  // Bag 0: 1 g / 250 mL = 4 mg/mL = 4,000,000,000 ABU/mL, its own peripheral hard max 4 mg/mL.
  const peripheral = (lineAccess: bigint | undefined): EngineRequest => ({
    entryId: VANCOMYCIN,
    careAreaId: ICU,
    concentrationIndex: 0,
    mode: Mode.RATE,
    rateUlPerHour: 100_000n,
    vtbiUl: 250_000n,
    ...(lineAccess === undefined ? {} : { lineAccess }),
  });

  it("REQ-LIB-044: 4 mg/mL at a 4 mg/mL peripheral maximum is within on a peripheral line, and needs no line", () => {
    expect(evaluate(peripheral(1n)).params[Param.PERIPHERAL_CONCENTRATION]).toMatchObject({
      classification: Classification.WITHIN,
      displayValue: 4_000_000_000n,
    });
    expect(engine.evaluate(peripheral(undefined)).status).toBe(Status.OK);
  });

  it("REQ-LIB-044: one ABU/mL below the bag (3.999999999 mg/mL): peripheral hard stop, central NO_LIMIT, no line MISSING_VALUE", async () => {
    const lib = library();
    lib.entries[1].concentrations[0].overrides.peripheralMaxConcentration.hardMax = "3.999999999";
    const compiled = compileLibrary(lib);
    if (!compiled.ok) throw new Error("does not compile");
    const tight = await Firmware.fromFile(RELEASE_WASM_PATH);
    expect(tight.loadLibrary(compiled.image)).toBe(Status.OK);
    const onPeripheral = tight.evaluate(peripheral(1n));
    expect([onPeripheral.verdict, onPeripheral.bindingParam, onPeripheral.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.PERIPHERAL_CONCENTRATION,
      3_999_999_999n,
    ]);
    expect(tight.evaluate(peripheral(2n)).params[Param.PERIPHERAL_CONCENTRATION].classification).toBe(
      Classification.NO_LIMIT,
    );
    expect(tight.evaluate(peripheral(undefined)).status).toBe(Status.MISSING_VALUE);
  });

  // Heparin 50 units/mL, 80 kg: a bolus at b µL/h is b × 50,000,000 × 1,000 / (1,000 × 80,000) ABU/kg/h;
  // 100 mL/h = 62.5 units/kg/h exactly, the bolus dose-rate hard max.
  const bolus = (bolusRateUlPerHour: bigint): EngineRequest => ({
    entryId: HEPARIN,
    careAreaId: ICU,
    concentrationIndex: 0,
    mode: Mode.RATE,
    rateUlPerHour: 10_000n,
    weightG: 80_000n,
    bolusDose: 50_000_000n,
    bolusRateUlPerHour,
  });

  it("REQ-LIB-044 REQ-ENG-064: a bolus at 100 mL/h is 62.5 units/kg/h, the hard max: within; at 100.001 mL/h a hard stop", () => {
    expect(evaluate(bolus(100_000n)).params[Param.BOLUS_DOSE_RATE]).toMatchObject({
      classification: Classification.WITHIN,
      displayValue: 62_500_000n,
    });
    const beyond = evaluate(bolus(100_001n));
    expect([beyond.verdict, beyond.bindingParam, beyond.bindingLimitValue]).toEqual([
      Verdict.HARD_STOP,
      Param.BOLUS_DOSE_RATE,
      62_500_000n,
    ]);
  });
});
