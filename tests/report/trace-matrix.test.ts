// The report's traceability matrices (REQ-RPT-006) on the synthetic run result.
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../hil/report/html.ts";
import { combine, traceabilityMatrix } from "../../hil/report/traceability.ts";
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
      { requirementId: FIX.reqDose, known: true, scenarios: [{ id: FIX.scPass, verdict: "pass" }, { id: FIX.scFail, verdict: "fail" }], result: "fail" },
      { requirementId: FIX.reqUncovered, known: true, scenarios: [], result: "not-covered" },
    ]);
    expect(overdose.citingScenarios).toEqual([{ id: FIX.scPass, verdict: "pass" }, { id: FIX.scBlocked, verdict: "blocked" }]);
    expect(overdose.result).toBe("fail");
    expect(bare).toMatchObject({ id: FIX.hazNoControl, controls: [], citingScenarios: [], result: "not-covered" });
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
    expect(section).toContain(`Requirements no scenario of this run covers (1): <span class="mono">${FIX.reqUncovered}</span>`);
    expect(section).toContain(FIX.hazOverdose);
    expect(section).toContain("no risk control");
  });
});
