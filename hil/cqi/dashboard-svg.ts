// Inline SVG charts of the CQI dashboard: no script, no external reference, so the page opens
// offline and prints as it shows. Coordinates are whole SVG units by Math.round of the values, so
// the same figures give the same bytes. Every chart carries its figures as text too (a label on
// each bar, the value of the last point), and a <title> for screen readers.
import { escapeHtml as esc } from "../report/text.ts";

export interface Bar {
  label: string;
  value: number;
  /** The figure written at the end of the bar. */
  text: string;
}

const WIDTH = 640;
const LABEL_W = 190;
const BAR_H = 18;
const GAP = 6;
const TOP = 24;

/** Horizontal bars, longest value = full width; `className` names the chart for tests and print. */
export function barChart(title: string, bars: readonly Bar[], className: string): string {
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plotW = WIDTH - LABEL_W - 110;
  const height = TOP + bars.length * (BAR_H + GAP) + 4;
  const rows = bars.map((bar, i) => {
    const y = TOP + i * (BAR_H + GAP);
    const w = max === 0 ? 0 : Math.round((bar.value * plotW) / max);
    return (
      `<text x="${LABEL_W - 6}" y="${y + 13}" text-anchor="end">${esc(bar.label)}</text>` +
      `<rect class="bar" x="${LABEL_W}" y="${y}" width="${w}" height="${BAR_H}"/>` +
      `<text class="value" x="${LABEL_W + w + 4}" y="${y + 13}">${esc(bar.text)}</text>`
    );
  });
  return svg(title, className, height, rows.join(""));
}

export interface Series {
  name: string;
  /** One value per x position (day); null: no figure that day. */
  values: readonly (number | null)[];
  className: string;
}

const LINE_H = 170;
const LEFT = 50;
const BOTTOM = 24;

/** Lines over days 0 … n − 1 on one axis from 0 to the largest value; the axis maximum is written. */
export function lineChart(
  title: string,
  days: readonly number[],
  series: readonly Series[],
  unit: string,
  className: string,
): string {
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const plotW = WIDTH - LEFT - 110;
  const plotH = LINE_H - TOP - BOTTOM;
  const x = (i: number) => LEFT + (days.length <= 1 ? 0 : Math.round((i * plotW) / (days.length - 1)));
  const y = (v: number) => TOP + plotH - (max === 0 ? 0 : Math.round((v * plotH) / max));
  const parts = [
    `<line class="axis" x1="${LEFT}" y1="${TOP + plotH}" x2="${LEFT + plotW}" y2="${TOP + plotH}"/>`,
    `<line class="axis" x1="${LEFT}" y1="${TOP}" x2="${LEFT}" y2="${TOP + plotH}"/>`,
    `<text x="${LEFT - 4}" y="${TOP + 4}" text-anchor="end">${esc(round(max))}</text>`,
    `<text x="${LEFT - 4}" y="${TOP + plotH}" text-anchor="end">0</text>`,
    `<text x="${LEFT}" y="${LINE_H - 6}">day ${days[0] ?? 0}</text>`,
    `<text x="${LEFT + plotW}" y="${LINE_H - 6}" text-anchor="end">day ${days[days.length - 1] ?? 0}</text>`,
  ];
  series.forEach((s, k) => {
    const points = s.values.flatMap((v, i) => (v === null ? [] : [`${x(i)},${y(v)}`]));
    if (points.length > 0) parts.push(`<polyline class="line ${esc(s.className)}" points="${points.join(" ")}"/>`);
    const last = [...s.values].reverse().find((v) => v !== null);
    parts.push(
      `<text class="legend ${esc(s.className)}" x="${LEFT + plotW + 8}" y="${TOP + 12 + k * 16}">${esc(s.name)}${last === undefined || last === null ? "" : ` ${esc(round(last))}`}</text>`,
    );
  });
  return svg(`${title} (${unit})`, className, LINE_H, parts.join(""));
}

const round = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function svg(title: string, className: string, height: number, body: string): string {
  return (
    `<figure class="chart ${esc(className)}"><svg viewBox="0 0 ${WIDTH} ${height}" role="img">` +
    `<title>${esc(title)}</title><text class="title" x="4" y="14">${esc(title)}</text>${body}</svg></figure>`
  );
}
