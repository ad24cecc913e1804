// The release kit (docs/release.md): what dist/ holds, that it is deterministic, and that its C
// header is generated from firmware/abi with the exact values the TypeScript modules have.
// Needs build/ders.wasm (npm test builds it first); no C compiler.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as codes from "../../firmware/abi/codes.ts";
import { abiDefines, cLiteral, generateAbiHeader } from "../../release/abi-header.ts";
import { HEADER_FILE, KIT_DOCS, MANIFEST_FILE, SUMS_FILE, WASM_FILE, writeRelease } from "../../release/kit.ts";
import type { ReleaseManifest } from "../../release/manifest.ts";
import { readBuildId } from "../../release/build-id.ts";
import {
  eventLogOffsetOf,
  firmwareFileName,
  memoryPagesOf,
  MemoryProfile,
} from "../../firmware/abi/memory-profiles.ts";

const ROOT = process.cwd();
const WASM = join(ROOT, "build/ders.wasm");
const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      const child = join(path, name);
      if (statSync(child).isDirectory()) walk(child);
      else files.set(relative(dir, child), readFileSync(child));
    }
  };
  walk(dir);
  return files;
}

let work: string;
let manifest: ReleaseManifest;
let kit: Map<string, Buffer>;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ders-release-"));
  manifest = writeRelease({ root: ROOT, wasmPath: WASM, outDir: join(work, "a") });
  kit = filesOf(join(work, "a"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("REQ-PORT-007 the release kit", () => {
  it("holds the release module unchanged, named by its SHA-256 as build id", () => {
    const wasm = readFileSync(WASM);
    expect(kit.get(WASM_FILE)!.equals(wasm)).toBe(true);
    expect(manifest.buildId).toBe(sha256(wasm));
    expect(manifest.profiles[0]!.sha256).toBe(manifest.buildId);
    expect(JSON.parse(kit.get(MANIFEST_FILE)!.toString("utf8"))).toEqual(manifest);
  });

  it("holds one module per memory profile, each with its SHA-256, build id and the profile its export reports", () => {
    expect(manifest.profiles.map((p) => p.name)).toEqual(["standard", "mcu"]);
    for (const profile of manifest.profiles) {
      const wasm = readFileSync(join(ROOT, "build", firmwareFileName(profile.id, "")));
      expect(kit.get(profile.wasm)!.equals(wasm), profile.name).toBe(true);
      expect(profile.wasm).toBe(firmwareFileName(profile.id, ""));
      expect(profile.sha256).toBe(sha256(wasm));
      expect(profile.helloBuildId).toBe(readBuildId(wasm));
      const exports = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as Record<string, Function>;
      expect(exports.memoryProfile!(), profile.name).toBe(profile.id);
      expect(exports.nvRegionSize!(), profile.name).toBe(profile.regions.nvRegion!.sizeBytes);
      expect(exports.librarySlotSize!(), profile.name).toBe(profile.librarySlots.sizeBytes);
    }
    const [standard, mcu] = manifest.profiles;
    expect(mcu!.sha256).not.toBe(standard!.sha256);
    expect(mcu!.linearMemoryBytes).toBeLessThan(standard!.linearMemoryBytes);
  });

  it("states the ABI version, memory and exports the module really has", () => {
    const module = new WebAssembly.Module(readFileSync(WASM));
    const profile = manifest.profiles[0]!;
    expect(manifest.abiVersion).toBe(codes.ABI_VERSION);
    expect(profile.memoryPages).toBe(memoryPagesOf(MemoryProfile.STANDARD));
    expect(profile.linearMemoryBytes).toBe(memoryPagesOf(MemoryProfile.STANDARD) * 65536);
    expect(profile.imports).toBe(0);
    expect(profile.exports.map((e) => e.name)).toEqual(WebAssembly.Module.exports(module).map((e) => e.name));
    expect(profile.exports.find((e) => e.name === "motorRate")).toEqual({
      name: "motorRate",
      kind: "function",
      params: [],
      results: ["i64"],
    });
    expect(profile.exports.find((e) => e.name === "tick")).toMatchObject({ params: ["i32"], results: ["i32"] });
    // Every region lies inside the linear memory.
    for (const [name, region] of Object.entries(profile.regions)) {
      expect(region.offset + region.sizeBytes, name).toBeLessThanOrEqual(profile.linearMemoryBytes);
    }
  });

  it("lists every other file with its size and SHA-256, and SHA256SUMS covers all of them", () => {
    const listed = manifest.files.map((f) => f.path);
    expect(listed).toEqual([...kit.keys()].filter((p) => p !== MANIFEST_FILE && p !== SUMS_FILE).sort());
    for (const file of manifest.files) {
      expect(file.sha256, file.path).toBe(sha256(kit.get(file.path)!));
      expect(file.sizeBytes, file.path).toBe(kit.get(file.path)!.length);
    }
    const sums = kit
      .get(SUMS_FILE)!
      .toString("utf8")
      .trimEnd()
      .split("\n")
      .map((line) => line.split("  "));
    expect(sums.map(([, path]) => path)).toEqual([...kit.keys()].filter((p) => p !== SUMS_FILE).sort());
    for (const [digest, path] of sums) expect(digest, path).toBe(sha256(kit.get(path!)!));
  });

  it("carries the licence, the documents a device engineer needs and the C port's sources", () => {
    expect(kit.get("LICENSE")!.equals(readFileSync("LICENSE"))).toBe(true);
    expect(readFileSync("LICENSE", "utf8")).toMatch(/Apache License\s+Version 2\.0/);
    for (const doc of KIT_DOCS) expect(kit.get(doc)!.equals(readFileSync(doc)), doc).toBe(true);
    for (const path of ["port/Makefile", "port/host/host.c", "port/runtime/wasm-rt-port.c", "port/host/board.h"]) {
      expect(kit.get(path)!.equals(readFileSync(join("firmware", path))), path).toBe(true);
    }
    const header = kit.get(HEADER_FILE)!.toString("utf8");
    expect(header).toContain(`#define DERS_RELEASE_BUILD_ID "${manifest.buildId}"`);
    expect(header).toBe(generateAbiHeader(manifest.buildId));
  });

  it("refuses a missing module with a message naming it and what to run, and writes nothing", () => {
    const out = join(work, "missing");
    expect(() => writeRelease({ root: ROOT, wasmPath: join(work, "no.wasm"), outDir: out })).toThrow(
      /no\.wasm: cannot read it; build the module first \(npm run build:firmware\)/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe("REQ-PORT-008 the release kit is deterministic", () => {
  it("a second run writes byte-identical files", () => {
    writeRelease({ root: ROOT, wasmPath: WASM, outDir: join(work, "b") });
    const again = filesOf(join(work, "b"));
    expect([...again.keys()]).toEqual([...kit.keys()]);
    for (const [path, bytes] of kit) expect(again.get(path)!.equals(bytes), path).toBe(true);
  });
});

describe("REQ-PORT-009 the C header is generated from firmware/abi", () => {
  const header = generateAbiHeader();
  const defined = new Map(
    [...header.matchAll(/^#define (DERS_\w+) (.+)$/gm)].map((m) => [m[1]!, m[2]!] as [string, string]),
  );

  it("defines every ABI constant and enum member with its exact value", () => {
    const defines = abiDefines();
    expect(defines.length).toBeGreaterThan(400);
    for (const d of defines) expect(defined.get(d.name), d.origin).toBe(cLiteral(d.value, d.origin));
    expect(defined.get("DERS_ABI_VERSION")).toBe(`${codes.ABI_VERSION}u`);
    expect(defined.get("DERS_STANDARD_MEMORY_PAGES")).toBe(`${memoryPagesOf(MemoryProfile.STANDARD)}u`);
    expect(defined.get("DERS_MCU_MEMORY_PAGES")).toBe(`${memoryPagesOf(MemoryProfile.MCU)}u`);
    expect(defined.get("DERS_MCU_EVENT_LOG_OFFSET")).toBe(`${eventLogOffsetOf(MemoryProfile.MCU)}u`);
    expect(defined.get("DERS_MEMORY_PROFILE_MCU")).toBe(`${MemoryProfile.MCU}u`);
    expect(defined.get("DERS_LIBRARY_REGION_OFFSET")).toBe(`${codes.LIBRARY_REGION_OFFSET}u`);
    expect(defined.get("DERS_STATUS_INTEGRITY_FAILED")).toBe(`${codes.Status.INTEGRITY_FAILED}u`);
    expect(defined.get("DERS_KEY_STATE_PROVISIONED")).toBe(`${codes.KeyState.PROVISIONED}u`);
    expect(defined.get("DERS_MAX_AMOUNT_ABU")).toBe("UINT64_C(281474976710655)");
    expect(defined.get("DERS_FIRMWARE_VERSION")).toBe(`"${codes.FIRMWARE_VERSION}"`);
  });

  it("writes values a C compiler reads exactly: unsigned 32-bit, 64-bit beyond, and refuses inexact ones", () => {
    expect(cLiteral(0xffffffff, "x")).toBe("4294967295u");
    expect(cLiteral(0x100000000, "x")).toBe("UINT64_C(4294967296)");
    expect(cLiteral(-1, "x")).toBe("(-1)");
    expect(() => cLiteral(2 ** 53, "codes.ts BIG")).toThrow(/codes\.ts BIG: 9007199254740992 is not an exact integer/);
    expect(() => cLiteral('a"b', "codes.ts TEXT")).toThrow(/codes\.ts TEXT: only plain ASCII text/);
  });

  it("the C port takes its ABI constants from the header, none retyped", () => {
    const host = readFileSync("firmware/port/host/host.c", "utf8");
    const runtime = readFileSync("firmware/port/runtime/port-rt.h", "utf8");
    expect(host).toMatch(/#include "ders-abi\.h"/);
    expect(host).toMatch(/!= DERS_ABI_VERSION\)/);
    expect(host).toMatch(/\(1u << DERS_SENSOR_FAULT_NV_STORAGE\)/);
    // The memory profile's pages and NV size: DERS_<PROFILE>_… of the header, chosen by make PROFILE=.
    expect(runtime).toMatch(/#define PORT_RT_MEMORY_PAGES PORT_MEMORY_PAGES\n/);
    expect(readFileSync("firmware/port/boards/mps2-an386/board-an386.c", "utf8")).toMatch(
      /#define NV_BYTES PORT_NV_REGION_SIZE\n/,
    );
    const makefile = readFileSync("firmware/port/Makefile", "utf8");
    expect(makefile).toMatch(/-DPORT_MEMORY_PAGES=DERS_\$\(PROFILE_MACRO\)_MEMORY_PAGES/);
    expect(makefile).toMatch(/-DPORT_NV_REGION_SIZE=DERS_\$\(PROFILE_MACRO\)_NV_REGION_SIZE/);
    expect(makefile).not.toMatch(/codes\.ts/);
    expect(readFileSync("firmware/port/boards/mps2-an386/mps2-an386.ld", "utf8")).toMatch(
      /== __ders_memory_pages \* 65536/,
    );
  });
});
