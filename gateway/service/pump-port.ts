// The gateway's side of one pump (docs/gateway.md §4): a serial port opened through serialport
// (SerialLink) with the reference client, AUTO_PROGRAM and GET_INFUSION over it. The port is opened
// when first needed and opened again after it failed, so a pump that was off when the gateway
// started is reached once it is on. Tests of the service hand it their own PumpPort.
import { Result } from "../../firmware/abi/protocol-codes.ts";
import type { AutoProgramOrder } from "../../simulator/client/auto-program-messages.ts";
import { PumpClient, UncertainOutcomeError } from "../../simulator/client/client.ts";
import type { PumpCommands } from "../../simulator/client/pump-commands.ts";
import type { InfusionSnapshot } from "../../simulator/client/workflow-messages.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { decodeRecord, recordIntact, type EventRecord } from "../../simulator/pump/event-record.ts";
import type { PumpAnswer } from "../pcd/pump-answer.ts";

export interface PumpPort {
  autoProgram(order: AutoProgramOrder): Promise<PumpAnswer>;
  /** The pump's workflow snapshot, or undefined when it cannot be reached. */
  infusion(): Promise<InfusionSnapshot | undefined>;
  /** Where the pump's event log and clock stand (GET_STATUS), or undefined when it cannot be reached. */
  logStatus(): Promise<{ nextSequence: number; nowMs: bigint } | undefined>;
  /** Up to `max` (1 … 7) intact records from `from` on (READ_LOG), or undefined when unreachable. */
  readLog(from: number, max: number): Promise<EventRecord[] | undefined>;
  close(): Promise<void>;
}

/** One pump of the registry: its serial device and the care area its orders are for. */
export interface PumpEntry {
  id: string;
  path: string;
  careAreaId: number;
}

export class SerialPumpPort implements PumpPort {
  private link: SerialLink | undefined;
  private client: PumpCommands | undefined;
  private connecting: Promise<PumpCommands> | undefined;

  /**
   * `line`: commands over a line someone else owns (the HIL runner's, docs/hil.md §9) instead of
   * opening `path`; closing the port then leaves that line open.
   */
  constructor(
    private readonly path: string,
    private readonly timeoutMs = 300,
    private readonly line?: PumpCommands,
  ) {}

  /** The client, connecting once however many callers ask at the same time (one lock on the port). */
  private connect(): Promise<PumpCommands> {
    if (this.line !== undefined) return Promise.resolve(this.line);
    if (this.client !== undefined && this.link !== undefined) return Promise.resolve(this.client);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<PumpCommands> {
    const link = await SerialLink.open(this.path);
    const client = new PumpClient(link, { timeoutMs: this.timeoutMs, maxAttempts: 3 });
    // A session starts with HELLO (decisions/0012): it empties the pump's history, so a restarted
    // gateway, whose sequence numbers start again at 0, is never answered from an earlier client's.
    try {
      const hello = await client.hello();
      if (!hello.ok) throw new Error(`the pump refused HELLO (result ${hello.result})`);
    } catch (error) {
      await link.close().catch(() => undefined);
      throw error;
    }
    this.link = link;
    this.client = client;
    return client;
  }

  private async forget(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    this.client = undefined;
    await link?.close().catch(() => undefined);
  }

  async autoProgram(order: AutoProgramOrder): Promise<PumpAnswer> {
    let client: PumpCommands;
    try {
      client = await this.connect();
    } catch (error) {
      return { kind: "unreachable", reason: (error as Error).message };
    }
    try {
      const reply = await client.autoProgram(order);
      if (reply.ok)
        return { kind: "pending", handle: reply.value.orderHandle, verdict: reply.value.result?.verdict ?? 0xff };
      return { kind: "refused", result: reply.result as Result, detail: reply.detail };
    } catch (error) {
      // No answer after every retransmission: the pump may hold the order; the EHR is told so.
      await this.forget();
      const uncertain = error instanceof UncertainOutcomeError ? " (it may hold the order: check the pump)" : "";
      return { kind: "unreachable", reason: `${(error as Error).message}${uncertain}` };
    }
  }

  async infusion(): Promise<InfusionSnapshot | undefined> {
    try {
      const client = await this.connect();
      const reply = await client.getInfusion();
      return reply.ok ? reply.value.snapshot : undefined;
    } catch {
      await this.forget();
      return undefined;
    }
  }

  async logStatus(): Promise<{ nextSequence: number; nowMs: bigint } | undefined> {
    try {
      const reply = await (await this.connect()).getStatus();
      return reply.ok ? { nextSequence: reply.value.logNextSequence, nowMs: reply.value.nowMs } : undefined;
    } catch {
      await this.forget();
      return undefined;
    }
  }

  async readLog(from: number, max: number): Promise<EventRecord[] | undefined> {
    try {
      const reply = await (await this.connect()).readLog(from, max);
      // The pump returns only records whose CRC it checked; the line's CRC covers the frame, and
      // the record's own CRC is checked again here, end to end. A record failing it was damaged on
      // the way: the page is not used (undefined: read again next round), never silently thinned —
      // the reporter takes an empty page for "nothing left to read" and would skip past it.
      if (!reply.ok) return undefined;
      if (!reply.value.records.every(recordIntact)) {
        await this.forget();
        return undefined;
      }
      return reply.value.records.map(decodeRecord);
    } catch {
      await this.forget();
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.forget();
  }
}
