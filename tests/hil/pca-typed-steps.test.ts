// Issue 15 (decision 0044 §6): the typed PCA commands of the `send` step (hil/runner/pca-commands.ts)
// send exactly the frames the raw REQUEST steps of PCA-001 … PCA-004 sent before they were converted:
// tests/hil/pca-raw-payloads.json holds each converted step's request code and payload as
// the scenario files had them in hex; each typed step, run through the runner's command table, must
// send the same code and the same bytes. REQ-PCA-042.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Frame } from "../../simulator/client/frame.ts";
import { PumpCommands } from "../../simulator/client/pump-commands.ts";
import { COMMANDS } from "../../hil/runner/commands.ts";

const FIXTURE = "tests/hil/pca-raw-payloads.json";
const raw = JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<
  string,
  { step: number; code: number; payload: string }[]
>;

class Stop extends Error {}

/** Captures the one request a command sends, then stops it (nothing is answered). */
class Capture extends PumpCommands {
  sent: { code: number; payload: string }[] = [];
  request(code: number, payload: Uint8Array): Promise<Frame> {
    this.sent.push({ code, payload: Buffer.from(payload).toString("hex") });
    return Promise.reject(new Stop());
  }
}

describe("REQ-PCA-042 typed PCA steps send the bytes the raw REQUEST steps sent", () => {
  it("the fixture covers all four commands and every PCA scenario of before", () => {
    expect(Object.keys(raw).sort()).toEqual([
      "PCA-001-lockout-and-dose-count.json",
      "PCA-002-window-maximum-four-hours.json",
      "PCA-003-clinician-bolus-preempted-and-truncated.json",
      "PCA-004-bounds-and-restart.json",
    ]);
    const codes = new Set(Object.values(raw).flatMap((steps) => steps.map((s) => s.code)));
    expect([...codes].sort()).toEqual([36, 37, 38]);
  });

  for (const [file, steps] of Object.entries(raw)) {
    it(`${file}: every converted step sends the same code and payload`, async () => {
      const scenario = JSON.parse(readFileSync(`hil/scenarios/${file}`, "utf8"));
      // No raw PCA request is left: every one is typed.
      const leftRaw = scenario.steps.filter(
        (s: { send?: string; args?: { code?: number } }) =>
          s.send === "REQUEST" && [36, 37, 38, 39].includes(s.args?.code ?? -1),
      );
      expect(leftRaw).toEqual([]);
      for (const { step, code, payload } of steps) {
        const typed = scenario.steps[step];
        expect(typed.send, `step ${step}`).toMatch(/^PCA_/);
        const capture = new Capture();
        await expect(COMMANDS[typed.send].run(capture, { ...(typed.args ?? {}) })).rejects.toBeInstanceOf(Stop);
        expect(capture.sent, `step ${step} (${typed.send})`).toEqual([{ code, payload }]);
      }
    });
  }
});
