// Host sensor inputs → FAULT_RAISED / FAULT_CLEARED records with their alarm priority, each also
// sent as an EVENT frame.
import { describe, expect, it } from "vitest";
import { Status } from "../../firmware/abi/codes.ts";
import { AlarmPriority, EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { drainFrames, eventFrames, logOf, powerOn } from "./firmware-instance.ts";

const PRIORITY: Record<SensorFault, AlarmPriority> = {
  [SensorFault.OCCLUSION]: AlarmPriority.HIGH,
  [SensorFault.AIR_IN_LINE]: AlarmPriority.HIGH,
  [SensorFault.DOOR_OPEN]: AlarmPriority.HIGH,
  [SensorFault.LOW_BATTERY]: AlarmPriority.MEDIUM,
  [SensorFault.NV_STORAGE]: AlarmPriority.HIGH,
};

describe("REQ-HOST-020 REQ-HOST-013 sensor faults", () => {
  for (const fault of [
    SensorFault.OCCLUSION,
    SensorFault.AIR_IN_LINE,
    SensorFault.DOOR_OPEN,
    SensorFault.LOW_BATTERY,
    SensorFault.NV_STORAGE,
  ]) {
    it(`${SensorFault[fault]} raises and clears with priority ${AlarmPriority[PRIORITY[fault]]}, each with a record and an EVENT frame`, () => {
      const firmware = powerOn();
      firmware.init();
      drainFrames(firmware);
      for (const [mask, type] of [
        [1 << fault, EventType.FAULT_RAISED],
        [0, EventType.FAULT_CLEARED],
      ] as const) {
        firmware.tick(1000);
        expect(firmware.setSensorFaults(mask)).toBe(Status.OK);
        const frames = eventFrames(drainFrames(firmware));
        expect(frames).toHaveLength(1);
        expect(frames[0].code).toBe(type);
        const record = decodeRecord(frames[0].payload);
        expect(record).toMatchObject({ type, alarmPriority: PRIORITY[fault], detail: fault | (mask << 8) });
        expect(logOf(firmware).records.at(-1)).toEqual(record);
      }
    });
  }

  it("several bits at once: one record per changed bit, lowest first; an unchanged mask logs nothing", () => {
    const firmware = powerOn();
    firmware.init();
    firmware.setSensorFaults(0b1000);
    const before = logOf(firmware).header.nextSequence;
    drainFrames(firmware);
    expect(firmware.setSensorFaults(0b0011)).toBe(Status.OK);
    const added = logOf(firmware).records.filter((r) => r.sequence >= before);
    expect(added.map((r) => [r.typeName, r.detail & 0xff, r.detail >> 8])).toEqual([
      ["FAULT_RAISED", 0, 0b1001],
      ["FAULT_RAISED", 1, 0b1011],
      ["FAULT_CLEARED", 3, 0b0011],
    ]);
    expect(eventFrames(drainFrames(firmware))).toHaveLength(3);
    expect(firmware.setSensorFaults(0b0011)).toBe(Status.OK);
    expect(eventFrames(drainFrames(firmware))).toHaveLength(0);
  });

  it("a bit above 4 (ABI 5: bit 4 is NV_STORAGE) refuses the whole mask: a status, no record, nothing changed", () => {
    const firmware = powerOn();
    firmware.init();
    const generation = firmware.nvGeneration();
    for (const mask of [0x20, 0x21, -1, 0x80000000 | 0, 0x7fffffff])
      expect(firmware.setSensorFaults(mask)).toBe(Status.BAD_REQUEST);
    expect(firmware.nvGeneration()).toBe(generation);
    expect(eventFrames(drainFrames(firmware)).map((f) => f.code)).toEqual([EventType.POWER_ON]);
  });
});
