// REQ-PNL-014: the front panel in real headless Chromium (playwright-core drives the system chromium),
// the pump behind it the real firmware. A clinician programs norEPINEPHrine through the page with the
// keyboard only: the soft stop is shown in words, overridden with a reason, and started; a hard stop
// cannot be started. Screenshots of the main states are written next to the test's temp folder and
// the text on screen at each is checked (the page has no script, so the text is what was served).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ARGS, chooseWithArrows, EXECUTABLE, submit, typeInto } from "./keyboard.ts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { panelRig, type PanelRig } from "../panel/helpers.ts";

let browser: Browser;
let shots: string;
const open: PanelRig[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
  shots = mkdtempSync(join(tmpdir(), "panel-shots-"));
});
afterAll(async () => {
  await browser?.close();
  rmSync(shots, { recursive: true, force: true });
});
afterEach(async () => {
  for (const rig of open.splice(0)) await rig.close();
});

async function shot(page: Page, name: string): Promise<string> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  return page.innerText("body");
}

async function programNorepinephrine(page: Page, dose: string): Promise<string> {
  await chooseWithArrows(page, "#f-careArea", "Adult ICU");
  await submit(page, "Select care area");
  await typeInto(page, "#f-weight", "80");
  await submit(page, "Set patient");
  await chooseWithArrows(page, "#f-drug", "norEPINEPHrine: 8 mg");
  await submit(page, "Select drug");
  await chooseWithArrows(page, "#f-program-mode", "Dose");
  await typeInto(page, "#f-dose", dose);
  return submit(page, "Check program");
}

describe("REQ-PNL-014 the panel in a real browser, keyboard only", () => {
  it("REQ-PNL-014 REQ-PNL-004 REQ-PNL-005: program, see the soft stop in words, override with a reason, start", async () => {
    const rig = await panelRig();
    open.push(rig);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
    await page.goto(rig.panel.url);
    expect(await shot(page, "idle")).toContain("IDLE: no care area selected");
    await programNorepinephrine(page, "2");
    const soft = await shot(page, "soft-stop");
    expect(soft).toContain("SOFT STOP: outside a soft limit");
    expect(soft).toMatch(/DOSE\s+SOFT \(SOFT MAXIMUM\)\s+above the soft maximum\s+2 mcg\/kg\/min\s+1 mcg\/kg\/min/);
    await chooseWithArrows(page, "#f-reason", "Confirmed with the prescriber");
    await submit(page, "Override with this reason");
    const running = await submit(page, "Start");
    await shot(page, "running");
    expect(running).toContain("RUNNING: infusing");
    expect(running).toMatch(
      /SOFT_STOP_OVERRIDDEN, norEPINEPHrine, 300 mL\/h, SOFT STOP, reason: Confirmed with the prescriber/,
    );
    expect(rig.pump.pump.host.motor.rateUlPerHour).toBe(300_000);
    await page.close();
  });

  it("REQ-PNL-014 REQ-PNL-012: a hard stop cannot be started; an ISMP entry error is shown and nothing is sent", async () => {
    const rig = await panelRig();
    open.push(rig);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: false });
    await page.goto(rig.panel.url);
    const hard = await programNorepinephrine(page, "4");
    await shot(page, "hard-stop");
    expect(hard).toContain("HARD STOP: outside a hard limit; this program cannot be started");
    expect(hard).not.toContain("Override with this reason");
    const refused = await submit(page, "Start");
    expect(refused).toContain("START_BLOCKED: a hard stop can never be started");
    expect(rig.pump.pump.host.motor.rateUlPerHour).toBe(0);
    await chooseWithArrows(page, "#f-program-mode", "Dose");
    await typeInto(page, "#f-dose", ".5");
    const entryError = await submit(page, "Check program");
    await shot(page, "entry-error");
    expect(entryError).toContain('ENTRY ERROR: Dose: ".5": write a leading zero, 0.5');
    await page.close();
  });
});
