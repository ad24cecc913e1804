// Absolute caps for every dose (issue 10 §2, decision 0020, REQ-ENG-037) and per-entry bolus
// duration tiers (REQ-WF-033) in the firmware, by hand from the example library: heparin 1001,
// 50 units/mL, bolus 80 units/kg soft / 100 hard, per-dose cap 8,000 units soft / 10,000 hard,
// hourly cap 2,500 units/h.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Mode, Param, Tier, Verdict } from "../../firmware/abi/codes.ts";
import { OverrideReason } from "../../firmware/abi/workflow-codes.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { HEPARIN, ICU, PumpDriver } from "./driver.ts";

const UNITS = 1_000_000n; // ABU per unit
const EXAMPLE = "hil/library/examples/general-hospital.json";

function imageOf(
  edit: (library: {
    entries: { id: number; limits: Record<string, unknown> }[];
    careAreas: Record<string, unknown>[];
  }) => void,
): Uint8Array {
  const json = JSON.parse(readFileSync(EXAMPLE, "utf8"));
  edit(json);
  const result = compileLibrary(json);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.image;
}

/** Heparin running at `dosePerKg` units/kg/h for a patient of `weightG`, soft stops overridden. */
function runningHeparin(weightG: number, dosePerKg: bigint, image?: Uint8Array): PumpDriver {
  const pump = new PumpDriver(image === undefined ? {} : { image });
  pump.selectCareArea(ICU);
  pump.setPatient(weightG);
  pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
  const verdict = pump.program({ mode: Mode.DOSE, dose: dosePerKg * UNITS }).value?.result?.verdict;
  if (verdict === Verdict.SOFT_STOP)
    expect(pump.override(OverrideReason.CONFIRMED_WITH_PRESCRIBER).result).toBe(Result.OK);
  else expect(verdict).toBe(Verdict.GO);
  expect(pump.start().result).toBe(Result.OK);
  return pump;
}

describe("REQ-ENG-037 absolute bolus amounts in the firmware", () => {
  it("issue 10 §2: a weight-based bolus beyond the absolute cap is a hard stop", () => {
    // 300 kg is beyond the ICU's 200 kg soft max: the program's weight soft stop is overridden.
    const pump = new PumpDriver();
    pump.selectCareArea(ICU);
    pump.setPatient(300_000);
    pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
    const program = pump.program({ mode: Mode.DOSE, dose: 5n * UNITS }).value?.result;
    expect(program).toMatchObject({ verdict: Verdict.SOFT_STOP, bindingParam: Param.WEIGHT });
    expect(pump.override(OverrideReason.CONFIRMED_WITH_PRESCRIBER).result).toBe(Result.OK);
    expect(pump.start().result).toBe(Result.OK);
    // 80 units/kg × 300 kg = 24,000 units (480 mL at 500 mL/h): was GO, ten times the 2,500 units/h cap.
    const bolus = pump.bolus({ kind: 0, dose: 80n * UNITS, rateUlPerHour: 500_000n }).value?.result;
    expect(bolus).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.BOLUS_DOSE_ABSOLUTE,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: 10_000n * UNITS,
    });
    expect(bolus!.params[Param.BOLUS_DOSE_ABSOLUTE].displayValue).toBe(24_000n * UNITS);
    expect(pump.start().result).toBe(Result.START_BLOCKED);
  });

  it("at the per-dose cap (125 kg × 80 units/kg = 10,000 units) a soft stop; one ABU/kg more a hard stop", () => {
    const pump = runningHeparin(125_000, 10n);
    const at = pump.bolus({ kind: 0, dose: 80n * UNITS, rateUlPerHour: 500_000n }).value?.result;
    expect(at).toMatchObject({
      verdict: Verdict.SOFT_STOP,
      bindingParam: Param.BOLUS_DOSE_ABSOLUTE,
      bindingTier: Tier.SOFT_MAX,
      bindingLimitValue: 8_000n * UNITS,
    });
    expect(at!.params[Param.BOLUS_DOSE_ABSOLUTE].displayValue).toBe(10_000n * UNITS);
    pump.cancel();
    const beyond = pump.bolus({ kind: 0, dose: 80n * UNITS + 1n, rateUlPerHour: 500_000n }).value?.result;
    expect(beyond).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.BOLUS_DOSE_ABSOLUTE,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: 10_000n * UNITS,
    });
  });

  it("without a per-dose cap: 1 h of basal (1,000 units) + bolus ≤ 2,500 units is a go; one ABU/kg more a hard stop", () => {
    const image = imageOf((library) => {
      delete library.entries.find((e) => e.id === HEPARIN)!.limits.bolusDoseAbsolute;
    });
    const pump = runningHeparin(100_000, 10n, image);
    const at = pump.bolus({ kind: 0, dose: 15n * UNITS, rateUlPerHour: 60_000n }).value?.result;
    expect(at).toMatchObject({ verdict: Verdict.GO });
    expect(at!.params[Param.BOLUS_DOSE_ABSOLUTE].displayValue).toBe(2_500n * UNITS);
    pump.cancel();
    const beyond = pump.bolus({ kind: 0, dose: 15n * UNITS + 1n, rateUlPerHour: 60_000n }).value?.result;
    expect(beyond).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.BOLUS_DOSE_ABSOLUTE,
      bindingTier: Tier.HARD_MAX,
      bindingLimitValue: 2_500n * UNITS,
    });
  });

  it("a real format-1 image (no format-2 limits) is admitted and the bolus falls back to the hourly cap", () => {
    const image = imageOf((library) => {
      for (const entry of library.entries) {
        for (const key of ["bolusDoseAbsolute", "bolusDuration", "loadingDoseAbsolute"]) delete entry.limits?.[key];
        // Every format-3 feature (issue 11): limit records of the entry and its concentrations.
        const e = entry as Record<string, unknown> & {
          limits?: Record<string, unknown>;
          concentrations?: Record<string, unknown>[];
        };
        for (const key of ["cumulative", "patientBand", "defaults"]) delete e[key];
        for (const key of [
          "dosePerAdmin",
          "dosePerAdminAbsolute",
          "bolusDoseRate",
          "loadingDoseRate",
          "peripheralMaxConcentration",
        ])
          delete e.limits?.[key];
        for (const c of e.concentrations ?? []) for (const key of ["overrides", "advisory", "defaults"]) delete c[key];
      }
      for (const area of library.careAreas) delete area.weightConfirmation;
    });
    expect(new DataView(image.buffer, image.byteOffset).getUint16(4, true)).toBe(1);
    const pump = runningHeparin(100_000, 10n, image); // the constructor throws if the image is refused
    const beyond = pump.bolus({ kind: 0, dose: 15n * UNITS + 1n, rateUlPerHour: 60_000n }).value?.result;
    expect(beyond).toMatchObject({
      verdict: Verdict.HARD_STOP,
      bindingParam: Param.BOLUS_DOSE_ABSOLUTE,
      bindingLimitValue: 2_500n * UNITS,
    });
  });
});
