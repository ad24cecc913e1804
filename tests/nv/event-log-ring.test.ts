// The event-log ring across many wraps: exact overwrite count, contiguous sequences, oldest-first
// reads, a live EVENT frame per record.
import { describe, expect, it } from "vitest";
import { EVENT_LOG_RECORD_SIZE } from "../../firmware/abi/codes.ts";
import { EVENT_LOG_CAPACITY } from "../support/profile.ts";
import { AlarmPriority, EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { decodeReadLog, encodeReadLog } from "../../simulator/client/messages.ts";
import { encodeFrame } from "../../simulator/client/frame.ts";
import { RX_BUFFER_OFFSET } from "../../firmware/abi/codes.ts";
import { EVENT_LOG_OFFSET } from "../support/profile.ts";
import { drainFrames, eventFrames, logInvariantProblems, logOf, powerOn } from "./firmware-instance.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";

/** Appends `count` records by toggling the occlusion input (one FAULT_RAISED/CLEARED each). */
function appendFaultRecords(firmware: FirmwareExports, count: number): void {
  for (let i = 0; i < count; i++) {
    firmware.tick(7);
    expect(firmware.setSensorFaults(i % 2 === 0 ? 1 : 0)).toBe(0);
  }
}

/** READ_LOG through the protocol, i.e. through the firmware's readLogRecords (eventlog/read.ts). */
function readLogViaProtocol(
  firmware: FirmwareExports,
  fromSequence: number,
  maxRecords: number,
  frameSequence: number,
): Uint8Array[] {
  drainFrames(firmware);
  const wire = encodeFrame(FrameType.REQUEST, frameSequence, Command.READ_LOG, encodeReadLog(fromSequence, maxRecords));
  new Uint8Array(firmware.memory.buffer).set(wire, RX_BUFFER_OFFSET);
  firmware.receive(wire.length);
  const response = drainFrames(firmware).find(
    (frame) => frame.type === FrameType.RESPONSE && frame.sequence === frameSequence,
  );
  if (response === undefined) throw new Error("no READ_LOG response");
  return decodeReadLog(response.payload).records;
}

describe("REQ-HOST-011 event-log ring wraparound", () => {
  it("after 3,000 appends: overwritten count exact, sequences contiguous, oldest first, nothing torn", () => {
    const firmware = powerOn();
    firmware.init(); // POWER_ON = sequence 1
    const appended = 3000;
    appendFaultRecords(firmware, appended);
    const log = logOf(firmware);
    const total = 1 + appended;
    expect(log.header.nextSequence).toBe(total + 1);
    expect(log.header.logCount).toBe(EVENT_LOG_CAPACITY);
    expect(log.header.overwrittenCount).toBe(total - EVENT_LOG_CAPACITY);
    expect(logInvariantProblems(log)).toEqual([]);
    expect(log.records.map((r) => r.sequence)).toEqual(
      Array.from({ length: EVENT_LOG_CAPACITY }, (_, i) => total - EVENT_LOG_CAPACITY + 1 + i),
    );
    // Record n (n ≥ 2) is the (n − 1)th toggle: odd toggles raise, even ones clear.
    for (const record of log.records) {
      expect(record.type).toBe((record.sequence - 2) % 2 === 0 ? EventType.FAULT_RAISED : EventType.FAULT_CLEARED);
      expect(record.timeMs).toBe(BigInt(7 * (record.sequence - 1)));
    }
  });

  it("READ_LOG (readLogRecords) returns records ≥ fromSequence still in the ring, oldest first, across the wrap", () => {
    const firmware = powerOn();
    firmware.init();
    appendFaultRecords(firmware, 1500); // 1,501 records: 1..477 overwritten, 478..1501 stored
    const oldest = 1501 - EVENT_LOG_CAPACITY + 1;
    const sequencesFrom = (from: number, max: number, frameSeq: number): number[] =>
      readLogViaProtocol(firmware, from, max, frameSeq).map((bytes) => decodeRecord(bytes).sequence);
    expect(sequencesFrom(1, 3, 1)).toEqual([oldest, oldest + 1, oldest + 2]); // overwritten ones are skipped
    // The physical wrap: slot 1023 holds sequence 1024, slot 0 holds 1025.
    expect(sequencesFrom(1022, 5, 2)).toEqual([1022, 1023, 1024, 1025, 1026]);
    expect(sequencesFrom(1500, 7, 3)).toEqual([1500, 1501]);
    expect(sequencesFrom(1502, 7, 4)).toEqual([]);
    const records = readLogViaProtocol(firmware, 1022, 5, 5);
    const log = logOf(firmware);
    // What the firmware returns is byte for byte what the independent reader finds in NV.
    expect(records.map((bytes) => decodeRecord(bytes))).toEqual(
      log.records.filter((r) => r.sequence >= 1022).slice(0, 5),
    );
  });
});

describe("REQ-HOST-010 REQ-HOST-013 records and their live EVENT frames", () => {
  it("every append queues one EVENT frame carrying exactly the record, code = record type", () => {
    const firmware = powerOn();
    firmware.init();
    const powerOnFrames = eventFrames(drainFrames(firmware));
    expect(powerOnFrames.map((f) => f.code)).toEqual([EventType.POWER_ON]);
    expect(firmware.tick(250)).toBe(0);
    expect(firmware.setSensorFaults(1 << SensorFault.LOW_BATTERY)).toBe(0);
    const frames = eventFrames(drainFrames(firmware));
    expect(frames).toHaveLength(1);
    expect(frames[0].payload).toHaveLength(EVENT_LOG_RECORD_SIZE);
    const record = decodeRecord(frames[0].payload);
    const stored = logOf(firmware).records.at(-1)!;
    expect(record).toEqual(stored);
    expect(record).toMatchObject({
      sequence: 2,
      type: EventType.FAULT_RAISED,
      timeMs: 250n,
      alarmPriority: AlarmPriority.MEDIUM,
      detail: SensorFault.LOW_BATTERY | ((1 << SensorFault.LOW_BATTERY) << 8),
      libraryVersion: 0,
      reasonCode: 0,
    });
  });
});

describe("REQ-HOST-010 the worked example of docs/event-log.md §3.3", () => {
  it("a new pump's first record is byte for byte the documented one", async () => {
    const { readFileSync } = await import("node:fs");
    const doc = readFileSync(new URL("../../docs/event-log.md", import.meta.url), "utf8");
    const block = doc.split("### 3.3 Worked example")[1].split("```")[1];
    const documented = Uint8Array.from(
      block
        .trim()
        .split(/\s+/)
        .map((hex) => Number.parseInt(hex, 16)),
    );
    const firmware = powerOn();
    firmware.init();
    const slot0 = new Uint8Array(firmware.memory.buffer, EVENT_LOG_OFFSET, EVENT_LOG_RECORD_SIZE);
    expect(Buffer.from(slot0).toString("hex")).toBe(Buffer.from(documented).toString("hex"));
  });
});
