// The regulator's promise end to end: the real CLI, run twice on the same scenarios (a seeded
// impaired line among them), writes byte-identical report files; SOURCE_DATE_EPOCH is the only
// source of a timestamp, and it changes nothing else.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../simulator/helpers.ts";

const TEMP = tempDir("ders-hil-determinism-");
afterAll(() => TEMP.remove());

const SCENARIOS = ["hil/scenarios/PRO-013-retransmission.json", "hil/scenarios/WF-011-heparin-soft-stop-override.json", "hil/scenarios/WF-023-vtbi-complete-kvo.json"];
const FILES = ["report.json", "report.html", "junit.xml", "SHA256SUMS"];

function runHil(out: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  const child = spawn(process.execPath, ["--import", "tsx", "hil/runner/cli.ts", "--scenarios", ...SCENARIOS, "--out", out], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) => child.once("exit", (code) => {
    clearTimeout(timer);
    resolve(code);
  }));
}

const read = (dir: string): Record<string, Buffer> => Object.fromEntries(FILES.map((name) => [name, readFileSync(join(dir, name))]));

describe("REQ-RPT-003 REQ-HIL-004 reports are byte-identical across runs", () => {
  it("REQ-RPT-003 REQ-HIL-004: two CLI runs give the same bytes in every report file; SOURCE_DATE_EPOCH adds the timestamp and nothing else", async () => {
    const env = { ...process.env };
    delete env.SOURCE_DATE_EPOCH;
    const [a, b, stamped] = [join(TEMP.path, "a"), join(TEMP.path, "b"), join(TEMP.path, "stamped")];
    expect(await runHil(a, env)).toBe(0);
    expect(await runHil(b, env)).toBe(0);
    const first = read(a);
    const second = read(b);
    for (const name of FILES) expect(second[name].equals(first[name]), name).toBe(true);
    expect(first["report.json"].toString()).not.toContain("timestamp");

    expect(await runHil(stamped, { ...env, SOURCE_DATE_EPOCH: "1700000000" })).toBe(0);
    const report = JSON.parse(read(stamped)["report.json"].toString()) as { timestamp?: string };
    expect(report.timestamp).toBe("2023-11-14T22:13:20Z");
    const withoutStamp = JSON.parse(first["report.json"].toString()) as Record<string, unknown>;
    expect({ ...report, timestamp: undefined }).toEqual({ ...withoutStamp, timestamp: undefined });
  }, 120_000);
});
