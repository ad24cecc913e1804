// REQ-RPT-013: doses in the entry's own unit. The runner knows which entry a step's doses belong to
// and, when the pump runs the library it has the JSON of (HELLO's body digest), that entry's unit;
// the report then shows "20 units/kg/h (20000000 ABU/kg/h)" instead of a bare integer.
import { describe, expect, it } from "vitest";
import { DoseUnitTracker, doseUnitsForPump, doseUnitsOf } from "../../hil/runner/dose-units.ts";
import { exampleDoseUnits } from "../../hil/runner/open-target.ts";
import { runSuite } from "../../hil/runner/run-suite.ts";
import { descriptionWithUnits, doseWithUnit } from "../../hil/report/units.ts";
import { FIRMWARE, scenarios, virtualTarget } from "./helpers.ts";

describe("REQ-RPT-013 doses shown in the drug entry's unit", () => {
  it("REQ-RPT-013: converts exactly, marks a quotient that does not terminate, and keeps the canonical integer", () => {
    expect(doseWithUnit("20000000", "units/kg/h", true)).toBe("20 units/kg/h (20000000 ABU/kg/h)");
    expect(doseWithUnit("3000000", "mcg/kg/min", true)).toBe("0.05 mcg/kg/min (3000000 ABU/kg/h)");
    expect(doseWithUnit("41000000", "mcg/kg/min", true)).toBe("≈0.6833 mcg/kg/min (41000000 ABU/kg/h)");
    expect(doseWithUnit("80000000", "units/kg/h", false)).toBe("80 units/kg (80000000 ABU/kg)");
    expect(doseWithUnit("10000000", "mEq/h", true)).toBe("10 mEq/h (10000000 ABU/h)");
    expect(doseWithUnit("20000000", undefined, true)).toBe("20000000 ABU/basis/h");
    expect(doseWithUnit("20000000", "not-a-unit", false)).toBe("20000000 ABU/basis");
  });

  it("REQ-RPT-013: a step description's dose arguments take the unit; a BOLUS's dose and any bolus or loading dose are amounts", () => {
    expect(descriptionWithUnits('send PROGRAM {"mode":"DOSE","dose":"18000000"}', "units/kg/h")).toBe(
      'send PROGRAM {"mode":"DOSE","dose": 18 units/kg/h (18000000 ABU/kg/h)}',
    );
    expect(descriptionWithUnits('send BOLUS {"kind":"BOLUS","dose":"80000000"}', "units/kg/h")).toBe(
      'send BOLUS {"kind":"BOLUS","dose": 80 units/kg (80000000 ABU/kg)}',
    );
    expect(descriptionWithUnits('send CHECK_PROGRAM {"bolusDose":"80000000"}', "units/kg/h")).toBe(
      'send CHECK_PROGRAM {"bolusDose": 80 units/kg (80000000 ABU/kg)}',
    );
  });

  it("REQ-RPT-013: the tracker follows SELECT_DRUG, a step's own entryId, and forgets the drug on a new care area", () => {
    const tracker = new DoseUnitTracker(doseUnitsOf({ entries: [{ id: 1001, doseUnit: "units/kg/h" }, { id: 2001 }] }));
    expect(tracker.unitFor({ send: "SELECT_DRUG", args: { entryId: 1001, concentrationIndex: 0 } })).toBeUndefined();
    expect(tracker.unitFor({ send: "PROGRAM", args: { mode: "DOSE", dose: "18000000" } })).toBe("units/kg/h");
    expect(tracker.unitFor({ send: "PROGRAM", args: { mode: "RATE", rateUlPerHour: 1000 } })).toBeUndefined();
    expect(tracker.unitFor({ send: "CHECK_PROGRAM", args: { entryId: 2001, dose: "1" } })).toBeUndefined();
    expect(tracker.unitFor({ send: "SELECT_CARE_AREA", args: { careAreaId: 1 } })).toBeUndefined();
    expect(tracker.unitFor({ send: "PROGRAM", args: { mode: "DOSE", dose: "18000000" } })).toBeUndefined();
    expect(new DoseUnitTracker(undefined).unitFor({ send: "CHECK_PROGRAM", args: { entryId: 1001, dose: "1" } })).toBe(
      undefined,
    );
  });

  it("REQ-RPT-013: the units apply only when the pump's library digest is the one compiled from the JSON", () => {
    const example = exampleDoseUnits();
    expect(example.units.get(1001)).toBe("units/kg/h");
    expect(doseUnitsForPump(example.bodyDigestHex.toUpperCase(), example)).toBe(example.units);
    expect(doseUnitsForPump("00".repeat(32), example)).toBeUndefined();
    expect(doseUnitsForPump(example.bodyDigestHex, undefined)).toBeUndefined();
  });

  it("REQ-RPT-013: on the virtual pump a heparin DOSE program records its unit in the step result", async () => {
    const result = await runSuite({
      target: virtualTarget(),
      scenarios: scenarios("hil/scenarios/WF-010-heparin-hard-stop.json"),
      firmware: FIRMWARE,
      requirements: [],
      hazards: [],
      doseUnits: exampleDoseUnits(),
    });
    const doseSteps = result.scenarios[0].steps.filter((s) => /"dose"/.test(s.description));
    expect(doseSteps.length).toBeGreaterThan(0);
    for (const step of doseSteps) expect(step.doseUnit).toBe("units/kg/h");
    expect(result.scenarios[0].steps.filter((s) => s.doseUnit !== undefined)).toEqual(doseSteps);
  });
});
