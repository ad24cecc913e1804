// junit.xml for CI (REQ-RPT-007): one <testsuite> for the run, one <testcase> per scenario
// (classname = scenario file, name = scenario id and title). A failed scenario carries <failure>
// with its first failing step as the message and every failing step, expected vs observed, as the
// body; a blocked one carries <skipped> with the reason. Run facts are suite properties and each
// scenario's requirement and hazard IDs are testcase properties. Times are the scenarios' own
// (simulated) durations; a timestamp appears only when the RunResult has one.
import type { RunResult, ScenarioResult, StepResult } from "../model/result-model.ts";
import { escapeXml as attr, escapeXmlText as text, seconds, seedsText, targetText } from "./text.ts";

function property(name: string, value: string, indent: string): string {
  return `${indent}<property name="${attr(name)}" value="${attr(value)}"/>`;
}

function stepDetail(step: StepResult): string {
  const head = `step ${step.index}: ${step.description}${step.message === undefined ? "" : ` — ${step.message}`}`;
  const pairs = step.expected.map((e, i) => `  expected: ${e}\n  observed: ${step.observed[i] ?? "(nothing)"}`);
  const extra = step.observed.slice(step.expected.length).map((o) => `  observed: ${o}`);
  return [head, ...pairs, ...extra].join("\n");
}

function firstMessage(s: ScenarioResult, verdict: "fail" | "blocked"): string {
  const step = s.steps.find((st) => st.verdict === verdict);
  if (step === undefined) return `scenario ${verdict === "fail" ? "failed" : "blocked"}`;
  return `step ${step.index}: ${step.message ?? step.description}`;
}

function testcase(s: ScenarioResult, transcript: string[]): string {
  const open = `    <testcase name="${attr(`${s.id}: ${s.title}`)}" classname="${attr(s.file)}" time="${seconds(s.durationMs)}">`;
  const props = [
    "      <properties>",
    property("requirements", s.requirements.join(" "), "        "),
    property("hazards", s.hazards.join(" "), "        "),
    property("fileSha256", s.fileSha256, "        "),
    "      </properties>",
  ];
  const outcome: string[] = [];
  if (s.verdict === "fail") {
    const detail = s.steps.filter((st) => st.verdict !== "pass").map(stepDetail).join("\n");
    outcome.push(`      <failure message="${attr(firstMessage(s, "fail"))}" type="fail">${text(detail)}</failure>`);
  } else if (s.verdict === "blocked") {
    outcome.push(`      <skipped message="${attr(`blocked: ${firstMessage(s, "blocked")}`)}"/>`);
  }
  const out = transcript.length === 0 ? [] : [`      <system-out>${text(transcript.join("\n"))}</system-out>`];
  return [open, ...props, ...outcome, ...out, "    </testcase>"].join("\n");
}

export function renderJunit(result: RunResult): string {
  const count = (v: ScenarioResult["verdict"]): number => result.scenarios.filter((sc) => sc.verdict === v).length;
  const time = seconds(result.scenarios.reduce((sum, sc) => sum + sc.durationMs, 0));
  const name = `${result.tool.name} HIL`;
  const counts = `tests="${result.scenarios.length}" failures="${count("fail")}" errors="0" skipped="${count("blocked")}" time="${time}"`;
  const stamp = result.timestamp === undefined ? "" : ` timestamp="${attr(result.timestamp)}"`;
  const runProps: [string, string][] = [
    ["firmware.buildId", result.firmware.buildId],
    ["firmware.abiVersion", String(result.firmware.abiVersion)],
    ["firmware.wasmSha256", result.firmware.wasmSha256],
    ["library", `${result.library.name} version ${result.library.version}`],
    ["library.sha256", result.library.sha256],
    ["target", targetText(result.target)],
    ["tool", `${result.tool.name} ${result.tool.version}`],
    ["node", result.tool.node],
    ["seeds", seedsText(result.seeds)],
  ];
  const cases = result.scenarios.map((sc) =>
    testcase(sc, result.transcript.filter((line) => line.scenarioId === sc.id).map((line) => line.text)),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" ${counts}>`,
    `  <testsuite name="${attr(name)}" ${counts}${stamp}>`,
    "    <properties>",
    ...runProps.map(([k, v]) => property(k, v, "      ")),
    "    </properties>",
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
