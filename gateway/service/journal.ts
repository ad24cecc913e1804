// The gateway's durable queue (docs/gateway.md §6, decisions/0038): one append-only file of JSON
// lines, each on disk before the gateway acts on it — an order before its accept
// acknowledgement goes out, an outbound message before it is sent, its delivery once the EHR
// acknowledged it. After a restart the file tells what is still to do: orders accepted but not
// finished are processed again, messages not acknowledged are sent again (at least once; the EHR
// removes duplicates by MSH-10), and finished orders answer duplicates (idempotent by order id).
// A crash can tear only the last line, which was never acknowledged: it is dropped. Any other
// unreadable line stops the start, naming the file and line — a damaged queue is not guessed at.
// Writes go to the file at once and reach the disk together (group commit): durable() resolves
// when everything written so far is synchronised, with one fdatasync for all the records written
// meanwhile, off the event loop — so ten orders arriving together cost one disk flush, not ten.
// At open the file is rewritten with only what still matters (compaction), through a temporary
// file and a rename, so a crash during it leaves the old file whole.
import { closeSync, existsSync, fdatasync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";

/** How an order ended, as its RRG^O16 says it. */
export interface OrderOutcome {
  code: "AA" | "AE" | "AR";
  piv?: number;
  reason?: string;
  /** The pump's order handle when the pump took the order. */
  handle?: number;
}

export type JournalRecord =
  | { k: "order"; key: string; text: string; atMs: number }
  | { k: "done"; key: string; outcome: OrderOutcome }
  | { k: "out"; id: string; text: string }
  | { k: "sent"; id: string }
  /**
   * Records of a pump's event log read up to `next` (exclusive) and the messages made of them, in
   * one line: a torn line loses both, so a restart reads those records again and sends them once.
   */
  | { k: "log"; pump: string; next: number; out: { id: string; text: string }[] };

export class JournalError extends Error {}

/** How a group of records is flushed: fdatasync; a test may hold or fail the flush to see what waits for it. */
export type JournalSync = (fd: number, done: (error: Error | null) => void) => void;

export interface PendingOrder {
  key: string;
  text: string;
  atMs: number;
}

export class Journal {
  private fd: number;
  private readonly orders = new Map<string, { text: string; atMs: number; outcome?: OrderOutcome }>();
  private readonly outbound = new Map<string, string>();
  /** Per pump: the next event-log sequence to read (decisions/0045). */
  private readonly cursors = new Map<string, number>();
  /** The number of the record that queued each outbound message (what must be on disk before it is sent). */
  private readonly outboundRecord = new Map<string, number>();
  private nextOut = 1;
  /** Records written, and written and known to be on disk. */
  private written = 0;
  private synced = 0;
  private syncing: Promise<void> | undefined;

  private constructor(
    private readonly path: string,
    private readonly sync: JournalSync,
  ) {
    this.fd = -1;
  }

  /** Opens (or creates) the journal at `path`, reads what is pending and compacts the file. */
  static open(path: string, sync: JournalSync = fdatasync): Journal {
    const journal = new Journal(path, sync);
    if (existsSync(path)) journal.load(readFileSync(path, "utf8"));
    journal.compact();
    return journal;
  }

  private load(text: string): void {
    const lines = text.split("\n");
    const last = lines.length - 1;
    for (const [index, line] of lines.entries()) {
      if (line === "") continue;
      let record: JournalRecord;
      try {
        record = JSON.parse(line) as JournalRecord;
      } catch {
        // Only the last line can be torn by a crash, and it was never acknowledged to anyone.
        if (index === last) continue;
        throw new JournalError(
          `${this.path}:${index + 1}: the line is not JSON; the queue is damaged (not a torn last line)`,
        );
      }
      this.apply(record, index + 1);
    }
  }

  private apply(record: JournalRecord, line = 0): void {
    switch (record.k) {
      case "order":
        if (!this.orders.has(record.key)) this.orders.set(record.key, { text: record.text, atMs: record.atMs });
        break;
      case "done": {
        const order = this.orders.get(record.key);
        if (order !== undefined) order.outcome = record.outcome;
        break;
      }
      case "out":
        this.outbound.set(record.id, record.text);
        this.seen(record.id);
        break;
      case "sent":
        this.outbound.delete(record.id);
        this.outboundRecord.delete(record.id);
        this.seen(record.id);
        break;
      case "log":
        this.cursors.set(record.pump, record.next);
        for (const m of record.out) {
          this.outbound.set(m.id, m.text);
          this.seen(m.id);
        }
        break;
      default:
        throw new JournalError(
          `${this.path}:${line}: unknown record kind ${JSON.stringify((record as { k: unknown }).k)}`,
        );
    }
  }

  private seen(id: string): void {
    const n = Number(/^GW(\d+)$/.exec(id)?.[1] ?? "0");
    if (n >= this.nextOut) this.nextOut = n + 1;
  }

  private compact(): void {
    const temporary = `${this.path}.tmp`;
    const fd = openSync(temporary, "w");
    const lines: string[] = [];
    // The next outbound number survives compaction even when every message was delivered.
    lines.push(JSON.stringify({ k: "sent", id: `GW${this.nextOut - 1}` }));
    for (const [key, order] of this.orders) {
      lines.push(JSON.stringify({ k: "order", key, text: order.text, atMs: order.atMs }));
      if (order.outcome !== undefined) lines.push(JSON.stringify({ k: "done", key, outcome: order.outcome }));
    }
    for (const [pump, next] of this.cursors) lines.push(JSON.stringify({ k: "log", pump, next, out: [] }));
    for (const [id, text] of this.outbound) lines.push(JSON.stringify({ k: "out", id, text }));
    writeSync(fd, lines.map((l) => `${l}\n`).join(""));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, this.path);
    this.fd = openSync(this.path, "a");
    fsyncSync(this.fd);
  }

  private append(record: JournalRecord): void {
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    this.written++;
    this.apply(record);
  }

  /**
   * Resolves when every record written so far (or the first `upTo`) is on disk; rejects when the
   * disk refuses.
   */
  async durable(upTo = this.written): Promise<void> {
    const target = upTo;
    while (this.synced < target) {
      if (this.syncing === undefined) {
        const upTo = this.written;
        this.syncing = new Promise<void>((resolve, reject) =>
          this.sync(this.fd, (error) => {
            this.syncing = undefined;
            if (error !== null) return reject(error);
            this.synced = Math.max(this.synced, upTo);
            resolve();
          }),
        );
      }
      await this.syncing;
    }
  }

  /** The order with this key, when one was accepted before (a duplicate). */
  order(key: string): { text: string; outcome?: OrderOutcome } | undefined {
    return this.orders.get(key);
  }

  /** Records an accepted order (on disk once durable() resolves). */
  acceptOrder(key: string, text: string, atMs: number): void {
    this.append({ k: "order", key, text, atMs });
  }

  finishOrder(key: string, outcome: OrderOutcome): void {
    this.append({ k: "done", key, outcome });
  }

  /** Orders accepted and not finished, oldest first: what a restart processes again. */
  unfinishedOrders(): PendingOrder[] {
    return [...this.orders]
      .filter(([, o]) => o.outcome === undefined)
      .map(([key, o]) => ({ key, text: o.text, atMs: o.atMs }));
  }

  /** A fresh control ID for an outbound message (GW1, GW2, …, never reused across restarts). */
  nextControlId(): string {
    return `GW${this.nextOut++}`;
  }

  /** Queues an outbound message under its control ID (on disk once durable() resolves). */
  queueOutbound(id: string, text: string): void {
    this.append({ k: "out", id, text });
    this.outboundRecord.set(id, this.written); // append counted it: its number
  }

  /**
   * Resolves when this outbound message's record, and every record before it, is on disk: what
   * must hold before it is sent. Records written after it (another message delivered) need not
   * wait — losing a delivery mark only sends a message again.
   */
  outboundDurable(id: string): Promise<void> {
    // A message queued any other way (read at open, or by a record that carries several) waits for everything.
    return this.durable(this.outboundRecord.get(id) ?? this.written);
  }

  markSent(id: string): void {
    if (this.outbound.has(id)) this.append({ k: "sent", id });
  }

  /** The next sequence of the pump's event log to read; undefined before the first read. */
  logCursor(pumpId: string): number | undefined {
    return this.cursors.get(pumpId);
  }

  /**
   * The pump's log was read up to `next` (exclusive) and became these messages: one record, so
   * cursor and messages are on disk together or not at all (on disk once durable() resolves).
   */
  recordLogRead(pumpId: string, next: number, out: { id: string; text: string }[]): void {
    this.append({ k: "log", pump: pumpId, next, out });
    for (const m of out) this.outboundRecord.set(m.id, this.written); // append counted it: its number
  }

  /** Outbound messages not yet acknowledged, in the order they were queued. */
  pendingOutbound(): { id: string; text: string }[] {
    return [...this.outbound].map(([id, text]) => ({ id, text }));
  }

  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}
