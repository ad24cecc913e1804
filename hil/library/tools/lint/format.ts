// Lint reports as text (one "severity path: message [rule]" line and a "why" line per finding)
// and as JSON for CI tools; both list findings in the sorted order of lint.ts.
import { plural } from "../lifecycle/cli-support.ts";
import type { LintReport } from "./lint.ts";

export function summaryLine(report: LintReport): string {
  if (report.findings.length === 0) return "clean: no findings";
  return `${plural(report.errorCount, "error")}, ${plural(report.warningCount, "warning")}`;
}

export function formatText(report: LintReport): string[] {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${f.severity} ${f.path === "" ? "/" : f.path}: ${f.message} [${f.rule}]`);
    lines.push(`  why: ${f.why}`);
  }
  lines.push(summaryLine(report));
  return lines;
}

export function formatJson(report: LintReport, library: { file: string }): string {
  return `${JSON.stringify({ file: library.file, errorCount: report.errorCount, warningCount: report.warningCount, findings: report.findings }, null, 2)}\n`;
}
