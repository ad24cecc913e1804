// The traceability section of report.html (REQ-RPT-006, REQ-RPT-015): requirement → scenarios and
// tests → result, verdict first; what neither a scenario nor a test verifies is marked NOT COVERED
// in words and listed; hazard → risk control → verification → result.
import type { RunResult } from "../model/result-model.ts";
import { esc, scenarioLinks, table, verdict } from "./html-parts.ts";
import type { HazardRow, TestLink, TraceabilityMatrix } from "./traceability.ts";

/** The hazard's result, and the controls nothing verifies (why it is partial, or also missing). */
function hazardResult(h: HazardRow): string {
  if (h.uncoveredControls.length === 0) return verdict(h.result);
  return `${verdict(h.result)}<br>not covered: <span class="mono">${h.uncoveredControls.map(esc).join(", ")}</span>`;
}

/** Tests as "file: name result", one a line; a long list is summed up after the first few. */
function testLinks(tests: readonly TestLink[]): string {
  if (tests.length === 0) return '<span class="not-covered">none</span>';
  const shown = tests
    .slice(0, 5)
    .map((t) => `<span class="mono">${esc(t.file)}</span>: ${esc(t.name)} ${verdict(t.verdict)}`);
  const failing = tests.slice(5).filter((t) => t.verdict !== "pass");
  const rest = tests.length > 5 ? [`and ${tests.length - 5} more (${failing.length} not passing)`] : [];
  return [...shown, ...rest].join("<br>");
}

function testsNote(r: RunResult): string {
  if (r.tests === undefined) {
    return '<p>No unit or property test results were given (<span class="mono">--tests-json</span>): requirements verified only by such tests show as not covered here.</p>';
  }
  return `<p>Unit and property tests from <span class="mono">${esc(r.tests.file)}</span> (SHA-256 <span class="mono hash">${esc(r.tests.sha256)}</span>): ${r.tests.passed} of ${r.tests.total} passed; ${r.tests.cases.length} cite requirement IDs in their names and are traced below.</p>`;
}

export function traceabilitySection(r: RunResult, m: TraceabilityMatrix, number: string): string {
  const reqRows = m.requirements.map((row) => ({
    className: row.result,
    cells: [
      verdict(row.result),
      `<span class="mono">${esc(row.id)}</span>`,
      `${esc(row.title)}<br><span class="source">${esc(row.source)}</span>`,
      scenarioLinks(row.scenarios),
      testLinks(row.tests),
    ],
  }));
  const hazRows = m.hazards.flatMap((h) => {
    const controls =
      h.controls.length === 0
        ? [{ requirementId: "", known: true, scenarios: [], tests: [], result: "not-covered" as const }]
        : h.controls;
    return controls.map((c, i) => ({
      className: c.result,
      cells: [
        i === 0 ? hazardResult(h) : "",
        i === 0 ? `<span class="mono">${esc(h.id)}</span> ${esc(h.title)}` : "",
        c.requirementId === ""
          ? '<span class="unknown">no risk control</span>'
          : `<span class="mono${c.known ? "" : " unknown"}">${esc(c.requirementId)}</span>${c.known ? "" : " (unknown)"}`,
        verdict(c.result),
        `${scenarioLinks(c.scenarios)}${c.tests.length === 0 ? "" : `<br>${c.tests.length} test${c.tests.length === 1 ? "" : "s"}`}`,
        i === 0 ? `${scenarioLinks(h.citingScenarios)}` : "",
      ],
    }));
  });
  const uncovered =
    m.requirementsUncovered.length === 0
      ? "<p>Every requirement shown is verified by a scenario or a test.</p>"
      : `<p class="uncovered">Not covered by any scenario or test (${m.requirementsUncovered.length}): <span class="mono">${m.requirementsUncovered.map(esc).join(", ")}</span></p>`;
  const leftOut =
    m.leftOut === undefined
      ? ""
      : `<p>Filtered run (<span class="mono">--filter ${esc((r.filters ?? []).join(" "))}</span>): ${m.leftOut.requirements} requirements and ${m.leftOut.hazards} hazards that nothing of this run attempted are left out.</p>`;
  const gaps =
    m.hazardsWithUncoveredControls.length === 0
      ? ""
      : `<p>Hazards with a risk control nothing of this run verifies (${m.hazardsWithUncoveredControls.length}): ${m.hazardsWithUncoveredControls
          .map((g) => `<span class="mono">${esc(g.hazardId)}</span> (${g.controls.map(esc).join(", ")})`)
          .join("; ")}</p>`;
  const unknown =
    m.unknownCitations.length === 0
      ? ""
      : `<p class="unknown">Unknown IDs cited: ${m.unknownCitations.map((u) => `${esc(u.scenarioId)} → ${esc(u.id)}`).join("; ")}</p>`;
  return [
    '<section id="traceability">',
    `<h2>${number} Traceability</h2>`,
    testsNote(r),
    leftOut,
    `<h3>${number}.1 Requirement → scenarios and tests → result</h3>`,
    uncovered,
    unknown,
    table(["result", "requirement", "title", "scenarios", "tests"], reqRows, "trace-req"),
    `<h3>${number}.2 Hazard → risk control → verification → result</h3>`,
    gaps,
    table(
      [
        "hazard result",
        "hazard",
        "risk control",
        "control result",
        "scenarios verifying the control",
        "scenarios citing the hazard",
      ],
      hazRows,
      "trace-haz",
    ),
    "</section>",
  ]
    .filter((part) => part !== "")
    .join("\n");
}
