// What the runner records per step for the report (REQ-RPT-012, REQ-RPT-014), on the virtual pump
// over a real pseudo-terminal: time, motor rate, delivered volume and raised alarms after each
// step; the mismatching fields of a failed check and the steps not run. A target without rig
// control records time only.
import { describe, expect, it } from "vitest";
import { runSuite } from "../../hil/runner/run-suite.ts";
import type { Target } from "../../hil/runner/target.ts";
import { bareTarget, FIRMWARE, scenarios, virtualTarget } from "./helpers.ts";

const run = (target: Target, path: string) =>
  runSuite({ target, scenarios: scenarios(path), firmware: FIRMWARE, requirements: [], hazards: [] });

describe("REQ-RPT-014 per-step samples from the target", () => {
  it("REQ-RPT-014: the occlusion scenario records the rate rising, the fault raised and the volume delivered", async () => {
    const [scenario] = (await run(virtualTarget(), "hil/scenarios/WF-041-occlusion-alarm-resume.json")).scenarios;
    const after = scenario.steps.map((s) => s.after!);
    expect(after[3]).toEqual({ elapsedMs: 0, motorRateUlPerHour: 3600, deliveredUl: 0 }); // START
    expect(after[4]).toEqual({ elapsedMs: 5000, motorRateUlPerHour: 3600, deliveredUl: 5 }); // advance 5 s at 3.6 mL/h
    expect(after[5].motorRateUlPerHour).toBe(0); // fault set [OCCLUSION]
    expect(after[5].raised?.[0]).toMatch(/^FAULT_RAISED detail /);
    expect(after.at(-1)).toMatchObject({ elapsedMs: 15_000, motorRateUlPerHour: 3600 });
    expect(scenario.notRun).toBeUndefined();
  });

  it("REQ-RPT-014: a target that cannot measure rate or volume records time only, and the steps stay unblocked", async () => {
    const [scenario] = (await run(bareTarget(), "hil/scenarios/WF-010-heparin-hard-stop.json")).scenarios;
    for (const step of scenario.steps.filter((s) => s.description.startsWith("send"))) {
      expect(step.after).toEqual({ elapsedMs: expect.any(Number) });
    }
  });
});

describe("REQ-RPT-012 the failure as the first screen shows it", () => {
  it("REQ-RPT-012: a wrong expectation records which fields mismatched and the steps that did not run", async () => {
    const [scenario] = (await run(virtualTarget(), "tests/hil/fixtures/WRONG-hard-stop-as-go.json")).scenarios;
    expect(scenario.steps[3].mismatched).toEqual([1, 2]);
    expect(scenario.steps.slice(0, 3).every((s) => s.mismatched === undefined)).toBe(true);
    expect(scenario.notRun).toEqual([
      { index: 5, description: "send START" },
      { index: 6, description: "expectMotor 57400 µL/h" },
    ]);
  });
});

describe("REQ-HIL-006 REQ-WF-106 the local step needs the pump's own keys", () => {
  it("REQ-HIL-006 REQ-WF-106: on a target without a local input GW-003 is blocked at its first local step, after the serial steps passed", async () => {
    const [scenario] = (await run(bareTarget(), "hil/scenarios/GW-003-local-start-order-handle-link-loss.json"))
      .scenarios;
    expect(scenario.verdict).toBe("blocked");
    const local = scenario.steps.findIndex((s) => s.description.startsWith("local START"));
    expect(local).toBeGreaterThan(0);
    expect(scenario.steps.slice(0, local).every((s) => s.verdict === "pass")).toBe(true);
    expect(scenario.steps[local].verdict).toBe("blocked");
    expect(scenario.steps[local].message).toMatch(/needs rig control \(localRequest\)/);
  });

  it("REQ-WF-104 REQ-WF-105 REQ-WF-106: on the virtual pump GW-003 passes every step", async () => {
    const [scenario] = (await run(virtualTarget(), "hil/scenarios/GW-003-local-start-order-handle-link-loss.json"))
      .scenarios;
    expect(scenario.steps.map((s) => s.verdict).filter((v) => v !== "pass")).toEqual([]);
    expect(scenario.verdict).toBe("pass");
  });
});
