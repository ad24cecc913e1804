// The runner against the embedded virtual pump over a real pseudo-terminal (runSuite, in this
// process): the example scenarios pass, every scenario gets a fresh pump, results are identical
// run after run, a wrong expectation fails with its expected and observed lines, steps needing rig
// control are blocked where there is none, and a pump that dies mid-run fails the step in bounded time.
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../hil/model/result-model.ts";
import { runSuite } from "../../hil/runner/run-suite.ts";
import type { Target } from "../../hil/runner/target.ts";
import { VIRTUAL_TTY } from "../../hil/runner/virtual-target.ts";
import { bareTarget, FIRMWARE, scenarios, virtualTarget } from "./helpers.ts";
import { PROFILE_NAME } from "../support/profile.ts";

const run = (target: Target, paths: string[]): Promise<RunResult> =>
  runSuite({ target, scenarios: scenarios(...paths), firmware: FIRMWARE, requirements: [], hazards: [] });

describe("REQ-HIL-002 REQ-HIL-003 REQ-HIL-004 the example scenarios on the virtual pump", () => {
  it("REQ-HIL-002 REQ-HIL-004 REQ-HIL-010 REQ-HIL-011: all pass over a real tty; two runs give identical results; transcript and seeds are recorded", async () => {
    const first = await run(virtualTarget(), ["hil/scenarios"]);
    expect(first.anomalies).toEqual([]);
    expect(first.summary).toMatchObject({ failed: 0, blocked: 0 });
    expect(first.summary.passed).toBe(first.summary.scenarios);
    expect(first.summary.scenarios).toBeGreaterThanOrEqual(6);
    expect(first.target).toEqual({ kind: "virtual", tty: VIRTUAL_TTY });
    expect(first.library).toMatchObject({ name: "General Hospital (example)", version: 12 });
    // Simulated time: the KVO scenario advances 10 s and then an hour, and took exactly that.
    expect(first.scenarios.find((s) => s.id === "SC-WF-023-vtbi-complete-kvo")?.durationMs).toBe(3_610_000);
    // The retransmission scenario's seed is in the result, and its retransmissions are in the transcript.
    expect(first.seeds).toMatchObject({ "SC-PRO-013-retransmission step 1": 6 });
    const retransmission = first.transcript
      .filter((t) => t.scenarioId === "SC-PRO-013-retransmission")
      .map((t) => t.text);
    expect(retransmission.some((line) => line.startsWith("← BAD FRAME"))).toBe(true);
    // Workflow commands decode to readable lines.
    const hardStop = first.transcript.filter((t) => t.scenarioId === "SC-WF-010-heparin-hard-stop").map((t) => t.text);
    expect(hardStop).toContain("→ REQ #3 PROGRAM mode DOSE dose 41000000 vtbiUl 500000");
    expect(hardStop).toContain("← RSP #4 START START_BLOCKED detail 2");

    const second = await run(virtualTarget(), ["hil/scenarios"]);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it("REQ-HIL-003: a scenario run twice in one suite passes twice: nothing of the first pump reaches the second", async () => {
    const handshake = scenarios("hil/scenarios/PRO-007-handshake.json");
    // The scenario checks requestsExecuted 3 and nowMs 0: a pump carried over would show 6 and more.
    const result = await runSuite({
      target: virtualTarget(),
      scenarios: [...handshake, ...handshake],
      firmware: FIRMWARE,
      requirements: [],
      hazards: [],
    });
    expect(result.scenarios.map((s) => s.verdict)).toEqual(["pass", "pass"]);
    // REQ-HIL-009: the report names the memory profile the pump said it runs (HELLO byte 96).
    expect(result.firmware.memoryProfile).toBe(PROFILE_NAME);
  });
});

describe("REQ-HIL-005 a wrong expectation", () => {
  it("REQ-HIL-005: fails at its step with one expected and one observed line per field; later steps are not run", async () => {
    const result = await run(virtualTarget(), ["tests/hil/fixtures/WRONG-hard-stop-as-go.json"]);
    const [scenario] = result.scenarios;
    expect(scenario.verdict).toBe("fail");
    expect(scenario.steps.map((s) => s.verdict)).toEqual(["pass", "pass", "pass", "fail"]);
    const step = scenario.steps[3];
    expect(step.description).toBe('send PROGRAM {"mode":"DOSE","dose":"41000000","vtbiUl":"500000"}');
    expect(step.expected).toEqual(["result OK", "verdict GO", "bindingParam NONE", "deliveredRateUlPerHour 57400"]);
    expect(step.observed).toEqual([
      "result OK",
      "verdict HARD_STOP",
      "bindingParam DOSE",
      "deliveredRateUlPerHour 57400",
    ]);
    expect(step.message).toBe("expected verdict GO, observed verdict HARD_STOP (and 1 more); steps 5–6 were not run");
    expect(result.anomalies).toEqual([
      { scenarioId: "SC-WRONG-hard-stop-as-go", stepIndex: 4, verdict: "fail", message: step.message },
    ]);
    expect(result.summary).toEqual({ scenarios: 1, passed: 0, failed: 1, blocked: 0, steps: 4 });
  });
});

describe("REQ-HIL-006 rig control", () => {
  it("REQ-HIL-006: on a target without rig control, fault, power cycle, motor, balance and reservoir steps are blocked, not passed or failed", async () => {
    const result = await run(bareTarget(), [
      "hil/scenarios/WF-041-occlusion-alarm-resume.json",
      "hil/scenarios/WF-040-power-cycle-no-restart.json",
      "hil/scenarios/PRO-002-bad-frames.json",
      "hil/scenarios/SIM-017-delivery-meter-kvo.json",
      "hil/scenarios/SIM-018-reservoir-empty-air-alarm.json",
    ]);
    const verdicts = Object.fromEntries(result.scenarios.map((s) => [s.id, s.verdict]));
    expect(verdicts).toEqual({
      "SC-PRO-002-bad-frames": "pass",
      "SC-WF-040-power-cycle-no-restart": "blocked",
      "SC-WF-041-occlusion-alarm-resume": "blocked",
      "SC-SIM-017-delivery-meter-kvo": "blocked",
      "SC-SIM-018-reservoir-empty-air-alarm": "blocked",
    });
    const balance = result.scenarios.find((s) => s.id === "SC-SIM-017-delivery-meter-kvo")!;
    expect(balance.steps.at(-1)).toMatchObject({
      index: 4,
      description: "expectDelivered 0 ± 0 µL",
      verdict: "blocked",
    });
    expect(balance.steps.at(-1)!.message).toMatch(/^blocked: this step needs rig control \(deliveredUl\)/);
    const bag = result.scenarios.find((s) => s.id === "SC-SIM-018-reservoir-empty-air-alarm")!;
    expect(bag.steps.at(-1)).toMatchObject({ index: 4, description: "reservoir 5000 µL", verdict: "blocked" });
    expect(bag.steps.at(-1)!.message).toMatch(/^blocked: this step needs rig control \(setReservoir\)/);
    const occlusion = result.scenarios.find((s) => s.id === "SC-WF-041-occlusion-alarm-resume")!;
    expect(occlusion.steps.at(-1)).toMatchObject({
      index: 6,
      description: "fault set [OCCLUSION]",
      verdict: "blocked",
    });
    expect(occlusion.steps.at(-1)!.message).toMatch(/^blocked: this step needs rig control \(setFaults\)/);
    const powerCycle = result.scenarios.find((s) => s.id === "SC-WF-040-power-cycle-no-restart")!;
    expect(powerCycle.steps.at(-1)).toMatchObject({
      index: 6,
      description: "expectMotor 3600 µL/h",
      verdict: "blocked",
    });
    expect(result.summary).toMatchObject({ passed: 1, failed: 0, blocked: 4 });
  });
});

describe("REQ-HIL-008 a virtual pump that dies mid-run", () => {
  it("REQ-HIL-008: its device closed during a wait, the next request fails with a clear message within seconds, and the run goes on", async () => {
    let killed = 0;
    const target = virtualTarget((session) => {
      if (killed > 0) return; // only one pump dies: the first that lets time pass
      const advance = session.pump.advance.bind(session.pump);
      session.pump.advance = (elapsedMs) => {
        advance(elapsedMs);
        killed++;
        session.device.close(); // the pump's end of the line is gone, as when its process is killed
      };
    });
    const startedMs = performance.now();
    const result = await run(target, ["tests/hil/fixtures/DIES-mid-run.json", "hil/scenarios/PRO-007-handshake.json"]);
    expect(performance.now() - startedMs).toBeLessThan(30_000); // never hangs; a generous ceiling for a loaded 2-core CI
    expect(killed).toBe(1); // the fault really happened
    const dead = result.scenarios.find((s) => s.id === "SC-DIES-mid-run")!;
    const next = result.scenarios.find((s) => s.id === "SC-PRO-007-handshake")!;
    expect(dead.verdict).toBe("fail");
    const failed = dead.steps.find((s) => s.verdict === "fail")!;
    expect(failed.index).toBeLessThanOrEqual(3);
    expect(failed.message).toMatch(/device is gone|stopped answering|write after close|no response/);
    expect(next.verdict).toBe("pass"); // the other scenario has a pump of its own
  });
});
