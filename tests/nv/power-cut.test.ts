// Power cut inside an append (REQ-HOST-012). The NV bytes before and after one append are compared;
// the firmware must have changed only the head slot and the header copy that is not current.
// Every state a cut can leave — the documented write order (payload, record CRC, header copy with
// its CRC last) cut after every byte, and torn writes where any subset of a step's bytes landed —
// is restored into a new instance; after init() the log must hold only complete records, with
// contiguous sequences and consistent counters, equal to the log before or after the append.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_LOG_RECORD_SIZE, NV_REGION_OFFSET } from "../../firmware/abi/codes.ts";
import { EVENT_LOG_CAPACITY, EVENT_LOG_OFFSET, NV_HEADER_OFFSET } from "../support/profile.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { NV_COPY_OFFSETS, NV_COPY_SIZE, readNvHeader, type NvLog } from "../../simulator/pump/nv-log-reader.ts";
import type { EventRecord } from "../../simulator/pump/event-record.ts";
import { logInvariantProblems, logOf, nvOf, powerOn } from "./firmware-instance.ts";

interface AppendCase {
  before: Uint8Array;
  after: Uint8Array;
  logBefore: NvLog;
  logAfter: NvLog;
  /** NV-relative byte offsets in the documented write order. */
  payload: number[];
  recordCrc: number[];
  headerBody: number[];
  headerCrc: number[];
}

const range = (start: number, length: number): number[] => Array.from({ length }, (_, i) => start + i);

function appendCase(recordsBefore: number): AppendCase {
  const firmware = powerOn();
  firmware.init();
  for (let i = 1; i < recordsBefore; i++) {
    firmware.tick(3);
    firmware.setSensorFaults(i % 2);
  }
  firmware.tick(3);
  const before = nvOf(firmware);
  const logBefore = logOf(firmware);
  firmware.setSensorFaults(recordsBefore % 2); // exactly one append
  const after = nvOf(firmware);
  const header = readNvHeader(before)!;
  const slot = EVENT_LOG_OFFSET - NV_REGION_OFFSET + header.logHead * EVENT_LOG_RECORD_SIZE;
  const target = NV_HEADER_OFFSET - NV_REGION_OFFSET + NV_COPY_OFFSETS[header.copy === "A" ? 1 : 0];
  return {
    before,
    after,
    logBefore,
    logAfter: logOf(firmware),
    payload: range(slot, 60),
    recordCrc: range(slot + 60, 4),
    headerBody: range(target, NV_COPY_SIZE - 4),
    headerCrc: range(target + NV_COPY_SIZE - 4, 4),
  };
}

function withBytes(c: AppendCase, offsets: Iterable<number>): Uint8Array {
  const state = c.before.slice();
  for (const at of offsets) state[at] = c.after[at];
  return state;
}

const bySequence = (records: EventRecord[]): Map<number, EventRecord> => new Map(records.map((r) => [r.sequence, r]));

/** Restores `state`, cold-starts, and checks the recovered log against the logs before and after. */
function checkRecovery(c: AppendCase, state: Uint8Array): void {
  const firmware = powerOn(state);
  expect(firmware.init()).toBe(0);
  const log = logOf(firmware);
  expect(logInvariantProblems(log)).toEqual([]);
  const powerOnRecord = log.records.at(-1)!;
  expect(powerOnRecord.type).toBe(EventType.POWER_ON);
  const recovered = log.records.slice(0, -1);
  const known = new Map([...bySequence(c.logBefore.records), ...bySequence(c.logAfter.records)]);
  for (const record of recovered) expect(record).toEqual(known.get(record.sequence));
  const newRecordComplete = c.payload.concat(c.recordCrc).every((at) => state[at] === c.after[at]);
  const newest = recovered.at(-1)!.sequence;
  expect(newest).toBe(newRecordComplete ? c.logAfter.header.nextSequence - 1 : c.logBefore.header.nextSequence - 1);
  // In a full ring the interrupted append had destroyed (torn) or replaced (complete) the oldest
  // record, and POWER_ON replaces one more only if the ring is still full: nothing else is lost.
  const oldestBefore = c.logBefore.records[0].sequence;
  const ringWasFull = c.logBefore.header.logCount === EVENT_LOG_CAPACITY;
  expect(recovered[0].sequence - oldestBefore).toBe(ringWasFull ? (newRecordComplete ? 2 : 1) : 0);
  expect(powerOnRecord.timeMs).toBeGreaterThanOrEqual(recovered.at(-1)!.timeMs);
}

describe("REQ-HOST-012 a power cut inside an append never yields a torn record", () => {
  for (const [label, recordsBefore] of [
    ["ring not full", 10],
    ["ring full (the append overwrites the oldest)", 1500],
  ] as const) {
    it(`${label}: the append touches only the head slot and the non-current header copy`, () => {
      const c = appendCase(recordsBefore);
      const touched = new Set([...c.payload, ...c.recordCrc, ...c.headerBody, ...c.headerCrc]);
      const changed = c.after.reduce<number[]>((acc, byte, at) => (byte !== c.before[at] ? [...acc, at] : acc), []);
      expect(changed.length).toBeGreaterThan(0);
      expect(changed.filter((at) => !touched.has(at))).toEqual([]);
    });

    it(`${label}: cut after every byte of the documented write order`, () => {
      const c = appendCase(recordsBefore);
      const order = [...c.payload, ...c.recordCrc, ...c.headerBody, ...c.headerCrc];
      for (let cut = 0; cut <= order.length; cut++) checkRecovery(c, withBytes(c, order.slice(0, cut)));
    });

    it(`${label}: torn writes (any subset of a step's bytes landed)`, () => {
      const c = appendCase(recordsBefore);
      const subset = (offsets: number[]) => fc.subarray(offsets);
      fc.assert(
        fc.property(
          fc.oneof(
            subset([...c.payload, ...c.recordCrc]), // step 1–2 torn, header untouched
            subset(c.headerBody).map((h) => [...c.payload, ...c.recordCrc, ...h]), // step 3 torn before its CRC
            subset([...c.headerBody, ...c.headerCrc]).map((h) => [...c.payload, ...c.recordCrc, ...h]), // step 3 torn anyhow
          ),
          (offsets) => checkRecovery(c, withBytes(c, offsets)),
        ),
        { numRuns: 150 },
      );
    });
  }

  it("a record corrupted later (bit rot) is never returned; its neighbours are", () => {
    const c = appendCase(20);
    const state = c.after.slice();
    const header = readNvHeader(state)!;
    const victimSlot = (header.logHead + EVENT_LOG_CAPACITY - 5) % EVENT_LOG_CAPACITY;
    state[EVENT_LOG_OFFSET - NV_REGION_OFFSET + victimSlot * EVENT_LOG_RECORD_SIZE + 20] ^= 0x10;
    const firmware = powerOn(state);
    firmware.init();
    const log = logOf(firmware);
    const victim = header.nextSequence - 5;
    expect(log.damagedSequences).toEqual([victim]);
    expect(log.records.map((r) => r.sequence)).not.toContain(victim);
    expect(log.records.map((r) => r.sequence)).toContain(victim - 1);
    expect(log.records.map((r) => r.sequence)).toContain(victim + 1);
  });
});
