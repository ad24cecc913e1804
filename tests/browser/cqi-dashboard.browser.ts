// REQ-CQI-027: the CQI dashboard of a simulated fleet laid out by real headless Chromium
// (playwright-core drives the system chromium; no browser download). The page loads nothing but
// itself, runs no script, every chart renders (its SVG has a size and its bars have length), the key
// figures appear and equal the database's, and printed at A4 width nothing leaves the page.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cqi/cli-run.ts";
import { CqiStore } from "../../hil/cqi/store.ts";

const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"];
const A4_PRINTABLE_PX = Math.floor((186 / 25.4) * 96);

describe("REQ-CQI-027 the dashboard in headless Chromium", () => {
  let browser: Browser;
  let dir: string;
  let url: string;
  let expected: { infusions: number; tenfold: number; hardStops: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cqi-dashboard-browser-"));
    const db = join(dir, "fleet.duckdb");
    const sim = await cli(
      "simulate",
      "--db",
      db,
      "--pumps",
      "6",
      "--days",
      "3",
      "--seed",
      "314",
      "--error-rate",
      "0.3",
    );
    if (sim.code !== 0) throw new Error(sim.err);
    const file = join(dir, "dashboard.html");
    const made = await cli(
      "dashboard",
      "--db",
      db,
      "-o",
      file,
      "--library",
      "hil/library/examples/general-hospital.json",
    );
    if (made.code !== 0) throw new Error(made.err);
    const store = await CqiStore.open(db);
    try {
      const [row] = await store.rows(
        `SELECT (SELECT count(*) FROM infusions)::INTEGER AS infusions, (SELECT count(*) FROM tenfold_errors)::INTEGER AS tenfold,
                (SELECT count(*) FROM alerts WHERE verdict = 'HARD_STOP')::INTEGER AS hard`,
      );
      expected = { infusions: Number(row.infusions), tenfold: Number(row.tenfold), hardStops: Number(row.hard) };
      // Every chart must have something to draw: the seeded fleet is large enough to hold overrides
      // with reasons (6 pumps × 3 days of seed 314 give 4); a smaller one may have none.
      const [overrides] = await store.rows(
        "SELECT coalesce(sum(count), 0)::INTEGER AS n FROM stop_outcomes WHERE resolution = 'OVERRIDDEN'",
      );
      if (Number(overrides.n) === 0) throw new Error("the simulated fleet has no override: choose a larger one");
    } finally {
      store.close();
    }
    url = pathToFileURL(file).href;
    browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("REQ-CQI-027: loads nothing else, runs no script; the charts render and the key figures appear", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(url);
    expect(requested).toEqual([url]);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll("figure.chart svg")).map((svg) => {
        const box = svg.getBoundingClientRect();
        const bars = Array.from(svg.querySelectorAll("rect.bar")).map((r) => r.getBoundingClientRect().width);
        const lines = Array.from(svg.querySelectorAll("polyline")).map((l) => l.getBoundingClientRect().width);
        return {
          width: box.width,
          height: box.height,
          bars,
          lines,
          title: svg.querySelector("title")?.textContent ?? "",
        };
      }),
    );
    expect(charts).toHaveLength(8);
    for (const chart of charts) {
      expect(chart.width, chart.title).toBeGreaterThan(200);
      expect(chart.height, chart.title).toBeGreaterThan(30); // one bar and its title at the least
      expect(chart.bars.length + chart.lines.length, chart.title).toBeGreaterThan(0);
    }
    // the largest bar of each bar chart has length on screen
    for (const chart of charts.filter((c) => c.bars.length > 0))
      expect(Math.max(...chart.bars), chart.title).toBeGreaterThan(50);
    const figure = (id: string) => page.locator(`#kf-${id}`).innerText();
    expect(await figure("infusions")).toBe(String(expected.infusions));
    expect(await figure("tenfold")).toBe(String(expected.tenfold));
    expect(await figure("hard-stops")).toBe(String(expected.hardStops));
    expect(expected.tenfold).toBeGreaterThan(0);
    const text = await page.locator("body").innerText();
    expect(text).toContain("Errors of 10× or more caught");
    expect(text).toContain("Adult ICU");
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.close();
  });

  it("REQ-CQI-027: printed at A4 width nothing is wider than the page, and the PDF renders", async () => {
    const page = await browser.newPage({ viewport: { width: A4_PRINTABLE_PX, height: 1000 } });
    await page.emulateMedia({ media: "print" });
    await page.goto(url);
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    const outside = await page.evaluate((limit) => {
      const out: string[] = [];
      for (const el of Array.from(document.body.querySelectorAll("*"))) {
        const box = el.getBoundingClientRect();
        if (box.width > 0 && box.right > limit + 0.5 && el.closest("svg") === null)
          out.push(`${el.tagName} ${Math.round(box.right)}`);
      }
      return out;
    }, width);
    expect(outside).toEqual([]);
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.close();
  });
});
