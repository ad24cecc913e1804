// REQ-RPT-013: report.html laid out by real headless Chromium (playwright-core drives the system
// chromium; no browser download). On screen at 1,400 px no element is wider than the window and
// every step table's verdict column is in view; printed (media print at the A4 printable width,
// and page.pdf()), every column of every table stays inside the page. The page under test is the
// synthetic run plus a step whose values are long unbroken strings, the worst case for wrapping.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../hil/report/html.ts";
import { runResult } from "../report/fixture.ts";

const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
// A4 is 210 mm; the page's @page margins are 12 mm each side: 186 mm at 96 px per inch.
const A4_PRINTABLE_PX = Math.floor((186 / 25.4) * 96);

function stressedHtml(): string {
  const r = runResult();
  const long = "ff".repeat(160);
  const failing = r.scenarios[1];
  failing.steps[0].description = `sendRaw ${long}`;
  failing.steps[0].expected = [`frame.payload ${long}`, "result OK"];
  failing.steps[0].observed = [`frame.payload ${long.replace(/f$/, "e")}`, "result OK"];
  failing.steps[0].mismatched = [0];
  failing.steps[0].after = {
    elapsedMs: 90_000,
    motorRateUlPerHour: 25_200,
    deliveredUl: 630,
    raised: ["ALARM_RAISED detail 4"],
  };
  failing.notRun = [
    {
      index: 3,
      description: `send PROGRAM {"mode":"DOSE","dose":"41000000","vtbiUl":"500000","note":"${"x".repeat(200)}"}`,
    },
  ];
  return renderHtml(r);
}

/** Elements whose right edge lies beyond `width`, as "tag.class" with their right edge. */
function overflowing(page: Page, width: number): Promise<string[]> {
  return page.evaluate((limit) => {
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > limit + 0.5)
        out.push(
          `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""} right ${Math.round(box.right)} (${(el.textContent ?? "").slice(0, 40)})`,
        );
    }
    return out;
  }, width);
}

describe("REQ-RPT-013 the report fits the window and the printed page (headless Chromium)", () => {
  let browser: Browser;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
    dir = mkdtempSync(join(tmpdir(), "ders-report-browser-"));
    const file = join(dir, "report.html");
    writeFileSync(file, stressedHtml());
    url = pathToFileURL(file).href;
  });
  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("REQ-RPT-013: on a 1,400 px screen nothing is wider than the window and every verdict column is in view", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    expect(await overflowing(page, width)).toEqual([]);
    const verdictCells = await page.evaluate(() =>
      Array.from(document.querySelectorAll("table.steps tbody tr td:first-child")).map((td) => {
        const box = td.getBoundingClientRect();
        return { left: box.left, right: box.right, text: td.textContent ?? "" };
      }),
    );
    expect(verdictCells.length).toBeGreaterThan(0);
    for (const cell of verdictCells) {
      expect(cell.left).toBeGreaterThanOrEqual(0);
      expect(cell.right).toBeLessThanOrEqual(width);
      expect(cell.text).toMatch(/^(pass|fail|blocked|not run)/);
    }
    // The first screen holds the verdict, the scenario table and the failure with its marked field.
    const firstScreen = await page.evaluate(() =>
      ["h1", "table.scenarios-table", ".failure mark"].map((sel) => {
        const el = document.querySelector(sel);
        return el === null ? -1 : el.getBoundingClientRect().top;
      }),
    );
    for (const top of firstScreen) {
      expect(top).toBeGreaterThanOrEqual(0);
      expect(top).toBeLessThan(900);
    }
    await page.close();
  });

  it("REQ-RPT-013: printed at A4 width every column of every table stays inside the page, and the PDF renders", async () => {
    const page = await browser.newPage({ viewport: { width: A4_PRINTABLE_PX, height: 1000 } });
    await page.emulateMedia({ media: "print" });
    await page.goto(url);
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    expect(width).toBe(A4_PRINTABLE_PX);
    expect(await overflowing(page, width)).toEqual([]);
    const lastColumns = await page.evaluate(() =>
      Array.from(document.querySelectorAll("table")).map((t) => {
        const cells = t.querySelectorAll("tr > :last-child");
        return Math.max(...Array.from(cells).map((c) => c.getBoundingClientRect().right));
      }),
    );
    for (const right of lastColumns) expect(right).toBeLessThanOrEqual(width + 0.5);
    const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await page.close();
  });

  it('REQ-RPT-013: every printed page has a footer naming the report and saying "Page n of N" (text read back from the PDF)', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    await page.close();
    const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
    const pages = document.numPages;
    expect(pages).toBeGreaterThan(3);
    for (let n = 1; n <= pages; n++) {
      const content = await (await document.getPage(n)).getTextContent();
      const text = content.items.map((item) => ("str" in item ? item.str : "")).join(" ");
      expect(text, `page ${n}`).toContain(`Page ${n} of ${pages}`);
      expect(text, `page ${n}`).toMatch(/HIL report .* — FAIL/);
    }
    await document.destroy();
  });
});
