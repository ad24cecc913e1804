// The CQI dashboard page (REQ-CQI-026..028): the HTML builder on hand-made figures — the key
// figures and their arithmetic, every chart as inline SVG, no script or external reference,
// escaping, the same bytes for the same figures — and `cqi dashboard` on a simulated fleet, whose
// page must show the 10x errors the simulator injected and that were caught.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./cli-run.ts";
import { buildDashboardHtml, percent, rate } from "../../hil/cqi/dashboard-html.ts";
import { tempDir } from "../simulator/helpers.ts";
import { dashboardFixture } from "./dashboard-fixture.ts";

const dir = tempDir("cqi-dash-");
afterAll(() => dir.remove());

const keyFigure = (html: string, id: string): string | undefined =>
  new RegExp(`<dd id="kf-${id}">([^<]*)</dd>`).exec(html)?.[1];

describe("REQ-CQI-026 dashboard page", () => {
  const html = buildDashboardHtml(dashboardFixture());

  it("REQ-CQI-026: key figures: compliance, alerts per 100, overrides, hard stops, 10x caught, alarms per 1,000 h", () => {
    expect(keyFigure(html, "infusions")).toBe("50");
    expect(keyFigure(html, "compliance")).toBe("96.0 %"); // 48 of 50
    expect(keyFigure(html, "alerts-per-100")).toBe("14.0"); // 7 alerts in 50 infusions
    expect(keyFigure(html, "soft-stops")).toBe("5");
    expect(keyFigure(html, "overridden")).toBe("80.0 %"); // 4 of 5
    expect(keyFigure(html, "averted")).toBe("3"); // 2 edited + 1 cancelled
    expect(keyFigure(html, "hard-stops")).toBe("2");
    expect(keyFigure(html, "tenfold")).toBe("1");
    expect(keyFigure(html, "alarms-per-1000h")).toBe("40.0"); // 5 alarms in 125 h
    expect(keyFigure(html, "records-lost")).toBe("3");
  });

  it("REQ-CQI-026: percent and rate never divide by zero", () => {
    expect(percent(1, 3)).toBe("33.3 %");
    expect(percent(0, 0)).toBe("–");
    expect(rate(5, 125, 1000)).toBe("40.0");
    expect(rate(1, 0, 100)).toBe("–");
  });

  it("REQ-CQI-027: self-contained: no script, no external reference, inline SVG charts, print rules", () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|https?:|src=|javascript:/i);
    expect(html.match(/<svg /g)).toHaveLength(8);
    for (const chart of [
      "compliance",
      "alerts-per-100",
      "soft-stop-outcomes",
      "override-reasons",
      "hard-stop-outcomes",
      "alarm-rates",
      "trend",
      "tenfold-trend",
    ])
      expect(html).toContain(`<figure class="chart ${chart}">`);
    expect(html).toContain("@media print");
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
  });

  it("REQ-CQI-026: bars are as long as their share of the largest; the figure is written beside each", () => {
    const compliance = /<figure class="chart compliance">.*?<\/figure>/s.exec(html)![0];
    const widths = [...compliance.matchAll(/<rect class="bar" x="190" y="\d+" width="(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(widths).toEqual([340, 272]); // 100 % full width, 80 % of it
    expect(compliance).toContain(">100.0 %</text>");
    expect(compliance).toContain(">80.0 %</text>");
  });

  it("REQ-CQI-028: drill-down tables per care area and entry, names from the library, ids otherwise", () => {
    expect(html).toContain("<h3>Adult ICU</h3>");
    expect(html).toContain("<h3>care area 1</h3>");
    expect(html).toContain("<td>Heparin</td>");
    expect(html).toContain("<td>basic infusion</td>");
    expect(html).toContain("<td>entry 2001</td>");
    expect(html).toMatch(
      /<td>Adult ICU<\/td><td>Heparin<\/td><td class="n">0<\/td><td>DOSE<\/td><td>SOFT_MAX<\/td><td class="n">25000000<\/td>/,
    );
  });

  it("REQ-CQI-027: text is escaped; the same figures give the same bytes", () => {
    expect(html).toContain("<td>icu-&lt;1&gt;</td>");
    expect(html).not.toContain("icu-<1>");
    expect(buildDashboardHtml(dashboardFixture())).toBe(html);
  });
});

describe("REQ-CQI-026 cqi dashboard on a simulated fleet", () => {
  it("REQ-CQI-023 REQ-CQI-026: the page shows the injected 10x errors that were caught", async () => {
    const db = join(dir.path, "fleet.duckdb");
    const sim = await cli("simulate", "--db", db, "--pumps", "3", "--days", "2", "--seed", "99", "--error-rate", "0.3");
    expect(sim.code).toBe(0);
    const caught = Number(/errors of 10x or more caught and put right: (\d+)/.exec(sim.out)![1]);
    expect(caught).toBeGreaterThan(0);
    const page = join(dir.path, "dash.html");
    const made = await cli(
      "dashboard",
      "--db",
      db,
      "-o",
      page,
      "--library",
      "hil/library/examples/general-hospital.json",
    );
    expect(made.err).toBe("");
    expect(made.code).toBe(0);
    const html = readFileSync(page, "utf8");
    expect(keyFigure(html, "tenfold")).toBe(String(caught));
    const started = Number(/(\d+) infusions started/.exec(sim.out)![1]);
    expect(keyFigure(html, "infusions")).toBe(String(started));
    expect(html).toContain("General Hospital (example)");
  }, 120_000);

  it("REQ-CQI-026: a library file that does not compile is named, exit 1", async () => {
    const db = join(dir.path, "empty.duckdb");
    const result = await cli("dashboard", "--db", db, "-o", join(dir.path, "x.html"), "--library", "package.json");
    expect(result.code).toBe(1);
    expect(result.err).toContain("library package.json does not compile");
  });
});
