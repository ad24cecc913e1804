// The report's first screen (REQ-RPT-012): the overall verdict, a table of the scenarios (verdict
// first, steps run of steps written, simulated or measured time) and every failure — the step, its
// expected and observed fields with the mismatching ones marked, the message and the steps that
// did not run — so a reviewer sees what went wrong without scrolling through the matrix.
import type { RunResult, ScenarioResult, StepResult } from "../model/result-model.ts";
import { esc, scenarioAnchor, table, verdict } from "./html-parts.ts";
import { seconds } from "./text.ts";
import { descriptionWithUnits, lineWithUnit } from "./units.ts";

export function overallVerdict(result: RunResult): "pass" | "fail" {
  const s = result.summary;
  return s.failed === 0 && s.blocked === 0 && s.passed === s.scenarios ? "pass" : "fail";
}

/** Expected or observed lines, the mismatching ones in <mark> (said in words too: "≠"). */
export function markedLines(texts: readonly string[], mismatched: readonly number[] | undefined): string {
  const marked = new Set(mismatched ?? []);
  return texts
    .map((t, i) => (marked.has(i) ? `<mark>≠ ${esc(lineWithUnit(t))}</mark>` : esc(lineWithUnit(t))))
    .join("<br>");
}

const link = (s: ScenarioResult): string => `<a href="#${esc(scenarioAnchor(s.id))}">${esc(s.id)}</a>`;

function scenarioTable(r: RunResult): string {
  const rows = r.scenarios.map((s) => {
    const total = s.steps.length + (s.notRun?.length ?? 0);
    return {
      className: s.verdict,
      cells: [
        verdict(s.verdict),
        `${link(s)}<br>${esc(s.title)}`,
        `${s.steps.length} of ${total}`,
        `${seconds(s.durationMs)} s`,
      ],
    };
  });
  const time = r.target.kind === "virtual" ? "simulated time" : "measured time";
  return table(["result", "scenario", "steps run", time], rows, "scenarios-table");
}

function failedStep(step: StepResult): string {
  const pairs =
    step.expected.length === 0
      ? ""
      : table(
          ["expected", "observed"],
          [
            {
              cells: [
                `<span class="mono">${markedLines(step.expected, step.mismatched)}</span>`,
                `<span class="mono">${markedLines(step.observed, step.mismatched)}</span>`,
              ],
            },
          ],
          "pairs",
        );
  return [
    `<p>Step ${step.index} ${verdict(step.verdict)}: <span class="mono">${esc(descriptionWithUnits(step.description, step.doseUnit))}</span></p>`,
    pairs,
    step.message === undefined ? "" : `<p>${esc(step.message)}</p>`,
  ]
    .filter((p) => p !== "")
    .join("\n");
}

function failure(s: ScenarioResult): string {
  const bad = s.steps.filter((step) => step.verdict !== "pass").map(failedStep);
  const notRun =
    s.notRun === undefined
      ? ""
      : `<p>Not run (${s.notRun.length}):</p>\n<ol class="not-run">${s.notRun.map((n) => `<li value="${n.index}"><span class="mono">${esc(descriptionWithUnits(n.description))}</span></li>`).join("")}</ol>`;
  return [
    `<div class="failure ${esc(s.verdict)}">`,
    `<h4>${verdict(s.verdict)} ${link(s)}: ${esc(s.title)}</h4>`,
    ...bad,
    notRun,
    "</div>",
  ]
    .filter((p) => p !== "")
    .join("\n");
}

export function summarySection(r: RunResult, number: string): string {
  const s = r.summary;
  const overall = overallVerdict(r);
  const failures = r.scenarios.filter((sc) => sc.verdict !== "pass");
  return [
    '<section id="summary">',
    `<h2>${number} Summary</h2>`,
    `<p class="overall">Overall: ${verdict(overall)} — ${s.scenarios} scenarios, ${s.passed} passed, ${s.failed} failed, ${s.blocked} blocked; ${s.steps} steps; ${r.anomalies.length} anomalies.</p>`,
    scenarioTable(r),
    failures.length === 0
      ? "<p>No failures.</p>"
      : `<h3>Failures (${failures.length})</h3>\n${failures.map(failure).join("\n")}`,
    "</section>",
  ].join("\n");
}
