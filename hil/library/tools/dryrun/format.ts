// Dry-run reports: an aligned text table (one line per order, in order-set order) with counts,
// and JSON for CI. Deterministic: the same library, order set and firmware give the same bytes.
import type { DryRunReport, OrderResult } from "./run.ts";

/** The check cell: ok, MISMATCH, UNEXPECTED ERROR or BAD ORDER. */
export function outcomeText(r: OrderResult): string {
  const expectation = [r.expected, r.expectedBinding].filter((x) => x !== null).join(", ");
  if (r.badOrder) return "BAD ORDER";
  if (r.outcome === "unchecked") return r.verdict === "error" ? "UNEXPECTED ERROR" : "";
  return r.outcome === "match" ? `ok (expected ${expectation})` : `MISMATCH (expected ${expectation})`;
}

/** The binding limit, or why the order gave none: one cell of the text report and the review packet. */
export function detail(r: OrderResult): string {
  if (r.reason !== null) return r.reason;
  if (r.binding === null) return "-";
  const derived = r.binding.derivedRate === undefined ? "" : `; derived rate ${r.binding.derivedRate}`;
  return `${r.binding.param} ${r.binding.tier} ${r.binding.limit}${derived}`;
}

export function summary(report: DryRunReport): string {
  const c = report.counts;
  const bad = c.badOrders > 0 ? `; ${c.badOrders} bad orders (fix them: exit 2)` : "";
  return `${c.orders} orders: ${c.go} go, ${c.soft} soft, ${c.hard} hard, ${c.error} error; ${c.checked} expectations checked, ${c.mismatches} mismatches${bad}`;
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
