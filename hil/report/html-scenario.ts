// One scenario's article in report.html (REQ-RPT-005, REQ-RPT-013, REQ-RPT-014): its file and IDs,
// its charts over time, and its steps — verdict first, values in units, mismatching fields marked,
// where the target stood after each step — then the steps that did not run.
import type { ScenarioResult, StepSample } from "../model/result-model.ts";
import { scenarioCharts } from "./html-chart.ts";
import { esc, keyValues, scenarioAnchor, table, verdict } from "./html-parts.ts";
import { markedLines } from "./html-summary.ts";
import { seconds } from "./text.ts";
import { descriptionWithUnits, withUnit } from "./units.ts";

function after(a: StepSample | undefined): string {
  if (a === undefined) return "";
  const parts = [`t = ${seconds(a.elapsedMs)} s`];
  if (a.motorRateUlPerHour !== undefined)
    parts.push(`motor ${withUnit("rateUlPerHour", String(a.motorRateUlPerHour))}`);
  if (a.deliveredUl !== undefined) parts.push(`delivered ${withUnit("deliveredUl", String(a.deliveredUl))}`);
  for (const r of a.raised ?? []) parts.push(`<strong>${esc(r)}</strong>`);
  return parts.map((p) => (p.startsWith("<strong>") ? p : esc(p))).join("<br>");
}

export function scenarioArticle(s: ScenarioResult, number: string): string {
  const meta = keyValues(
    [
      ["File", s.file],
      ["File SHA-256", s.fileSha256],
      ["Requirements", s.requirements.join(", ") || "none"],
      ["Hazards", s.hazards.join(", ") || "none"],
      ["Duration", `${s.durationMs} ms`],
    ],
    (k) => (k === "File SHA-256" ? "mono hash" : ""),
  );
  const rows = s.steps.map((step) => ({
    className: step.verdict,
    cells: [
      verdict(step.verdict) + (step.message === undefined ? "" : `<br>${esc(step.message)}`),
      String(step.index),
      `<span class="mono">${esc(descriptionWithUnits(step.description, step.doseUnit))}</span>`,
      `<span class="mono">${markedLines(step.expected, step.mismatched)}</span>`,
      `<span class="mono">${markedLines(step.observed, step.mismatched)}</span>`,
      after(step.after),
    ],
  }));
  const notRun = (s.notRun ?? []).map((n) => ({
    className: "not-run",
    cells: [
      '<span class="verdict not-run">not run</span>',
      String(n.index),
      `<span class="mono">${esc(descriptionWithUnits(n.description))}</span>`,
      "",
      "",
      "",
    ],
  }));
  const steps = table(["result", "#", "step", "expected", "observed", "after the step"], [...rows, ...notRun], "steps");
  return [
    `<article class="scenario" id="${esc(scenarioAnchor(s.id))}">`,
    `<h3>${number} ${esc(s.id)}: ${esc(s.title)} — ${verdict(s.verdict)}</h3>`,
    meta,
    scenarioCharts(s),
    steps,
    "</article>",
  ]
    .filter((p) => p !== "")
    .join("\n");
}
