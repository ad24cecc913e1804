// The tables of the CQI dashboard (dashboard-html.ts): per care area, and per entry within each
// care area (the drill-down), and the cell helpers; numbers right-aligned, every text escaped.
import { escapeHtml as esc } from "../report/text.ts";
import type { CareAreaFigures, EntryFigures } from "./dashboard-data.ts";

/** A share as a percentage with one decimal; "–" when there is nothing to divide by. */
export const percent = (part: number, whole: number): string =>
  whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)} %`;
/** Events per `per` of the base, one decimal. */
export const rate = (count: number, base: number, per: number): string =>
  base === 0 ? "–" : ((count * per) / base).toFixed(1);

export const num = (v: number | string): string => `<td class="n">${esc(String(v))}</td>`;
export const cell = (v: string): string => `<td>${esc(v)}</td>`;

export function table(className: string, head: string[], rows: string[][]): string {
  const body =
    rows.length === 0
      ? `<tr><td colspan="${head.length}">none</td></tr>`
      : rows.map((r) => `<tr>${r.join("")}</tr>`).join("\n");
  return `<table class="${esc(className)}"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function careAreaTable(areas: readonly CareAreaFigures[], name: (id: number) => string): string {
  return table(
    "care-areas",
    [
      "care area",
      "infusions",
      "library",
      "basic",
      "alerts / 100",
      "soft stops",
      "overridden",
      "hard stops",
      "10× caught",
      "infusion-hours",
      "alarms / 1,000 h",
    ],
    areas.map((a) => [
      cell(name(a.careAreaId)),
      num(a.infusions),
      num(percent(a.withLibrary, a.infusions)),
      num(a.basic),
      num(rate(a.softStops + a.hardStops, a.infusions, 100)),
      num(a.softStops),
      num(a.overridden),
      num(a.hardStops),
      num(a.tenfold),
      num(a.infusionHours.toFixed(1)),
      num(rate(a.alarms, a.infusionHours, 1000)),
    ]),
  );
}

export function entryTables(
  entries: readonly EntryFigures[],
  area: (id: number) => string,
  entry: (id: number) => string,
): string {
  const ids = [...new Set(entries.map((e) => e.careAreaId))];
  return ids
    .map(
      (id) =>
        `<h3>${esc(area(id))}</h3>` +
        table(
          "entries",
          ["entry", "infusions", "alerts / 100", "soft stops", "hard stops", "overridden", "edited", "cancelled"],
          entries
            .filter((e) => e.careAreaId === id)
            .map((e) => [
              cell(entry(e.entryId)),
              num(e.infusions),
              num(rate(e.softStops + e.hardStops, e.infusions, 100)),
              num(e.softStops),
              num(e.hardStops),
              num(e.overridden),
              num(e.edited),
              num(e.cancelled),
            ]),
        ),
    )
    .join("\n");
}
