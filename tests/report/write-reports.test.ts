// writeReports (REQ-RPT-001) and reproducibility (REQ-RPT-003): four files written atomically,
// byte-identical for the same run result, and a timestamp only from SOURCE_DATE_EPOCH.
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SourceDateEpochError } from "../../hil/report/timestamp.ts";
import { renderReports, timestampFromEnv, writeReports } from "../../hil/report/write-reports.ts";
import { runResult } from "./fixture.ts";

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hil-report-"));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const NAMES = ["report.json", "report.html", "junit.xml", "SHA256SUMS"];

describe("REQ-RPT-001 report set written atomically", () => {
  it("writes the four files into a new folder, returns their paths and leaves no temporary file", async () => {
    const dir = join(await tempDir(), "nested", "out");
    const paths = await writeReports(runResult(), dir);
    expect(paths).toEqual(NAMES.map((n) => join(dir, n)));
    expect((await readdir(dir)).sort()).toEqual([...NAMES].sort());
  });

  it("replaces an earlier report in place", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "report.json"), "old");
    await writeReports(runResult(), dir);
    expect(await readFile(join(dir, "report.json"), "utf8")).not.toBe("old");
    expect((await readdir(dir)).sort()).toEqual([...NAMES].sort());
  });

  it("a run result that cannot be rendered writes nothing: the earlier report stays", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "report.json"), "old");
    const result = runResult();
    result.scenarios[0].durationMs = 0.5;
    await expect(writeReports(result, dir)).rejects.toThrow("$.scenarios[0].durationMs");
    expect(await readdir(dir)).toEqual(["report.json"]);
    expect(await readFile(join(dir, "report.json"), "utf8")).toBe("old");
  });

  it("a failed rename leaves no temporary file and no manifest for a partial set", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "junit.xml")); // a folder where a file must go: its rename fails
    await expect(writeReports(runResult(), dir)).rejects.toThrow();
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(names).not.toContain("SHA256SUMS");
  });

  it("a rename that fails over an earlier report removes the earlier manifest: it never vouches for a mixed set", async () => {
    const dir = await tempDir();
    await writeReports(runResult(), dir);
    const oldJson = await readFile(join(dir, "report.json"));
    // junit.xml becomes a non-empty folder: renaming the new junit.xml onto it fails.
    await rm(join(dir, "junit.xml"));
    await mkdir(join(dir, "junit.xml"));
    await writeFile(join(dir, "junit.xml", "keep"), "x");
    const next = runResult();
    next.scenarios[0].durationMs += 1; // another run: every report differs from the earlier one
    await expect(writeReports(next, dir)).rejects.toThrow();
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(Buffer.compare(await readFile(join(dir, "report.json")), oldJson)).not.toBe(0); // the set is mixed: new report.json, old folder
    expect(names).not.toContain("SHA256SUMS"); // …so no manifest may claim it (the earlier one listed the old report.json)
    expect(await readFile(join(dir, "junit.xml", "keep"), "utf8")).toBe("x");
  });

  it("refuses a run result whose summary contradicts its scenarios", () => {
    const result = runResult();
    result.summary.failed = 0;
    expect(() => renderReports(result)).toThrow("summary.failed is 0 but the scenarios give 1");
  });
});

describe("REQ-RPT-003 byte-identical reports, no wall clock", () => {
  it("the same run result written twice into two folders gives identical bytes", async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    await writeReports(runResult(), a);
    await writeReports(runResult(), b);
    for (const name of NAMES) {
      expect(Buffer.compare(await readFile(join(a, name)), await readFile(join(b, name))), name).toBe(0);
    }
  });

  it("without SOURCE_DATE_EPOCH no report holds a time", async () => {
    expect(timestampFromEnv({})).toBeUndefined();
    const result = { ...runResult(), timestamp: timestampFromEnv({}) };
    for (const [name, bytes] of renderReports(result)) {
      const text = Buffer.from(bytes).toString("utf8");
      expect(text, name).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(text, name).not.toMatch(/timestamp/i);
    }
  });

  it("with SOURCE_DATE_EPOCH set every report shows that time, in UTC", () => {
    const timestamp = timestampFromEnv({ SOURCE_DATE_EPOCH: "1700000000" });
    expect(timestamp).toBe("2023-11-14T22:13:20Z");
    expect(timestampFromEnv({ SOURCE_DATE_EPOCH: "0" })).toBe("1970-01-01T00:00:00Z");
    const files = renderReports({ ...runResult(), timestamp });
    for (const name of ["report.json", "report.html", "junit.xml"]) {
      expect(Buffer.from(files.get(name)!).toString("utf8"), name).toContain("2023-11-14T22:13:20Z");
    }
  });

  it.each([
    "",
    "abc",
    "1.5",
    "-1",
    " 1700000000",
    "1700000000\n",
    "1e9",
    "0x10",
    "253402300800",
    "99999999999999999999",
  ])("a malformed SOURCE_DATE_EPOCH %j is an error naming the variable", (value) => {
    expect(() => timestampFromEnv({ SOURCE_DATE_EPOCH: value })).toThrow(SourceDateEpochError);
    expect(() => timestampFromEnv({ SOURCE_DATE_EPOCH: value })).toThrow(
      /SOURCE_DATE_EPOCH must be whole seconds .* got /,
    );
  });

  it("refuses a timestamp that did not come from timestampFromEnv", () => {
    expect(() => renderReports({ ...runResult(), timestamp: "Tue Nov 14 2023" })).toThrow("timestampFromEnv");
  });
});
