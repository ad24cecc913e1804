// REQ-PNL-024 in a real browser: exercises done through the panel in headless Chromium, keyboard
// only, scripts disabled: the order card, the programming, "Finish the exercise"; the score read
// from the pump's log; the printable competency page shown in the browser with the reason for a fail.
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExercises } from "../../hil/training/exercise.ts";
import { recordHtml } from "../../hil/training/record.ts";
import type { ExerciseScore } from "../../hil/training/score.ts";
import { startExercise } from "../../hil/training/session.ts";
import { ARGS, chooseWithArrows, EXECUTABLE, submit, typeInto } from "./keyboard.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
});

const exercise = (id: string) => loadExercises(`hil/training/exercises/${id.slice(3)}.json`)[0];

/** Runs one exercise in the browser: `program` drives the panel; then the order card's Finish button. */
async function inBrowser(id: string, program: (page: Page) => Promise<void>): Promise<ExerciseScore> {
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const session = await startExercise(exercise(id), { httpPort: 0, clock: "manual", onFinish: () => finished() });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
  try {
    await page.goto(`${session.panel.url}exercise`);
    expect(await page.innerText("body")).toContain(exercise(id).order.text);
    await page.goto(session.panel.url);
    await program(page);
    await page.goto(`${session.panel.url}exercise`);
    await submit(page, "Finish the exercise");
    await done;
    return await session.finish();
  } finally {
    await page.close();
    await session.close();
  }
}

async function select(page: Page, area: string, weightKg: string, drug: string): Promise<void> {
  await chooseWithArrows(page, "#f-careArea", area);
  await submit(page, "Select care area");
  await typeInto(page, "#f-weight", weightKg);
  await submit(page, "Set patient");
  await chooseWithArrows(page, "#f-drug", drug);
  await submit(page, "Select drug");
}

describe("REQ-PNL-024 exercises in a real browser", () => {
  it("REQ-PNL-024 REQ-PNL-014: done right, full marks; a ten-fold dose overridden and started fails with the reasons shown", async () => {
    const good = await inBrowser("EX-03-medsurg-heparin", async (page) => {
      await select(page, "Med-Surg", "70", "Heparin: 25,000 units");
      await chooseWithArrows(page, "#f-program-mode", "Dose");
      await typeInto(page, "#f-dose", "18");
      await submit(page, "Check program");
      expect(await submit(page, "Start")).toContain("RUNNING: infusing");
    });
    expect(good.points).toBe(5);

    const bad = await inBrowser("EX-02-icu-norepinephrine-tenfold", async (page) => {
      await select(page, "Adult ICU", "80", "norEPINEPHrine: 8 mg");
      await chooseWithArrows(page, "#f-program-mode", "Dose");
      await typeInto(page, "#f-dose", "1.5");
      expect(await submit(page, "Check program")).toContain("SOFT STOP");
      await chooseWithArrows(page, "#f-reason", "Emergency");
      await submit(page, "Override with this reason");
      await submit(page, "Start");
    });
    expect(bad.passed).toBe(false);

    const summary = await browser.newPage({ javaScriptEnabled: false });
    await summary.setContent(recordHtml({ trainee: "rn-browser", exercises: [good, bad] }));
    const text = await summary.innerText("body");
    expect(text).toContain("NOT YET COMPETENT: 1 of 2 exercises passed with full marks");
    expect(text).toMatch(/EX-03-medsurg-heparin[\s\S]*PASS \(5 of 5\)/);
    expect(text).toContain("NOT MET: dose (rate) within tolerance: 225 mL/h; expected 22.5 mL/h ± 5 %");
    expect(text).toContain(
      "NOT MET: correct response to each alert: overrode a soft stop that called for a correction",
    );
    await summary.close();
  });

  it("REQ-PNL-024: forcing a hard stop in the browser fails: the attempt to start it is in the pump's log", async () => {
    const score = await inBrowser("EX-04-medsurg-heparin-hard-stop", async (page) => {
      await select(page, "Med-Surg", "70", "Heparin: 25,000 units");
      await chooseWithArrows(page, "#f-program-mode", "Dose");
      await typeInto(page, "#f-dose", "180");
      expect(await submit(page, "Check program")).toContain("HARD STOP");
      expect(await submit(page, "Start")).toContain("START_BLOCKED: a hard stop can never be started");
    });
    expect(score.passed).toBe(false);
    expect(score.criteria.filter((c) => !c.passed).map((c) => c.detail)).toEqual([
      "tried to start a hard stop (Heparin, 252 mL/h)",
    ]);
  });
});
