// A HIL run's pump logs into the CQI database (REQ-CQI-031): the runner writes each scenario's
// event log (read from the virtual pump's NV, no protocol traffic) to pump-logs.json beside
// report.json; `cqi collect --hil <folder>` stores one pump per scenario, never twice, and refuses
// a file that is not a pump-logs file before storing anything.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./cli-run.ts";
import { hilPumpId } from "../../hil/cqi/import-hil.ts";
import { CqiStore } from "../../hil/cqi/store.ts";
import { writeReports } from "../../hil/report/write-reports.ts";
import { runSuite } from "../../hil/runner/run-suite.ts";
import { FIRMWARE, scenarios, virtualTarget } from "../hil/helpers.ts";
import { tempDir } from "../simulator/helpers.ts";

const TEMP = tempDir("ders-cqi-hil-");

async function rows(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const store = await CqiStore.open(db);
  try {
    return await store.rows(sql);
  } finally {
    store.close();
  }
}

describe("REQ-CQI-031 HIL run pump logs into the CQI database", () => {
  it("REQ-CQI-031: every scenario's log is stored as its own pump, once, with the library the pump ran", async () => {
    const result = await runSuite({
      target: virtualTarget(),
      scenarios: scenarios(
        "hil/scenarios/WF-010-heparin-hard-stop.json",
        "hil/scenarios/WF-041-occlusion-alarm-resume.json",
      ),
      firmware: FIRMWARE,
      requirements: [],
      hazards: [],
    });
    const out = join(TEMP.path, "run");
    const written = await writeReports(result, out);
    expect(written.map((p) => p.slice(out.length + 1)).sort()).toEqual([
      "SHA256SUMS",
      "junit.xml",
      "pump-logs.json",
      "report.html",
      "report.json",
    ]);
    expect(readFileSync(join(out, "report.json"), "utf8")).not.toContain("pumpLogs");
    expect(readFileSync(join(out, "SHA256SUMS"), "utf8")).toContain("pump-logs.json");
    const logs = JSON.parse(readFileSync(join(out, "pump-logs.json"), "utf8"));
    expect(logs.scenarios).toHaveLength(2);
    for (const s of logs.scenarios) expect(s.records.length).toBeGreaterThan(3);

    const db = join(TEMP.path, "hil.duckdb");
    const first = await cli("collect", "--db", db, "--hil", out);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    const counts = await rows(db, "SELECT pump_id, count(*) AS n FROM events GROUP BY pump_id ORDER BY pump_id");
    const expected = logs.scenarios
      .map((s: { scenarioId: string; fileSha256: string; records: string[] }) => ({
        pump_id: hilPumpId(s.scenarioId, s.fileSha256),
        n: s.records.length,
      }))
      .sort((a: { pump_id: string }, b: { pump_id: string }) => a.pump_id.localeCompare(b.pump_id));
    expect(counts.map((r) => ({ pump_id: r.pump_id, n: Number(r.n) }))).toEqual(expected);
    expect(expected[0].pump_id).toMatch(/^hil:.+@[0-9a-f]{12}$/);
    const libraries = await rows(db, "SELECT DISTINCT library_name FROM libraries WHERE pump_id LIKE 'hil:%'");
    expect(libraries.map((r) => r.library_name)).toEqual([result.library.name]);

    const again = await cli("collect", "--db", db, "--hil", join(out, "pump-logs.json"));
    expect(again.code).toBe(0);
    const total = await rows(db, "SELECT count(*) AS n FROM events");
    expect(Number(total[0].n)).toBe(expected.reduce((n: number, e: { n: number }) => n + e.n, 0));
  }, 60_000);

  it("REQ-CQI-031: a file that is not a pump-logs file, or a damaged record, is refused naming the path and field; nothing is stored", async () => {
    const db = join(TEMP.path, "bad.duckdb");
    const notLogs = join(TEMP.path, "not-logs.json");
    writeFileSync(notLogs, JSON.stringify({ format: "something else" }));
    const refused = await cli("collect", "--db", db, "--hil", notLogs);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`HIL pump logs ${notLogs}: is not a HIL pump-logs file`);

    const damaged = join(TEMP.path, "damaged.json");
    writeFileSync(
      damaged,
      JSON.stringify({
        format: "open-ders HIL pump logs",
        formatVersion: 1,
        library: { name: "x", version: 1, sha256: "0".repeat(64) },
        scenarios: [{ scenarioId: "S", fileSha256: "a".repeat(64), overwrittenCount: 0, records: ["00ff"] }],
      }),
    );
    const bad = await cli("collect", "--db", db, "--hil", damaged);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("/scenarios/0/records/0 is not 64 bytes as lower-case hex");

    const missing = await cli("collect", "--db", db, "--hil", TEMP.path);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`${join(TEMP.path, "pump-logs.json")}: cannot be read`);
    expect(Number((await rows(db, "SELECT count(*) AS n FROM events"))[0].n)).toBe(0);
  });
});
