// junit.xml for CI (REQ-RPT-007), valid against the Jenkins xUnit schema junit-10.xsd (checked by
// tests/report/junit-schema.test.ts): one <testsuite> for the run, one <testcase> per scenario with
// classname `hil.<area>` (the scenario id's area: SC-WF-010-… → hil.wf) and name "<id>: <title>".
// A failed scenario carries <failure> (first failing step as the message, every failing step,
// expected vs observed, as the body); a blocked one carries <error type="blocked">: it did not run
// to a verdict, which CI must not count as a skip. junit-10 allows properties only on the suite,
// so each scenario's requirement and hazard IDs, file and simulated time are suite properties
// named "<scenario id>.<fact>". `time` is wall-clock and appears only when the run recorded it
// (--wall-time); without it the file stays byte-identical across runs (docs/hil.md §4,
// docs/decisions/0016-junit-schema-and-wall-time.md). A timestamp appears only when the RunResult
// has one.
import type { RunResult, ScenarioResult, StepResult } from "../model/result-model.ts";
import { escapeXml as attr, escapeXmlText as text, seconds, seedsText, targetText } from "./text.ts";

function property(name: string, value: string): string {
  return `      <property name="${attr(name)}" value="${attr(value)}"/>`;
}

/** `hil.<area>` from the id's first part after `SC-` (SC-PRO-013-… → hil.pro). */
export function junitClassname(scenarioId: string): string {
  const area = /^SC-([A-Za-z0-9]+)/.exec(scenarioId)?.[1];
  return `hil.${(area ?? "scenario").toLowerCase()}`;
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

const timeAttr = (ms: number | undefined): string => (ms === undefined ? "" : ` time="${seconds(ms)}"`);

function testcase(s: ScenarioResult, transcript: string[]): string {
  const open = `    <testcase name="${attr(`${s.id}: ${s.title}`)}" classname="${attr(junitClassname(s.id))}"${timeAttr(s.wallTimeMs)}`;
  const outcome: string[] = [];
  const detail = s.steps
    .filter((st) => st.verdict !== "pass")
    .map(stepDetail)
    .join("\n");
  if (s.verdict === "fail") {
    outcome.push(`      <failure message="${attr(firstMessage(s, "fail"))}" type="fail">${text(detail)}</failure>`);
  } else if (s.verdict === "blocked") {
    outcome.push(
      `      <error message="${attr(`blocked: ${firstMessage(s, "blocked")}`)}" type="blocked">${text(detail)}</error>`,
    );
  }
  const out = transcript.length === 0 ? [] : [`      <system-out>${text(transcript.join("\n"))}</system-out>`];
  const body = [...outcome, ...out];
  return body.length === 0 ? `${open}/>` : [`${open}>`, ...body, "    </testcase>"].join("\n");
}

function scenarioProperties(s: ScenarioResult, timeName: string): string[] {
  return [
    property(`${s.id}.file`, s.file),
    property(`${s.id}.fileSha256`, s.fileSha256),
    property(`${s.id}.requirements`, s.requirements.join(" ")),
    property(`${s.id}.hazards`, s.hazards.join(" ")),
    property(`${s.id}.${timeName}`, `${seconds(s.durationMs)} s`),
  ];
}

export function renderJunit(result: RunResult): string {
  const count = (v: ScenarioResult["verdict"]): number => result.scenarios.filter((sc) => sc.verdict === v).length;
  const walls = result.scenarios.map((sc) => sc.wallTimeMs);
  const wallTotal =
    walls.every((ms) => ms !== undefined) && walls.length > 0 ? walls.reduce((sum, ms) => sum + ms, 0) : undefined;
  const name = `${result.tool.name} HIL`;
  const counts = `tests="${result.scenarios.length}" failures="${count("fail")}" errors="${count("blocked")}"${timeAttr(wallTotal)}`;
  const stamp = result.timestamp === undefined ? "" : ` timestamp="${attr(result.timestamp)}"`;
  // A rig's scenario time is measured on the rig; the virtual pump's is its simulated clock.
  const timeName = result.target.kind === "virtual" ? "simulatedTime" : "rigTime";
  const runProps: [string, string][] = [
    ["firmware.buildId", result.firmware.buildId],
    ["firmware.abiVersion", String(result.firmware.abiVersion)],
    ["firmware.memoryProfile", result.firmware.memoryProfile],
    ["firmware.wasmSha256", result.firmware.wasmSha256],
    ["library", `${result.library.name} version ${result.library.version}`],
    ["library.sha256", result.library.sha256],
    ["target", targetText(result.target)],
    ["tool", `${result.tool.name} ${result.tool.version}`],
    ["node", result.tool.node],
    ["seeds", seedsText(result.seeds)],
    [
      "time",
      wallTotal === undefined
        ? "not recorded (reports stay byte-identical; run with --wall-time for wall-clock times)"
        : "wall clock (--wall-time)",
    ],
  ];
  const cases = result.scenarios.map((sc) =>
    testcase(
      sc,
      result.transcript.filter((line) => line.scenarioId === sc.id).map((line) => line.text),
    ),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" ${counts}>`,
    `  <testsuite name="${attr(name)}" ${counts} skipped="0"${stamp}>`,
    "    <properties>",
    ...runProps.map(([k, v]) => property(k, v)),
    ...result.scenarios.flatMap((sc) => scenarioProperties(sc, timeName)),
    "    </properties>",
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}
