// Save, restore, init: what survives a power cycle and what fails closed.
import { describe, expect, it } from "vitest";
import { LIBRARY_REGION_OFFSET, NV_REGION_OFFSET, Status } from "../../firmware/abi/codes.ts";
import { NV_HEADER_OFFSET } from "../support/profile.ts";
import { EventType, PowerOnFlag } from "../../firmware/abi/event-types.ts";
import { NV_COPY_OFFSETS, readNvHeader } from "../../simulator/pump/nv-log-reader.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { WARD_SPEC } from "../firmware/ward-library.ts";
import { loadImage, logInvariantProblems, logOf, nvOf, powerOn } from "./firmware-instance.ts";

const WARD_IMAGE = writeTestImage(WARD_SPEC);
const LIBRARY_AT = LIBRARY_REGION_OFFSET - NV_REGION_OFFSET;

/** A pump that ran: library 12 active, a few events, 90 s of simulated time. */
function ranPump() {
  const firmware = powerOn();
  firmware.init();
  firmware.tick(30_000);
  expect(loadImage(firmware, WARD_IMAGE)).toBe(Status.OK);
  firmware.tick(30_000);
  firmware.setSensorFaults(0b0101);
  firmware.tick(30_000);
  return { firmware, nv: nvOf(firmware), log: logOf(firmware) };
}

describe("REQ-HOST-001 REQ-HOST-003 library and log survive a power cycle", () => {
  it("restores the active library (re-verified) and every record, then logs POWER_ON", () => {
    const { nv, log } = ranPump();
    const firmware = powerOn(nv);
    expect(firmware.init()).toBe(0);
    expect(firmware.libraryVersion()).toBe(WARD_SPEC.version);
    expect(firmware.libraryEntryCount()).toBe(WARD_SPEC.entries.length);
    const after = logOf(firmware);
    expect(logInvariantProblems(after)).toEqual([]);
    expect(after.records.slice(0, -1)).toEqual(log.records);
    expect(after.records.at(-1)).toMatchObject({
      type: EventType.POWER_ON,
      detail: PowerOnFlag.LIBRARY_RESTORED,
      libraryVersion: WARD_SPEC.version,
    });
    expect(log.records.map((r) => r.typeName)).toEqual([
      "POWER_ON",
      "LIBRARY_ACTIVATED",
      "FAULT_RAISED",
      "FAULT_RAISED",
    ]);
    expect(log.records[1]).toMatchObject({
      libraryVersion: WARD_SPEC.version,
      detail: WARD_IMAGE.length,
      status: Status.OK,
    });
  });

  it("libraryLoad records the activated length and digest in the header, and keeps them on a rejection (REQ-SIG-006)", () => {
    const { firmware } = ranPump();
    const header = readNvHeader(nvOf(firmware))!;
    expect(header).toMatchObject({ libraryLengthBytes: WARD_IMAGE.length, librarySlot: 0, layoutVersion: 3 });
    expect(Buffer.from(header.libraryDigest)).toEqual(Buffer.from(WARD_IMAGE.subarray(64, 96)));
    const broken = WARD_IMAGE.slice();
    broken[0] ^= 1;
    expect(loadImage(firmware, broken)).toBe(Status.IMAGE_MAGIC);
    // ABI 4: the broken image went to slot B; the active library in slot A stays in force.
    expect(readNvHeader(nvOf(firmware))).toMatchObject({ libraryLengthBytes: WARD_IMAGE.length, librarySlot: 0 });
    expect(firmware.libraryVersion()).toBe(WARD_SPEC.version);
    expect(logOf(firmware).records.at(-1)).toMatchObject({
      type: EventType.LIBRARY_REJECTED,
      status: Status.IMAGE_MAGIC,
      detail: broken.length | (1 << 24),
      libraryVersion: WARD_SPEC.version,
    });
  });

  it("a corrupted library image in NV is not re-activated (fail closed) and the rejection is logged once", () => {
    const { nv } = ranPump();
    nv[LIBRARY_AT + WARD_IMAGE.length - 3] ^= 0x40; // a body byte: the digest no longer matches
    const firmware = powerOn(nv);
    firmware.init();
    expect(firmware.libraryVersion()).toBe(0);
    const records = logOf(firmware).records;
    expect(records.at(-2)).toMatchObject({
      type: EventType.POWER_ON,
      detail: PowerOnFlag.LIBRARY_REJECTED,
      libraryVersion: 0,
    });
    expect(records.at(-1)).toMatchObject({
      type: EventType.LIBRARY_REJECTED,
      status: Status.IMAGE_DIGEST,
      detail: WARD_IMAGE.length,
    });
    // The header forgot the library: the next power cycle has nothing to reject.
    const again = powerOn(nvOf(firmware));
    again.init();
    expect(logOf(again).records.at(-1)).toMatchObject({ type: EventType.POWER_ON, detail: 0 });
  });

  it("a different image that verifies on its own, put in place without libraryLoad, is still rejected", () => {
    const { nv } = ranPump();
    const other = writeTestImage({ ...WARD_SPEC, version: WARD_SPEC.version + 1, name: "Ward test librarx" });
    expect(other.length).toBe(WARD_IMAGE.length);
    nv.set(other, LIBRARY_AT);
    const firmware = powerOn(nv);
    firmware.init();
    expect(firmware.libraryVersion()).toBe(0);
    expect(logOf(firmware).records.at(-1)).toMatchObject({
      type: EventType.LIBRARY_REJECTED,
      status: Status.IMAGE_DIGEST,
    });
  });
});

describe("REQ-HOST-002 REQ-HOST-015 a corrupted NV header is rebuilt from the records, none erased", () => {
  it("issue 10 §5: both header copies damaged keep every intact log record; no library, POWER_ON with NV_FORMATTED, clock salvaged", () => {
    const { nv, log } = ranPump();
    for (const copy of NV_COPY_OFFSETS) nv[NV_HEADER_OFFSET - NV_REGION_OFFSET + copy + 9] ^= 0xff;
    expect(readNvHeader(nv)).toBeUndefined();
    const firmware = powerOn(nv);
    expect(firmware.init()).toBe(0);
    expect(firmware.libraryVersion()).toBe(0);
    const after = logOf(firmware);
    expect(logInvariantProblems(after)).toEqual([]);
    const n = log.records.length;
    expect(after.header).toMatchObject({
      logCount: n + 1,
      nextSequence: n + 2,
      overwrittenCount: 0,
      libraryLengthBytes: 0,
    });
    expect(after.records.slice(0, -1)).toEqual(log.records);
    expect(after.records.at(-1)).toMatchObject({
      sequence: n + 1,
      type: EventType.POWER_ON,
      detail: PowerOnFlag.NV_FORMATTED,
    });
    expect(after.records.at(-1)!.timeMs).toBe(log.records.at(-1)!.timeMs);
  });

  it("only the current copy damaged: the previous commit is used, nothing is formatted", () => {
    const { nv, log } = ranPump();
    const current = readNvHeader(nv)!;
    nv[NV_HEADER_OFFSET - NV_REGION_OFFSET + NV_COPY_OFFSETS[current.copy === "A" ? 0 : 1] + 13] ^= 1;
    const firmware = powerOn(nv);
    firmware.init();
    const after = logOf(firmware);
    expect(logInvariantProblems(after)).toEqual([]);
    expect(after.records.at(-1)!.detail & PowerOnFlag.NV_FORMATTED).toBe(0);
    // The last record was committed by the damaged copy; its slot is intact, so it rolls forward.
    expect(after.records.slice(0, -1)).toEqual(log.records);
    expect(after.records.at(-1)!.detail & PowerOnFlag.RECORD_ROLLED_FORWARD).toBe(PowerOnFlag.RECORD_ROLLED_FORWARD);
  });

  it("all-zero NV (a pump that never ran) formats", () => {
    const firmware = powerOn();
    firmware.init();
    expect(logOf(firmware).records.map((r) => [r.sequence, r.type, r.detail])).toEqual([
      [1, EventType.POWER_ON, PowerOnFlag.NV_FORMATTED],
    ]);
  });
});

describe("REQ-HOST-005 the clock never goes backwards", () => {
  it("tick advances it, a negative tick is refused, and it resumes at the last persisted time", () => {
    const { nv, log } = ranPump();
    const newest = log.records.at(-1)!.timeMs;
    expect(newest).toBe(60_000n);
    const firmware = powerOn(nv);
    firmware.init();
    const powerOnRecord = logOf(firmware).records.at(-1)!;
    expect(powerOnRecord.timeMs).toBe(newest); // the 30 s after the last commit were never persisted
    expect(firmware.tick(-1)).toBe(Status.VALUE_OUT_OF_RANGE);
    expect(firmware.tick(-2147483648)).toBe(Status.VALUE_OUT_OF_RANGE);
    expect(firmware.tick(0)).toBe(Status.OK);
    firmware.setSensorFaults(1);
    expect(logOf(firmware).records.at(-1)!.timeMs).toBe(newest);
    expect(firmware.tick(2147483647)).toBe(Status.OK);
    expect(firmware.tick(2147483647)).toBe(Status.OK);
    firmware.setSensorFaults(0);
    expect(logOf(firmware).records.at(-1)!.timeMs).toBe(newest + 2n * 2147483647n);
    expect(logInvariantProblems(logOf(firmware))).toEqual([]);
  });
});

describe("REQ-HOST-001 nvGeneration", () => {
  it("changes exactly when the firmware changed NV bytes", () => {
    const firmware = powerOn();
    firmware.init();
    let generation = firmware.nvGeneration();
    let nv = nvOf(firmware);
    const step = (action: () => void, expectChange: boolean): void => {
      action();
      const nowNv = nvOf(firmware);
      expect(firmware.nvGeneration() !== generation).toBe(expectChange);
      expect(Buffer.compare(Buffer.from(nowNv), Buffer.from(nv)) !== 0).toBe(expectChange);
      generation = firmware.nvGeneration();
      nv = nowNv;
    };
    step(() => firmware.tick(1000), false);
    step(() => firmware.setSensorFaults(0), false);
    step(() => firmware.evaluate(), false);
    step(() => firmware.setSensorFaults(2), true);
    step(() => firmware.setSensorFaults(2), false);
    step(() => firmware.setSensorFaults(32), false); // bit 5: refused (bit 4 is NV_STORAGE since ABI 5)
    step(() => loadImage(firmware, WARD_IMAGE), true); // the host's own write is included here
    step(() => firmware.libraryLoad(-1), true); // rejection is logged
  });
});

describe("REQ-HOST-002 init() within a running instance and exports before init()", () => {
  it("a repeated init() is an engine reset (ABI 1): no library, logged, and the header forgets the library", () => {
    const { firmware } = ranPump();
    expect(firmware.libraryVersion()).toBe(WARD_SPEC.version);
    expect(firmware.init()).toBe(0);
    expect(firmware.libraryVersion()).toBe(0);
    expect(logOf(firmware).records.at(-1)).toMatchObject({
      type: EventType.POWER_ON,
      detail: PowerOnFlag.ENGINE_RESET,
    });
    const again = powerOn(nvOf(firmware));
    again.init();
    expect(again.libraryVersion()).toBe(0); // a deliberately dropped library does not come back
  });

  it("libraryLoad on an instance whose host skipped init() cold-starts first: the restored log is kept", () => {
    const { nv, log } = ranPump();
    const firmware = powerOn(nv);
    expect(loadImage(firmware, WARD_IMAGE)).toBe(Status.OK);
    const after = logOf(firmware);
    expect(after.records.slice(0, log.records.length)).toEqual(log.records);
    expect(after.records.slice(log.records.length).map((r) => r.type)).toEqual([
      EventType.POWER_ON,
      EventType.LIBRARY_ACTIVATED,
    ]);
  });
});
