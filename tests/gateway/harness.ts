// The gateway's surroundings in tests: an EHR (an @medplum/hl7 server that acknowledges what it
// receives and keeps it), an order sender (@medplum/hl7 client), bedside scans over the scan
// port, raw MLLP sockets for malformed input, and a pump double for the service tests (the
// end-to-end tests use the virtual pump on a real tty instead).
import { connect, type AddressInfo, type Socket } from "node:net";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as medplum from "@medplum/core";
import * as medplumHl7 from "@medplum/hl7";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import type { AutoProgramOrder } from "../../simulator/client/auto-program-messages.ts";
import type { InfusionSnapshot } from "../../simulator/client/workflow-messages.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { decodeRecord, type EventRecord } from "../../simulator/pump/event-record.ts";
import type { PumpAnswer } from "../../gateway/pcd/pump-answer.ts";
import type { PumpPort } from "../../gateway/service/pump-port.ts";
import type { BcmaConfig } from "../../gateway/bcma/four-scans.ts";

/** A medication label's GTIN-14 for the example products (check digits right). */
export const DOPAMINE_GTIN = "00312345678906";
export const SALINE_GTIN = "00312345000011";
/** Vancomycin 2 g / 500 mL (per-dose limits) and potassium chloride 40 mEq / 100 mL (central only). */
export const VANCOMYCIN_GTIN = "00312345700003";
export const POTASSIUM_GTIN = "00312345800000";

export const BCMA: BcmaConfig = {
  clinicians: new Set(["RN-17", "RN-18"]),
  formulary: new Map([
    [DOPAMINE_GTIN, { gtin: DOPAMINE_GTIN, drugCode: "DOPA-400-250", amountAbu: 400_000_000_000n, volumeUl: 250_000n }],
    [SALINE_GTIN, { gtin: SALINE_GTIN, drugCode: "NACL-09" }],
    [
      VANCOMYCIN_GTIN,
      { gtin: VANCOMYCIN_GTIN, drugCode: "VANC-2G-500", amountAbu: 2_000_000_000_000n, volumeUl: 500_000n },
    ],
    [POTASSIUM_GTIN, { gtin: POTASSIUM_GTIN, drugCode: "KCL-40-100", amountAbu: 40_000_000n, volumeUl: 100_000n }],
  ]),
  maxScanAgeMs: 600_000,
};

export function tempDir(prefix: string, root = tmpdir()): { path: string; remove(): void } {
  const path = mkdtempSync(join(root, prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** An EHR endpoint: acknowledges every message (AA) and keeps it; can refuse to listen. */
export class FakeEhr {
  readonly received: medplum.Hl7Message[] = [];
  private server: medplumHl7.Hl7Server | undefined;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = new medplumHl7.Hl7Server((connection) => {
      connection.addEventListener("message", ({ message }) => {
        this.received.push(message);
        connection.send(message.buildAck());
      });
    });
    this.server.start(port);
    const server = this.server.server!;
    if (!server.listening) await new Promise((resolve) => server.once("listening", resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.stop({ forceDrainTimeoutMs: 0 });
    this.server = undefined;
  }

  of(type: string): medplum.Hl7Message[] {
    return this.received.filter((m) => m.header.getField(9).toString().startsWith(type));
  }

  async waitFor(type: string, count = 1, timeoutMs = 5000): Promise<medplum.Hl7Message[]> {
    const until = Date.now() + timeoutMs;
    while (this.of(type).length < count) {
      if (Date.now() > until) throw new Error(`the EHR got ${this.of(type).length} ${type}, expected ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.of(type);
  }
}

/** Sends one message text over a fresh MLLP connection with @medplum/hl7 and returns the reply. */
export async function sendOrder(port: number, text: string): Promise<medplum.Hl7Message> {
  const client = new medplumHl7.Hl7Client({ host: "127.0.0.1", port });
  try {
    return await client.sendAndWait(medplum.Hl7Message.parse(text));
  } finally {
    await client.close();
  }
}

/** A raw TCP connection to the listener: bytes in, replies (framed) collected. */
export class RawConnection {
  readonly replies: string[] = [];
  closed = false;
  private buffer = Buffer.alloc(0);

  private constructor(readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      let end: number;
      while ((end = this.buffer.indexOf(Buffer.from([medplumHl7.FS, medplumHl7.CR]))) >= 0) {
        const start = this.buffer.indexOf(medplumHl7.VT);
        this.replies.push(this.buffer.subarray(start + 1, end).toString("utf8"));
        this.buffer = this.buffer.subarray(end + 2);
      }
    });
    socket.on("close", () => void (this.closed = true));
    socket.on("error", () => undefined);
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  frame(text: string): void {
    this.write(
      Buffer.concat([Buffer.from([medplumHl7.VT]), Buffer.from(text), Buffer.from([medplumHl7.FS, medplumHl7.CR])]),
    );
  }

  async reply(index = 0, timeoutMs = 5000): Promise<medplum.Hl7Message> {
    const until = Date.now() + timeoutMs;
    while (this.replies.length <= index) {
      if (Date.now() > until) throw new Error(`no reply ${index + 1} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return medplum.Hl7Message.parse(this.replies[index]);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Sends scan lines to the scan port and waits for their answers. */
export async function scan(port: number, lines: readonly string[]): Promise<string[]> {
  const socket = connect({ host: "127.0.0.1", port });
  socket.setEncoding("utf8");
  let got = "";
  socket.on("data", (chunk: string) => void (got += chunk));
  await new Promise((resolve) => socket.once("connect", resolve));
  socket.write(lines.map((l) => `${l}\n`).join(""));
  const until = Date.now() + 5000;
  while (got.split("\n").length <= lines.length && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  socket.destroy();
  return got.split("\n").filter((l) => l !== "");
}

/** The four scans of a bedside for an order. */
export function bedside(
  station: string,
  o: { patient?: string; nurse?: string; label?: string; pump?: string } = {},
): string[] {
  return [
    `${station} patient ${o.patient ?? "MRN-4711"}`,
    `${station} clinician ${o.nurse ?? "RN-17"}`,
    `${station} medication ${o.label ?? `(01)${DOPAMINE_GTIN}(17)271231(10)LOT7`}`,
    `${station} pump ${o.pump ?? "PUMP-A"}`,
  ];
}

export const IDLE_SNAPSHOT: InfusionSnapshot = {
  state: 1,
  segment: 0,
  pendingKind: 0,
  pendingVerdict: 0xff,
  pendingOverride: 0,
  careAreaId: 1,
  concentrationIndex: 0,
  highestAlarmPriority: 0,
  entryId: 0,
  alarmMask: 0,
  motorRateUlPerHour: 0n,
  primaryRateUlPerHour: 0n,
  primaryVtbiUl: 0n,
  primaryDeliveredUl: 0n,
  totalDeliveredUl: 0n,
  bolusRemainingUl: 0n,
  secondaryRemainingUl: 0n,
  weightG: 0,
  bsaM2X10000: 0,
  drugSelected: false,
  basicInfusion: false,
  basicReason: 0,
  secondaryConcentrationIndex: 0,
  secondaryEntryId: 0,
  alarmsSilenced: false,
  orderBound: false,
  linkLost: false,
  governingAlarm: 0xff,
};

/** Record fields whose bytes 20 … 51 hold `text` (ORDER_BOUND, ORDER_PATIENT; docs/event-log.md §3.7). */
export function orderTextFields(text: string): Partial<EventRecord> {
  const bytes = new Uint8Array(64);
  bytes.set(Buffer.from(text, "latin1"), 20);
  const { sequence: _s, type: _t, typeName: _n, timeMs: _m, ...fields } = decodeRecord(bytes);
  return fields;
}

/** An event record of `type` with every other field at its "nothing" value, then `fields` (unit tests). */
export function blankRecord(type: EventType, fields: Partial<EventRecord> = {}): EventRecord {
  return {
    sequence: 1,
    type,
    typeName: EventType[type],
    status: 0,
    timeMs: 0n,
    libraryVersion: 1,
    entryId: 0,
    careAreaId: 0,
    outcome: 0xff,
    param: 0xff,
    tier: 0,
    reasonCode: 0,
    mode: 0,
    concentrationIndex: 0xff,
    alarmPriority: 0,
    value: 0n,
    limit: 0n,
    rateUlPerHour: 0n,
    detail: 0,
    ...fields,
  };
}

/** A pump double (unit tests only): records the orders it receives and answers as told. */
export class PumpDouble implements PumpPort {
  readonly orders: AutoProgramOrder[] = [];
  answer: PumpAnswer = { kind: "pending", handle: 1, verdict: 0 };
  snapshot: InfusionSnapshot = IDLE_SNAPSHOT;
  /** When set, autoProgram waits for it (an unanswered pump). */
  hold: Promise<void> | undefined;
  /** The pump's event log (records decoded), and its clock. */
  readonly records: EventRecord[] = [];
  nowMs = 1_000_000n;
  /** How many READ_LOG requests the pump answered. */
  logReads = 0;

  /** Appends a record to the double's log (sequence and time given here). */
  logRecord(type: EventType, fields: Partial<EventRecord> = {}): EventRecord {
    const record = blankRecord(type, { sequence: this.records.length + 1, timeMs: this.nowMs, ...fields });
    this.records.push(record);
    return record;
  }

  async logStatus(): Promise<{ nextSequence: number; nowMs: bigint }> {
    return { nextSequence: this.records.length + 1, nowMs: this.nowMs };
  }

  async readLog(from: number, max: number): Promise<EventRecord[]> {
    this.logReads++;
    return this.records.filter((r) => r.sequence >= from).slice(0, max);
  }

  async autoProgram(order: AutoProgramOrder): Promise<PumpAnswer> {
    this.orders.push(order);
    if (this.hold !== undefined) await this.hold;
    return this.answer;
  }

  async infusion(): Promise<InfusionSnapshot | undefined> {
    return this.snapshot;
  }

  async close(): Promise<void> {}
}

/**
 * The example library with external codes on DOPamine (1090), sodium chloride (2001), vancomycin
 * (1070, per-dose limits) and potassium chloride (1050, a peripheral maximum): a test fixture.
 */
export function libraryWithCodes(): Uint8Array {
  const json = JSON.parse(readFileSync("hil/library/examples/general-hospital.json", "utf8"));
  for (const entry of json.entries) {
    if (entry.id === 1090) entry.codes = ["DOPA-400-250"];
    if (entry.id === 2001) entry.codes = ["NACL-09"];
    if (entry.id === 1070) entry.codes = ["VANC-2G-500"];
    if (entry.id === 1050) entry.codes = ["KCL-40-100"];
  }
  const result = compileLibrary(json);
  if (!result.ok) throw new Error(`the test library does not compile: ${JSON.stringify(result.errors[0])}`);
  return result.image;
}
