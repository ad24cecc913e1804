// The gateway service (docs/gateway.md §4–§6): one PCD-03 message in, its accept acknowledgement
// out at once, and then — in order per pump — the order sent to its pump and the application
// acknowledgement (RRG^O16) queued for the EHR. Everything the message must satisfy is checked
// before the accept acknowledgement: its syntax, the PCD-03 tables, what the pump could take.
// A message that fails gets CE/CR naming segment and field, and nothing is recorded or sent.
// After acceptance the order is checked against the gateway's clock (stale), its pump registry
// (unknown pump) and the bedside's four scans; only an order that passes is written to the
// journal as pending, and only a pending order is sent to a pump. Duplicates (the same order id)
// are answered, never sent again.
import { buildAck } from "../hl7/ack.ts";
import { Hl7Error, Hl7ErrorCode, type Hl7Location } from "../hl7/location.ts";
import { parseHl7, type Hl7Message } from "../hl7/message.ts";
import { checkFourScans, type BcmaConfig, type FourScanVerdict, type ScanKind } from "../bcma/four-scans.ts";
import type { BedsideStations } from "../bcma/stations.ts";
import { toPumpOrder, type PumpOrder } from "../pcd/auto-program.ts";
import { writeDtm } from "../pcd/dtm.ts";
import type { ReportSubject } from "../pcd/observations.ts";
import type { InfusionOrder } from "../pcd/order.ts";
import { OrderError, readOrder } from "../pcd/pcd03.ts";
import { PivCode, pivApplication } from "../pcd/piv-codes.ts";
import { reportAnswer } from "../pcd/pump-answer.ts";
import { buildRrg, type RrgOutcome } from "../pcd/rrg.ts";
import type { EhrSender } from "./ehr-sender.ts";
import type { Journal, OrderOutcome } from "./journal.ts";
import type { PumpEntry, PumpPort } from "./pump-port.ts";

export interface GatewayConfig {
  pumps: readonly PumpEntry[];
  openPump(entry: PumpEntry): PumpPort;
  journal: Journal;
  ehr: EhrSender;
  bcma: BcmaConfig;
  stations: BedsideStations;
  /** An audit line for every scan and every order decision (docs/gateway.md §5). */
  audit(record: Record<string, unknown>): void;
  now(): number;
  /** An order whose ORC-9 is older than this is refused as stale (9022). */
  maxOrderAgeMs: number;
  log(line: string): void;
}

/** Where a failed scan points in the order (ERR-2 of the refusal). */
const SCAN_FIELD: Readonly<Record<ScanKind, Hl7Location>> = {
  patient: { segment: "PID", sequence: 1, field: 3, component: 1 },
  clinician: { segment: "ORC", sequence: 1, field: 19, component: 1 },
  medication: { segment: "RXG", sequence: 1, field: 4, component: 1 },
  pump: { segment: "OBX", sequence: 1, field: 18, component: 1 },
};

function scanPiv(verdict: Extract<FourScanVerdict, { ok: false }>): PivCode {
  switch (verdict.reason) {
    case "wrong-patient":
      return PivCode.PATIENT_MISMATCH;
    case "wrong-drug":
    case "unknown-product":
      return PivCode.NO_LIBRARY_MATCH;
    case "wrong-concentration":
      return PivCode.PARAMETER_DOES_NOT_MATCH_LIBRARY;
    case "wrong-pump":
      return PivCode.UNKNOWN_INFUSER;
    default:
      return PivCode.OTHER;
  }
}

/** What the status reports say about the order a pump holds. */
export type BoundOrder = Omit<ReportSubject, "pumpId">;

const orderKey = (order: InfusionOrder): string => `${order.orderNamespace}|${order.orderId}`;

export interface GatewayStats {
  accepted: number;
  refusedMessages: number;
  duplicates: number;
  sentToPumps: number;
}

export class Gateway {
  private readonly ports = new Map<string, PumpPort>();
  private readonly registry: ReadonlyMap<string, PumpEntry>;
  private readonly queues = new Map<string, Promise<void>>();
  /** The order last sent to each pump: what its status reports are about. */
  readonly boundOrders = new Map<string, BoundOrder>();
  readonly stats: GatewayStats = { accepted: 0, refusedMessages: 0, duplicates: 0, sentToPumps: 0 };

  constructor(private readonly config: GatewayConfig) {
    this.registry = new Map(config.pumps.map((p) => [p.id, p]));
  }

  /** After a restart: orders accepted but not finished go to their pumps; unsent messages go out. */
  resume(): void {
    for (const pending of this.config.journal.unfinishedOrders()) {
      const message = parseHl7(pending.text);
      const order = readOrder(message);
      this.config.log(`order ${order.orderId}: resumed from the journal`);
      this.enqueue(pending.key, message, order, toPumpOrder(order));
    }
    this.config.ehr.kick();
  }

  port(pumpId: string): PumpPort | undefined {
    const entry = this.registry.get(pumpId);
    if (entry === undefined) return undefined;
    let port = this.ports.get(pumpId);
    if (port === undefined) {
      port = this.config.openPump(entry);
      this.ports.set(pumpId, port);
    }
    return port;
  }

  /** Records one bedside scan; returns the reply line for the scanner. */
  recordScan(station: string, kind: ScanKind, data: string): void {
    const atMs = this.config.now();
    this.config.stations.record(station, kind, data, atMs);
    this.config.audit({ event: "scan", station, kind, data, at: writeDtm(atMs) });
  }

  /**
   * One received message → its accept acknowledgement (ACK^O15), given once what it caused is on
   * disk, and the order's processing begun. Everything is decided at once, in arrival order; only
   * the reply waits for the disk (with other orders' records: one flush for all).
   *
   * The order goes to its pump while its record is being flushed, not after (decisions/0046): the
   * record is in the file (the kernel's page cache) before the frame leaves, so a crash of the
   * gateway's process cannot lose it, and the flush only guards against losing the machine. Then
   * the accept acknowledgement is not sent, so the EHR still owns the order and sends it again;
   * the pump holds it at most as a pending program only its own keys can start.
   */
  async receive(text: string): Promise<string> {
    const decided = this.decide(text);
    decided.then?.();
    try {
      await this.config.journal.durable();
    } catch (error) {
      // The gateway cannot promise to hold the order: it says so (an order already on its way to
      // its pump is pending there at most: the pump's own keys are the only way to start it).
      this.config.log(`the journal could not be written: ${(error as Error).message}`);
      return buildAck(undefined, {
        messageType: ["ACK", "O15", "ACK"],
        controlId: this.config.journal.nextControlId(),
        time: writeDtm(this.config.now()),
        code: "CE",
        error: {
          code: Hl7ErrorCode.APPLICATION_INTERNAL_ERROR,
          at: {},
          reason:
            `the gateway could not write its journal (${(error as Error).message}); send the order again later` +
            (decided.then === undefined ? "" : " (it may be pending on its pump: only the pump's keys can start it)"),
        },
      });
    }
    return decided.reply;
  }

  private decide(text: string): { reply: string; then?: () => void } {
    const now = this.config.now();
    let message: Hl7Message | undefined;
    let order: InfusionOrder;
    let pumpOrder: PumpOrder;
    try {
      message = parseHl7(text);
      order = readOrder(message);
      pumpOrder = toPumpOrder(order);
    } catch (error) {
      if (!(error instanceof Hl7Error)) throw error;
      this.stats.refusedMessages++;
      // HL7 v2.6 §2.9.3: a message type, event, processing ID or version the receiver does not take is rejected (CR).
      const reject =
        error.code >= Hl7ErrorCode.UNSUPPORTED_MESSAGE_TYPE && error.code <= Hl7ErrorCode.UNSUPPORTED_VERSION;
      this.config.log(`refused a message: ${error.message}`);
      this.config.audit({ event: "message-refused", reason: error.message, at: writeDtm(now) });
      return {
        reply: buildAck(message, {
          messageType: ["ACK", "O15", "ACK"],
          controlId: this.config.journal.nextControlId(),
          time: writeDtm(now),
          code: reject ? "CR" : "CE",
          error: {
            code: error.code,
            at: error.at,
            reason: error.reason,
            ...(error instanceof OrderError && error.piv !== undefined
              ? { application: pivApplication(error.piv) }
              : {}),
          },
        }),
      };
    }
    const accept = buildAck(message, {
      messageType: ["ACK", "O15", "ACK"],
      controlId: this.config.journal.nextControlId(),
      time: writeDtm(now),
      code: "CA",
    });
    const key = orderKey(order);
    const earlier = this.config.journal.order(key);
    if (earlier !== undefined) {
      this.stats.duplicates++;
      this.config.log(`order ${order.orderId}: a duplicate (MSH-10 ${order.controlId}); not sent to the pump again`);
      this.config.audit({ event: "duplicate", order: order.orderId, controlId: order.controlId, at: writeDtm(now) });
      if (earlier.outcome !== undefined) this.answer(message, order, earlier.outcome);
      return { reply: accept };
    }
    this.stats.accepted++;
    const refusal = this.precheck(order, now);
    if (refusal !== undefined) {
      this.config.journal.acceptOrder(key, text, now);
      this.finish(key, message, order, refusal);
      return { reply: accept };
    }
    this.config.journal.acceptOrder(key, text, now);
    // The order goes to its pump only once its record is in the journal file (REQ-GW-051, REQ-GW-070).
    return { reply: accept, then: () => this.enqueue(key, message, order, pumpOrder) };
  }

  /** Stale, unknown pump, the four scans: the checks before an order may go to a pump. */
  private precheck(order: InfusionOrder, now: number): RrgOutcome | undefined {
    const stale = this.staleness(order, now);
    if (stale !== undefined) return stale;
    if (!this.registry.has(order.pumpId))
      return {
        code: "AE",
        piv: PivCode.UNKNOWN_INFUSER,
        reason: `pump ${JSON.stringify(order.pumpId)} is not in the gateway's pump registry`,
        at: SCAN_FIELD.pump,
      };
    const bedside = this.config.stations.forPump(order.pumpId);
    const verdict: FourScanVerdict =
      bedside === undefined
        ? {
            ok: false,
            scan: "pump",
            reason: "missing",
            message: `pump scan: no bedside has scanned pump ${JSON.stringify(order.pumpId)}`,
          }
        : checkFourScans(bedside.scans, order, this.config.bcma, now);
    this.config.audit({
      event: "bcma",
      order: order.orderId,
      station: bedside?.station,
      ok: verdict.ok,
      ...(verdict.ok
        ? { gtin: verdict.label.gtin, lot: verdict.label.lot, serial: verdict.label.serial }
        : { scan: verdict.scan, reason: verdict.message }),
      at: writeDtm(now),
    });
    if (bedside !== undefined) this.config.stations.consume(bedside.station);
    if (!verdict.ok)
      return { code: "AR", piv: scanPiv(verdict), reason: verdict.message, at: SCAN_FIELD[verdict.scan] };
    return undefined;
  }

  private staleness(order: InfusionOrder, now: number): RrgOutcome | undefined {
    const age = now - order.requestedAtMs;
    if (age > this.config.maxOrderAgeMs)
      return {
        code: "AR",
        piv: PivCode.STALE,
        reason: `the order was requested ${Math.floor(age / 1000)} s ago; at most ${this.config.maxOrderAgeMs / 1000} s`,
        at: { segment: "ORC", sequence: 1, field: 9, component: 1 },
      };
    if (-age > this.config.maxOrderAgeMs)
      return {
        code: "AR",
        piv: PivCode.INVALID_PARAMETER,
        reason: `the order's time is ${Math.floor(-age / 1000)} s ahead of the gateway's clock`,
        at: { segment: "ORC", sequence: 1, field: 9, component: 1 },
      };
    return undefined;
  }

  private enqueue(key: string, message: Hl7Message, order: InfusionOrder, pumpOrder: PumpOrder): void {
    const previous = this.queues.get(order.pumpId) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(key, message, order, pumpOrder));
    const settled = next.catch((error: unknown) =>
      this.config.log(`order ${order.orderId}: ${(error as Error).message}`),
    );
    this.queues.set(order.pumpId, settled);
  }

  private async deliver(key: string, message: Hl7Message, order: InfusionOrder, pumpOrder: PumpOrder): Promise<void> {
    // The order may have waited (a busy queue, a restart): it is checked for staleness again.
    const stale = this.staleness(order, this.config.now());
    if (stale !== undefined) return this.finish(key, message, order, stale);
    const entry = this.registry.get(order.pumpId);
    const port = this.port(order.pumpId);
    if (entry === undefined || port === undefined)
      return this.finish(key, message, order, {
        code: "AE",
        piv: PivCode.UNKNOWN_INFUSER,
        reason: `pump ${JSON.stringify(order.pumpId)} is no longer in the gateway's pump registry`,
        at: SCAN_FIELD.pump,
      });
    this.stats.sentToPumps++;
    const answer = await port.autoProgram({ ...pumpOrder, careAreaId: entry.careAreaId });
    const report = reportAnswer(answer);
    if (answer.kind === "pending")
      this.boundOrders.set(order.pumpId, {
        orderId: order.orderId,
        patientId: order.patientId,
        ...(order.concentration === undefined || order.program.kind === "rate"
          ? {}
          : { dosing: { ...order.concentration, basis: order.program.basis } }),
      });
    this.finish(key, message, order, {
      code: report.code,
      reason: report.reason,
      ...(report.piv === undefined ? {} : { piv: report.piv }),
      ...(answer.kind === "pending" ? { handle: answer.handle } : {}),
    });
  }

  private finish(
    key: string,
    message: Hl7Message,
    order: InfusionOrder,
    outcome: RrgOutcome & { handle?: number },
  ): void {
    const stored: OrderOutcome = {
      code: outcome.code,
      ...(outcome.piv === undefined ? {} : { piv: outcome.piv }),
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      ...(outcome.handle === undefined ? {} : { handle: outcome.handle }),
    };
    this.config.journal.finishOrder(key, stored);
    const where = outcome.piv === undefined ? "" : ` ${outcome.piv}`;
    this.config.log(
      `order ${order.orderId} → pump ${order.pumpId}: ${outcome.code}${where} ${outcome.reason ?? ""}`.trimEnd(),
    );
    this.config.audit({
      event: "order",
      order: order.orderId,
      pump: order.pumpId,
      ...stored,
      at: writeDtm(this.config.now()),
    });
    this.answer(message, order, stored, outcome.at);
  }

  /** Sends the RRG^O16 when MSH-16 asks for it (AL always, ER on an error, NE never). */
  private answer(message: Hl7Message, order: InfusionOrder, outcome: OrderOutcome, at?: Hl7Location): void {
    if (order.applicationAck === "NE" || (order.applicationAck === "ER" && outcome.code === "AA")) return;
    const id = this.config.journal.nextControlId();
    const text = buildRrg(message, id, this.config.now(), {
      code: outcome.code,
      ...(outcome.piv === undefined ? {} : { piv: outcome.piv }),
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
      ...(at === undefined ? {} : { at }),
    });
    this.config.ehr.send(text, id);
  }

  /** Resolves when every order received so far has been answered by its pump. */
  async idle(): Promise<void> {
    let pending = [...this.queues.values()];
    while (pending.length > 0) {
      await Promise.all(pending);
      const now = [...this.queues.values()];
      pending = now.filter((p) => !pending.includes(p));
    }
  }

  async close(): Promise<void> {
    await this.idle();
    for (const port of this.ports.values()) await port.close();
    this.ports.clear();
  }
}
