// What-if replay: programs a virtual pump really logged, re-run by the firmware engine against a
// candidate library that loosens insulin's soft max (a nuisance soft stop goes), tightens saline's
// hard max below 600 mL/h (a new hard stop) and its soft max below 100 mL/h (a go becomes a soft stop).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./cli-run.ts";
import { tempDir } from "../simulator/helpers.ts";
import { heparinShift, replayableShift, startPump } from "./fleet.ts";

const dir = tempDir("cqi-replay-");
const db = join(dir.path, "fleet.duckdb");
const candidatePath = join(dir.path, "candidate.json");

beforeAll(async () => {
  for (const [name, drive] of [
    ["a.nv", replayableShift],
    ["b.nv", heparinShift],
  ] as const) {
    const pump = await startPump(join(dir.path, name));
    try {
      await drive(pump);
    } finally {
      await pump.close();
    }
  }
  const collected = await cli(
    "collect",
    "--db",
    db,
    "--state",
    `icu-1=${join(dir.path, "a.nv")}`,
    `icu-2=${join(dir.path, "b.nv")}`,
  );
  if (collected.code !== 0) throw new Error(collected.err);
  const library = JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8"));
  library.version = 13;
  for (const entry of library.entries) {
    if (entry.id === 1010) entry.limits.dose.softMax = "20"; // 20 units/h is now within
    if (entry.id === 2001) Object.assign(entry.limits.rate, { softMax: "50", hardMax: "550" });
  }
  writeFileSync(candidatePath, JSON.stringify(library));
}, 60_000);
afterAll(() => dir.remove());

describe("REQ-CQI-020 what-if replay", () => {
  it("REQ-CQI-020: per entry, soft stops removed, new hard stops and the verdicts that flip", async () => {
    const result = await cli("replay", "--db", db, "--library", candidatePath, "--format", "json");
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const { libraryVersion, entries } = JSON.parse(result.out);
    expect(libraryVersion).toBe(13);
    const insulin = entries.find((e: { entryId: number }) => e.entryId === 1010);
    expect(insulin).toMatchObject({
      careAreaId: 0,
      programs: 1,
      replayed: 1,
      approximate: 0,
      softBefore: 1,
      softAfter: 0,
      softRemoved: 1,
      newHardStops: 0,
    });
    expect(insulin.flips).toEqual([expect.stringMatching(/^icu-1 \d+: SOFT_STOP → GO$/)]);
    const saline = entries.find((e: { entryId: number }) => e.entryId === 2001);
    expect(saline).toMatchObject({
      programs: 2,
      replayed: 2,
      softBefore: 1,
      hardBefore: 0,
      hardAfter: 1,
      newHardStops: 1,
      newSoftStops: 1,
      softAfter: 1,
    });
    expect(saline.flips).toEqual([
      expect.stringMatching(/SOFT_STOP → HARD_STOP$/),
      expect.stringMatching(/GO → SOFT_STOP$/),
    ]);
  });

  it("REQ-CQI-021: a weight-based program is not replayable from the log and says why; nothing is guessed", async () => {
    const result = await cli("replay", "--db", db, "--library", candidatePath);
    expect(result.code).toBe(0);
    expect(result.out).toContain(
      "care area 0, entry 1001, concentration 0: 0 of 3 programs replayed; not replayable from the log: 3 MISSING_VALUE (the log carries no patient weight or BSA",
    );
    expect(result.out).toContain("care area 0, entry 1010, concentration 0: 1 of 1 programs replayed");
  });

  it("REQ-CQI-021: a candidate that does not compile or that the firmware refuses is named, exit 1", async () => {
    const broken = join(dir.path, "broken.json");
    writeFileSync(broken, '{"formatVersion": 1}');
    const refused = join(dir.path, "image.bin");
    writeFileSync(refused, Buffer.alloc(200, 7));
    const a = await cli("replay", "--db", db, "--library", broken);
    expect(a.code).toBe(1);
    expect(a.err).toContain(`candidate library ${broken} does not compile`);
    const b = await cli("replay", "--db", db, "--library", refused);
    expect(b.code).toBe(1);
    expect(b.err).toContain(`candidate library ${refused}: the firmware refused it: status IMAGE_`);
  });
});
