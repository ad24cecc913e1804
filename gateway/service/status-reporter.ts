// Status back to the EHR (docs/gateway.md §6, decisions/0045). Each poll period, for each
// registered pump: its event log is read on from where the gateway left it (READ_LOG, the cursor in
// the journal), and every record that is an infusion event — started, paused, resumed, stopped,
// completed, an alarm raised or cleared, a soft stop overridden with the clinician's reason, an
// order's program cleared, the link lost or restored — becomes one PCD-10 ORU^R42, named with the
// order its handle points to. The messages and the new cursor are one journal record, so a
// restart neither loses an event nor sends one twice. A PCD-01 ORU^R01 goes out with the pump's
// snapshot when its state changed or an event was read, and at the report period while it infuses.
// Each message goes to the EHR sender: at least once, MSH-10 its de-duplication key.
import { EventType } from "../../firmware/abi/event-types.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import type { InfusionSnapshot } from "../../simulator/client/workflow-messages.ts";
import type { EventRecord } from "../../simulator/pump/event-record.ts";
import { orderRecordText } from "../../simulator/pump/order-record.ts";
import { ORDER_HANDLE_MODULUS } from "../../firmware/abi/auto-program-layout.ts";
import { eventsOfRecords } from "../pcd/log-events.ts";
import { buildPcd01, buildPcd10, deliveryAtEvent, type Parties, type ReportSubject } from "../pcd/observations.ts";
import type { EhrSender } from "./ehr-sender.ts";
import type { Journal } from "./journal.ts";
import type { PumpPort } from "./pump-port.ts";

/** READ_LOG's largest page (docs/protocol.md §5.3). */
const LOG_PAGE = 7;
/** Records read from one pump in one round at most, so one busy pump does not hold up the others. */
const MAX_RECORDS_PER_ROUND = 140;

interface OrderNames {
  orderId: string;
  patientId?: string;
}

export interface StatusReporterOptions {
  pumpIds: readonly string[];
  port(pumpId: string): PumpPort | undefined;
  boundOrder(pumpId: string): Omit<ReportSubject, "pumpId"> | undefined;
  journal: Journal;
  ehr: EhrSender;
  parties: Parties;
  now(): number;
  pollMs: number;
  reportEveryMs: number;
  log(line: string): void;
}

export class StatusReporter {
  private readonly last = new Map<string, { snapshot: InfusionSnapshot; reportedAtMs: number }>();
  /** Per pump: the orders its log named, by handle (decisions/0037). */
  private readonly orders = new Map<string, Map<number, OrderNames>>();
  private timer: NodeJS.Timeout | undefined;
  /** The round under way (or the last one): rounds never overlap. */
  private round: Promise<void> = Promise.resolve();
  private polling = false;
  events = 0;
  reports = 0;

  constructor(private readonly options: StatusReporterOptions) {}

  /**
   * The pumps' logs are reported from the gateway's first contact on: at start each pump whose log
   * the journal has no cursor for is asked where its log stands; then a round per period.
   */
  start(): void {
    this.round = this.round
      .then(async () => {
        for (const id of this.options.pumpIds) {
          const port = this.options.port(id);
          if (port !== undefined && this.options.journal.logCursor(id) === undefined)
            await this.readLogCursor(id, port);
        }
      })
      .catch((error: unknown) => this.options.log(`status start failed: ${(error as Error).message}`));
    this.timer = setInterval(() => {
      if (!this.polling) void this.pollAll();
    }, this.options.pollMs);
  }

  /** One round over every pump, after the round under way (the timer calls it; tests call it directly). */
  pollAll(): Promise<void> {
    const next = this.round.then(async () => {
      this.polling = true;
      try {
        for (const id of this.options.pumpIds) await this.poll(id);
      } finally {
        this.polling = false;
      }
    });
    this.round = next.catch((error: unknown) => this.options.log(`status round failed: ${(error as Error).message}`));
    return next;
  }

  private async poll(pumpId: string): Promise<void> {
    const port = this.options.port(pumpId);
    const snapshot = await port?.infusion();
    if (port === undefined || snapshot === undefined) return;
    const now = this.options.now();
    const previous = this.last.get(pumpId);
    const events = await this.readLog(pumpId, port, snapshot, now);
    const subject = { pumpId, ...this.options.boundOrder(pumpId) };
    const changed = previous === undefined || previous.snapshot.state !== snapshot.state || events > 0;
    const due =
      snapshot.state === PumpState.RUNNING && now - (previous?.reportedAtMs ?? 0) >= this.options.reportEveryMs;
    if (changed || due) {
      this.send((id) => buildPcd01(this.input(id, now, subject, snapshot)));
      this.last.set(pumpId, { snapshot, reportedAtMs: now });
    } else this.last.set(pumpId, { snapshot, reportedAtMs: previous.reportedAtMs });
  }

  /** Reads the pump's log on from its cursor; the events found go out as PCD-10. Returns how many. */
  private async readLog(pumpId: string, port: PumpPort, snapshot: InfusionSnapshot, now: number): Promise<number> {
    const { journal, log } = this.options;
    const cursor = journal.logCursor(pumpId);
    if (cursor === undefined) {
      await this.readLogCursor(pumpId, port);
      return 0;
    }
    const status = await port.logStatus();
    if (status === undefined) return 0;
    let next = cursor;
    if (status.nextSequence < cursor) {
      // Not the log the cursor was kept for (another pump on the port, or its memory erased).
      log(`pump ${pumpId}: its log ends before sequence ${cursor}, already read: another log; read from its start`);
      next = 1;
      this.orders.delete(pumpId); // the bindings learnt belong to the other log
    }
    const records: EventRecord[] = [];
    while (next < status.nextSequence && records.length < MAX_RECORDS_PER_ROUND) {
      const page = await port.readLog(next, LOG_PAGE);
      if (page === undefined) break; // unreachable: what was read is kept, the rest next round
      if (page.length === 0) {
        next = status.nextSequence; // the rest is damaged or gone: nothing to read there
        break;
      }
      if (page[0].sequence > next)
        log(`pump ${pumpId}: log records ${next} … ${page[0].sequence - 1} could not be read (overwritten or damaged)`);
      records.push(...page);
      next = page[page.length - 1].sequence + 1;
    }
    if (next === cursor) return 0;
    const out: { id: string; text: string }[] = [];
    const events = eventsOfRecords(records);
    for (const e of events) {
      const names = await this.orderOf(pumpId, port, records, e.handle, e.sequence);
      const bound = this.options.boundOrder(pumpId);
      const subject: ReportSubject = {
        pumpId,
        ...(names === undefined ? {} : names),
        ...(bound?.dosing !== undefined && bound.orderId === names?.orderId ? { dosing: bound.dosing } : {}),
      };
      const ago = status.nowMs > e.timeMs ? Number(status.nowMs - e.timeMs) : 0;
      const id = journal.nextControlId();
      const at = deliveryAtEvent(e.event, e.rateUlPerHour);
      out.push({
        id,
        text: buildPcd10({
          ...this.input(id, now, subject, snapshot),
          event: e.event,
          eventTimeMs: now - ago,
          recordKey: `${pumpId}:${e.sequence}`,
          ...(at === undefined ? {} : { at }),
        }),
      });
      this.events++;
      log(`PCD-10 ${id}: ${e.event.kind} (pump ${pumpId} log ${e.sequence})`);
    }
    journal.recordLogRead(pumpId, next, out);
    try {
      await journal.durable();
      this.options.ehr.kick();
    } catch (error) {
      log(`the journal could not be written: ${(error as Error).message}; the events wait`);
    }
    return events.length;
  }

  /** First contact with a pump: what its log held before is history, not news for the EHR. */
  private async readLogCursor(pumpId: string, port: PumpPort): Promise<void> {
    const status = await port.logStatus();
    if (status === undefined) return;
    this.options.journal.recordLogRead(pumpId, status.nextSequence, []);
    this.options.log(`pump ${pumpId}: its event log is reported from sequence ${status.nextSequence} on`);
  }

  /**
   * The order and patient of a record's handle: from ORDER_BOUND / ORDER_PATIENT records read in
   * this round or before, else from the pump's log at the sequence the handle gives (the nearest
   * one before the record whose ((q − 1) mod 65,535) + 1 is the handle). Unknown (no order named)
   * when that record is not an ORDER_BOUND any more (overwritten or damaged): never a guess.
   */
  private async orderOf(
    pumpId: string,
    port: PumpPort,
    records: readonly EventRecord[],
    handle: number,
    sequence: number,
  ): Promise<OrderNames | undefined> {
    if (handle === 0) return undefined;
    // Keyed by the ORDER_BOUND record's own sequence, not by the handle: handles repeat every
    // 65,535 records, so a handle alone could name an old order whose binding was read long ago.
    let known = this.orders.get(pumpId);
    if (known === undefined) this.orders.set(pumpId, (known = new Map()));
    const learn = (list: readonly EventRecord[]): void => {
      for (const r of list) {
        if (r.sequence > sequence) break;
        if (r.type === EventType.ORDER_BOUND) known.set(r.sequence, { orderId: orderRecordText(r) });
        if (r.type === EventType.ORDER_PATIENT) {
          const bound = known.get(bindingSequence(r.sequence, r.status));
          if (bound !== undefined) bound.patientId = orderRecordText(r);
        }
      }
    };
    learn(records);
    const q = bindingSequence(sequence, handle);
    if (q < 1) return undefined;
    if (!known.has(q)) learn((await port.readLog(q, 2)) ?? []);
    return known.get(q);
  }

  private input(controlId: string, timeMs: number, subject: { pumpId: string }, snapshot: InfusionSnapshot) {
    return { parties: this.options.parties, controlId, timeMs, subject, snapshot };
  }

  private send(build: (controlId: string) => string): void {
    const id = this.options.journal.nextControlId();
    this.options.ehr.send(build(id), id);
    this.reports++;
  }

  /** No more rounds; resolves when the one under way has ended. */
  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.round;
  }
}

/**
 * The sequence q ≤ `sequence` of the ORDER_BOUND record a handle names: the nearest one whose
 * ((q − 1) mod 65,535) + 1 is the handle (decision 0037); < 1 when there is none.
 */
function bindingSequence(sequence: number, handle: number): number {
  return sequence - ((((sequence - handle) % ORDER_HANDLE_MODULUS) + ORDER_HANDLE_MODULUS) % ORDER_HANDLE_MODULUS);
}
