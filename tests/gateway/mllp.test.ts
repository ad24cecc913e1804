// MLLP framing for the gateway's listener (gateway/mllp/frame.ts): whole messages out of the bytes
// of a TCP stream however they are split; bytes outside a frame, an oversized message, a cut-off
// frame and invalid UTF-8 reported, and the next frame still read (REQ-GW-003).
import * as medplumHl7 from "@medplum/hl7";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MllpDecoder, mllpFrame } from "../../gateway/mllp/frame.ts";

const A = "MSH|^~\\&|A|B|C|D|20261204||ACK^O15^ACK|1|P|2.6\rMSA|AA|1\r";
const B = "MSH|^~\\&|A|B|C|D|20261204||ACK^O15^ACK|2|P|2.6\rMSA|AA|2\rNTE|1||Grüße 💊\r";

describe("REQ-GW-003 MLLP framing", () => {
  it("REQ-GW-003: the frame bytes are the ones @medplum/hl7 uses (VT … FS CR)", () => {
    const framed = mllpFrame(A);
    expect(framed[0]).toBe(medplumHl7.VT);
    expect(framed.at(-2)).toBe(medplumHl7.FS);
    expect(framed.at(-1)).toBe(medplumHl7.CR);
  });

  it("REQ-GW-003: gives the same messages however the stream is cut into chunks", () => {
    const stream = Buffer.concat([mllpFrame(A), Buffer.from("\r\n"), mllpFrame(B)]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }), (cuts) => {
        const decoder = new MllpDecoder(4096);
        const points = [0, ...cuts.sort((x, y) => x - y), stream.length];
        const events = points.slice(1).flatMap((end, i) => decoder.push(stream.subarray(points[i], end)));
        expect(events).toEqual([
          { kind: "message", text: A },
          { kind: "message", text: B },
        ]);
        expect(decoder.pendingBytes).toBe(0);
      }),
    );
  });

  it("REQ-GW-003: reports bytes outside a frame, a cut-off frame, FS without CR, oversize and bad UTF-8, then reads the next frame", () => {
    const decoder = new MllpDecoder(64);
    const events = decoder.push(
      Buffer.concat([
        Buffer.from("junk"),
        mllpFrame(A.slice(0, 20)),
        Buffer.from([0x0b, 0x41, 0x0b]), // a frame cut off by a new start
        Buffer.from("MSH|x"),
        Buffer.from([0x1c, 0x41]), // FS then not CR
        mllpFrame("x".repeat(65)),
        mllpFrame("\u0000"),
        Buffer.from([0x0b, 0xc3, 0x28, 0x1c, 0x0d]),
        mllpFrame("ok"),
      ]),
    );
    expect(events).toEqual([
      { kind: "error", reason: "byte 0x6a outside an MLLP frame (a frame starts with 0x0b)" },
      { kind: "message", text: A.slice(0, 20) },
      { kind: "error", reason: "a start byte 0x0b inside a frame: the message before it was cut off" },
      { kind: "error", reason: "the end byte 0x1c is followed by 0x41, not 0x0d" },
      { kind: "error", reason: "a message longer than 64 bytes" },
      { kind: "message", text: "\u0000" },
      { kind: "error", reason: "the message is not valid UTF-8 (the gateway reads MSH-18 UNICODE UTF-8 only)" },
      { kind: "message", text: "ok" },
    ]);
  });

  it("REQ-GW-003: holds an unfinished frame and says how much of it has arrived", () => {
    const decoder = new MllpDecoder(4096);
    expect(decoder.push(mllpFrame(A).subarray(0, 10))).toEqual([]);
    expect(decoder.pendingBytes).toBe(9);
  });
});
