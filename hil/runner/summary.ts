// The summary printed at the end of a run: what ran against what, the counts, and for each
// scenario that did not pass its first failing or blocked step with the expected and observed lines.
import type { RunResult } from "../model/result-model.ts";

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;

export function summaryText(result: RunResult, reportPaths: readonly string[]): string {
  const target = result.target.kind === "virtual" ? `virtual pump (${result.target.tty})` : `port ${result.target.path} at ${result.target.baudRate} baud`;
  const s = result.summary;
  const lines = [
    `target: ${target}; firmware ${result.firmware.buildId} (ABI ${result.firmware.abiVersion}); library "${result.library.name}" version ${result.library.version}`,
    `${plural(s.scenarios, "scenario")}: ${s.passed} passed, ${s.failed} failed, ${s.blocked} blocked (${plural(s.steps, "step")} run)`,
  ];
  for (const scenario of result.scenarios.filter((sc) => sc.verdict !== "pass")) {
    const step = scenario.steps.find((st) => st.verdict !== "pass");
    lines.push(`${scenario.verdict === "fail" ? "FAIL" : "BLOCKED"} ${scenario.id} (${scenario.file})`);
    if (step === undefined) continue;
    lines.push(`  step ${step.index}: ${step.description}`, `  ${step.message ?? step.verdict}`);
    step.expected.forEach((expected, i) => {
      if (expected !== step.observed[i]) lines.push(`    expected: ${expected}`, `    observed: ${step.observed[i]}`);
    });
  }
  const seeds = Object.entries(result.seeds);
  if (seeds.length > 0) lines.push(`seeds: ${seeds.map(([name, seed]) => `${name} = ${seed}`).join(", ")}`);
  if (reportPaths.length > 0) lines.push(`reports: ${reportPaths.join(", ")}`);
  return `${lines.join("\n")}\n`;
}
