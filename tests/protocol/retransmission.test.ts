// Exactly-once execution under retransmission, sequence reuse, and the client's timeouts.
import { beforeEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { Command, FrameType, HISTORY_DEPTH, Result } from "../../firmware/abi/protocol-codes.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import { UncertainOutcomeError } from "../../simulator/client/client.ts";
import { checkSegment, encodeFrame, splitStream } from "../../simulator/client/frame.ts";
import { decodeStatus } from "../../simulator/client/messages.ts";
import { freshSession, settle, type Session } from "./harness.ts";

const check = encodeRequest({
  entryId: 1001,
  careAreaId: 0,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour: 28_000n,
  weightG: 80_000n,
});

let s: Session;
beforeEach(async () => {
  s = await freshSession();
  s.link.drain(); // the POWER_ON and LIBRARY_ACTIVATED events
});

/** Sends raw wire bytes straight to the pump and returns its response frames (events skipped). */
function exchange(wire: Uint8Array): Uint8Array[] {
  s.link.feed(wire);
  return splitStream(s.link.drain()).filter((seg) => {
    const c = checkSegment(seg);
    return c.ok && c.frame.type === FrameType.RESPONSE;
  });
}

function status(sequence: number) {
  const [response] = exchange(encodeFrame(FrameType.REQUEST, sequence, Command.GET_STATUS, new Uint8Array(0)));
  const c = checkSegment(response);
  if (!c.ok) throw new Error("bad status frame");
  return decodeStatus(c.frame.payload);
}

describe("REQ-PRO-005 a repeated request is answered from the history, not executed again", () => {
  it("the same CHECK_PROGRAM frame twice: identical response bytes, one execution, one log record", () => {
    const wire = encodeFrame(FrameType.REQUEST, 7, Command.CHECK_PROGRAM, check);
    const first = exchange(wire);
    const second = exchange(wire);
    expect(first).toHaveLength(1);
    expect(second).toEqual(first);
    const st = status(8);
    expect([st.requestsExecuted, st.duplicateRequests]).toEqual([2, 1]); // the check and this GET_STATUS
    expect(st.logNextSequence).toBe(4); // POWER_ON, LIBRARY_ACTIVATED, one PROGRAM_CHECK
  });

  it("the history holds the last 16 requests: the 17th-oldest sequence executes again", () => {
    const frames = Array.from({ length: HISTORY_DEPTH + 1 }, (_, i) =>
      encodeFrame(FrameType.REQUEST, 100 + i, Command.CHECK_PROGRAM, check),
    );
    for (const f of frames) exchange(f);
    exchange(frames[1]); // still remembered
    exchange(frames[0]); // forgotten: executed again
    const st = status(200);
    expect([st.requestsExecuted, st.duplicateRequests, st.logNextSequence]).toEqual([
      HISTORY_DEPTH + 3,
      1,
      3 + HISTORY_DEPTH + 2,
    ]);
  });

  it("HELLO clears the history: an earlier client's sequence executes again", () => {
    const wire = encodeFrame(FrameType.REQUEST, 5, Command.CHECK_PROGRAM, check);
    exchange(wire);
    exchange(encodeFrame(FrameType.REQUEST, 6, Command.HELLO, Uint8Array.of(1)));
    exchange(wire);
    expect(status(7)).toMatchObject({ requestsExecuted: 4, duplicateRequests: 0, logNextSequence: 5 });
  });
});

describe("REQ-PRO-006 same sequence, different request", () => {
  it("is answered SEQUENCE_REUSED with its sequence and code, and not executed", () => {
    exchange(encodeFrame(FrameType.REQUEST, 9, Command.CHECK_PROGRAM, check));
    const other = check.slice();
    other[16] ^= 1; // a different rate
    const [response] = exchange(encodeFrame(FrameType.REQUEST, 9, Command.CHECK_PROGRAM, other));
    const c = checkSegment(response);
    expect(c.ok && [c.frame.sequence, c.frame.code, ...c.frame.payload]).toEqual([
      9,
      Command.CHECK_PROGRAM,
      Result.SEQUENCE_REUSED,
      0,
      0,
    ]);
    expect(status(10)).toMatchObject({ requestsExecuted: 2, logNextSequence: 4 });
  });
});

describe("REQ-PRO-013 client retransmission", () => {
  it("a lost response: after the timeout the same bytes go again and the pump answers from its history", async () => {
    s.link.dropPumpOutput = 1;
    const pending = s.client.checkProgram({
      entryId: 1001,
      careAreaId: 0,
      concentrationIndex: 0,
      mode: Mode.RATE,
      rateUlPerHour: 28_000n,
      weightG: 80_000n,
    });
    await settle();
    expect(s.link.faultsInjected).toBe(1);
    s.timers.advance(500);
    const r = await pending;
    expect(r.ok).toBe(true);
    expect(s.client.retransmissions).toBe(1);
    const st = await s.client.getStatus();
    expect(st.ok && [st.value.requestsExecuted, st.value.duplicateRequests, st.value.logNextSequence]).toEqual([
      2, 1, 4,
    ]);
  });

  it("a lost request: resent after the timeout and executed once", async () => {
    s.link.dropHostWrites = 1;
    const pending = s.client.getStatus();
    await settle();
    s.timers.advance(500);
    const r = await pending;
    expect(s.link.faultsInjected).toBe(1);
    expect(r.ok && [r.value.requestsExecuted, r.value.duplicateRequests]).toEqual([1, 0]);
  });

  it("a corrupted request: the pump's FRAME_ERROR makes the client resend at once, without waiting", async () => {
    s.link.corruptHostWrites = 1;
    const r = await s.client.getStatus();
    expect(s.link.faultsInjected).toBe(1);
    expect(s.client.retransmissions).toBe(1);
    expect(r.ok && [r.value.frameErrors, r.value.requestsExecuted]).toEqual([1, 1]);
  });

  it("no answer to any attempt: the outcome is uncertain, not failed", async () => {
    s.link.dropPumpOutput = 3;
    const pending = s.client.getStatus();
    const outcome = pending.catch((error: unknown) => error);
    for (let i = 0; i < 3; i++) {
      await settle();
      s.timers.advance(500);
    }
    const error = await outcome;
    expect(error).toBeInstanceOf(UncertainOutcomeError);
    expect(error).toMatchObject({ sequence: 0, code: Command.GET_STATUS, attempts: 3 });
    // The pump executed it once and answered the two resends from its history.
    const st = await s.client.getStatus();
    expect(st.ok && [st.value.requestsExecuted, st.value.duplicateRequests]).toEqual([2, 2]);
  });

  it("sequences wrap from 0xFFFF to 0", async () => {
    const wrap = await freshSession(true, { firstSequence: 0xffff });
    const a = await wrap.client.getStatus();
    const b = await wrap.client.getStatus();
    expect([a.sequence, b.sequence]).toEqual([0xffff, 0]);
    expect(a.ok && b.ok).toBe(true);
  });
});
