// Dry-run reports: an aligned text table (one line per order, in order-set order) with counts,
// and JSON for CI. Deterministic: the same library, order set and firmware give the same bytes.
import type { DryRunReport, OrderResult } from "./run.ts";

function outcomeText(r: OrderResult): string {
  const expectation = [r.expected, r.expectedBinding].filter((x) => x !== null).join(", ");
  if (r.outcome === "unchecked") return r.verdict === "error" ? "UNEXPECTED ERROR" : "";
  return r.outcome === "match" ? `ok (expected ${expectation})` : `MISMATCH (expected ${expectation})`;
}

function detail(r: OrderResult): string {
  if (r.reason !== null) return r.reason;
  return r.binding === null ? "-" : `${r.binding.param} ${r.binding.tier} ${r.binding.limit}`;
}

export function summary(report: DryRunReport): string {
  const c = report.counts;
  return `${c.orders} orders: ${c.go} go, ${c.soft} soft, ${c.hard} hard, ${c.error} error; ${c.checked} expectations checked, ${c.mismatches} mismatches`;
}

export function formatText(report: DryRunReport): string[] {
  const rows = [
    ["order", "care area", "entry", "verdict", "binding limit", "check"],
    ...report.results.map((r) => [r.order, r.careArea, r.entry, r.verdict.toUpperCase(), detail(r), outcomeText(r)]),
  ];
  const widths = rows[0].map((_, i) => rows.reduce((widest, row) => Math.max(widest, [...row[i]].length), 0));
  const lines = rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + " ".repeat(widths[i] - [...cell].length)))
      .join("  ")
      .trimEnd(),
  );
  return [...lines, summary(report)];
}

export function formatJson(report: DryRunReport): string {
  return `${JSON.stringify({ counts: report.counts, failed: report.failed, results: report.results }, null, 2)}\n`;
}
