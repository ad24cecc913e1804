// Sessions (docs/protocol.md §4, docs/decisions/0012-protocol-sessions.md): HELLO is always executed
// and opens a session; no answer remembered in one session is returned in another; inside a session
// a resent request is still answered from the history. Regression tests for issue 10 §1: a second
// client starting at the same sequence numbers as an earlier one sent a HELLO byte-identical to a
// remembered one, was answered from the history, and then got the earlier client's answers.
import { beforeEach, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import { decodeHello, decodeStatus, resultOf } from "../../simulator/client/messages.ts";
import {
  decodeWorkflow,
  encodeCareArea,
  encodeProgramBlock,
  encodeSelectDrug,
  type InfusionSnapshot,
} from "../../simulator/client/workflow-messages.ts";
import { freshPump, freshSession, settle, type ProbeExports } from "./harness.ts";
import { WireClient, type Exchange } from "./wire-client.ts";

type Pump = ProbeExports & { motorRate(): bigint };

const ICU = 0;
const SALINE = 2001; // a fluid: rate soft max 500 mL/h, so 25.2 mL/h is a go
const NO_CONCENTRATION = 0xff;
const EMPTY = new Uint8Array(0);
const RATE_UL_PER_HOUR = 25_200n;
const AREA: [number, Uint8Array] = [Command.SELECT_CARE_AREA, encodeCareArea(ICU)];
const DRUG: [number, Uint8Array] = [
  Command.SELECT_DRUG,
  encodeSelectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION }),
];
const PROGRAM: [number, Uint8Array] = [
  Command.PROGRAM,
  encodeProgramBlock({ mode: Mode.RATE, rateUlPerHour: RATE_UL_PER_HOUR }),
];
const START: [number, Uint8Array] = [Command.START, EMPTY];
const STOP: [number, Uint8Array] = [Command.STOP, EMPTY];
/** What both clients run after HELLO #0: #1 care area, #2 drug, #3 program, #4 START, #5 STOP. */
const SCRIPT = [AREA, DRUG, PROGRAM, START, STOP];
const check = encodeRequest({
  entryId: 1001,
  careAreaId: 0,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour: 28_000n,
  weightG: 80_000n,
});

let pump: Pump;
let a: WireClient;
let b: WireClient;
beforeEach(async () => {
  pump = (await freshPump()) as Pump;
  pump.transmit(1 << 16); // the POWER_ON and LIBRARY_ACTIVATED events
  a = new WireClient(pump, "client A");
  b = new WireClient(pump, "client B");
});

const snapshotOf = (x: Exchange): InfusionSnapshot =>
  decodeWorkflow(x.response.payload, x.response.code === Command.PROGRAM ? "result" : "plain").snapshot;
const statusOf = (x: Exchange) => decodeStatus(x.response.payload);

/** HELLO #0, then the script up to and including `last`; returns the answer to `last`. */
function runScript(client: WireClient, last: Command): Exchange {
  expect(resultOf(client.connect(0).response.payload)).toBe(Result.OK);
  for (const [code, payload] of SCRIPT) {
    const answer = client.send(code, payload);
    if (code === last) return answer;
  }
  throw new Error(`the script has no command ${last}`);
}

describe("REQ-PRO-015 issue 10 §1: a second client is never answered from the first client's history", () => {
  it("issue 10 §1: a second client's STOP is executed, not answered from the first client's history", () => {
    runScript(a, Command.STOP);
    a.send(...PROGRAM); // #6
    expect(snapshotOf(a.send(...START))).toMatchObject({
      state: PumpState.RUNNING,
      motorRateUlPerHour: RATE_UL_PER_HOUR,
    }); // #7
    expect(pump.motorRate()).toBe(RATE_UL_PER_HOUR); // client A leaves the pump running at 25.2 mL/h

    const stop = runScript(b, Command.STOP);
    expect(resultOf(stop.response.payload)).toBe(Result.OK);
    expect(snapshotOf(stop)).toMatchObject({ state: PumpState.DRUG_SELECTED, motorRateUlPerHour: 0n });
    expect(pump.motorRate(), "the pump really stopped").toBe(0n);
    expect(stop.events.map((e) => e.code)).toContain(EventType.INFUSION_STOPPED);
  });

  it("issue 10 §1: a second client's START is executed, not answered RUNNING while the program is only pending", () => {
    runScript(a, Command.STOP);
    expect(snapshotOf(a.send(...PROGRAM)).state).toBe(PumpState.PROGRAM_PENDING); // #6: A leaves a program pending
    expect(pump.motorRate()).toBe(0n);

    const start = runScript(b, Command.START);
    expect(snapshotOf(start)).toMatchObject({ state: PumpState.RUNNING, motorRateUlPerHour: RATE_UL_PER_HOUR });
    expect(pump.motorRate(), "the answer is the pump's real state").toBe(RATE_UL_PER_HOUR);
    expect(start.events.map((e) => e.code)).toContain(EventType.INFUSION_STARTED);
  });

  it("issue 10 §1: a HELLO whose sequence an earlier client used for another request is executed, not refused SEQUENCE_REUSED", () => {
    a.connect(0);
    a.send(Command.GET_STATUS, EMPTY); // #1
    const hello = b.connect(1);
    expect(resultOf(hello.response.payload)).toBe(Result.OK);
    expect(decodeHello(hello.response.payload).protocolVersion).toBe(1);
    expect(statusOf(b.send(Command.GET_STATUS, EMPTY))).toMatchObject({ requestsExecuted: 4, duplicateRequests: 0 });
  });

  it("issue 10 §1: a byte-identical HELLO of a second client is executed, and the first client's requests are forgotten", () => {
    a.connect(0);
    const first = a.send(Command.CHECK_PROGRAM, check); // #1, logged
    expect(first.events).toHaveLength(1);
    b.connect(0);
    const again = b.send(Command.CHECK_PROGRAM, check); // the same bytes in a new session: a new check
    expect(again.events.map((e) => e.code)).toEqual([EventType.PROGRAM_CHECK]);
    expect(statusOf(b.send(Command.GET_STATUS, EMPTY))).toMatchObject({
      requestsExecuted: 5,
      duplicateRequests: 0,
      logNextSequence: 5,
    });
  });
});

describe("REQ-PRO-015 REQ-PRO-005 retransmission inside a session", () => {
  it("a request resent inside its session is still answered from the history, byte for byte", () => {
    b.connect(7);
    const first = b.send(Command.CHECK_PROGRAM, check);
    const repeat = b.resend();
    expect(repeat.responseBytes).toEqual(first.responseBytes);
    expect(repeat.events, "not executed again").toEqual([]);
    expect(statusOf(b.send(Command.GET_STATUS, EMPTY))).toMatchObject({ requestsExecuted: 3, duplicateRequests: 1 });
  });

  it("a HELLO resent because its answer was lost is executed again with the same answer, and the session goes on", () => {
    const first = a.connect(0);
    const resent = a.resend();
    expect(resent.responseBytes, "the client cannot tell which of the two answers it got").toEqual(first.responseBytes);
    const checked = a.send(Command.CHECK_PROGRAM, check); // #1
    expect(a.resend().responseBytes).toEqual(checked.responseBytes);
    expect(statusOf(a.send(Command.GET_STATUS, EMPTY))).toMatchObject({ requestsExecuted: 4, duplicateRequests: 1 });
  });

  it("the reference client whose first HELLO answer is lost retries after its timeout and proceeds", async () => {
    const s = await freshSession();
    s.link.drain();
    s.link.dropPumpOutput = 1;
    const pending = s.client.hello();
    await settle();
    expect(s.link.faultsInjected).toBe(1);
    s.timers.advance(500);
    const hello = await pending;
    expect(hello.ok && hello.value.protocolVersion).toBe(1);
    expect(s.client.retransmissions).toBe(1);
    const st = await s.client.getStatus();
    expect(st.ok && [st.value.requestsExecuted, st.value.duplicateRequests]).toEqual([3, 0]); // HELLO twice, this GET_STATUS
  });
});
