// The virtual pump's local port (simulator/virtual-pump/local-port.ts): serial runs reach the
// firmware whole, so a panel frame never lands inside one; the firmware's answer is split between
// the panel (its response) and the serial line (every EVENT frame).
import { describe, expect, it } from "vitest";
import { FrameType } from "../../firmware/abi/protocol-codes.ts";
import { encodeFrame, splitStream, checkSegment } from "../../simulator/client/frame.ts";
import { LineFrameGate, routeLocalOutput } from "../../simulator/virtual-pump/local-port.ts";

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
