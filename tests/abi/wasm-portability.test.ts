// The release build must load on WAMR/wasm3: see docs/abi.md §1.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import asc from "assemblyscript/asc";
import {
  ABI_VERSION,
  HISTORY_RESPONSES_OFFSET,
  HISTORY_RESPONSES_REGION_SIZE,
  LIBRARY_REGION_OFFSET,
  KEY_RECORD_SIZE,
  EVENT_LOG_RECORD_SIZE,
  NV_REGION_OFFSET,
  REQUEST_OFFSET,
  REQUEST_SIZE,
  RESULT_OFFSET,
  RESULT_SIZE,
  RX_BUFFER_OFFSET,
  RX_BUFFER_SIZE,
  TX_BUFFER_OFFSET,
  TX_BUFFER_SIZE,
} from "../../firmware/abi/codes.ts";
import {
  EVENT_LOG_CAPACITY,
  EVENT_LOG_OFFSET,
  KEY_RECORD_OFFSET,
  LIBRARY_REGION_SIZE,
  LIBRARY_SLOT_SIZE,
  MEMORY_PAGES,
  NV_REGION_SIZE,
  RELEASE_WASM_PATH,
  PROFILE,
  DEBUG_WASM_PATH,
} from "../support/profile.ts";
import { HISTORY_DEPTH, OUTBOX_RESPONSE_RESERVE } from "../../firmware/abi/protocol-codes.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { loadTestkit } from "../firmware/testkit.ts";
import { checkPortability, dataSegmentRanges } from "./wasm-portability.ts";

const ABI_EXPORTS = [
  "motorRate",
  "abiVersion",
  "requestOffset",
  "resultOffset",
  "libraryRegionOffset",
  "libraryRegionSize",
  "init",
  "libraryLoad",
  "libraryVersion",
  "libraryEntryCount",
  "libraryCareAreaCount",
  "evaluate",
  // ABI 2: host contract (docs/host-contract.md).
  "nvRegionOffset",
  "nvRegionSize",
  "nvGeneration",
  "rxBufferOffset",
  "rxBufferSize",
  "txBufferOffset",
  "txBufferSize",
  "receive",
  "transmit",
  "tick",
  "setSensorFaults",
  // ABI 4: A/B library slots and the provisioned key (docs/abi.md §3).
  "librarySlotSize",
  "libraryStagingOffset",
  "libraryActiveSlot",
  "libraryGeneration",
  "libraryChangedOffset",
  "libraryChangedSize",
  "provisionPublicKey",
  "keyState",
  // Issue 13, within ABI 7: the pump's own keys (docs/decisions/0036, docs/host-contract.md §12).
  "receiveLocal",
  // Issue 12, within ABI 7: the memory profile the binary is built for (docs/abi.md §2.1).
  "memoryProfile",
  "memory",
];

const WASM_1_0 = ["sign-extension", "nontrapping-f2i", "bulk-memory", "mutable-globals"];

async function compileProbe(source: string, disable: string[]): Promise<Uint8Array> {
  const { binary, stderr } = await asc.compileString(source, { runtime: "stub", optimizeLevel: 3, disable });
  if (binary === undefined || binary === null) throw new Error(`probe did not compile: ${stderr.toString()}`);
  return binary;
}

describe("REQ-ENG-050 portable release module", () => {
  const release = readFileSync(RELEASE_WASM_PATH);

  it("has no imports, MVP features only, i32/i64 exports, no floats, fixed memory", () => {
    const report = checkPortability(release);
    expect(report.problems).toEqual([]);
    expect(report.memoryPages).toEqual({ initial: MEMORY_PAGES, maximum: MEMORY_PAGES });
  });

  it("REQ-ENG-051 exports exactly the documented ABI", () => {
    expect(checkPortability(release).exportNames.sort()).toEqual([...ABI_EXPORTS].sort());
  });

  it("REQ-ENG-051 exported offsets equal the documented memory map", () => {
    const engine = Firmware.fromBytes(release);
    const call = (name: string): number => (engine.exports[name] as () => number)();
    const offsetExports = [
      "abiVersion",
      "requestOffset",
      "resultOffset",
      "libraryRegionOffset",
      "libraryRegionSize",
      "nvRegionOffset",
      "nvRegionSize",
      "rxBufferOffset",
      "rxBufferSize",
      "txBufferOffset",
      "txBufferSize",
    ];
    expect(offsetExports.map(call)).toEqual([
      ABI_VERSION,
      REQUEST_OFFSET,
      RESULT_OFFSET,
      LIBRARY_REGION_OFFSET,
      LIBRARY_REGION_SIZE,
      NV_REGION_OFFSET,
      NV_REGION_SIZE,
      RX_BUFFER_OFFSET,
      RX_BUFFER_SIZE,
      TX_BUFFER_OFFSET,
      TX_BUFFER_SIZE,
    ]);
    expect(ABI_VERSION).toBe(7);
    // ABI 7: the request fills 0x400 .. 0x500 at most, the result 0x500 .. 0x800.
    expect([REQUEST_SIZE, RESULT_SIZE]).toEqual([136, 576]);
    expect(REQUEST_OFFSET + REQUEST_SIZE).toBeLessThanOrEqual(RESULT_OFFSET);
    expect(RESULT_OFFSET + RESULT_SIZE).toBeLessThanOrEqual(0x800);
    expect(call("memoryProfile")).toBe(PROFILE);
    expect(call("init")).toBe(0);
    // ABI 4: two slots fill the library region; a fresh pump stages into A and has no active slot.
    expect([
      call("librarySlotSize"),
      call("libraryStagingOffset"),
      call("libraryActiveSlot"),
      call("keyState"),
    ]).toEqual([LIBRARY_SLOT_SIZE, LIBRARY_REGION_OFFSET, -1, 0]);
    expect(2 * LIBRARY_SLOT_SIZE).toBe(LIBRARY_REGION_SIZE);
    // The key record sits in the reserved tail after the event log, inside the NV region.
    expect(KEY_RECORD_OFFSET).toBeGreaterThanOrEqual(EVENT_LOG_OFFSET + EVENT_LOG_CAPACITY * EVENT_LOG_RECORD_SIZE);
    expect(KEY_RECORD_OFFSET + KEY_RECORD_SIZE).toBeLessThanOrEqual(NV_REGION_OFFSET + NV_REGION_SIZE);
    // The NV region starts with the library region and ends exactly at the end of the fixed memory.
    expect(NV_REGION_OFFSET).toBe(LIBRARY_REGION_OFFSET);
    expect(NV_REGION_OFFSET + NV_REGION_SIZE).toBe(engine.memory.length);
    expect(engine.memory.length).toBe(MEMORY_PAGES * 65536);
    // The serial buffers sit in the reserved window below the static data, clear of request and result.
    expect(RX_BUFFER_OFFSET).toBeGreaterThanOrEqual(0x800);
    expect(RX_BUFFER_OFFSET + RX_BUFFER_SIZE).toBeLessThanOrEqual(TX_BUFFER_OFFSET);
    expect(TX_BUFFER_OFFSET + TX_BUFFER_SIZE).toBeLessThanOrEqual(0x10000);
  });

  it("REQ-ENG-051 firmware static data stays inside its window (0x10000–0x20000), clear of host-written regions", () => {
    const ranges = dataSegmentRanges(release);
    expect(ranges.length).toBeGreaterThan(0); // SHA-256 round constants at least
    for (const { start, end } of ranges) {
      expect(start).toBeGreaterThanOrEqual(0x10000);
      expect(end).toBeLessThanOrEqual(0x20000);
    }
    // The segments a module carries leave out zero-filled memory.data (scratch buffers, the
    // resend history before it had its own region): the compiler's end of static data counts
    // them. The test build holds everything the release build does and more, so its end bounds
    // the release's. A static buffer past 0x20000 would lie in library slot A.
    const end = loadTestkit().staticDataEnd();
    expect(end).toBeGreaterThan(0x10000);
    expect(end, `static data ends at 0x${end.toString(16)}`).toBeLessThanOrEqual(LIBRARY_REGION_OFFSET);
    // The resend history's region lies in the reserved window below, clear of the result buffer,
    // the serial buffers and the static data, and holds HISTORY_DEPTH largest responses.
    expect(HISTORY_RESPONSES_OFFSET).toBeGreaterThanOrEqual(RESULT_OFFSET + 0x300);
    expect(HISTORY_RESPONSES_OFFSET + HISTORY_RESPONSES_REGION_SIZE).toBeLessThanOrEqual(RX_BUFFER_OFFSET);
    expect(HISTORY_DEPTH * OUTBOX_RESPONSE_RESERVE).toBeLessThanOrEqual(HISTORY_RESPONSES_REGION_SIZE);
  });

  it("the debug build satisfies the same rules", () => {
    expect(checkPortability(readFileSync(DEBUG_WASM_PATH)).problems).toEqual([]);
  });
});

// Negative controls: the checker must see each kind of violation, or a green result means nothing.
describe("REQ-ENG-050 portability checker catches violations", () => {
  it("flags a sign-extension instruction (post-1.0)", async () => {
    const wasm = await compileProbe("export function f(x: i32): i32 { return <i32><i8>x; }", []);
    expect(checkPortability(wasm).problems.join("\n")).toMatch(/MVP/);
  });

  it("flags the default env.abort import", async () => {
    const wasm = await compileProbe("export function f(x: i32): i32 { assert(x > 0); return x; }", WASM_1_0);
    expect(checkPortability(wasm).problems.join("\n")).toMatch(/import env\.abort/);
  });

  it("flags floating point and non-integer export types", async () => {
    const wasm = await compileProbe("export function f(x: f64): f64 { return x * 2.0; }", WASM_1_0);
    const problems = checkPortability(wasm).problems.join("\n");
    expect(problems).toMatch(/floating-point instruction/);
    expect(problems).toMatch(/not i32\/i64/);
  });

  it("finds static data placed below the firmware window when memoryBase is not set", async () => {
    const wasm = await compileProbe(
      "const TABLE = memory.data<u32>([1, 2, 3, 4]); export function f(i: i32): u32 { return load<u32>(TABLE + (<usize>(i & 3) << 2)); }",
      WASM_1_0,
    );
    expect(dataSegmentRanges(wasm).some(({ start }) => start < 0x10000)).toBe(true);
  });
});
