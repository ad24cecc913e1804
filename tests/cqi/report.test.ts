// The analytics views and `cqi report` over a log a virtual pump really wrote (heparinShift: a
// soft stop overridden, a 10× hard stop cancelled, a go, a basic infusion), and the CLI's usage.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./cli-run.ts";
import { USAGE } from "../../hil/cqi/cli-options.ts";
import { tempDir } from "../simulator/helpers.ts";
import { heparinShift, startPump } from "./fleet.ts";

const dir = tempDir("cqi-report-");
const db = join(dir.path, "fleet.duckdb");

beforeAll(async () => {
  const statePath = join(dir.path, "pump.nv");
  const pump = await startPump(statePath);
  try {
    await heparinShift(pump);
  } finally {
    await pump.close();
  }
  const collected = await cli("collect", "--db", db, "--state", `icu-1=${statePath}`);
  if (collected.code !== 0) throw new Error(collected.err);
}, 60_000);
afterAll(() => dir.remove());

describe("REQ-CQI-010 analytics", () => {
  it("REQ-CQI-010: JSON report: infusions, library share, alerts per 100, outcomes with reasons, most-overridden limit, 10x error, alarm rate", async () => {
    const result = await cli("report", "--db", db, "--format", "json");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.totals).toEqual({ pumps: 1, records: 15, infusions_started: 3, alerts: 2, records_lost: 0 });
    expect(report.usage_summary).toEqual([
      {
        care_area_id: 0,
        entry_id: 1001,
        concentration_index: 0,
        period_day: 0,
        infusions_started: 2,
        with_library: 2,
        basic_infusion: 0,
        soft_stops: 1,
        hard_stops: 1,
        alerts_per_100_infusions: 100,
      },
      {
        care_area_id: 1,
        entry_id: 0,
        concentration_index: 255,
        period_day: 0,
        infusions_started: 1,
        with_library: 0,
        basic_infusion: 1,
        soft_stops: 0,
        hard_stops: 0,
        alerts_per_100_infusions: 0,
      },
    ]);
    expect(report.stop_outcomes).toEqual([
      { care_area_id: 0, entry_id: 1001, verdict: "HARD_STOP", resolution: "CANCELLED", override_reason: "", count: 1 },
      {
        care_area_id: 0,
        entry_id: 1001,
        verdict: "SOFT_STOP",
        resolution: "OVERRIDDEN",
        override_reason: "CONFIRMED_WITH_PRESCRIBER",
        count: 1,
      },
    ]);
    expect(report.most_overridden_limits).toEqual([
      {
        care_area_id: 0,
        entry_id: 1001,
        concentration_index: 0,
        param_name: "DOSE",
        tier_name: "SOFT_MAX",
        limit_raw: "25000000",
        value_unit: "ABU per basis per h",
        overrides: 1,
      },
    ]);
    expect(report.tenfold_errors).toMatchObject([
      {
        verdict: "HARD_STOP",
        param_name: "DOSE",
        value_raw: "400000000",
        limit_raw: "40000000",
        direction: "ABOVE_MAX",
      },
    ]);
    // 1 h of the overridden infusion + 30 min of the go in the ICU; 30 min of basic infusion in Med/Surg.
    expect(report.alarm_rates).toEqual([
      { care_area_id: 0, infusion_hours: 1.5, alarms: 0, alarms_per_1000_infusion_hours: 0 },
      { care_area_id: 1, infusion_hours: 0.5, alarms: 0, alarms_per_1000_infusion_hours: 0 },
    ]);
  });

  it("REQ-CQI-010: the same database gives the same text; CSV files carry every view", async () => {
    const a = await cli("report", "--db", db);
    const b = await cli("report", "--db", db);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).toContain("CQI summary: 1 pumps, 15 records, 3 infusions started, 2 alerts, 0 records lost");
    const csvDir = join(dir.path, "csv");
    expect((await cli("report", "--db", db, "--format", "csv", "-o", csvDir)).code).toBe(0);
    const outcomes = readFileSync(join(csvDir, "stop_outcomes.csv"), "utf8");
    expect(outcomes.split("\r\n")[0]).toBe("care_area_id,entry_id,verdict,resolution,override_reason,count");
    expect(outcomes).toContain("0,1001,SOFT_STOP,OVERRIDDEN,CONFIRMED_WITH_PRESCRIBER,1\r\n");
    expect(readFileSync(join(csvDir, "collection_gaps.csv"), "utf8")).toBe("");
  });
});

describe("REQ-CQI-011 command line", () => {
  it("REQ-CQI-011: --help prints the usage and exits 0", async () => {
    const result = await cli("--help");
    expect(result).toEqual({ code: 0, out: USAGE, err: "" });
  });

  it.each([
    [[], "a command is needed"],
    [["fetch"], 'unknown command "fetch"'],
    [["collect"], "collect needs at least one --pump"],
    [["collect", "--pump", "icu-1"], "--pump needs <id>=<path>"],
    [["report", "--pump", "a=b"], "--pump does not apply to report"],
    [["report", "--format", "xml"], "--format must be text, json, csv"],
    [["report", "--format", "csv"], "--format csv needs -o <dir>"],
    [["replay"], "replay needs --library"],
    [["collect", "--pump", "a=/dev/x", "--baud", "fast"], "--baud must be a positive whole number"],
  ])("REQ-CQI-011: %j is a usage error naming the problem (exit 2)", async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
  });

  it("REQ-CQI-001: several pumps after one --pump; an unreachable port is named, exit 1", async () => {
    const result = await cli(
      "collect",
      "--db",
      join(dir.path, "other.duckdb"),
      "--pump",
      "a=/dev/cqi-missing-1",
      "b=/dev/cqi-missing-2",
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      'pump "a" on /dev/cqi-missing-1: nothing read: serial port /dev/cqi-missing-1: cannot open',
    );
    expect(result.err).toContain('pump "b" on /dev/cqi-missing-2');
  });
});
