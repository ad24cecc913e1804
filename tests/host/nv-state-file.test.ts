// The virtual pump's NV state file (simulator/pump/nv-store.ts) with real files: one pump per file,
// unique temporary names, fsync of file and folder, only changed bytes written, a sealed journal
// replayed and a torn one ignored, and a save failure (a real ENOSPC from /dev/full, which stops
// root too) that is a pump fault instead of a crash. Regression tests carry the defect's name
// (issue 10 §8).
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Mode, NV_REGION_OFFSET, Status } from "../../firmware/abi/codes.ts";
import { NV_HEADER_OFFSET, NV_REGION_SIZE } from "../support/profile.ts";
import { AlarmPriority, EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, encodeFrame, splitStream, type Frame } from "../../simulator/client/frame.ts";
import { encodeCheckProgram } from "../../simulator/client/messages.ts";
import { nodeNvFs, OPEN, type NvFs } from "../../simulator/pump/nv-fs.ts";
import { encodeJournal } from "../../simulator/pump/nv-journal.ts";
import { readNvLog } from "../../simulator/pump/nv-log-reader.ts";
import { NvSaveError, NvStore, statePathProblem } from "../../simulator/pump/nv-store.ts";
import { PumpHost, type HostEvent } from "../../simulator/pump/pump-host.ts";
import { ICU, SALINE, WARD_SPEC } from "../firmware/ward-library.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { tempDir } from "../simulator/helpers.ts";

const TEMP = tempDir("ders-nv-state-");
afterAll(() => TEMP.remove());
let counter = 0;
const freshPath = (): string => join(TEMP.path, `pump-${counter++}.nv`);
const WARD_IMAGE = writeTestImage(WARD_SPEC);
const CHECK = { entryId: SALINE, careAreaId: ICU, concentrationIndex: 0xff, mode: Mode.RATE, rateUlPerHour: 100_000n };
let sequence = 1;
/** One CHECK_PROGRAM over the protocol: the firmware logs and commits a PROGRAM_CHECK record; its answer frames. */
function check(host: PumpHost): Frame[] {
  host.receive(encodeFrame(FrameType.REQUEST, sequence++ & 0xffff, Command.CHECK_PROGRAM, encodeCheckProgram(CHECK)));
  return splitStream(host.drainTransmit())
    .map(checkSegment)
    .flatMap((c) => (c.ok ? [c.frame] : []));
}

/** node:fs, counting what is written and fsynced; `full` sends the data writes of matching paths to /dev/full. */
class CountingFs implements NvFs {
  bytesWritten = 0;
  fsyncs: string[] = [];
  opened: string[] = [];
  full: ((path: string) => boolean) | undefined;
  private readonly paths = new Map<number, string>();
  open(path: string, flags: number, mode?: number): number {
    this.opened.push(path);
    const fd =
      this.full?.(path) === true ? nodeNvFs.open("/dev/full", OPEN.O_WRONLY) : nodeNvFs.open(path, flags, mode);
    this.paths.set(fd, path);
    return fd;
  }
  write(fd: number, bytes: Uint8Array, position: number | null): void {
    nodeNvFs.write(fd, bytes, position);
    this.bytesWritten += bytes.length;
  }
  fsync(fd: number): void {
    this.fsyncs.push(this.paths.get(fd)!);
    nodeNvFs.fsync(fd);
  }
  close(fd: number): void {
    this.paths.delete(fd);
    nodeNvFs.close(fd);
  }
  rename = nodeNvFs.rename;
  unlink = nodeNvFs.unlink;
  link = nodeNvFs.link;
  readFile = nodeNvFs.readFile;
  readdir = nodeNvFs.readdir;
  lstat = nodeNvFs.lstat;
}

async function pumpOn(path: string, fs: NvFs = nodeNvFs) {
  const events: HostEvent[] = [];
  const host = await PumpHost.create({ nvStore: new NvStore(path, { fs }), onEvent: (e) => events.push(e) });
  return { host, events };
}

describe("REQ-SIM-019 one pump per state file", () => {
  it("issue 10 §8: two pumps on one state file: the second refuses to start, naming the file (no log records lost)", async () => {
    const path = freshPath();
    const { host } = await pumpOn(path);
    await expect(pumpOn(path)).rejects.toThrow(`NV state file ${path} is in use by this process (lock ${path}.lock)`);
    host.close();
    const again = await pumpOn(path); // released: the next pump may have it
    again.host.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it("a lock left by a process that died is stale: broken, and the pump starts", async () => {
    const path = freshPath();
    writeFileSync(`${path}.lock`, "2147483646\n"); // above any pid Linux hands out: never running
    const { host } = await pumpOn(path);
    expect(readFileSync(`${path}.lock`, "utf8")).toBe(`${process.pid}\n`);
    host.close();
  });

  it("a lock held by a running process (pid 1) is respected, naming the file and the owner", () => {
    const path = freshPath();
    writeFileSync(`${path}.lock`, "1\n");
    expect(() => new NvStore(path)).toThrow(`NV state file ${path} is in use by process 1 (lock ${path}.lock)`);
  });
});

describe("REQ-SIM-019 durable, minimal, crash-safe saves", () => {
  it("issue 10 §8: no fixed temporary name: a leftover `<state>.tmp` (here a folder) does not stop a save, and every temporary name is new", async () => {
    const path = freshPath();
    mkdirSync(`${path}.tmp`);
    const fs = new CountingFs();
    const { host } = await pumpOn(path, fs);
    host.loadLibrary(WARD_IMAGE);
    for (let i = 0; i < 3; i++) check(host);
    const temporaries = fs.opened.filter((p) => p.endsWith(".tmp") && !p.startsWith(`${path}.lock`));
    expect(temporaries.length).toBeGreaterThanOrEqual(5);
    expect(new Set(temporaries).size).toBe(temporaries.length);
    host.close();
    expect(
      readdirSync(TEMP.path)
        .filter((n) => n.startsWith(`${path.split("/").at(-1)}.`))
        .sort(),
    ).toEqual([`${path.split("/").at(-1)}.tmp`]);
  });

  it("issue 10 §8: a check writes only the changed bytes (not the 4.25 MiB file), and fsyncs the file and its folder", async () => {
    const path = freshPath();
    const fs = new CountingFs();
    const { host } = await pumpOn(path, fs);
    expect(fs.bytesWritten).toBe(`${process.pid}\n`.length + NV_REGION_SIZE); // the lock, then the file created whole, once
    expect(host.loadLibrary(WARD_IMAGE)).toBe(Status.OK);
    host.tick(1000);
    const perCheck: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = fs.bytesWritten;
      fs.fsyncs = [];
      const generation = host.nvGeneration();
      check(host);
      expect(host.nvGeneration()).not.toBe(generation); // the check was committed: a save was due
      perCheck.push(fs.bytesWritten - before);
      expect(fs.fsyncs).toContain(path); // the state file itself
      expect(fs.fsyncs).toContain(TEMP.path); // its folder (the journal's rename)
    }
    // A 64-byte record and the header copy it commits, twice (journal and file), plus journal framing.
    expect(Math.max(...perCheck)).toBeLessThan(2048);
    host.close();
    const reopened = new NvStore(path);
    expect(readNvLog(reopened.load()!)!.records.filter((r) => r.type === EventType.PROGRAM_CHECK)).toHaveLength(20);
    reopened.close();
  });

  it("a sealed journal left by a crash is applied at the next open; a torn one is ignored", () => {
    const path = freshPath();
    const store = new NvStore(path);
    const region = new Uint8Array(NV_REGION_SIZE);
    store.save(region);
    store.close();
    const changed = region.slice();
    // Three bytes of the firmware's part (the NV header's sector), in the profile's region.
    const at = NV_HEADER_OFFSET - NV_REGION_OFFSET + 0x100;
    changed.set([1, 2, 3], at);
    const journal = encodeJournal([{ start: at, end: at + 3 }], changed);
    writeFileSync(`${path}.journal`, journal.subarray(0, journal.length - 1)); // torn: the crash hit while sealing
    const afterTorn = new NvStore(path);
    expect(afterTorn.load()!.subarray(at, at + 3)).toEqual(Uint8Array.of(0, 0, 0));
    afterTorn.close();
    writeFileSync(`${path}.journal`, journal); // sealed: the crash hit while writing in place
    const afterSealed = new NvStore(path);
    expect(afterSealed.load()!.subarray(at, at + 3)).toEqual(Uint8Array.of(1, 2, 3));
    expect(existsSync(`${path}.journal`)).toBe(false);
    afterSealed.close();
    expect(readFileSync(path).subarray(at, at + 3)).toEqual(Buffer.of(1, 2, 3));
  });
});

describe("REQ-SIM-020 a failed save is a pump fault", () => {
  it("issue 10 §8: a save error (ENOSPC) does not kill the pump: the answer goes out, NV_STORAGE is raised and logged HIGH, and the next good save writes everything and clears it", async () => {
    const path = freshPath();
    const fs = new CountingFs();
    const { host, events } = await pumpOn(path, fs);
    expect(host.loadLibrary(WARD_IMAGE)).toBe(Status.OK);
    host.drainTransmit();
    fs.full = (p) => p.includes(".journal.");
    const frames = check(host); // did not throw: the pump lives
    // The rule (docs/host-contract.md §2 rule 6): the answer goes out, then the fault's EVENT frame.
    expect(frames.map((f) => [f.type, f.code])).toEqual([
      [FrameType.EVENT, EventType.PROGRAM_CHECK],
      [FrameType.RESPONSE, Command.CHECK_PROGRAM],
      [FrameType.EVENT, EventType.FAULT_RAISED],
    ]);
    expect(events.filter((e) => e.kind === "NV_SAVE_FAILED")).toEqual([
      {
        kind: "NV_SAVE_FAILED",
        message: expect.stringMatching(new RegExp(`^cannot save the NV region to ${path}: ENOSPC`)) as unknown,
      },
    ]);
    const raised = readNvLog(host.currentNv())!.records.at(-1)!;
    expect(raised).toMatchObject({
      type: EventType.FAULT_RAISED,
      alarmPriority: AlarmPriority.HIGH,
      detail: SensorFault.NV_STORAGE | ((1 << SensorFault.NV_STORAGE) << 8),
    });
    for (let i = 0; i < 3; i++) check(host); // retried each time, one host event only
    expect(events.filter((e) => e.kind === "NV_SAVE_FAILED")).toHaveLength(1);
    host.setSensorFaults(1 << SensorFault.LOW_BATTERY); // the host's own sensors keep NV_STORAGE set
    expect(readNvLog(host.currentNv())!.records.at(-1)).toMatchObject({
      type: EventType.FAULT_RAISED,
      detail: SensorFault.LOW_BATTERY | (0b11000 << 8),
    });

    fs.full = undefined; // space again
    check(host);
    expect(events.at(-1)).toEqual({ kind: "NV_SAVE_RECOVERED" });
    const live = readNvLog(host.currentNv())!;
    expect(live.records.at(-1)).toMatchObject({
      type: EventType.FAULT_CLEARED,
      detail: SensorFault.NV_STORAGE | ((1 << SensorFault.LOW_BATTERY) << 8),
    });
    host.close();
    const reopened = new NvStore(path);
    expect(readNvLog(reopened.load()!)!.records).toEqual(live.records); // nothing acknowledged was lost
    reopened.close();
  });

  it("a failed first save (the file cannot be created) is the same fault; the pump runs on in memory", async () => {
    const path = freshPath();
    const fs = new CountingFs();
    fs.full = (p) => p.includes(".new.");
    const { host, events } = await pumpOn(path, fs);
    expect(events.map((e) => e.kind)).toEqual(["POWER_ON", "NV_SAVE_FAILED"]);
    expect(readNvLog(host.currentNv())!.records.at(-1)).toMatchObject({
      type: EventType.FAULT_RAISED,
      alarmPriority: AlarmPriority.HIGH,
    });
    expect(existsSync(path)).toBe(false);
    fs.full = undefined;
    host.tick(1000);
    host.setSensorFaults(0); // a change: saved now, whole
    expect(existsSync(path)).toBe(true);
    expect(events.at(-1)).toEqual({ kind: "NV_SAVE_RECOVERED" });
    host.close();
  });

  it("NvSaveError names the file and the cause", () => {
    const path = freshPath();
    const fs = new CountingFs();
    fs.full = () => true;
    expect(() => new NvStore(path, { fs })).toThrow(); // even the lock cannot be written
    const store = new NvStore(path);
    store.close();
    expect(new NvSaveError(path, Object.assign(new Error("x"), { code: "EROFS" })).message).toBe(
      `cannot save the NV region to ${path}: EROFS`,
    );
  });
});

describe("REQ-SIM-012 what --state may name", () => {
  it("issue 10 §8: a folder, a symbolic link or a missing folder is refused with a message naming the path", () => {
    const folder = join(TEMP.path, "a-folder");
    mkdirSync(folder);
    expect(statePathProblem(folder)).toBe(`${folder} is a folder: give a file path, e.g. ${join(folder, "pump.nv")}`);
    const target = freshPath();
    new NvStore(target).close();
    const link = join(TEMP.path, "link.nv");
    symlinkSync(target, link);
    expect(statePathProblem(link)).toBe(`${link} is a symbolic link: give the path of the state file itself`);
    const missing = join(TEMP.path, "no-such-folder", "pump.nv");
    expect(statePathProblem(missing)).toBe(
      `${missing}: the folder ${join(TEMP.path, "no-such-folder")} does not exist: create it first`,
    );
    expect(() => new NvStore(link)).toThrow(`NV state file ${link} is a symbolic link`);
    expect(statePathProblem(freshPath())).toBeUndefined();
  });
});
