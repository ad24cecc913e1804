// Model-based test of sessions (fast-check `commands`, docs/protocol.md §4, issue 10 §1): two
// clients share one pump and take turns; each turn begins with HELLO at one of a few first
// sequences, so both clients send the same sequences, often with the same bytes. Checked for every
// answer a client receives:
//   - a new request is executed for it in its own session: its code, never SEQUENCE_REUSED, a
//     GET_STATUS whose requestsExecuted and duplicateRequests are exactly the model's (an answer
//     from an earlier session would carry an older count), a CHECK_PROGRAM with its PROGRAM_CHECK
//     event, a workflow answer that is the pump's real motor state;
//   - a request resent inside its session gets the same bytes again; only HELLO runs again.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import { encodeRequest } from "../../simulator/host/request-codec.ts";
import { decodeError, decodeStatus, encodeReadLog, resultOf } from "../../simulator/client/messages.ts";
import {
  decodeWorkflow,
  encodeCareArea,
  encodeProgramBlock,
  encodeSelectDrug,
} from "../../simulator/client/workflow-messages.ts";
import { freshPump, type ProbeExports } from "./harness.ts";
import { WireClient, type Exchange } from "./wire-client.ts";

type Pump = ProbeExports & { motorRate(): bigint };

interface Sent {
  /** The session the request was answered in. */
  session: number;
  code: number;
  responseBytes: Uint8Array;
}

interface Model {
  /** The client whose session is the pump's current one. */
  owner: number | undefined;
  /** Sessions opened so far; each HELLO opens one. */
  session: number;
  executed: number;
  duplicates: number;
  last: (Sent | undefined)[];
}

interface Real {
  pump: Pump;
  clients: WireClient[];
}

const EMPTY = new Uint8Array(0);
const checkAt = (rateUlPerHour: bigint): Uint8Array =>
  encodeRequest({
    entryId: 1001,
    careAreaId: 0,
    concentrationIndex: 0,
    mode: Mode.RATE,
    rateUlPerHour,
    weightG: 80_000n,
  });
const WORKFLOW = new Set<number>([
  Command.SELECT_CARE_AREA,
  Command.SELECT_DRUG,
  Command.PROGRAM,
  Command.START,
  Command.STOP,
  Command.GET_INFUSION,
]);
/** Few requests, so two clients often send the same bytes under the same sequence. */
const REQUESTS: [string, number, Uint8Array][] = [
  ["GET_STATUS", Command.GET_STATUS, EMPTY],
  ["CHECK 28 mL/h", Command.CHECK_PROGRAM, checkAt(28_000n)],
  ["CHECK 40.001 mL/h", Command.CHECK_PROGRAM, checkAt(40_001n)],
  ["READ_LOG", Command.READ_LOG, encodeReadLog(1, 2)],
  ["AREA ICU", Command.SELECT_CARE_AREA, encodeCareArea(0)],
  ["DRUG saline", Command.SELECT_DRUG, encodeSelectDrug({ entryId: 2001, concentrationIndex: 0xff })],
  ["PROGRAM 25.2 mL/h", Command.PROGRAM, encodeProgramBlock({ mode: Mode.RATE, rateUlPerHour: 25_200n })],
  ["START", Command.START, EMPTY],
  ["STOP", Command.STOP, EMPTY],
  ["GET_INFUSION", Command.GET_INFUSION, EMPTY],
];

type SessionCommand = fc.Command<Model, Real>;

/** The answer to a new request: executed now, for this client, in this session. */
function expectExecuted(model: Model, real: Real, code: number, x: Exchange): void {
  expect(x.response.code).toBe(code);
  const result = resultOf(x.response.payload);
  expect(result, "never another request's sequence in this session").not.toBe(Result.SEQUENCE_REUSED);
  if (code === Command.GET_STATUS) {
    const status = decodeStatus(x.response.payload);
    expect([status.requestsExecuted, status.duplicateRequests], "counted now, not remembered").toEqual([
      model.executed,
      model.duplicates,
    ]);
  }
  if (code === Command.CHECK_PROGRAM)
    expect(
      x.events.map((e) => e.code),
      "checked now",
    ).toEqual([EventType.PROGRAM_CHECK]);
  if (WORKFLOW.has(code)) {
    const motorUlPerHour = real.pump.motorRate();
    if (result === Result.OK) {
      const snapshot = decodeWorkflow(x.response.payload, code === Command.PROGRAM ? "result" : "plain").snapshot;
      expect(snapshot.motorRateUlPerHour, "the answer is the pump's state now").toBe(motorUlPerHour);
    } else {
      expect(result).toBe(Result.OUT_OF_STATE);
      expect(decodeError(x.response.payload).detail === PumpState.RUNNING, "refused for the pump's state now").toBe(
        motorUlPerHour > 0n,
      );
    }
  }
}

class Connect implements SessionCommand {
  constructor(
    readonly client: number,
    readonly firstSequence: number,
  ) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const x = real.clients[this.client].connect(this.firstSequence);
    model.executed++;
    model.session++;
    model.owner = this.client;
    expect([x.response.sequence, x.response.code, resultOf(x.response.payload)]).toEqual([
      this.firstSequence,
      Command.HELLO,
      Result.OK,
    ]);
    model.last[this.client] = { session: model.session, code: Command.HELLO, responseBytes: x.responseBytes };
  }
  toString = (): string => `Connect(${this.client}, #${this.firstSequence})`;
}

class Request implements SessionCommand {
  constructor(
    readonly client: number,
    readonly which: number,
  ) {}
  check = (model: Readonly<Model>): boolean => model.owner === this.client;
  run(model: Model, real: Real): void {
    const [, code, payload] = REQUESTS[this.which];
    model.executed++;
    const x = real.clients[this.client].send(code, payload);
    expectExecuted(model, real, code, x);
    model.last[this.client] = { session: model.session, code, responseBytes: x.responseBytes };
  }
  toString = (): string => `Request(${this.client}, ${REQUESTS[this.which][0]})`;
}

/** The client lost the answer to its last request and sends the same bytes again. */
class Resend implements SessionCommand {
  constructor(readonly client: number) {}
  check = (model: Readonly<Model>): boolean =>
    model.owner === this.client && model.last[this.client]?.session === model.session;
  run(model: Model, real: Real): void {
    const sent = model.last[this.client]!;
    const x = real.clients[this.client].resend();
    expect(x.responseBytes, "the same answer again").toEqual(sent.responseBytes);
    if (sent.code === Command.HELLO) {
      model.executed++; // HELLO is never looked up: it opens the session again
      model.session++;
      sent.session = model.session;
    } else {
      model.duplicates++;
      expect(x.events, "a repeat is not executed again").toEqual([]);
    }
  }
  toString = (): string => `Resend(${this.client})`;
}

const client = fc.integer({ min: 0, max: 1 });
const commands = [
  fc.tuple(client, fc.integer({ min: 0, max: 2 })).map(([c, first]) => new Connect(c, first)),
  fc.tuple(client, fc.integer({ min: 0, max: REQUESTS.length - 1 })).map(([c, which]) => new Request(c, which)),
  fc.tuple(client, fc.integer({ min: 0, max: REQUESTS.length - 1 })).map(([c, which]) => new Request(c, which)),
  fc.tuple(client, fc.integer({ min: 0, max: REQUESTS.length - 1 })).map(([c, which]) => new Request(c, which)),
  client.map((c) => new Resend(c)),
];

describe("sessions model (fast-check commands)", () => {
  it("REQ-PRO-015 REQ-PRO-005 two clients reconnecting in turn with colliding sequences: every answer was executed for its client in its own session", async () => {
    await freshPump(); // compiles the module once, outside the property
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60 }), async (cmds) => {
        const pump = (await freshPump()) as Pump;
        pump.transmit(1 << 16); // the power-on events
        const real: Real = { pump, clients: [new WireClient(pump, "client 0"), new WireClient(pump, "client 1")] };
        const model: Model = { owner: undefined, session: 0, executed: 0, duplicates: 0, last: [undefined, undefined] };
        fc.modelRun(() => ({ model, real }), cmds);
        // Whoever comes next opens a session and sees every count add up.
        new Connect(0, 0).run(model, real);
        new Request(0, 0).run(model, real);
      }),
      { numRuns: 300 },
    );
  });
});
