// Messages to the EHR (RRG^O16, PCD-01 ORU^R01, PCD-10 ORU^R42) over MLLP, at least once
// (docs/gateway.md §6): each is in the journal before it is sent, one at a time in the order
// queued, and marked sent only when the EHR's acknowledgement names its control ID (MSA-2). No
// acknowledgement in time, a refused connection or a dropped one: the connection is closed and the
// same message is sent again after a pause, so a message may arrive twice — the EHR removes the
// duplicate by MSH-10, the de-duplication key. An acknowledgement that refuses the message (AE, AR,
// CE, CR) ends its delivery: sending it again would be refused again; the refusal is logged.
import { connect, type Socket } from "node:net";
import { Hl7Error } from "../hl7/location.ts";
import { parseHl7, segmentsOf, value } from "../hl7/message.ts";
import { MllpDecoder, mllpFrame } from "../mllp/frame.ts";
import type { Journal } from "./journal.ts";

export interface EhrEndpoint {
  host: string;
  port: number;
}

export interface EhrSenderOptions {
  /** Time to wait for the acknowledgement of one message. */
  ackTimeoutMs?: number;
  /** Pause before connecting again after a failure. */
  retryMs?: number;
  log?: (line: string) => void;
}

export class EhrSender {
  private socket: Socket | undefined;
  private decoder = new MllpDecoder(1 << 20);
  private running = false;
  private stopped = false;
  private waiter: ((reply: string | Error) => void) | undefined;
  private wake: (() => void) | undefined;
  private readonly ackTimeoutMs: number;
  private readonly retryMs: number;
  private readonly log: (line: string) => void;
  /** Messages acknowledged since start (for progress lines and tests). */
  delivered = 0;
  /** Connection attempts that failed. */
  failures = 0;

  constructor(
    private readonly endpoint: EhrEndpoint,
    private readonly journal: Journal,
    options: EhrSenderOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5000;
    this.retryMs = options.retryMs ?? 1000;
    this.log = options.log ?? (() => undefined);
  }

  /** Queues a message and makes sure it goes out (once it is on disk). */
  send(text: string, controlId: string): void {
    this.journal.queueOutbound(controlId, text);
    this.journal.durable().then(
      () => this.kick(),
      (error: Error) => this.log(`the journal could not be written: ${error.message}; ${controlId} waits`),
    );
  }

  /** Starts (or wakes) the delivery loop. */
  kick(): void {
    if (this.stopped) return;
    if (this.wake !== undefined) {
      const wake = this.wake;
      this.wake = undefined;
      wake();
    }
    if (this.running) return;
    this.running = true;
    void this.loop().finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const next = this.journal.pendingOutbound()[0];
      if (next === undefined) return;
      try {
        // Nothing leaves before it (and every record written before it) is on disk; a delivery mark
        // written since need not be (losing one only sends that message again).
        await this.journal.outboundDurable(next.id);
        const reply = await this.deliver(next.text);
        const ack = parseHl7(reply);
        const msa = segmentsOf(ack, "MSA")[0];
        const code = msa === undefined ? "" : value(msa, 1);
        const acked = msa === undefined ? "" : value(msa, 2);
        if (acked !== next.id) throw new Error(`the EHR acknowledged ${JSON.stringify(acked)}, not ${next.id}`);
        if (code !== "AA" && code !== "CA") this.log(`EHR refused ${next.id} (${code}); not sent again`);
        this.journal.markSent(next.id);
        this.delivered++;
      } catch (error) {
        this.failures++;
        const text =
          error instanceof Hl7Error ? `unreadable acknowledgement: ${error.message}` : (error as Error).message;
        this.log(
          `EHR ${this.endpoint.host}:${this.endpoint.port}: ${text}; ${next.id} is sent again in ${this.retryMs} ms`,
        );
        this.dropConnection();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.retryMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
  }

  private async connection(): Promise<Socket> {
    if (this.socket !== undefined && !this.socket.destroyed) return this.socket;
    this.decoder = new MllpDecoder(1 << 20);
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: this.endpoint.host, port: this.endpoint.port });
      s.once("connect", () => resolve(s));
      s.once("error", reject);
    });
    socket.setNoDelay(true);
    socket.on("data", (bytes: Buffer) => {
      for (const event of this.decoder.push(bytes))
        if (event.kind === "message") this.settle(event.text);
        else this.settle(new Error(`a bad frame from the EHR: ${event.reason}`));
    });
    socket.on("error", (error) => this.settle(error));
    socket.on("close", () => this.settle(new Error("the EHR closed the connection")));
    this.socket = socket;
    return socket;
  }

  private settle(reply: string | Error): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(reply);
  }

  private async deliver(text: string): Promise<string> {
    const socket = await this.connection();
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => this.settle(new Error(`no acknowledgement within ${this.ackTimeoutMs} ms`)),
        this.ackTimeoutMs,
      );
      this.waiter = (reply) => {
        clearTimeout(timer);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      };
      socket.write(mllpFrame(text));
    });
  }

  private dropConnection(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  /** Resolves when every queued message is acknowledged (or the sender stopped). */
  async drained(pollMs = 5): Promise<void> {
    while (!this.stopped && this.journal.pendingOutbound().length > 0)
      await new Promise((resolve) => setTimeout(resolve, pollMs));
  }

  stop(): void {
    this.stopped = true;
    this.settle(new Error("stopped"));
    this.wake?.();
    this.dropConnection();
  }
}
