// The CQI dashboard page (docs/cqi.md §7): one self-contained HTML file — inline stylesheet and
// inline SVG charts (dashboard-svg.ts), no script, no font or style from elsewhere — so it opens
// offline and prints. Built from DashboardData alone; the same figures give the same bytes.
import { escapeHtml as esc } from "../report/text.ts";
import type { CareAreaFigures, DashboardData } from "./dashboard-data.ts";
import { barChart, lineChart, type Bar } from "./dashboard-svg.ts";
import { careAreaTable, cell, entryTables, num, percent, rate, table } from "./dashboard-tables.ts";

export { percent, rate };

const CSS = `
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,sans-serif;color:#111;margin:1.5em auto;max-width:72em;padding:0 1em;overflow-wrap:anywhere}
h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;border-bottom:2px solid #333;margin-top:1.6em}h3{font-size:1em}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.4em 0 1em}
th,td{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}
dl.key{display:grid;grid-template-columns:repeat(auto-fill,minmax(14em,1fr));gap:.5em;margin:.5em 0}
dl.key div{border:1px solid #999;padding:.4em .6em}dl.key dt{font-size:12px;color:#333}dl.key dd{margin:0;font-size:1.5em;font-weight:bold}
.charts{display:flex;flex-wrap:wrap;gap:.5em}figure.chart{margin:0;flex:1 1 30em;min-width:0}
figure.chart svg{width:100%;height:auto;display:block;font:11px sans-serif}
svg .bar{fill:#1f4e9a}svg .axis{stroke:#333}svg .line{fill:none;stroke-width:2}svg .title{font-weight:bold}
svg .line.s0{stroke:#1f4e9a}svg .line.s1{stroke:#b00000;stroke-dasharray:5 3}svg .line.s2{stroke:#116611;stroke-dasharray:2 2}
svg .legend.s0{fill:#1f4e9a}svg .legend.s1{fill:#b00000}svg .legend.s2{fill:#116611}
.note{color:#444;font-size:12px}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;margin:0;padding:0;font-size:9pt}tr,figure.chart,dl.key div{break-inside:avoid}thead{display:table-header-group}h2{break-after:avoid}}
`.trim();

interface Totals {
  infusions: number;
  withLibrary: number;
  basic: number;
  softStops: number;
  hardStops: number;
  overridden: number;
  edited: number;
  cancelled: number;
  tenfold: number;
  infusionHours: number;
  alarms: number;
}

function totalsOf(areas: readonly CareAreaFigures[]): Totals {
  const t: Totals = {
    infusions: 0,
    withLibrary: 0,
    basic: 0,
    softStops: 0,
    hardStops: 0,
    overridden: 0,
    edited: 0,
    cancelled: 0,
    tenfold: 0,
    infusionHours: 0,
    alarms: 0,
  };
  for (const a of areas) for (const key of Object.keys(t) as (keyof Totals)[]) t[key] += a[key];
  return t;
}

export function buildDashboardHtml(data: DashboardData): string {
  const area = (id: number) => data.careAreaNames[id] ?? `care area ${id}`;
  const entry = (id: number) => (id === 0 ? "basic infusion" : (data.entryNames[id] ?? `entry ${id}`));
  const t = totalsOf(data.careAreas);
  const alerts = t.softStops + t.hardStops;
  const key: [string, string, string][] = [
    ["infusions", "Infusions started", String(t.infusions)],
    ["compliance", "Programmed with the library", percent(t.withLibrary, t.infusions)],
    ["alerts-per-100", "Alerts per 100 infusions", rate(alerts, t.infusions, 100)],
    ["soft-stops", "Soft stops", String(t.softStops)],
    ["overridden", "Soft stops overridden", percent(t.overridden, t.softStops)],
    ["averted", "Alerts edited or cancelled (averted errors)", String(t.edited + t.cancelled)],
    ["hard-stops", "Hard stops", String(t.hardStops)],
    ["tenfold", "Errors of 10× or more caught", String(data.tenfold.length)],
    ["alarms-per-1000h", "Alarms per 1,000 infusion-hours", rate(t.alarms, t.infusionHours, 1000)],
    ["records-lost", "Records lost before collection", String(data.recordsLost)],
  ];
  const areaBars = (value: (a: CareAreaFigures) => number, text: (a: CareAreaFigures) => string): Bar[] =>
    data.careAreas.map((a) => ({ label: area(a.careAreaId), value: value(a), text: text(a) }));
  const days = data.days.map((d) => d.day);
  const charts = [
    barChart(
      "Programmed with the library, by care area (%)",
      areaBars(
        (a) => (a.infusions === 0 ? 0 : a.withLibrary / a.infusions),
        (a) => percent(a.withLibrary, a.infusions),
      ),
      "compliance",
    ),
    barChart(
      "Alerts per 100 infusions, by care area",
      areaBars(
        (a) => (a.infusions === 0 ? 0 : (a.softStops + a.hardStops) / a.infusions),
        (a) => rate(a.softStops + a.hardStops, a.infusions, 100),
      ),
      "alerts-per-100",
    ),
    barChart("Soft-stop outcomes", outcomeBars(data.softStopOutcomes, t.softStops), "soft-stop-outcomes"),
    barChart(
      "Override reasons",
      data.overrideReasons.map((r) => ({ label: words(r.reason), value: r.count, text: String(r.count) })),
      "override-reasons",
    ),
    barChart("Hard stops and what followed", outcomeBars(data.hardStopOutcomes, t.hardStops), "hard-stop-outcomes"),
    barChart(
      "Alarms per 1,000 infusion-hours, by care area",
      areaBars(
        (a) => (a.infusionHours === 0 ? 0 : a.alarms / a.infusionHours),
        (a) => rate(a.alarms, a.infusionHours, 1000),
      ),
      "alarm-rates",
    ),
    lineChart(
      "Trend per day of pump time",
      days,
      [
        {
          name: "library %",
          values: data.days.map((d) => (d.infusions === 0 ? null : (100 * d.withLibrary) / d.infusions)),
          className: "s0",
        },
        {
          name: "alerts / 100",
          values: data.days.map((d) => (d.infusions === 0 ? null : (100 * d.alerts) / d.infusions)),
          className: "s1",
        },
      ],
      "per cent / per 100 infusions",
      "trend",
    ),
    lineChart(
      "Errors of 10× or more caught, per day",
      days,
      [{ name: "caught", values: data.days.map((d) => d.tenfold), className: "s1" }],
      "count",
      "tenfold-trend",
    ),
  ];
  const libraries = data.libraries
    .map((l) => `${l.name === "" ? "library" : `"${l.name}"`} version ${l.version} (${l.digest.slice(0, 16)}…)`)
    .join("; ");
  const shownTenfold = data.tenfold.slice(0, 50);
  const parts = [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Fleet CQI dashboard</title><style>${CSS}</style></head><body>`,
    "<h1>Fleet CQI dashboard</h1>",
    `<p class="note">${esc(`${data.pumps} pumps, ${data.records} records, ${data.days.length} days of pump time; ${libraries || "no library recorded"}. Figures from the CQI database views (docs/cqi.md); a day is a day of the pump's clock.`)}</p>`,
    `<section id="key-figures"><h2>Key figures</h2><dl class="key">${key.map(([id, label, value]) => `<div><dt>${esc(label)}</dt><dd id="kf-${id}">${esc(value)}</dd></div>`).join("")}</dl></section>`,
    `<section id="charts"><h2>Charts</h2><div class="charts">${charts.join("\n")}</div></section>`,
    `<section id="care-areas"><h2>By care area</h2>${careAreaTable(data.careAreas, area)}</section>`,
    `<section id="most-overridden"><h2>Most-overridden limits</h2>${table(
      "most-overridden",
      ["care area", "entry", "conc.", "parameter", "tier", "limit", "unit", "overrides"],
      data.mostOverridden.map((m) => [
        cell(area(m.careAreaId)),
        cell(entry(m.entryId)),
        num(m.concentrationIndex === 255 ? "–" : m.concentrationIndex),
        cell(m.param),
        cell(m.tier),
        num(m.limit),
        cell(m.unit),
        num(m.overrides),
      ]),
    )}</section>`,
    `<section id="tenfold"><h2>Errors of 10× or more caught</h2><p class="note">${esc("An alert not overridden whose pump started the same entry within 10 minutes at a rate 10× lower or higher (the tenfold_errors view).")}</p>${table(
      "tenfold",
      ["pump", "sequence", "care area", "entry", "alert", "then", "parameter", "direction", "factor"],
      shownTenfold.map((r) => [
        cell(r.pumpId),
        num(r.sequence),
        cell(area(r.careAreaId)),
        cell(entry(r.entryId)),
        cell(r.verdict),
        cell(r.resolution),
        cell(r.param),
        cell(r.direction),
        num(r.fold.toFixed(1)),
      ]),
    )}${data.tenfold.length > shownTenfold.length ? `<p class="note">and ${data.tenfold.length - shownTenfold.length} more (cqi report --format csv)</p>` : ""}</section>`,
    `<section id="entries"><h2>Drill-down: care area and entry</h2>${entryTables(data.entries, area, entry)}</section>`,
    "</body></html>",
  ];
  return parts.join("\n") + "\n";
}

const words = (code: string): string => code.toLowerCase().replaceAll("_", " ");

function outcomeBars(rows: readonly { resolution: string; count: number }[], alerts: number): Bar[] {
  return rows.map((r) => ({
    label: words(r.resolution),
    value: r.count,
    text: `${r.count} (${percent(r.count, alerts)})`,
  }));
}
