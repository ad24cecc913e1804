// The report's traceability matrices (REQ-RPT-006) on the synthetic run result. A hazard is
// "pass" only when every one of its risk controls has a scenario and all of them pass; controls
// no scenario verifies make it "partial" and are listed, in report.json and report.html alike.
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../hil/report/html.ts";
import { combine, traceabilityMatrix } from "../../hil/report/traceability.ts";
import { renderJson } from "../../hil/report/write-reports.ts";
import { FIX, runResult } from "./fixture.ts";

describe("REQ-RPT-006 traceability matrix", () => {
  const matrix = traceabilityMatrix(runResult());

  it("traces each requirement to its scenarios and their worst verdict", () => {
    expect(matrix.requirements.map((r) => [r.id, r.scenarios.map((s) => s.id), r.result])).toEqual([
      [FIX.reqDose, [FIX.scPass, FIX.scFail], "fail"],
      [FIX.reqStart, [FIX.scPass], "pass"],
      [FIX.reqLog, [FIX.scBlocked], "blocked"],
      [FIX.reqUncovered, [], "not-covered"],
    ]);
  });

  it("lists the requirements no scenario covers", () => {
    expect(matrix.requirementsWithoutScenario).toEqual([FIX.reqUncovered]);
  });

  it("traces each hazard to its controls, the scenarios verifying each control, and a result", () => {
    const [overdose, bare] = matrix.hazards;
    expect(overdose.controls).toEqual([
      {
        requirementId: FIX.reqDose,
        known: true,
        scenarios: [
          { id: FIX.scPass, verdict: "pass" },
          { id: FIX.scFail, verdict: "fail" },
        ],
        tests: [],
        result: "fail",
      },
      { requirementId: FIX.reqUncovered, known: true, scenarios: [], tests: [], result: "not-covered" },
    ]);
    expect(overdose.citingScenarios).toEqual([
      { id: FIX.scPass, verdict: "pass" },
      { id: FIX.scBlocked, verdict: "blocked" },
    ]);
    expect(overdose.uncoveredControls).toEqual([FIX.reqUncovered]);
    expect(overdose.result).toBe("fail"); // a failure outweighs a gap; the gap is still listed
    expect(bare).toMatchObject({
      id: FIX.hazNoControl,
      controls: [],
      citingScenarios: [],
      uncoveredControls: [],
      result: "not-covered",
    });
  });

  it("a hazard whose scenarios all pass but one of whose controls no scenario verifies is partial, never pass", () => {
    const result = runResult();
    for (const s of result.scenarios) s.verdict = "pass";
    result.summary = { ...result.summary, passed: 3, failed: 0, blocked: 0 };
    const [overdose] = traceabilityMatrix(result).hazards;
    expect(overdose.controls.map((c) => [c.requirementId, c.result])).toEqual([
      [FIX.reqDose, "pass"],
      [FIX.reqUncovered, "not-covered"],
    ]);
    expect(overdose.uncoveredControls).toEqual([FIX.reqUncovered]);
    expect(overdose.result).toBe("partial");
    // Once every control has a passing scenario, the hazard passes.
    result.scenarios[0].requirements.push(FIX.reqUncovered);
    const [covered] = traceabilityMatrix(result).hazards;
    expect(covered).toMatchObject({ uncoveredControls: [], result: "pass" });
    // A blocked scenario outweighs the gap, as a failed one does.
    result.scenarios[0].requirements.pop();
    result.scenarios[2].verdict = "blocked";
    expect(traceabilityMatrix(result).hazards[0]).toMatchObject({
      uncoveredControls: [FIX.reqUncovered],
      result: "blocked",
    });
  });

  it("report.json and report.html show the same partial hazard and its uncovered controls", () => {
    const result = runResult();
    for (const s of result.scenarios) s.verdict = "pass";
    result.summary = { ...result.summary, passed: 3, failed: 0, blocked: 0 };
    const json = JSON.parse(renderJson(result)) as {
      traceability: { hazards: { id: string; result: string; uncoveredControls: string[] }[] };
    };
    expect(json.traceability.hazards[0]).toMatchObject({
      id: FIX.hazOverdose,
      result: "partial",
      uncoveredControls: [FIX.reqUncovered],
    });
    const html = renderHtml(result);
    const section = html.slice(html.indexOf('id="traceability"'), html.indexOf('id="scenarios"'));
    expect(section).toContain('<span class="verdict partial">partial</span>');
    expect(section).toContain(
      `Hazards with a risk control nothing of this run verifies (1): <span class="mono">${FIX.hazOverdose}</span> (${FIX.reqUncovered})`,
    );
  });

  it("flags unknown IDs cited by scenarios and controls naming unknown requirements", () => {
    const result = runResult();
    result.scenarios[0].requirements.push("REQ-FIX-NOWHERE");
    result.scenarios[0].hazards.push("HAZ-FIX-NOWHERE");
    result.hazards[1].controls.push("REQ-FIX-GHOST");
    const m = traceabilityMatrix(result);
    expect(m.unknownCitations).toEqual([
      { scenarioId: FIX.scPass, id: "REQ-FIX-NOWHERE" },
      { scenarioId: FIX.scPass, id: "HAZ-FIX-NOWHERE" },
    ]);
    expect(m.hazards[1].controls[0]).toMatchObject({ requirementId: "REQ-FIX-GHOST", known: false });
  });

  it("combines verdicts worst first: fail over blocked over pass", () => {
    expect(combine([])).toBe("not-covered");
    expect(combine(["pass", "blocked"])).toBe("blocked");
    expect(combine(["blocked", "fail", "pass"])).toBe("fail");
  });

  it("appears in the HTML with the uncovered requirements and the hazard chain", () => {
    const html = renderHtml(runResult());
    const section = html.slice(html.indexOf('id="traceability"'), html.indexOf('id="scenarios"'));
    expect(section).toContain(`Not covered by any scenario or test (1): <span class="mono">${FIX.reqUncovered}</span>`);
    expect(section).toContain(FIX.hazOverdose);
    expect(section).toContain("no risk control");
  });
});
