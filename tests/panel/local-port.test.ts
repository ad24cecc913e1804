// The virtual pump's local port (simulator/virtual-pump/local-port.ts): serial runs reach the
// firmware whole, so a panel frame never lands inside one; the firmware's answer is split between
// the panel (its response) and the serial line (every EVENT frame).
import { describe, expect, it } from "vitest";
import { FrameType } from "../../firmware/abi/protocol-codes.ts";
import { encodeFrame, splitStream, checkSegment } from "../../simulator/client/frame.ts";
import fc from "fast-check";
import {
  LineFrameGate,
  LOCAL_FIRST_SEQUENCE,
  LOCAL_LAST_SEQUENCE,
  LocalSequencer,
  routeLocalOutput,
  SERIAL_SEQUENCE_MARGIN,
} from "../../simulator/virtual-pump/local-port.ts";

describe("REQ-PNL-007 the local port between serial frames", () => {
  it("REQ-PNL-007: bytes after the last delimiter are held until the delimiter arrives", () => {
    const gate = new LineFrameGate(524);
    expect([...gate.pass(Uint8Array.of(0, 5, 6))]).toEqual([0]);
    expect(gate.firmwareHoldsPartial).toBe(false);
    expect([...gate.pass(Uint8Array.of(7, 0, 9))]).toEqual([5, 6, 7, 0]);
    expect([...gate.pass(Uint8Array.of(0))]).toEqual([9, 0]);
  });
  it("REQ-PNL-007: a run longer than any frame is passed on, and the local port waits for its delimiter", () => {
    const gate = new LineFrameGate(4);
    expect(gate.pass(Uint8Array.of(1, 2, 3)).length).toBe(0);
    expect([...gate.pass(Uint8Array.of(4, 5))]).toEqual([1, 2, 3, 4, 5]);
    expect(gate.firmwareHoldsPartial).toBe(true);
    expect([...gate.pass(Uint8Array.of(6))]).toEqual([6]);
    expect([...gate.pass(Uint8Array.of(7, 0, 8))]).toEqual([7, 0]);
    expect(gate.firmwareHoldsPartial).toBe(false);
  });
  it("REQ-PNL-007: the response to the panel's sequence goes to the panel; events go to the line and name their records", () => {
    const record = new Uint8Array(64);
    new DataView(record.buffer).setUint32(0, 42, true);
    const event = encodeFrame(FrameType.EVENT, 3, 21, record);
    const response = encodeFrame(FrameType.RESPONSE, 0xc001, 0x19, Uint8Array.of(0, 0));
    const other = encodeFrame(FrameType.RESPONSE, 7, 0x19, Uint8Array.of(0, 0));
    const routed = routeLocalOutput(Uint8Array.of(...event, ...response, ...other), 0xc001, 0x19);
    expect(routed.response?.sequence).toBe(0xc001);
    expect(routed.recordSequences).toEqual([42]);
    const onLine = splitStream(routed.toLine).map((segment) => checkSegment(segment));
    expect(onLine.map((c) => (c.ok ? [c.frame.type, c.frame.sequence] : "bad"))).toEqual([
      [FrameType.EVENT, 3],
      [FrameType.RESPONSE, 7],
    ]);
  });
});

describe("REQ-PNL-007 the local port's sequences stay clear of the serial client's", () => {
  it("REQ-PNL-007: from 0xC000 … 0xFFFE, never within the margin of the serial client's last sequence, whatever it is", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }), { maxLength: 400 }),
        (serial) => {
          const sequencer = new LocalSequencer();
          for (const last of serial) {
            const sequence = sequencer.take(last);
            expect(sequence).toBeGreaterThanOrEqual(LOCAL_FIRST_SEQUENCE);
            expect(sequence).toBeLessThanOrEqual(LOCAL_LAST_SEQUENCE);
            if (last !== undefined) {
              const d = Math.abs(sequence - last);
              expect(Math.min(d, 0x10000 - d)).toBeGreaterThan(SERIAL_SEQUENCE_MARGIN);
            }
          }
        },
      ),
      { seed: 17, numRuns: 200 },
    );
  });
  it("REQ-PNL-007: the gate learns the serial client's last request sequence from the whole frames it passes", () => {
    const gate = new LineFrameGate(524);
    gate.pass(Uint8Array.of(0, ...encodeFrame(FrameType.REQUEST, 0xc010, 2, new Uint8Array(0))));
    expect(gate.lastSerialSequence).toBe(0xc010);
    const sequencer = new LocalSequencer();
    expect(sequencer.take(gate.lastSerialSequence)).toBe(0xc000 + 2 * SERIAL_SEQUENCE_MARGIN + 1);
  });
});
