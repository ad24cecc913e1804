// EVENT frames, their order with responses, dropping when the outbox is short, and the response reserve.
import { beforeEach, describe, expect, it } from "vitest";
import { EVENT_LOG_RECORD_SIZE } from "../../firmware/abi/codes.ts";
import { Command, FrameType, OUTBOX_RESPONSE_RESERVE, OUTBOX_SIZE, Result } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment, encodeFrame, splitStream, type Frame } from "../../simulator/client/frame.ts";
import { decodeStatus } from "../../simulator/client/messages.ts";
import { freshPump, type ProbeExports } from "./harness.ts";
import { WasmLink } from "../../simulator/link/wasm-link.ts";

const RECORD_AT = 0x1000;
/** A 64-byte record of type 0x0042 whose other bytes count up from `seed`. */
function queueRecord(pump: ProbeExports, seed: number): Uint8Array {
  const record = Uint8Array.from({ length: EVENT_LOG_RECORD_SIZE }, (_, i) => (seed + i) & 0xff);
  record[4] = 0x42;
  record[5] = 0;
  new Uint8Array(pump.memory.buffer).set(record, RECORD_AT);
  pump.probeQueueEvent(RECORD_AT);
  return record;
}

const frames = (bytes: Uint8Array): Frame[] =>
  splitStream(bytes).map((seg) => {
    const c = checkSegment(seg);
    if (!c.ok) throw new Error(`bad frame from the pump: ${c.detail}`);
    return c.frame;
  });

let pump: ProbeExports;
let link: WasmLink;
beforeEach(async () => {
  pump = await freshPump();
  link = new WasmLink(pump);
  link.drain();
});

describe("REQ-PRO-012 EVENT frames", () => {
  it("carry the record as payload, the record type as code, and their own sequence", () => {
    const record = queueRecord(pump, 7);
    const [event] = frames(link.drain());
    // init and libraryLoad already used event sequences 0 and 1.
    expect(event).toMatchObject({ type: FrameType.EVENT, sequence: 2, code: 0x42 });
    expect(event.payload).toEqual(record);
  });

  it("leave in the order queued, interleaved with responses", () => {
    queueRecord(pump, 1);
    link.feed(encodeFrame(FrameType.REQUEST, 1, Command.GET_STATUS, new Uint8Array(0)));
    queueRecord(pump, 2);
    expect(frames(link.drain()).map((f) => [f.type, f.sequence])).toEqual([
      [FrameType.EVENT, 2],
      [FrameType.RESPONSE, 1],
      [FrameType.EVENT, 3],
    ]);
  });

  it("are dropped and counted when only the response reserve is left; a response still goes out; the gap shows", () => {
    const EVENT_WIRE_BYTES = 78;
    const fitting = Math.floor((OUTBOX_SIZE - OUTBOX_RESPONSE_RESERVE) / EVENT_WIRE_BYTES);
    for (let i = 0; i < fitting + 5; i++) queueRecord(pump, i);
    link.feed(encodeFrame(FrameType.REQUEST, 1, Command.GET_STATUS, new Uint8Array(0)));
    const out = frames(link.drain());
    const events = out.filter((f) => f.type === FrameType.EVENT);
    expect(events).toHaveLength(fitting);
    const response = out[out.length - 1];
    expect(response.type).toBe(FrameType.RESPONSE);
    expect(decodeStatus(response.payload).eventsDropped).toBe(5);
    queueRecord(pump, 99);
    const [next] = frames(link.drain());
    expect(next.sequence).toBe(2 + fitting + 5); // the five dropped numbers are skipped
  });

  it("a host that never drains: the request that finds no room is refused unexecuted and unanswered, then runs when resent", () => {
    const status = encodeFrame(FrameType.REQUEST, 1, Command.GET_STATUS, new Uint8Array(0));
    for (let sequence = 1; sequence <= 40; sequence++) {
      link.feed(encodeFrame(FrameType.REQUEST, sequence, Command.READ_LOG, Uint8Array.of(1, 0, 0, 0, 7)));
    }
    const out = frames(link.drain());
    const accepted = out.filter((f) => f.type === FrameType.RESPONSE).length;
    expect(accepted).toBeLessThan(40); // some were refused
    link.feed(status);
    const [response] = frames(link.drain());
    const st = decodeStatus(response.payload);
    expect([st.requestsExecuted, st.requestsRefused]).toEqual([accepted + 1, 40 - accepted]);
    expect(response.payload[0]).toBe(Result.OK);
  });
});
