// report.html (REQ-RPT-004, REQ-RPT-005): one self-contained, print-friendly page — inline CSS, no
// script, no external reference — built only from the RunResult, every text HTML-escaped.
// Sections: run header, summary, traceability, scenarios (steps: expected vs observed), anomalies,
// serial transcript.
import type { RunResult, ScenarioResult } from "../model/result-model.ts";
import { REPORT_CSS } from "./html-style.ts";
import { esc, keyValues, lines, scenarioAnchor, scenarioLinks, section, table, verdict } from "./html-parts.ts";
import { seedsText, targetText } from "./text.ts";
import { traceabilityMatrix, type HazardRow, type TraceabilityMatrix } from "./traceability.ts";

export function overallVerdict(result: RunResult): "pass" | "fail" {
  const s = result.summary;
  return s.failed === 0 && s.blocked === 0 && s.passed === s.scenarios ? "pass" : "fail";
}

function header(r: RunResult): string {
  const rows: [string, string][] = [
    ["Firmware build", r.firmware.buildId],
    ["Firmware ABI version", String(r.firmware.abiVersion)],
    ["Firmware .wasm SHA-256", r.firmware.wasmSha256],
    ["Drug library", `${r.library.name}, version ${r.library.version}`],
    ["Library SHA-256", r.library.sha256],
    ["Target", targetText(r.target)],
    ["Tool", `${r.tool.name} ${r.tool.version}`],
    ["Node", r.tool.node],
    ["Seeds", seedsText(r.seeds)],
    ...(r.timestamp === undefined ? [] : [["Timestamp (SOURCE_DATE_EPOCH)", r.timestamp] as [string, string]]),
  ];
  const hashes = new Set(["Firmware .wasm SHA-256", "Library SHA-256"]);
  return `<header id="run">\n<h1>${esc(`${r.tool.name} HIL report: ${r.firmware.buildId}`)}</h1>\n${keyValues(rows, (k) => (hashes.has(k) ? "mono hash" : ""))}\n</header>`;
}

function summary(r: RunResult): string {
  const s = r.summary;
  const overall = overallVerdict(r);
  return section(
    "summary",
    "Summary",
    `<p>Overall: ${verdict(overall)} — ${s.scenarios} scenarios, ${s.passed} passed, ${s.failed} failed, ${s.blocked} blocked; ${s.steps} steps; ${r.anomalies.length} anomalies.</p>`,
  );
}

/** The hazard's result, and the controls no scenario verifies (why it is partial, or also missing). */
function hazardResult(h: HazardRow): string {
  if (h.uncoveredControls.length === 0) return verdict(h.result);
  return `${verdict(h.result)}<br>not covered: <span class="mono">${h.uncoveredControls.map(esc).join(", ")}</span>`;
}

function traceability(m: TraceabilityMatrix): string {
  const reqRows = m.requirements.map((row) => ({
    className: row.result,
    cells: [`<span class="mono">${esc(row.id)}</span>`, esc(row.title), esc(row.source), scenarioLinks(row.scenarios), verdict(row.result)],
  }));
  const hazRows = m.hazards.flatMap((h) => {
    const controls = h.controls.length === 0 ? [{ requirementId: "", known: true, scenarios: [], result: "not-covered" as const }] : h.controls;
    return controls.map((c, i) => ({
      className: c.result,
      cells: [
        i === 0 ? `<span class="mono">${esc(h.id)}</span> ${esc(h.title)}` : "",
        c.requirementId === "" ? '<span class="unknown">no risk control</span>' : `<span class="mono${c.known ? "" : " unknown"}">${esc(c.requirementId)}</span>${c.known ? "" : " (unknown)"}`,
        scenarioLinks(c.scenarios),
        verdict(c.result),
        i === 0 ? `${scenarioLinks(h.citingScenarios)}` : "",
        i === 0 ? hazardResult(h) : "",
      ],
    }));
  });
  const uncovered = m.requirementsWithoutScenario.length === 0
    ? "<p>Every requirement is cited by at least one scenario of this run.</p>"
    : `<p>Requirements no scenario of this run covers (${m.requirementsWithoutScenario.length}): <span class="mono">${m.requirementsWithoutScenario.map(esc).join(", ")}</span></p>`;
  const gaps = m.hazardsWithUncoveredControls.length === 0
    ? ""
    : `<p>Hazards with a risk control no scenario of this run verifies (${m.hazardsWithUncoveredControls.length}): ${
      m.hazardsWithUncoveredControls.map((g) => `<span class="mono">${esc(g.hazardId)}</span> (${g.controls.map(esc).join(", ")})`).join("; ")}</p>`;
  const unknown = m.unknownCitations.length === 0
    ? ""
    : `<p class="unknown">Unknown IDs cited: ${m.unknownCitations.map((u) => `${esc(u.scenarioId)} → ${esc(u.id)}`).join("; ")}</p>`;
  return section(
    "traceability",
    "Traceability",
    [
      "<h3>Requirement → scenarios → result</h3>",
      table(["requirement", "title", "source", "scenarios", "result"], reqRows),
      uncovered,
      unknown,
      "<h3>Hazard → risk control → scenarios → result</h3>",
      table(["hazard", "risk control", "scenarios verifying the control", "control result", "scenarios citing the hazard", "hazard result"], hazRows),
      gaps,
    ].filter((part) => part !== "").join("\n"),
  );
}

function scenario(s: ScenarioResult): string {
  const meta = keyValues([
    ["File", s.file],
    ["File SHA-256", s.fileSha256],
    ["Requirements", s.requirements.join(", ") || "none"],
    ["Hazards", s.hazards.join(", ") || "none"],
    ["Duration", `${s.durationMs} ms`],
  ], (k) => (k === "File SHA-256" ? "mono hash" : ""));
  const steps = table(
    ["#", "step", "expected", "observed", "result"],
    s.steps.map((step) => ({
      className: step.verdict,
      cells: [
        String(step.index),
        `<span class="mono">${esc(step.description)}</span>`,
        `<span class="mono">${lines(step.expected)}</span>`,
        `<span class="mono">${lines(step.observed)}</span>`,
        verdict(step.verdict) + (step.message === undefined ? "" : `<br>${esc(step.message)}`),
      ],
    })),
  );
  return `<article class="scenario" id="${esc(scenarioAnchor(s.id))}">\n<h3>${esc(s.id)}: ${esc(s.title)} — ${verdict(s.verdict)}</h3>\n${meta}\n${steps}\n</article>`;
}

function anomalies(r: RunResult): string {
  if (r.anomalies.length === 0) return section("anomalies", "Anomalies", "<p>None.</p>");
  const rows = r.anomalies.map((a) => ({
    className: a.verdict,
    cells: [`<a href="#${esc(scenarioAnchor(a.scenarioId))}">${esc(a.scenarioId)}</a>`, String(a.stepIndex), verdict(a.verdict), esc(a.message)],
  }));
  return section("anomalies", "Anomalies", table(["scenario", "step", "result", "message"], rows));
}

function transcript(r: RunResult): string {
  if (r.transcript.length === 0) return section("transcript", "Serial transcript", "<p>No frames recorded.</p>");
  const groups = new Map<string, string[]>();
  for (const line of r.transcript) {
    // Appended in place: copying the group on every line was quadratic (70,000 steps never finished).
    const group = groups.get(line.scenarioId);
    if (group === undefined) groups.set(line.scenarioId, [line.text]);
    else group.push(line.text);
  }
  const blocks = [...groups].map(([id, texts]) => `<h3>${esc(id)}</h3>\n<pre>${texts.map(esc).join("\n")}</pre>`);
  return section("transcript", "Serial transcript", blocks.join("\n"));
}

export function renderHtml(result: RunResult): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`${result.tool.name} HIL report: ${result.firmware.buildId}`)}</title>`,
    `<style>\n${REPORT_CSS}\n</style>`,
    "</head>",
    "<body>",
    header(result),
    summary(result),
    traceability(traceabilityMatrix(result)),
    section("scenarios", "Scenarios", result.scenarios.length === 0 ? "<p>No scenarios ran.</p>" : result.scenarios.map(scenario).join("\n")),
    anomalies(result),
    transcript(result),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
