// `cqi report`: the analytics views of sql/views.sql as one JSON document, CSV files, or a text
// summary. Rows are ordered by the views, so the same database gives the same bytes.
import type { CqiStore } from "./store.ts";

/** The views a report carries, in order, with the heading of the text summary. */
export const REPORT_VIEWS = [
  ["usage_summary", "Infusions and alerts per care area, entry, concentration and day"],
  ["stop_outcomes", "Soft-stop and hard-stop outcomes"],
  ["most_overridden_limits", "Most-overridden limits"],
  ["tenfold_errors", "Errors of 10x or more caught"],
  ["alarm_rates", "Alarms per 1,000 infusion-hours"],
  ["collection_gaps", "Records lost before collection"],
] as const;

export type ViewName = (typeof REPORT_VIEWS)[number][0];
export type Row = Record<string, string | number | boolean | null>;
export type Report = Record<ViewName, Row[]> & { totals: Row };

/** JSON-safe cells: bigints as decimal strings (they may exceed 2^53), other values as they are. */
function plain(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] = typeof value === "bigint" ? value.toString() : (value as string | number | boolean | null);
  }
  return out;
}

export async function buildReport(store: CqiStore): Promise<Report> {
  const report = {} as Report;
  for (const [view] of REPORT_VIEWS) {
    const sql =
      view === "collection_gaps" ? "SELECT * FROM gaps ORDER BY pump_id, first_sequence" : `SELECT * FROM ${view}`;
    report[view] = (await store.rows(sql)).map(plain);
  }
  report.totals = plain(
    (
      await store.rows(
        `SELECT (SELECT count(DISTINCT pump_id) FROM events)::INTEGER AS pumps, (SELECT count(*) FROM events)::INTEGER AS records,
            (SELECT count(*) FROM infusions)::INTEGER AS infusions_started, (SELECT count(*) FROM alerts)::INTEGER AS alerts,
            (SELECT coalesce(sum(last_sequence - first_sequence + 1), 0) FROM gaps)::INTEGER AS records_lost`,
      )
    )[0],
  );
  return report;
}

function csvCell(value: Row[string]): string {
  const text = value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV of one view's rows (header from the first row; an empty view gives an empty file). */
export function toCsv(rows: readonly Row[]): string {
  if (rows.length === 0) return "";
  const columns = Object.keys(rows[0]);
  return [columns.join(","), ...rows.map((row) => columns.map((c) => csvCell(row[c])).join(","))].join("\r\n") + "\r\n";
}

export function toJson(report: Report): string {
  return JSON.stringify(report, null, 2) + "\n";
}

function table(rows: readonly Row[]): string[] {
  if (rows.length === 0) return ["  (none)"];
  const columns = Object.keys(rows[0]);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const line = (cells: string[]) =>
    "  " +
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((c) => String(r[c] ?? ""))))];
}

export function toText(report: Report): string {
  const t = report.totals;
  const lines = [
    `CQI summary: ${t.pumps} pumps, ${t.records} records, ${t.infusions_started} infusions started, ${t.alerts} alerts, ${t.records_lost} records lost`,
  ];
  for (const [view, heading] of REPORT_VIEWS) lines.push("", `${heading} (${view}):`, ...table(report[view]));
  return lines.join("\n") + "\n";
}
