// Collection into the CQI database from real parts: a virtual pump on its pseudo-terminal read
// through serialport with READ_LOG, twice; a ring overwrite between collections; a record failing
// its CRC; a pump that disconnects mid-collection; state files, one of another pump; a corrupt
// database file. Each fault test also checks that the fault really happened.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { NV_REGION_OFFSET } from "../../firmware/abi/codes.ts";
import { EVENT_LOG_CAPACITY, EVENT_LOG_OFFSET } from "../support/profile.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { readNvLog } from "../../simulator/pump/nv-log-reader.ts";
import type { VirtualPumpHandle } from "../../simulator/virtual-pump/start.ts";
import { cli } from "./cli-run.ts";
import { CollectionError, collectFromPump } from "../../hil/cqi/collect-port.ts";
import { RecordCrcError } from "../../hil/cqi/ingest-page.ts";
import { CqiStore } from "../../hil/cqi/store.ts";
import { tempDir } from "../simulator/helpers.ts";
import { heparinShift, logNextSequence, programChecks, startPump, TamperLink } from "./fleet.ts";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function scratch() {
  const dir = tempDir("cqi-");
  cleanup.push(() => dir.remove());
  return dir.path;
}

async function pump(statePath?: string): Promise<VirtualPumpHandle> {
  const handle = await startPump(statePath);
  cleanup.push(() => handle.close());
  return handle;
}

async function withStore<T>(path: string, body: (store: CqiStore) => Promise<T>): Promise<T> {
  const store = await CqiStore.open(path);
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

const sequences = (db: string, pumpId: string) =>
  withStore(db, async (s) =>
    (await s.rows("SELECT sequence FROM events WHERE pump_id = ? ORDER BY sequence", [pumpId])).map((r) =>
      Number(r.sequence),
    ),
  );

describe("REQ-CQI-001 collection over the serial port", () => {
  it("REQ-CQI-001 REQ-CQI-002: collects every record once; collecting again stores no duplicate", async () => {
    const dir = scratch();
    const db = join(dir, "fleet.duckdb");
    const p = await pump();
    await heparinShift(p);
    const last = (await logNextSequence(p)) - 1;
    expect(last).toBeGreaterThan(10);

    const first = await cli("collect", "--db", db, "--pump", `icu-1=${p.path}`);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toContain(
      `pump "icu-1" on ${p.path}: ${last} new records, 0 already stored, collected up to sequence ${last}`,
    );
    expect(first.out).toContain('library "General Hospital (example)" version 12');

    const again = await cli("collect", "--db", db, "--pump", `icu-1=${p.path}`);
    expect(again.code).toBe(0);
    expect(again.out).toContain("0 new records");
    expect(await sequences(db, "icu-1")).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    await withStore(db, async (s) => {
      const [row] = await s.rows(
        "SELECT library_name, library_digest FROM event_facts WHERE pump_id = 'icu-1' AND type_name = 'SOFT_STOP_OVERRIDDEN'",
      );
      expect(row.library_name).toBe("General Hospital (example)");
      expect(String(row.library_digest)).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  it("REQ-CQI-003: records overwritten in the ring between two collections are reported lost, never invented", async () => {
    const dir = scratch();
    const db = join(dir, "fleet.duckdb");
    const p = await pump();
    expect((await cli("collect", "--db", db, "--pump", `icu-2=${p.path}`)).code).toBe(0);
    const collected = (await sequences(db, "icu-2")).at(-1)!;
    await programChecks(p, EVENT_LOG_CAPACITY + 20);
    const next = await logNextSequence(p);
    const oldestOnPump = next - EVENT_LOG_CAPACITY;
    expect(oldestOnPump).toBeGreaterThan(collected + 1); // the fault really happened: the ring wrapped past what was collected

    const second = await cli("collect", "--db", db, "--pump", `icu-2=${p.path}`);
    expect(second.code).toBe(0);
    const lost = oldestOnPump - collected - 1;
    expect(second.out).toContain(
      `${lost} records lost, sequences ${collected + 1}–${oldestOnPump - 1} (overwritten in the pump's ring before collection)`,
    );
    const stored = await sequences(db, "icu-2");
    expect(stored.length).toBe(collected + EVENT_LOG_CAPACITY);
    expect(new Set(stored).size).toBe(stored.length);
    await withStore(db, async (s) => {
      expect(await s.rows("SELECT first_sequence, last_sequence, cause FROM gaps WHERE pump_id = 'icu-2'")).toEqual([
        { first_sequence: collected + 1, last_sequence: oldestOnPump - 1, cause: "RING_OVERWRITE" },
      ]);
    });
  }, 60_000);

  it("REQ-CQI-004: a record failing its CRC stops collection after the last good one, which the next collection continues from", async () => {
    const dir = scratch();
    const store = await CqiStore.open(join(dir, "fleet.duckdb"));
    cleanup.push(() => store.close());
    const p = await pump();
    await heparinShift(p);
    const last = (await logNextSequence(p)) - 1;
    const link = await SerialLink.open(p.path);
    cleanup.push(() => link.close());
    // The second READ_LOG answer's third record gets one flipped bit inside a valid frame.
    const tampered = new TamperLink(link, (payload, n) => {
      if (n === 2) payload[3 + 2 * 64 + 40] ^= 0x01;
      return payload;
    });
    const failure = await collectFromPump(store, "icu-3", p.path, new PumpClient(tampered)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RecordCrcError);
    expect((failure as Error).message).toContain(`pump "icu-3": the record after sequence 9 fails its CRC-32`);
    expect(await store.lastSequence("icu-3")).toBe(9);

    const resumed = await collectFromPump(store, "icu-3", p.path, new PumpClient(new TamperLink(link)));
    expect(resumed.inserted).toBe(last - 9);
    expect(resumed.gaps).toEqual([]);
    expect(await store.lastSequence("icu-3")).toBe(last);
  });

  it("REQ-CQI-005: a pump that disconnects mid-collection is named; what was read stays stored and the next run resumes", async () => {
    const dir = scratch();
    const statePath = join(dir, "pump.nv");
    const store = await CqiStore.open(join(dir, "fleet.duckdb"));
    cleanup.push(() => store.close());
    const first = await startPump(statePath);
    await heparinShift(first);
    const last = (await logNextSequence(first)) - 1;
    const link = await SerialLink.open(first.path);
    cleanup.push(() => link.close().catch(() => undefined));
    let closed = false;
    const plugPulled = new TamperLink(link, undefined, async (n) => {
      if (n === 3) {
        await first.close(); // the pump process ends: its tty disappears under the collector
        closed = true;
      }
    });
    const failure = await collectFromPump(
      store,
      "icu-4",
      first.path,
      new PumpClient(plugPulled, { timeoutMs: 100, maxAttempts: 2 }),
    ).catch((e: unknown) => e);
    expect(closed).toBe(true);
    expect(failure).toBeInstanceOf(CollectionError);
    expect((failure as Error).message).toMatch(
      new RegExp(
        `^pump "icu-4" on ${first.path}: collection stopped: .*records up to sequence 14 are stored, collect again to resume from 15$`,
      ),
    );
    expect(await store.lastSequence("icu-4")).toBe(14);

    const again = await pump(statePath); // the same pump, powered on again from its NV
    const link2 = await SerialLink.open(again.path);
    cleanup.push(() => link2.close());
    const resumed = await collectFromPump(store, "icu-4", again.path, new PumpClient(link2));
    expect(resumed.inserted).toBeGreaterThanOrEqual(last - 14);
    const stored = (await store.rows("SELECT sequence FROM events WHERE pump_id = 'icu-4' ORDER BY sequence")).map(
      (r) => Number(r.sequence),
    );
    expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
  });

  it("REQ-CQI-006: a corrupt database file is refused with its name and left as it was", async () => {
    const dir = scratch();
    const db = join(dir, "fleet.duckdb");
    const garbage = Buffer.alloc(16384, 0x5a);
    writeFileSync(db, garbage);
    const result = await cli("report", "--db", db);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`CQI database ${db}: cannot be opened`);
    expect(result.err).toContain("the file was left as it is");
    expect(readFileSync(db).equals(garbage)).toBe(true);
  });
});

describe("REQ-CQI-007 virtual pump state files", () => {
  async function stateFile(dir: string, name: string, drive: (p: VirtualPumpHandle) => Promise<void>): Promise<string> {
    const path = join(dir, name);
    const p = await startPump(path);
    try {
      await drive(p);
    } finally {
      await p.close();
    }
    return path;
  }

  it("REQ-CQI-007: imports a state file; importing it again adds nothing; a damaged slot is reported lost", async () => {
    const dir = scratch();
    const db = join(dir, "fleet.duckdb");
    const path = await stateFile(dir, "a.nv", heparinShift);
    const nv = new Uint8Array(readFileSync(path));
    const log = readNvLog(nv)!;
    const total = log.header.nextSequence - 1;
    // Damage the record with sequence 5 in place (one bit of its value field).
    const slot = (log.header.logHead + EVENT_LOG_CAPACITY - (log.header.nextSequence - 5)) % EVENT_LOG_CAPACITY;
    nv[EVENT_LOG_OFFSET - NV_REGION_OFFSET + slot * 64 + 33] ^= 0x10;
    writeFileSync(path, nv);
    expect(readNvLog(nv)!.damagedSequences).toEqual([5]); // the fault really happened

    const first = await cli("collect", "--db", db, "--state", `icu-5=${path}`);
    expect(first.err).toBe("");
    expect(first.out).toContain(`${total - 1} new records`);
    expect(first.out).toContain("1 record lost, sequences 5–5 (damaged or unreadable on the pump)");
    const again = await cli("collect", "--db", db, "--state", `icu-5=${path}`);
    expect(again.out).toContain("0 new records");
    expect((await sequences(db, "icu-5")).length).toBe(total - 1);
  });

  it("REQ-CQI-007: a state file of another pump is refused, naming the file and the pump; nothing is stored", async () => {
    const dir = scratch();
    const db = join(dir, "fleet.duckdb");
    const mine = await stateFile(dir, "mine.nv", heparinShift);
    const other = await stateFile(dir, "other.nv", async (p) => programChecks(p, 40));
    expect((await cli("collect", "--db", db, "--state", `icu-6=${mine}`)).code).toBe(0);
    const before = await sequences(db, "icu-6");
    const result = await cli("collect", "--db", db, "--state", `icu-6=${other}`);
    expect(result.code).toBe(1);
    // Records 1–2 (POWER_ON, LIBRARY_ACTIVATED of the same image) are alike on every new virtual pump; the first that differs is named.
    expect(result.err).toMatch(
      new RegExp(
        `state ${other}: record (\\d+) differs from the record \\1 already collected for pump "icu-6": this log belongs to another pump`,
      ),
    );
    expect(await sequences(db, "icu-6")).toEqual(before);
  });

  it("REQ-CQI-030: several state files in one collect: one commit for all; a refused file is named, the others are stored", async () => {
    const dir = scratch();
    const db = join(dir, "fleet.duckdb");
    const a = await stateFile(dir, "a.nv", heparinShift);
    const b = await stateFile(dir, "b.nv", async (p) => programChecks(p, 12));
    const junk = join(dir, "junk.nv");
    writeFileSync(junk, "not a pump");
    const result = await cli("collect", "--db", db, "--state", `icu-8=${a}`, `icu-9=${junk}`, `icu-10=${b}`);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`state file ${junk}: is 10 bytes`);
    const lastA = readNvLog(new Uint8Array(readFileSync(a)))!.header.nextSequence - 1;
    const lastB = readNvLog(new Uint8Array(readFileSync(b)))!.header.nextSequence - 1;
    expect(result.out).toContain(`pump "icu-8" from ${a}: ${lastA} new records`);
    expect(result.out).toContain(`pump "icu-10" from ${b}: ${lastB} new records`);
    expect((await sequences(db, "icu-8")).length).toBe(lastA);
    expect((await sequences(db, "icu-10")).length).toBe(lastB);
    expect(await sequences(db, "icu-9")).toEqual([]);
  });

  it("REQ-CQI-007: a file that is not a state file is named with what is wrong", async () => {
    const dir = scratch();
    const path = join(dir, "notes.txt");
    writeFileSync(path, "not a pump");
    const result = await cli("collect", "--db", join(dir, "fleet.duckdb"), "--state", `icu-7=${path}`);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`state file ${path}: is 10 bytes, a pump state file is`);
  });
});

describe("REQ-CQI-002 another pump on the port", () => {
  it("REQ-CQI-002: a pump whose log differs from what this id collected is refused before any of its records is stored", async () => {
    const dir = scratch();
    const db = join(dir, "fleet.duckdb");
    const mine = await pump();
    await heparinShift(mine);
    expect((await cli("collect", "--db", db, "--pump", `icu-9=${mine.path}`)).code).toBe(0);
    const before = await sequences(db, "icu-9");
    const other = await pump();
    await programChecks(other, 40); // a longer log: its end alone cannot tell the pumps apart
    expect(await logNextSequence(other)).toBeGreaterThan(before.length + 1);
    const result = await cli("collect", "--db", db, "--pump", `icu-9=${other.path}`);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `serial ${other.path}: record ${before.length} differs from the record ${before.length} already collected for pump "icu-9"`,
    );
    expect(await sequences(db, "icu-9")).toEqual(before);
  });
});
