// The summary printed at the end of a run: what ran against what, the counts, the wall-clock time
// of the run and the scenarios' own time (simulated on the virtual pump), and for each scenario
// that did not pass its first failing or blocked step with the expected and observed lines.
import type { RunResult } from "../model/result-model.ts";
import { verdictPainter } from "../../simulator/host/cli-terminal.ts";
import { seconds } from "../report/text.ts";
import { terminalSafe } from "../library/compiler/terminal-text.ts";

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;

export interface SummaryStyle {
  /** Colour the verdict words (a terminal that allows colour only). */
  colour?: boolean;
  /** Wall-clock ms the run took, measured by the CLI; shown when given. */
  wallMs?: number;
}

export function summaryText(result: RunResult, reportPaths: readonly string[], style: SummaryStyle = {}): string {
  const paint = verdictPainter(style.colour === true);
  const target =
    result.target.kind === "virtual"
      ? `virtual pump (${result.target.tty})`
      : `port ${result.target.path} at ${result.target.baudRate} baud`;
  const s = result.summary;
  const lines = [
    terminalSafe(
      `target: ${target}; firmware ${result.firmware.buildId} (ABI ${result.firmware.abiVersion}, ${result.firmware.memoryProfile} memory profile); library "${result.library.name}" version ${result.library.version}`,
    ),
    `${plural(s.scenarios, "scenario")}: ${s.passed} passed, ${s.failed} failed, ${s.blocked} blocked (${plural(s.steps, "step")} run)`,
  ];
  if (style.wallMs !== undefined) {
    const scenarioMs = result.scenarios.reduce((sum, sc) => sum + sc.durationMs, 0);
    const kind = result.target.kind === "virtual" ? "simulated pump time" : "time on the rig";
    lines.push(`time: ${seconds(style.wallMs)} s wall clock; ${seconds(scenarioMs)} s ${kind}`);
  }
  for (const scenario of result.scenarios.filter((sc) => sc.verdict !== "pass")) {
    const step = scenario.steps.find((st) => st.verdict !== "pass");
    lines.push(
      `${paint(scenario.verdict === "fail" ? "FAIL" : "BLOCKED")} ${terminalSafe(`${scenario.id} (${scenario.file})`)}`,
    );
    if (step === undefined) continue;
    // Text from scenario files and from the pump is shown with control characters escaped (REQ-LIB-018);
    // only the verdict word above carries the terminal's colour codes.
    lines.push(
      terminalSafe(`  step ${step.index}: ${step.description}`),
      terminalSafe(`  ${step.message ?? step.verdict}`),
    );
    step.expected.forEach((expected, i) => {
      if (expected !== step.observed[i])
        lines.push(terminalSafe(`    expected: ${expected}`), terminalSafe(`    observed: ${step.observed[i]}`));
    });
  }
  const seeds = Object.entries(result.seeds);
  if (seeds.length > 0)
    lines.push(terminalSafe(`seeds: ${seeds.map(([name, seed]) => `${name} = ${seed}`).join(", ")}`));
  if (reportPaths.length > 0) lines.push(terminalSafe(`reports: ${reportPaths.join(", ")}`));
  return `${lines.join("\n")}\n`;
}
