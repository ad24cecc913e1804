// Issue 10 §7 item 7 (REQ-RPT-010, REQ-RPT-011): a run of 70,000 steps gets its reports (the HTML
// transcript was built by copying each scenario's lines on every line: quadratic, it never
// finished; spread arguments overflowed the call stack), and temporary report files left by a
// runner killed while writing are removed at the next write into that folder.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeStaleTemps, writeReports } from "../../hil/report/write-reports.ts";
import { tempDir } from "../simulator/helpers.ts";
import { FIX, runResult } from "./fixture.ts";

const TEMP = tempDir("issue10-reports-");
afterAll(() => TEMP.remove());

const STEPS = 70_000;

function largeResult(): ReturnType<typeof runResult> {
  const result = runResult();
  const pass = result.scenarios[0];
  pass.steps = Array.from({ length: STEPS }, (_, i) => ({
    index: i + 1,
    description: "send GET_STATUS",
    expected: ["result OK"],
    observed: ["result OK"],
    verdict: "pass" as const,
  }));
  result.transcript = Array.from({ length: 2 * STEPS }, (_, i) => ({
    scenarioId: FIX.scPass,
    text: `${i % 2 === 0 ? "→ REQ" : "← RSP"} #${i >> 1} GET_STATUS`,
  }));
  result.summary.steps = STEPS + 3;
  return result;
}

describe("issue 10 §7: the runner reports a 70,000-step scenario (REQ-RPT-010)", () => {
  it("issue 10 §7: the reports of a 70,000-step run are written in seconds, with every step and transcript line", async () => {
    const out = join(TEMP.path, "large");
    const started = Date.now();
    await writeReports(largeResult(), out);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(readdirSync(out).sort()).toEqual(["SHA256SUMS", "junit.xml", "report.html", "report.json"]);
  });
});

describe("issue 10 §7: a runner killed while writing leaves no temporary report file behind (REQ-RPT-011)", () => {
  it("issue 10 §7: temporary report files of a dead runner are removed at the next write; a live runner's and other files are kept", async () => {
    const out = join(TEMP.path, "stale");
    // A process that has exited: its pid is no longer running.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const deadPid = Number(dead.stdout);
    await writeReports(runResult(), out);
    const stale = [
      `.report.html.${deadPid}.0123abcd.tmp`,
      `.SHA256SUMS.${deadPid}.89abcdef.tmp`,
      `.hil-write-check.${deadPid}.00000000.tmp`,
    ];
    const kept = [`.report.json.${process.ppid}.0123abcd.tmp`, "notes.txt", `.other.${deadPid}.0123abcd.tmp`];
    for (const name of [...stale, ...kept]) writeFileSync(join(out, name), "partial");
    await writeReports(runResult(), out);
    for (const name of stale) expect(existsSync(join(out, name)), name).toBe(false);
    for (const name of kept) expect(existsSync(join(out, name)), name).toBe(true);
    expect(await removeStaleTemps(out)).toEqual([]);
  });
});
