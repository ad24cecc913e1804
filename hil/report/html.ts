// report.html (REQ-RPT-004, REQ-RPT-005, REQ-RPT-012): one self-contained, print-friendly page —
// inline CSS, no script, no external reference — built only from the RunResult, every text
// HTML-escaped. The first screen is the verdict, the scenario table and every failure; then a
// numbered table of contents and numbered sections: run identity, traceability, scenarios (charts
// over time, steps: verdict, expected vs observed, where the target stood), anomalies, serial
// transcript. Printed, every page's footer names the report and says "Page n of N" (docs/hil.md §4).
import type { RunResult } from "../model/result-model.ts";
import { printMarginCss, REPORT_CSS } from "./html-style.ts";
import { esc, keyValues, scenarioAnchor, section, table, verdict } from "./html-parts.ts";
import { scenarioArticle } from "./html-scenario.ts";
import { overallVerdict, summarySection } from "./html-summary.ts";
import { traceabilitySection } from "./html-trace.ts";
import { rigIdentityRows, seedsText, targetText } from "./text.ts";
import { traceabilityMatrix } from "./traceability.ts";

export { overallVerdict };

const SECTIONS = {
  summary: "1",
  run: "2",
  traceability: "3",
  scenarios: "4",
  anomalies: "5",
  transcript: "6",
} as const;

function top(r: RunResult): string {
  return `<header id="top">\n<h1>${esc(`${r.tool.name} HIL report: ${r.firmware.buildId}`)} — ${verdict(overallVerdict(r))}</h1>\n</header>`;
}

function identity(r: RunResult): string {
  const id = r.identity;
  const revision =
    id?.commit === undefined
      ? "not a git checkout"
      : `${id.commit}${id.dirty === true ? " (working tree has uncommitted changes)" : id.dirty === false ? " (clean)" : ""}`;
  const rows: [string, string][] = [
    ["Firmware build (HELLO)", r.firmware.buildId],
    ["Firmware ABI version (HELLO)", String(r.firmware.abiVersion)],
    ["Memory profile (HELLO)", r.firmware.memoryProfile],
    ["Firmware .wasm SHA-256", r.firmware.wasmSha256],
    ["Drug library (HELLO)", `${r.library.name}, version ${r.library.version}`],
    ["Library SHA-256", r.library.sha256],
    ["Target", targetText(r.target)],
    ...rigIdentityRows(r.target),
    ["Tool", `${r.tool.name} ${r.tool.version}`],
    ["Tool source revision", revision],
    ["Operator", id?.operator ?? "not given (--operator)"],
    ["Node", r.tool.node],
    ["Seeds", seedsText(r.seeds)],
    ...(r.filters === undefined ? [] : [["Filter (--filter)", r.filters.join(", ")] as [string, string]]),
    ...(r.timestamp === undefined ? [] : [["Timestamp (SOURCE_DATE_EPOCH)", r.timestamp] as [string, string]]),
  ];
  const hashes = new Set(["Firmware .wasm SHA-256", "Library SHA-256", "Tool source revision"]);
  return section(
    "run",
    `${SECTIONS.run} Run identity`,
    keyValues(rows, (k) => (hashes.has(k) ? "mono hash" : "")),
  );
}

const scenarioNumber = (i: number): string => `${SECTIONS.scenarios}.${i + 1}`;

function contents(r: RunResult): string {
  const item = (id: keyof typeof SECTIONS, title: string, inner = ""): string =>
    `<li><a href="#${id}">${SECTIONS[id]} ${esc(title)}</a>${inner}</li>`;
  const scenarios =
    r.scenarios.length === 0
      ? ""
      : `<ol>${r.scenarios.map((s, i) => `<li><a href="#${esc(scenarioAnchor(s.id))}">${scenarioNumber(i)} ${esc(s.id)}</a> ${verdict(s.verdict)}</li>`).join("")}</ol>`;
  return [
    '<nav id="contents">',
    "<h2>Contents</h2>",
    "<ol>",
    item("summary", "Summary"),
    item("run", "Run identity"),
    item("traceability", "Traceability"),
    item("scenarios", "Scenarios", scenarios),
    item("anomalies", "Anomalies"),
    item("transcript", "Serial transcript"),
    "</ol>",
    "</nav>",
  ].join("\n");
}

function anomalies(r: RunResult): string {
  const title = `${SECTIONS.anomalies} Anomalies`;
  if (r.anomalies.length === 0) return section("anomalies", title, "<p>None.</p>");
  const rows = r.anomalies.map((a) => ({
    className: a.verdict,
    cells: [
      verdict(a.verdict),
      `<a href="#${esc(scenarioAnchor(a.scenarioId))}">${esc(a.scenarioId)}</a>`,
      String(a.stepIndex),
      esc(a.message),
    ],
  }));
  return section("anomalies", title, table(["result", "scenario", "step", "message"], rows, "anomalies"));
}

function transcript(r: RunResult): string {
  const title = `${SECTIONS.transcript} Serial transcript`;
  if (r.transcript.length === 0) return section("transcript", title, "<p>No frames recorded.</p>");
  const groups = new Map<string, string[]>();
  for (const line of r.transcript) {
    // Appended in place: copying the group on every line was quadratic (70,000 steps never finished).
    const group = groups.get(line.scenarioId);
    if (group === undefined) groups.set(line.scenarioId, [line.text]);
    else group.push(line.text);
  }
  const blocks = [...groups].map(([id, texts]) => `<h3>${esc(id)}</h3>\n<pre>${texts.map(esc).join("\n")}</pre>`);
  return section("transcript", title, blocks.join("\n"));
}

export function renderHtml(result: RunResult): string {
  const scenarios =
    result.scenarios.length === 0
      ? "<p>No scenarios ran.</p>"
      : result.scenarios.map((s, i) => scenarioArticle(s, scenarioNumber(i))).join("\n");
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(`${result.tool.name} HIL report: ${result.firmware.buildId}`)}</title>`,
    `<style>\n${REPORT_CSS}\n${printMarginCss(`${result.tool.name} HIL report ${result.firmware.buildId} — ${overallVerdict(result).toUpperCase()}`)}\n</style>`,
    "</head>",
    "<body>",
    top(result),
    summarySection(result, SECTIONS.summary),
    contents(result),
    identity(result),
    traceabilitySection(result, traceabilityMatrix(result), SECTIONS.traceability),
    section("scenarios", `${SECTIONS.scenarios} Scenarios`, scenarios),
    anomalies(result),
    transcript(result),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
