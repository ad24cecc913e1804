// Parquet export (REQ-CQI-029): events partitioned by day of pump time and pump, read back by DuckDB
// from the files alone into a new database, give the same report figures, byte for byte; an
// existing target is refused and left alone.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./cli-run.ts";
import { importParquet } from "../../hil/cqi/export-parquet.ts";
import { buildReport, toJson } from "../../hil/cqi/report.ts";
import { CqiStore } from "../../hil/cqi/store.ts";
import { tempDir } from "../simulator/helpers.ts";

const dir = tempDir("cqi-parquet-");
const db = join(dir.path, "fleet.duckdb");
afterAll(() => dir.remove());

async function reportOf(path: string, load?: (store: CqiStore) => Promise<void>): Promise<string> {
  const store = await CqiStore.open(path);
  try {
    await load?.(store);
    return toJson(await buildReport(store));
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  const sim = await cli("simulate", "--db", db, "--pumps", "3", "--days", "2", "--seed", "11", "--error-rate", "0.2");
  if (sim.code !== 0) throw new Error(sim.err);
}, 120_000);

describe("REQ-CQI-029 Parquet export", () => {
  it("REQ-CQI-029: partitioned by day and pump; read back from the files, the same figures", async () => {
    const out = join(dir.path, "export");
    const result = await cli("export", "--db", db, "-o", out);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const days = readdirSync(join(out, "events")).sort();
    expect(days.slice(0, 2)).toEqual(["day=0", "day=1"]); // 2 days, and the last infusion may run past midnight
    for (const day of days) expect(day).toMatch(/^day=[0-2]$/);
    expect(readdirSync(join(out, "events", "day=0")).sort()).toEqual([
      "pump_id=sim-001",
      "pump_id=sim-002",
      "pump_id=sim-003",
    ]);
    expect(readdirSync(out).sort()).toEqual(["events", "gaps.parquet", "libraries.parquet"]);
    const original = await reportOf(db);
    const readBack = await reportOf(join(dir.path, "from-parquet.duckdb"), (store) => importParquet(store, out));
    expect(JSON.parse(readBack).totals.records).toBeGreaterThan(100);
    expect(readBack).toBe(original);
  });

  it("REQ-CQI-029: an existing target is refused (exit 1) and left as it was", async () => {
    const out = join(dir.path, "taken");
    mkdirSync(out);
    writeFileSync(join(out, "keep.txt"), "mine");
    const result = await cli("export", "--db", db, "-o", out);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${out} exists: export writes a new directory`);
    expect(readdirSync(out)).toEqual(["keep.txt"]);
    expect(readdirSync(dir.path).filter((name) => name.includes(".partial"))).toEqual([]);
  });

  it("REQ-CQI-011: export needs -o", async () => {
    const result = await cli("export", "--db", db);
    expect(result.code).toBe(2);
    expect(result.err).toContain("export needs -o <dir>");
  });
});
