// Time made visible (REQ-RPT-014): one inline SVG per scenario, drawn from the samples the runner
// recorded after each step — the motor rate as a step line, the delivered volume as a line, and
// each alarm or fault raised as a marked vertical line with its name. No script and no external
// reference: the page stays self-contained and prints as it shows. Coordinates are rounded to
// whole SVG units by integer arithmetic, so the same samples give the same bytes.
import type { ScenarioResult } from "../model/result-model.ts";
import { esc } from "./html-parts.ts";
import { seconds } from "./text.ts";
import { shiftDecimal } from "./units.ts";

const WIDTH = 720;
const HEIGHT = 150;
const LEFT = 70;
const RIGHT = 10;
const TOP = 18;
const BOTTOM = 26;

interface Point {
  ms: number;
  value: number;
}

/** x, y of a value in the plot, integer SVG units (value 0 at the bottom). */
function scale(ms: number, value: number, maxMs: number, maxValue: number): [number, number] {
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = LEFT + (maxMs === 0 ? 0 : Math.round((ms * plotW) / maxMs));
  const y = TOP + plotH - (maxValue === 0 ? 0 : Math.round((value * plotH) / maxValue));
  return [x, y];
}

function chart(
  title: string,
  unitLabel: (v: number) => string,
  points: Point[],
  stepped: boolean,
  marks: { ms: number; label: string }[],
  maxMs: number,
): string {
  const maxValue = Math.max(0, ...points.map((p) => p.value));
  const coords: [number, number][] = [];
  let previous: Point | undefined;
  for (const p of points) {
    if (stepped && previous !== undefined) coords.push(scale(p.ms, previous.value, maxMs, maxValue));
    coords.push(scale(p.ms, p.value, maxMs, maxValue));
    previous = p;
  }
  const [x0, yBottom] = scale(0, 0, maxMs, maxValue);
  const [xEnd, yTop] = scale(maxMs, maxValue, maxMs, maxValue);
  const markLines = marks.map((m) => {
    const [x] = scale(m.ms, 0, maxMs, maxValue);
    // A label right of the middle reads leftwards, so it never runs out of the chart.
    const label = x * 2 > WIDTH ? `x="${x - 3}" text-anchor="end"` : `x="${x + 3}"`;
    return `<line class="mark" x1="${x}" y1="${yTop}" x2="${x}" y2="${yBottom}"/><text class="mark" ${label} y="${yTop + 10}">${esc(m.label)}</text>`;
  });
  return [
    `<figure class="chart"><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${esc(title)}">`,
    `<text x="${LEFT}" y="12" class="title">${esc(title)}</text>`,
    `<line class="axis" x1="${x0}" y1="${yBottom}" x2="${xEnd}" y2="${yBottom}"/><line class="axis" x1="${x0}" y1="${yTop}" x2="${x0}" y2="${yBottom}"/>`,
    `<text x="${x0 - 4}" y="${yTop + 4}" text-anchor="end">${esc(unitLabel(maxValue))}</text><text x="${x0 - 4}" y="${yBottom}" text-anchor="end">0</text>`,
    `<text x="${x0}" y="${HEIGHT - 6}">0 s</text><text x="${xEnd}" y="${HEIGHT - 6}" text-anchor="end">${esc(`${seconds(maxMs)} s`)}</text>`,
    ...markLines,
    `<polyline class="data" points="${coords.map(([x, y]) => `${x},${y}`).join(" ")}"/>`,
    "</svg></figure>",
  ].join("");
}

/** The scenario's charts, or "" when no step recorded a rate or a volume. */
export function scenarioCharts(s: ScenarioResult): string {
  const samples = s.steps.flatMap((step) => (step.after === undefined ? [] : [step.after]));
  const rates = samples.flatMap((a) =>
    a.motorRateUlPerHour === undefined ? [] : [{ ms: a.elapsedMs, value: a.motorRateUlPerHour }],
  );
  const volumes = samples.flatMap((a) =>
    a.deliveredUl === undefined ? [] : [{ ms: a.elapsedMs, value: a.deliveredUl }],
  );
  if (rates.length === 0 && volumes.length === 0) return "";
  const maxMs = Math.max(0, ...samples.map((a) => a.elapsedMs));
  const marks = samples.flatMap((a) => (a.raised ?? []).map((label) => ({ ms: a.elapsedMs, label })));
  const start = (points: Point[]): Point[] => [{ ms: 0, value: 0 }, ...points];
  const parts = [
    rates.length === 0
      ? ""
      : chart(
          "Motor rate over simulated time",
          (v) => `${shiftDecimal(String(v), 3)} mL/h`,
          start(rates),
          true,
          marks,
          maxMs,
        ),
    volumes.length === 0
      ? ""
      : chart(
          "Delivered volume over simulated time",
          (v) => `${shiftDecimal(String(v), 3)} mL`,
          start(volumes),
          false,
          marks,
          maxMs,
        ),
  ];
  return `<div class="charts">${parts.join("")}</div>`;
}
