// Status back to the EHR (docs/gateway.md §6): each registered pump is asked for its workflow
// snapshot every poll period; a change of state or a raised alarm becomes one PCD-10 ORU^R42 per
// event (started, stopped, completed, alarm, soft stop overridden with its reason), and a PCD-01
// ORU^R01 goes out on every such change and at the report period while the pump infuses. Each
// message goes through the journal to the EHR sender: at least once, MSH-10 its de-duplication key.
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import type { InfusionSnapshot } from "../../simulator/client/workflow-messages.ts";
import {
  buildPcd01,
  buildPcd10,
  eventsBetween,
  type Parties,
  type PumpEvent,
  type ReportSubject,
} from "../pcd/observations.ts";
import type { EhrSender } from "./ehr-sender.ts";
import type { Journal } from "./journal.ts";
import type { PumpPort } from "./pump-port.ts";

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
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  events = 0;
  reports = 0;

  constructor(private readonly options: StatusReporterOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.pollAll(), this.options.pollMs);
  }

  /** One round over every pump (the timer calls it; tests call it directly). */
  async pollAll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const id of this.options.pumpIds) await this.poll(id);
    } finally {
      this.polling = false;
    }
  }

  private async poll(pumpId: string): Promise<void> {
    const snapshot = await this.options.port(pumpId)?.infusion();
    if (snapshot === undefined) return;
    const now = this.options.now();
    const previous = this.last.get(pumpId);
    const events = eventsBetween(previous?.snapshot, snapshot);
    const subject = { pumpId, ...this.options.boundOrder(pumpId) };
    for (const event of events)
      this.send((id) => buildPcd10({ ...this.input(id, now, subject, snapshot), event }), event);
    const changed = previous === undefined || previous.snapshot.state !== snapshot.state || events.length > 0;
    const due =
      snapshot.state === PumpState.RUNNING && now - (previous?.reportedAtMs ?? 0) >= this.options.reportEveryMs;
    if (changed || due) {
      this.send((id) => buildPcd01(this.input(id, now, subject, snapshot)));
      this.last.set(pumpId, { snapshot, reportedAtMs: now });
    } else this.last.set(pumpId, { snapshot, reportedAtMs: previous.reportedAtMs });
  }

  private input(controlId: string, timeMs: number, subject: { pumpId: string }, snapshot: InfusionSnapshot) {
    return { parties: this.options.parties, controlId, timeMs, subject, snapshot };
  }

  private send(build: (controlId: string) => string, event?: PumpEvent): void {
    const id = this.options.journal.nextControlId();
    this.options.ehr.send(build(id), id);
    if (event === undefined) this.reports++;
    else {
      this.events++;
      this.options.log(`PCD-10 ${id}: ${event.kind}`);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
