// The firmware never traps on host input (REQ-HOST-030): arbitrary NV bytes before init, and any
// i32 to tick, setSensorFaults, receive, transmit and libraryLoad. A trap would throw here.
import fc from "fast-check";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { NV_REGION_OFFSET, RX_BUFFER_OFFSET, RX_BUFFER_SIZE, Status } from "../../firmware/abi/codes.ts";
import { EVENT_LOG_OFFSET, NV_HEADER_OFFSET } from "../support/profile.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { NV_COPY_OFFSETS } from "../../simulator/pump/nv-log-reader.ts";
import { WARD_SPEC } from "../firmware/ward-library.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";
import { loadImage, logInvariantProblems, logOf, nvOf, powerOn } from "./firmware-instance.ts";

const HEADER_AT = NV_HEADER_OFFSET - NV_REGION_OFFSET;
const RING_AT = EVENT_LOG_OFFSET - NV_REGION_OFFSET;

/** A pump's NV after some use, with a library: the base the mutations start from. */
const BASE_NV = (() => {
  const firmware = powerOn();
  firmware.init();
  loadImage(firmware, writeTestImage(WARD_SPEC));
  for (let i = 0; i < 40; i++) firmware.setSensorFaults(i & 0xf);
  return nvOf(firmware);
})();

/** After any init the log is readable and consistent, and ends with POWER_ON (or a rejection after it). */
function initAndCheck(nv: Uint8Array, forgedHeader = false): void {
  const firmware = powerOn(nv);
  expect(firmware.init()).toBe(0);
  const log = logOf(firmware);
  expect(logInvariantProblems(log, forgedHeader)).toEqual([]);
  expect([EventType.POWER_ON, EventType.LIBRARY_REJECTED]).toContain(log.records.at(-1)!.type);
}

/** Rewrites a header copy's CRC so mutated fields get past the CRC check and meet the field checks. */
function resealCopy(nv: Uint8Array, copy: number): void {
  const start = HEADER_AT + copy;
  new DataView(nv.buffer, nv.byteOffset).setUint32(start + 124, crc32(nv.subarray(start, start + 124)), true);
}

describe("REQ-HOST-030 REQ-HOST-002 no trap on any NV bytes before init", () => {
  it("random header and ring bytes", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 4096, maxLength: 4096 }),
        fc.uint8Array({ minLength: 0, maxLength: 8192 }),
        (header, ring) => {
          const nv = BASE_NV.slice();
          nv.set(header, HEADER_AT);
          nv.set(ring, RING_AT);
          initAndCheck(nv);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("header fields mutated with a valid CRC (bogus head, count, sequence, library length …)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NV_COPY_OFFSETS),
        fc.array(fc.record({ at: fc.integer({ min: 8, max: 123 }), value: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (copy, edits) => {
          const nv = BASE_NV.slice();
          for (const { at, value } of edits) nv[HEADER_AT + copy + at] = value;
          resealCopy(nv, copy);
          initAndCheck(nv, true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("random bytes anywhere in the library image the header points to", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 4000 }), value: fc.integer({ min: 0, max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          const nv = BASE_NV.slice();
          for (const { at, value } of edits) nv[at] = value;
          initAndCheck(nv);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("REQ-HOST-030 REQ-HOST-041 no trap on any export argument", () => {
  it("tick, setSensorFaults, receive, transmit and libraryLoad with any i32", () => {
    const firmware = powerOn(BASE_NV);
    firmware.init();
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.uint8Array({ maxLength: 64 }),
        (value, rxBytes) => {
          expect(firmware.tick(value)).toBe(value < 0 ? Status.VALUE_OUT_OF_RANGE : Status.OK);
          expect(firmware.setSensorFaults(value)).toBe((value & ~0x1f) !== 0 ? Status.BAD_REQUEST : Status.OK);
          new Uint8Array(firmware.memory.buffer).set(rxBytes, RX_BUFFER_OFFSET);
          const received = firmware.receive(value);
          if (value < 0 || value > RX_BUFFER_SIZE) expect(received).toBe(-Status.VALUE_OUT_OF_RANGE);
          else expect(received).toBeGreaterThanOrEqual(0);
          const sent = firmware.transmit(value);
          expect(value < 0 ? sent === -Status.VALUE_OUT_OF_RANGE : sent >= 0).toBe(true);
          expect(firmware.libraryLoad(value)).not.toBe(Status.OK);
        },
      ),
      { numRuns: 100 },
    );
    for (const length of [0, 1, RX_BUFFER_SIZE, RX_BUFFER_SIZE + 1]) firmware.receive(length);
    expect(logInvariantProblems(logOf(firmware))).toEqual([]);
  });
});
