// The regulator's promise end to end: the real CLI, run twice on the same scenarios (a seeded
// impaired line among them), writes byte-identical report files; SOURCE_DATE_EPOCH is the only
// source of a timestamp, and it changes nothing else. Wall-clock times enter the reports only when
// a run asks for them (--wall-time), and then change nothing but those values.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../simulator/helpers.ts";

const TEMP = tempDir("ders-hil-determinism-");
afterAll(() => TEMP.remove());

const SCENARIOS = [
  "hil/scenarios/PRO-013-retransmission.json",
  "hil/scenarios/WF-011-heparin-soft-stop-override.json",
  "hil/scenarios/WF-023-vtbi-complete-kvo.json",
];
const FILES = ["report.json", "report.html", "junit.xml", "SHA256SUMS"];

function runHil(out: string, env: NodeJS.ProcessEnv, extra: string[] = []): Promise<number | null> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "hil/runner/cli.ts", "--scenarios", ...SCENARIOS, "--out", out, ...extra],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env,
    },
  );
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    }),
  );
}

const read = (dir: string): Record<string, Buffer> =>
  Object.fromEntries(FILES.map((name) => [name, readFileSync(join(dir, name))]));

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
    expect(first["junit.xml"].toString()).not.toMatch(/ time="/); // no wall clock unless asked for
  }, 120_000);

  it("REQ-RPT-003 REQ-RPT-007: --wall-time adds each scenario's wall-clock time to junit.xml and report.json, and changes nothing else", async () => {
    const env = { ...process.env };
    delete env.SOURCE_DATE_EPOCH;
    const [plain, timed] = [join(TEMP.path, "plain"), join(TEMP.path, "timed")];
    expect(await runHil(plain, env)).toBe(0);
    expect(await runHil(timed, env, ["--wall-time"])).toBe(0);
    const [a, b] = [read(plain), read(timed)];
    const report = JSON.parse(b["report.json"].toString()) as { scenarios: { wallTimeMs?: number }[] };
    for (const scenario of report.scenarios)
      expect(Number.isInteger(scenario.wallTimeMs) && scenario.wallTimeMs! >= 0).toBe(true);
    const stripped = { ...report, scenarios: report.scenarios.map(({ wallTimeMs: _, ...rest }) => rest) };
    expect(stripped).toEqual(JSON.parse(a["report.json"].toString()));
    const junit = b["junit.xml"].toString();
    expect(junit.match(/<testcase [^>]* time="\d+\.\d{3}"/g)).toHaveLength(SCENARIOS.length);
    const normalised = junit.replace(/ time="\d+\.\d{3}"/g, "").replace(/<property name="time" value="[^"]*"\/>/, "");
    expect(normalised).toBe(a["junit.xml"].toString().replace(/<property name="time" value="[^"]*"\/>/, ""));
  }, 120_000);
});
