// Runtime integrity (issue 10 §4; docs/decisions/0021-runtime-integrity.md): the firmware re-checks
// the active library and its constant tables a bounded slice per tick, and in full at power-on.
// These tests change bytes in the instance's memory, as a stray write or a RAM fault would.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  INTEGRITY_PASS_FIXED_TICKS,
  INTEGRITY_SLICE_BYTES,
  LIBRARY_REGION_OFFSET,
  MAX_DURATION_S,
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_VOLUME_UL,
  MAX_WEIGHT_G,
  Mode,
  Status,
  Verdict,
} from "../../firmware/abi/codes.ts";
import { AlarmPriority, EventType, INTEGRITY_AT_POWER_ON, IntegrityRegion } from "../../firmware/abi/event-types.ts";
import { Result } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, PumpState } from "../../firmware/abi/workflow-codes.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";
import { makeSyntheticLibrary } from "../bench/synthetic-library.ts";
import { loadImage, logOf, powerOn } from "../nv/firmware-instance.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import { HEPARIN, ICU, PumpDriver } from "./driver.ts";
import { baseMultiplesLimbs } from "../firmware/ed25519-base-multiples.ts";
import { LIBRARY_SLOT_SIZE } from "../support/profile.ts";

const UNITS = 1_000_000n; // ABU per unit
const IMAGE_HEADER = 96;
const TICK_MS = 100;
const heparinDose = (unitsPerKgPerHour: bigint) => ({
  mode: Mode.DOSE,
  dose: unitsPerKgPerHour * UNITS,
  vtbiUl: 500_000n,
});

/** Ticks of one full pass for an image (docs/decisions/0021): fixed part plus one per whole slice of body. */
function passTicks(image: Uint8Array): number {
  const bodyBytes = new DataView(image.buffer, image.byteOffset).getUint32(20, true);
  return INTEGRITY_PASS_FIXED_TICKS + Math.floor(bodyBytes / INTEGRITY_SLICE_BYTES);
}

/** Address of the active image in the instance's memory. */
function activeImageAddress(pump: PumpDriver): number {
  const slot = pump.firmware.libraryActiveSlot();
  expect(slot).toBeGreaterThanOrEqual(0);
  return LIBRARY_REGION_OFFSET + slot * pump.firmware.librarySlotSize();
}

/** Image offset of an entry's DOSE hard maximum (docs/library-image.md §3–§4). */
function doseHardMaxOffset(image: Uint8Array, entryId: number): number {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const entryCount = view.getUint32(16, true);
  const index = IMAGE_HEADER + 96 * view.getUint8(13);
  for (let row = 0; row < entryCount; row++) {
    if (view.getUint32(index + 8 * row, true) !== entryId) continue;
    const record = IMAGE_HEADER + view.getUint32(index + 8 * row + 4, true);
    const doseMask = view.getUint8(record + 32);
    if ((doseMask & 8) === 0) throw new Error("entry has no dose hard maximum");
    return record + 40 + 8 * (popcount(doseMask) - 1);
  }
  throw new Error(`entry ${entryId} not in the image`);
}

const popcount = (mask: number): number => [0, 1, 2, 3].filter((bit) => (mask & (1 << bit)) !== 0).length;

/** Address of a constant table in the static-data window, found by its known contents. */
function tableAddress(memory: Uint8Array, values: bigint[]): number {
  const needle = new Uint8Array(values.length * 8);
  values.forEach((value, i) => new DataView(needle.buffer).setBigUint64(8 * i, value, true));
  const hits: number[] = [];
  for (let at = 0x10000; at + needle.length <= 0x20000; at += 4) {
    if (needle.every((byte, i) => memory[at + i] === byte)) hits.push(at);
  }
  if (hits.length !== 1) throw new Error(`expected one copy of the table, found ${hits.length}`);
  return hits[0];
}

const FIELD_MAXIMA_START = [MAX_RATE_UL_PER_HOUR, MAX_LIMIT_VALUE, MAX_DURATION_S, MAX_VOLUME_UL, MAX_WEIGHT_G].map(
  BigInt,
);
const ENTRY_LIMIT_MAXIMA_START = [
  MAX_LIMIT_VALUE,
  MAX_RATE_UL_PER_HOUR,
  MAX_DURATION_S,
  MAX_VOLUME_UL,
  MAX_LIMIT_VALUE,
].map(BigInt);
/** The first field element of the Ed25519 base-point table (y + x of B), as little-endian u64 words. */
const BASE_MULTIPLES_START = [0, 2, 4, 6, 8].map((i) => {
  const limbs = baseMultiplesLimbs();
  return BigInt(limbs[i]!) | (BigInt(limbs[i + 1]!) << 32n);
});

function heparinRunning(): PumpDriver {
  const pump = new PumpDriver();
  pump.selectCareArea(ICU);
  pump.setPatient(70_000);
  pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
  expect(pump.program(heparinDose(18n)).value?.result?.verdict).toBe(Verdict.GO);
  expect(pump.start().result).toBe(Result.OK);
  expect(pump.motorRate()).toBe(25_200n);
  return pump;
}

/** Ticks until the motor stops or `limit` ticks passed; how many ticks it took (limit + 1: never). */
function ticksUntilStopped(pump: PumpDriver, limit: number): number {
  for (let tick = 1; tick <= limit; tick++) {
    expect(pump.tick(TICK_MS)).toBe(Status.OK);
    if (pump.motorRate() === 0n) return tick;
  }
  return limit + 1;
}

function integrityRecords(pump: PumpDriver) {
  return pump.records().filter((r) => r.type === EventType.INTEGRITY_FAILED);
}

function expectIntegrityStop(pump: PumpDriver, region: IntegrityRegion): void {
  expect(pump.motorRate()).toBe(0n);
  expect(pump.firmware.libraryActiveSlot()).toBe(-1);
  expect(pump.firmware.libraryVersion()).toBe(0);
  const failed = integrityRecords(pump);
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ status: Status.INTEGRITY_FAILED, detail: region });
  const after = pump.records().filter((r) => r.sequence > failed[0].sequence);
  expect(after.find((r) => r.type === EventType.ALARM_RAISED)).toMatchObject({
    alarmPriority: AlarmPriority.HIGH,
    detail: Alarm.INTEGRITY | (2 << 8),
  });
  const snapshot = pump.getInfusion().value!.snapshot;
  expect(snapshot.alarmMask & (1 << Alarm.INTEGRITY)).not.toBe(0);
  expect(snapshot.highestAlarmPriority).toBe(AlarmPriority.HIGH);
}

describe("REQ-LIB-020 the active library is re-verified while the pump runs", () => {
  it("issue 10 §4: a library changed in memory during an infusion stops the pump", () => {
    const image = exampleLibraryImage();
    const pump = heparinRunning();
    // Heparin's hard maximum, 40 → 80 units/kg/h, in the active slot's memory.
    const at = activeImageAddress(pump) + doseHardMaxOffset(image, HEPARIN);
    const view = new DataView(pump.firmware.memory.buffer);
    expect(view.getBigUint64(at, true)).toBe(40n * UNITS);
    view.setBigUint64(at, 80n * UNITS, true);

    const period = passTicks(image);
    expect(ticksUntilStopped(pump, period)).toBeLessThanOrEqual(period);
    expectIntegrityStop(pump, IntegrityRegion.LIBRARY_BODY);
    const failed = integrityRecords(pump)[0];
    expect(failed.libraryVersion).not.toBe(0); // stamped with the library it found changed
    const stopped = pump.records().find((r) => r.type === EventType.INFUSION_STOPPED);
    expect(stopped !== undefined && stopped.sequence > failed.sequence).toBe(true);
    expect(pump.getInfusion().value?.snapshot.state).toBe(PumpState.IDLE);

    // No program can be checked (let alone started) against the dropped library: 41 is not a soft stop.
    expect(pump.selectCareArea(ICU).result).toBe(Result.NO_LIBRARY);
    expect(pump.program(heparinDose(41n)).result).toBe(Result.NO_LIBRARY);
    expect(pump.start().result).toBe(Result.NO_LIBRARY);
    for (let i = 0; i < 3 * period; i++) pump.tick(TICK_MS);
    expect(pump.motorRate()).toBe(0n);
    expect(integrityRecords(pump)).toHaveLength(1);
  });

  it("a change at the end of the body is found on exactly the last tick of the pass (the documented period)", () => {
    const image = exampleLibraryImage();
    const pump = new PumpDriver(); // cold start and load: the pass starts at its beginning
    const last = activeImageAddress(pump) + image.length - 1;
    const memory = new Uint8Array(pump.firmware.memory.buffer);
    memory[last] ^= 0x01;
    const period = passTicks(image);
    for (let tick = 1; tick < period; tick++) pump.tick(TICK_MS);
    expect(integrityRecords(pump)).toHaveLength(0);
    pump.tick(TICK_MS);
    expect(integrityRecords(pump)).toHaveLength(1);
  });

  it("a changed header is found at the end of the pass; a forged body size never makes the check read beyond the image", () => {
    const image = exampleLibraryImage();
    const pump = heparinRunning();
    new DataView(pump.firmware.memory.buffer).setUint32(activeImageAddress(pump) + 20, 0xffffffff, true);
    expect(ticksUntilStopped(pump, passTicks(image))).toBeLessThanOrEqual(passTicks(image));
    expectIntegrityStop(pump, IntegrityRegion.LIBRARY_HEADER);
  });

  it("a change anywhere in the image, at any point of the pass, stops the pump within two periods and never traps", () => {
    const image = exampleLibraryImage();
    const period = passTicks(image);
    fc.assert(
      fc.property(
        fc.nat(image.length - 1),
        fc.integer({ min: 1, max: 255 }),
        fc.nat(period),
        fc.integer({ min: 0, max: 60_000 }),
        (offset, flip, before, tickMs) => {
          const pump = heparinRunning();
          for (let i = 0; i < before; i++) pump.tick(TICK_MS);
          new Uint8Array(pump.firmware.memory.buffer)[activeImageAddress(pump) + offset] ^= flip;
          let ticks = 0;
          while (pump.motorRate() !== 0n && ticks < 2 * period) {
            expect(pump.tick(tickMs)).toBe(Status.OK);
            ticks++;
          }
          // 500 mL at 25.2 mL/h lasts hours: within two periods of 60 s ticks only the check can stop it.
          expect(pump.motorRate()).toBe(0n);
          expect(pump.firmware.libraryActiveSlot()).toBe(-1);
          expect(integrityRecords(pump)).toHaveLength(1);
          expect([IntegrityRegion.LIBRARY_BODY, IntegrityRegion.LIBRARY_HEADER]).toContain(
            integrityRecords(pump)[0].detail,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("a new verified library ends the alarm (logged) and the pump can be programmed again", () => {
    const image = exampleLibraryImage();
    const pump = heparinRunning();
    new Uint8Array(pump.firmware.memory.buffer)[activeImageAddress(pump) + doseHardMaxOffset(image, HEPARIN)] ^= 0x40;
    ticksUntilStopped(pump, passTicks(image));
    expectIntegrityStop(pump, IntegrityRegion.LIBRARY_BODY);
    expect(loadImage(pump.firmware, image)).toBe(Status.OK);
    const cleared = pump
      .records()
      .find((r) => r.type === EventType.ALARM_CLEARED && (r.detail & 0xff) === Alarm.INTEGRITY);
    expect(cleared).toBeDefined();
    expect(pump.getInfusion().value?.snapshot.alarmMask).toBe(0);
    expect(pump.selectCareArea(ICU).result).toBe(Result.OK);
    pump.setPatient(70_000);
    pump.selectDrug({ entryId: HEPARIN, concentrationIndex: 0 });
    expect(pump.program(heparinDose(41n)).value?.result?.verdict).toBe(Verdict.HARD_STOP);
  });
});

describe("REQ-LIB-021 the firmware's constant tables are re-verified while the pump runs", () => {
  for (const [name, start] of [
    ["pump maxima per request field", FIELD_MAXIMA_START],
    ["limit maxima per entry parameter", ENTRY_LIMIT_MAXIMA_START],
    ["Ed25519 base-point multiples (REQ-PORT-010)", BASE_MULTIPLES_START],
  ] as const) {
    it(`a flipped byte in the ${name} is caught: motor stopped, library dropped, no library admitted until a power cycle`, () => {
      const pump = heparinRunning();
      const memory = new Uint8Array(pump.firmware.memory.buffer);
      memory[tableAddress(memory, start) + 9] ^= 0x10;
      const period = passTicks(exampleLibraryImage());
      expect(ticksUntilStopped(pump, 2 * period)).toBeLessThanOrEqual(2 * period);
      expectIntegrityStop(pump, IntegrityRegion.CONSTANT_TABLES);
      expect(loadImage(pump.firmware, exampleLibraryImage())).toBe(Status.INTEGRITY_FAILED);
      expect(pump.records().at(-1)).toMatchObject({
        type: EventType.LIBRARY_REJECTED,
        status: Status.INTEGRITY_FAILED,
      });
      expect(pump.firmware.libraryActiveSlot()).toBe(-1);
      // An engine reset does not end it either: only a new instance (a power cycle) does.
      pump.firmware.init();
      expect(pump.getInfusion().value!.snapshot.alarmMask & (1 << Alarm.INTEGRITY)).not.toBe(0);
    });
  }
});

describe("REQ-LIB-021 the list of constant tables is complete", () => {
  it("every memory.data table with contents in firmware/ (the testkit aside) is in activation/integrity-tables.ts", () => {
    const list = readFileSync("firmware/activation/integrity-tables.ts", "utf8");
    const tables = readdirSync("firmware", { recursive: true, encoding: "utf8" })
      .filter((path) => path.endsWith(".ts") && path !== "testkit.ts")
      .flatMap((path) =>
        [...readFileSync(join("firmware", path), "utf8").matchAll(/const (\w+): usize = memory\.data<\w+>\(\[/g)].map(
          (m) => m[1],
        ),
      );
    expect(tables.length).toBe(14); // the list also holds FIELD_ZERO, a zero-filled constant (15 in all)
    expect(tables.filter((name) => !new RegExp(`\\b${name}\\b`).test(list))).toEqual([]);
  });
});

describe("REQ-LIB-022 power-on self-test before anything can start", () => {
  function savedPumpNv(): Uint8Array {
    return new PumpDriver().nv();
  }

  it("a constant table changed before init() is caught by init(): no library is admitted, nothing can start", () => {
    const firmware = powerOn(savedPumpNv());
    const memory = new Uint8Array(firmware.memory.buffer);
    memory[tableAddress(memory, FIELD_MAXIMA_START) + 3] ^= 0x01;
    firmware.init();
    expect(firmware.libraryActiveSlot()).toBe(-1);
    const records = logOf(firmware).records;
    const powerOnRecord = records.filter((r) => r.type === EventType.POWER_ON).at(-1)!;
    const failed = records.filter((r) => r.type === EventType.INTEGRITY_FAILED);
    expect(failed).toHaveLength(1);
    expect(failed[0].detail).toBe(IntegrityRegion.CONSTANT_TABLES | INTEGRITY_AT_POWER_ON);
    expect(failed[0].sequence).toBeGreaterThan(powerOnRecord.sequence);
    expect(records.some((r) => r.type === EventType.ALARM_RAISED && (r.detail & 0xff) === Alarm.INTEGRITY)).toBe(true);
  });

  it("an image changed in NV before power-on is refused by init(), so START can never succeed", () => {
    const nv = savedPumpNv();
    const image = exampleLibraryImage();
    nv[doseHardMaxOffset(image, HEPARIN)] ^= 0x01; // slot A at the start of the NV region
    const pump = new PumpDriver({ nv });
    expect(pump.firmware.libraryActiveSlot()).toBe(-1);
    expect(pump.records().some((r) => r.type === EventType.LIBRARY_REJECTED && r.status === Status.IMAGE_DIGEST)).toBe(
      true,
    );
    expect(pump.selectCareArea(ICU).result).toBe(Result.NO_LIBRARY);
    expect(pump.start().result).toBe(Result.NO_LIBRARY);
  });

  it("an intact pump passes its self-test: the library is restored and nothing is logged against it", () => {
    const pump = new PumpDriver({ nv: savedPumpNv() });
    expect(pump.firmware.libraryActiveSlot()).toBe(0);
    expect(integrityRecords(pump)).toHaveLength(0);
  });
});

describe("REQ-LIB-020 REQ-LIB-021 no false alarm on an intact pump", () => {
  it("an intact example library runs through many periods without an integrity record, at any tick length", () => {
    const pump = heparinRunning();
    const period = passTicks(exampleLibraryImage());
    for (let i = 0; i < 40 * period; i++) expect(pump.tick(i % 7 === 0 ? 0 : TICK_MS)).toBe(Status.OK);
    expect(pump.motorRate()).toBe(25_200n);
    expect(integrityRecords(pump)).toHaveLength(0);
    expect(pump.firmware.libraryActiveSlot()).toBe(0);
  });

  it("an intact 10,000-entry library (on a smaller slot, the largest synthetic library it holds) runs through three periods without an integrity record; a change in its last slice is found", () => {
    const full = encodeImage(makeSyntheticLibrary(10_000, 424_242));
    // A memory profile whose slot cannot hold it (mcu, docs/abi.md §2.1) refuses it, nothing active;
    // the check then runs over the largest synthetic library that fits the slot.
    let entries = 10_000;
    if (full.length > LIBRARY_SLOT_SIZE) {
      expect(() => new PumpDriver({ image: full })).toThrow("library refused");
      entries = Math.floor((10_000 * (LIBRARY_SLOT_SIZE - 4096)) / full.length);
    }
    const image = entries === 10_000 ? full : encodeImage(makeSyntheticLibrary(entries, 424_242));
    expect(image.length).toBeLessThanOrEqual(LIBRARY_SLOT_SIZE);
    const pump = new PumpDriver({ image });
    const period = passTicks(image);
    expect(period).toBe(INTEGRITY_PASS_FIXED_TICKS + Math.floor((image.length - IMAGE_HEADER) / INTEGRITY_SLICE_BYTES));
    for (let i = 0; i < 3 * period; i++) pump.tick(TICK_MS);
    expect(integrityRecords(pump)).toHaveLength(0);
    expect(pump.firmware.libraryEntryCount()).toBe(entries);
    new Uint8Array(pump.firmware.memory.buffer)[activeImageAddress(pump) + image.length - 2] ^= 0x80;
    for (let i = 0; i < period && integrityRecords(pump).length === 0; i++) pump.tick(TICK_MS);
    expect(integrityRecords(pump)).toHaveLength(1);
  });
});
