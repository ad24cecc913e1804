// The memory profiles (issue 12 §1, docs/abi.md §2.1, docs/decisions/0041): one table, every build
// of every profile built from it and reporting it, hosts following the module's profile, and no
// copy of a profile-dependent size anywhere else. Runs the same on either suite profile: it checks
// every profile's builds (npm run build:firmware makes them all).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_LOG_RECORD_SIZE, LIBRARY_REGION_OFFSET, NV_HEADER_SIZE, Status } from "../../firmware/abi/codes.ts";
import * as codes from "../../firmware/abi/codes.ts";
import { firmwareFileName, MemoryProfile } from "../../firmware/abi/memory-profiles.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { layoutOfNvSize, MEMORY_PROFILES, memoryLayout, profileByName } from "../../simulator/host/memory-layout.ts";
import { PumpHost } from "../../simulator/pump/pump-host.ts";
import { NvStore } from "../../simulator/pump/nv-store.ts";
import { readNvLog } from "../../simulator/pump/nv-log-reader.ts";
import { checkPortability } from "./wasm-portability.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";

const build = (profile: MemoryProfile, variant = "") => readFileSync(join("build", firmwareFileName(profile, variant)));

describe("REQ-PORT-013 one table of memory profiles", () => {
  it("has the standard profile (ABI 7's map) and a smaller mcu profile, named and numbered", () => {
    expect(MEMORY_PROFILES.map((p) => memoryLayout(p).name)).toEqual(["standard", "mcu"]);
    expect(profileByName("mcu")).toBe(MemoryProfile.MCU);
    expect(() => profileByName("tiny")).toThrow('unknown memory profile "tiny": one of standard, mcu');
    const standard = memoryLayout(MemoryProfile.STANDARD);
    const mcu = memoryLayout(MemoryProfile.MCU);
    expect(mcu.memoryBytes).toBeLessThan(standard.memoryBytes / 4);
    expect(mcu.librarySlotSize).toBeLessThan(standard.librarySlotSize);
    expect(mcu.eventLogCapacity).toBeLessThan(standard.eventLogCapacity);
  });

  it("lays out each profile's regions in order, without overlap, inside its linear memory", () => {
    for (const profile of MEMORY_PROFILES) {
      const m = memoryLayout(profile);
      const regions: [string, number, number][] = [
        ["library slots", LIBRARY_REGION_OFFSET, m.libraryRegionSize],
        ["NV header", m.nvHeaderOffset, NV_HEADER_SIZE],
        ["event log", m.eventLogOffset, m.eventLogCapacity * EVENT_LOG_RECORD_SIZE],
        ["key record A", m.keyRecordOffset, codes.KEY_RECORD_SIZE],
        ["key record B", m.keyRecordBOffset, codes.KEY_RECORD_SIZE],
        ["floor record A", m.floorRecordOffset, codes.FLOOR_RECORD_SIZE],
        ["floor record B", m.floorRecordBOffset, codes.FLOOR_RECORD_SIZE],
      ];
      for (let i = 1; i < regions.length; i++) {
        const [name, offset] = regions[i]!;
        const [before, beforeOffset, beforeSize] = regions[i - 1]!;
        expect(offset, `${m.name}: ${name} after ${before}`).toBeGreaterThanOrEqual(beforeOffset + beforeSize);
      }
      const [, lastOffset, lastSize] = regions.at(-1)!;
      expect(lastOffset + lastSize, m.name).toBeLessThanOrEqual(m.memoryBytes);
      // The NV region runs from the library slots to the end of linear memory; hosts tell profiles
      // apart by its size.
      expect(m.nvRegionOffset + m.nvRegionSize).toBe(m.memoryBytes);
      expect(layoutOfNvSize(m.nvRegionSize)?.profile).toBe(profile);
      expect(m.libraryRegionSize).toBe(codes.LIBRARY_SLOT_COUNT * m.librarySlotSize);
    }
  });

  it("is the only place a profile-dependent size is written: codes.ts and asconfig.json hold none", () => {
    for (const name of [
      "MEMORY_PAGES",
      "LIBRARY_SLOT_SIZE",
      "NV_REGION_SIZE",
      "EVENT_LOG_OFFSET",
      "EVENT_LOG_CAPACITY",
    ])
      expect(name in codes, name).toBe(false);
    const asconfig = readFileSync("asconfig.json", "utf8");
    expect(asconfig).not.toMatch(/initialMemory|maximumMemory|DERS_MEMORY_PROFILE/);
    // Every derived offset and size of every profile, as a hex literal, in any product source:
    // a copy of the table's result written by hand.
    const derived = MEMORY_PROFILES.flatMap((p) => {
      const m = memoryLayout(p);
      return [m.nvRegionSize, m.nvHeaderOffset, m.eventLogOffset, m.keyRecordOffset, m.keyRecordBOffset]
        .concat([m.floorRecordOffset, m.floorRecordBOffset, m.memoryBytes])
        .map((value) => `0x${value.toString(16)}`);
    });
    const pattern = new RegExp(`(${derived.join("|")})(?![0-9a-f])`, "i");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|c|h|ld|json)$|Makefile$/.test(name) && pattern.test(readFileSync(path, "utf8")))
          offenders.push(`${path}: ${pattern.exec(readFileSync(path, "utf8"))![0]}`);
      }
    };
    for (const dir of ["firmware", "simulator", "hil", "gateway", "release"]) if (existsSync(dir)) walk(dir);
    expect(offenders).toEqual([]);
  });
});

describe("REQ-PORT-014 every build of every profile is built from the table and reports it", () => {
  for (const profile of MEMORY_PROFILES) {
    const m = memoryLayout(profile);
    for (const variant of ["", "debug", "testkit"]) {
      it(`${firmwareFileName(profile, variant)}: exactly ${m.memoryPages} pages, portable, memoryProfile() = ${profile}, the table's regions`, () => {
        const bytes = build(profile, variant);
        const report = checkPortability(bytes);
        expect(report.memoryPages).toEqual({ initial: m.memoryPages, maximum: m.memoryPages });
        if (variant !== "testkit") expect(report.problems).toEqual([]);
        const firmware = Firmware.fromBytes(bytes);
        expect(firmware.abi.memoryProfile()).toBe(profile);
        expect(firmware.layout).toEqual(m);
        expect([
          firmware.abi.nvRegionOffset(),
          firmware.abi.nvRegionSize(),
          (firmware.exports.libraryRegionSize as () => number)(),
          firmware.abi.librarySlotSize(),
        ]).toEqual([m.nvRegionOffset, m.nvRegionSize, m.libraryRegionSize, m.librarySlotSize]);
        expect(firmware.memory.length).toBe(m.memoryBytes);
      });
    }
  }
});

describe("REQ-PORT-015 hosts follow the module's profile", () => {
  for (const profile of MEMORY_PROFILES) {
    const m = memoryLayout(profile);
    it(`${m.name}: the pump host saves the profile's NV region, its log reader finds the records at the profile's offsets`, async () => {
      const host = await PumpHost.create({ wasmBytes: build(profile) });
      expect(host.layout).toEqual(m);
      expect(host.loadLibrary(exampleLibraryImage())).toBe(Status.OK);
      const nv = host.nv.load()!;
      expect(nv.length).toBe(m.nvRegionSize);
      const log = readNvLog(nv)!;
      expect(log.records.map((r) => r.type)).toHaveLength(2); // POWER_ON, LIBRARY_ACTIVATED
      expect(log.header.logCount).toBe(2);
      host.close();
    });
  }

  it("a pump refuses another profile's saved NV region, naming both sizes", async () => {
    const store = new NvStore();
    const standard = await PumpHost.create({ wasmBytes: build(MemoryProfile.STANDARD), nvStore: store });
    standard.close();
    const mcu = memoryLayout(MemoryProfile.MCU);
    await expect(PumpHost.create({ wasmBytes: build(MemoryProfile.MCU), nvStore: store })).rejects.toThrow(
      `the saved NV region is ${memoryLayout(MemoryProfile.STANDARD).nvRegionSize} bytes, but this firmware (mcu memory profile) has one of ${mcu.nvRegionSize}`,
    );
  });
});

describe("REQ-PORT-016 an mcu pump refuses a library larger than its slot", () => {
  it("IMAGE_SIZE for a file one byte over the mcu slot, logged; the standard pump's slot holds it", async () => {
    const mcu = memoryLayout(MemoryProfile.MCU);
    const tooLarge = new Uint8Array(mcu.librarySlotSize + 1);
    tooLarge.set(exampleLibraryImage());
    const host = await PumpHost.create({ wasmBytes: build(MemoryProfile.MCU) });
    expect(host.loadLibrary(tooLarge)).toBe(Status.IMAGE_SIZE);
    expect(host.loadLibrary(exampleLibraryImage())).toBe(Status.OK);
    host.close();
    expect(mcu.librarySlotSize + 1).toBeLessThanOrEqual(memoryLayout(MemoryProfile.STANDARD).librarySlotSize);
  });
});

describe("REQ-PORT-018 docs/abi.md §2.1 states the profiles' regions as the table has them", () => {
  it("every hex offset of the regions table equals the profile table's", () => {
    const doc = readFileSync("docs/abi.md", "utf8");
    const section = doc.slice(doc.indexOf("### 2.1 Memory profiles"), doc.indexOf("## 3. Exports"));
    const row = (name: string): string[] => {
      const line = section.split("\n").find((l) => l.startsWith(`| ${name} |`));
      if (line === undefined) throw new Error(`docs/abi.md §2.1 has no row "${name}"`);
      return line.split("|").slice(2, 4);
    };
    const hex = (cell: string): number[] => [...cell.matchAll(/0x([0-9A-F]+)/g)].map((m) => Number.parseInt(m[1]!, 16));
    MEMORY_PROFILES.forEach((profile, column) => {
      const m = memoryLayout(profile);
      const slotB = LIBRARY_REGION_OFFSET + m.librarySlotSize;
      expect(hex(row("linear memory")[column]!), m.name).toEqual([0, m.memoryBytes]);
      expect(hex(row("library slot A, B")[column]!), m.name).toEqual([LIBRARY_REGION_OFFSET, slotB]);
      expect(hex(row("NV header")[column]!), m.name).toEqual([m.nvHeaderOffset]);
      expect(hex(row("event log")[column]!), m.name).toEqual([m.eventLogOffset]);
      expect(row("event log")[column]!, m.name).toContain(`${m.eventLogCapacity.toLocaleString("en")} records`);
      expect(hex(row("key record A, B")[column]!), m.name).toEqual([m.keyRecordOffset, m.keyRecordBOffset]);
      expect(hex(row("floor record A, B")[column]!), m.name).toEqual([m.floorRecordOffset, m.floorRecordBOffset]);
      expect(hex(row("NV region")[column]!), m.name).toEqual([m.nvRegionOffset, m.memoryBytes]);
      expect(row("NV region")[column]!, m.name).toContain(`${m.nvRegionSize.toLocaleString("en")} bytes`);
      expect(row("linear memory")[column]!, m.name).toContain(`${m.memoryPages} pages`);
    });
  });
});
