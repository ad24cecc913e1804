// Progress and summary (hil/runner/progress.ts, summary.ts): one live line on a terminal, plain
// lines elsewhere; the summary lists counts, each failing step's expected and observed lines, the
// seeds and the report files.
import { describe, expect, it } from "vitest";
import { progressPrinter } from "../../hil/runner/progress.ts";
import type { RunResult, ScenarioResult } from "../../hil/model/result-model.ts";
import type { Progress } from "../../hil/runner/run-suite.ts";
import { summaryText } from "../../hil/runner/summary.ts";

const passed: ScenarioResult = {
  id: "SC-A",
  title: "a",
  file: "hil/scenarios/A.json",
  fileSha256: "0".repeat(64),
  requirements: ["REQ-HIL-009"],
  hazards: [],
  steps: [{ index: 1, description: "send HELLO", expected: ["result OK"], observed: ["result OK"], verdict: "pass" }],
  verdict: "pass",
  durationMs: 0,
};
const failed: ScenarioResult = {
  ...passed,
  id: "SC-B",
  file: "hil/scenarios/B.json",
  verdict: "fail",
  durationMs: 500,
  steps: [
    {
      index: 1,
      description: "send PROGRAM",
      expected: ["result OK", "verdict GO"],
      observed: ["result OK", "verdict HARD_STOP"],
      verdict: "fail",
      message: "expected verdict GO, observed verdict HARD_STOP",
    },
  ],
};
const events: Progress[] = [
  { kind: "scenario-start", index: 1, total: 2, id: "SC-A", title: "a" },
  { kind: "step", index: 1, total: 2, id: "SC-A", stepCount: 1, step: passed.steps[0] },
  { kind: "scenario-end", index: 1, total: 2, result: passed },
  { kind: "scenario-start", index: 2, total: 2, id: "SC-B", title: "b" },
  { kind: "step", index: 2, total: 2, id: "SC-B", stepCount: 1, step: failed.steps[0] },
  { kind: "scenario-end", index: 2, total: 2, result: failed },
];

function printed(isTTY: boolean, style: Parameters<typeof progressPrinter>[1] = {}): string {
  let text = "";
  const printer = progressPrinter({ isTTY, columns: 60, write: (t: string) => (text += t) }, style);
  events.forEach((e) => printer.onProgress(e));
  printer.finish();
  return text;
}

describe("REQ-HIL-009 progress", () => {
  it("REQ-HIL-009: plain lines when the output is not a terminal: one when a scenario starts, one when it ends", () => {
    expect(printed(false)).toBe(
      "[1/2] run  SC-A: a\n[1/2] PASS SC-A (1 step, 0 ms simulated)\n[2/2] run  SC-B: b\n[2/2] FAIL SC-B (1 step, 500 ms simulated)\n",
    );
  });

  it("REQ-HIL-009: on a terminal one live line rewritten in place (cut to the width), a permanent line only for what did not pass", () => {
    const text = printed(true);
    const permanent = text
      .split("\r\x1b[2K")
      .flatMap((part) => part.split("\n").slice(0, -1))
      .filter((l) => l !== "");
    expect(permanent).toEqual(["[2/2] FAIL SC-B (1 step, 500 ms simulated)"]);
    expect(text).toContain("\r\x1b[2K[1/2] SC-A step 1/1 pass send HELLO");
    expect(["", "\r\x1b[2K"]).toContain(text.slice(text.lastIndexOf("\n") + 1)); // no live line is left for the summary to overwrite
    for (const shown of text.split("\r\x1b[2K")) expect(shown.replace("\n", "").length).toBeLessThanOrEqual(59);
  });

  it("REQ-HIL-009 REQ-HIL-005: the summary gives target, counts, the failing step's expected and observed lines, seeds and reports", () => {
    const result = {
      target: { kind: "virtual", tty: "pseudo-terminal, a new one per scenario" },
      firmware: { buildId: "ders-x", abiVersion: 9, memoryProfile: "standard", wasmSha256: "" },
      library: { name: "L", version: 12, sha256: "" },
      seeds: { "SC-B step 1": 7 },
      scenarios: [passed, failed],
      summary: { scenarios: 2, passed: 1, failed: 1, blocked: 0, steps: 2 },
    } as unknown as RunResult;
    expect(summaryText(result, ["out/report.json"])).toBe(
      [
        'target: virtual pump (pseudo-terminal, a new one per scenario); firmware ders-x (ABI 9, standard memory profile); library "L" version 12',
        "2 scenarios: 1 passed, 1 failed, 0 blocked (2 steps run)",
        "FAIL SC-B (hil/scenarios/B.json)",
        "  step 1: send PROGRAM",
        "  expected verdict GO, observed verdict HARD_STOP",
        "    expected: verdict GO",
        "    observed: verdict HARD_STOP",
        "seeds: SC-B step 1 = 7",
        "reports: out/report.json",
        "",
      ].join("\n"),
    );
  });

  it("REQ-HIL-009: verdicts are coloured only when asked (a colour terminal): PASS green, FAIL red, never a word of a title", () => {
    expect(printed(false, { colour: true })).toContain(
      "[2/2] \x1b[1m\x1b[31mFAIL\x1b[39m\x1b[22m SC-B (1 step, 500 ms simulated)\n",
    );
    expect(printed(true, { colour: true })).toContain("[1/2] \x1b[1m\x1b[32mPASS\x1b[39m\x1b[22m SC-A");
    expect(printed(false)).not.toContain("\x1b");
    let text = "";
    const printer = progressPrinter({ isTTY: false, write: (t: string) => (text += t) }, { colour: true });
    printer.onProgress({ kind: "scenario-start", index: 1, total: 1, id: "SC-A", title: "FAIL PASS in a title" });
    expect(text).toBe("[1/1] run  SC-A: FAIL PASS in a title\n");
  });

  it("REQ-HIL-009: a rig's scenario time is labelled as measured on the rig", () => {
    expect(printed(false, { timeLabel: "on the rig" })).toContain("[2/2] FAIL SC-B (1 step, 500 ms on the rig)");
  });

  it("REQ-HIL-009: the summary shows the run's wall-clock time and the simulated time, labelled, and colours verdicts when asked", () => {
    const result = {
      target: { kind: "virtual", tty: "t" },
      firmware: { buildId: "ders-x", abiVersion: 9, memoryProfile: "standard", wasmSha256: "" },
      library: { name: "L", version: 12, sha256: "" },
      seeds: {},
      scenarios: [passed, failed],
      summary: { scenarios: 2, passed: 1, failed: 1, blocked: 0, steps: 2 },
    } as unknown as RunResult;
    const text = summaryText(result, [], { wallMs: 20_345 });
    expect(text).toContain("time: 20.345 s wall clock; 0.500 s simulated pump time\n");
    expect(text).not.toContain("\x1b");
    expect(summaryText(result, [], { colour: true })).toContain(
      "\x1b[31mFAIL\x1b[39m\x1b[22m SC-B (hil/scenarios/B.json)",
    );
  });
});
