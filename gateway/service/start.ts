// startGateway(): the whole gateway in this process, as the CLI (gateway/cli.ts) and the end-to-end
// tests run it: the journal in its state directory, the EHR sender, the PCD-03 listener, the
// bedside scan port, and the status reporter over the pump registry. close() stops taking
// messages, lets orders under way finish, and closes the pumps' ports and the journal.
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { BcmaConfig } from "../bcma/four-scans.ts";
import { BedsideStations } from "../bcma/stations.ts";
import type { Parties } from "../pcd/observations.ts";
import { EhrSender, type EhrEndpoint } from "./ehr-sender.ts";
import { Gateway } from "./gateway.ts";
import { Journal, type JournalSync } from "./journal.ts";
import { listen } from "./listener.ts";
import { SerialPumpPort, type PumpEntry, type PumpPort } from "./pump-port.ts";
import { listenForScans } from "./scan-listener.ts";
import { StatusReporter } from "./status-reporter.ts";

export interface GatewayOptions {
  pumps: readonly PumpEntry[];
  /** Address of both listeners; default 127.0.0.1. */
  host?: string;
  /** PCD-03 port (0: any free port). */
  listenPort: number;
  /** Bedside scanners' port (0: any free port). */
  scanPort: number;
  ehr: EhrEndpoint;
  bcma: BcmaConfig;
  /** Directory of the journal (queue.jsonl) and the audit log (audit.jsonl). */
  stateDir: string;
  maxOrderAgeMs?: number;
  pollMs?: number;
  reportEveryMs?: number;
  ehrRetryMs?: number;
  ehrAckTimeoutMs?: number;
  frameDeadlineMs?: number;
  now?: () => number;
  /** Test hook: how the journal's records are flushed (default fdatasync). */
  journalSync?: JournalSync;
  /** Test hook: how a pump's port is opened (default: its serial device). */
  openPump?: (entry: PumpEntry) => PumpPort;
  log?: (line: string) => void;
}

export interface GatewayHandle {
  port: number;
  scanPort: number;
  gateway: Gateway;
  sender: EhrSender;
  reporter: StatusReporter;
  journal: Journal;
  close(): Promise<void>;
}

export const GATEWAY_PARTIES: Parties = {
  sendingApplication: ["DERS_GATEWAY"],
  sendingFacility: "DERS",
  receivingApplication: ["EHR"],
  receivingFacility: "HOSPITAL",
};

export async function startGateway(options: GatewayOptions): Promise<GatewayHandle> {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  mkdirSync(options.stateDir, { recursive: true });
  const journal = Journal.open(join(options.stateDir, "queue.jsonl"), options.journalSync);
  const auditPath = join(options.stateDir, "audit.jsonl");
  const sender = new EhrSender(options.ehr, journal, {
    retryMs: options.ehrRetryMs ?? 1000,
    ackTimeoutMs: options.ehrAckTimeoutMs ?? 5000,
    log,
  });
  const gateway = new Gateway({
    pumps: options.pumps,
    openPump: options.openPump ?? ((entry) => new SerialPumpPort(entry.path)),
    journal,
    ehr: sender,
    bcma: options.bcma,
    stations: new BedsideStations(),
    audit: (record) => appendFileSync(auditPath, `${JSON.stringify(record)}\n`),
    now,
    maxOrderAgeMs: options.maxOrderAgeMs ?? 600_000,
    log,
  });
  const reporter = new StatusReporter({
    pumpIds: options.pumps.map((p) => p.id),
    port: (id) => gateway.port(id),
    boundOrder: (id) => gateway.boundOrders.get(id),
    journal,
    ehr: sender,
    parties: GATEWAY_PARTIES,
    now,
    pollMs: options.pollMs ?? 1000,
    reportEveryMs: options.reportEveryMs ?? 60_000,
    log,
  });
  let listener;
  let scans;
  try {
    listener = await listen({
      host: options.host,
      port: options.listenPort,
      frameDeadlineMs: options.frameDeadlineMs,
      receive: (text) => gateway.receive(text),
      nextControlId: () => journal.nextControlId(),
      now,
      log,
    });
    scans = await listenForScans({
      host: options.host,
      port: options.scanPort,
      record: (station, kind, data) => gateway.recordScan(station, kind, data),
      log,
    });
  } catch (error) {
    await listener?.close();
    journal.close();
    throw error;
  }
  gateway.resume();
  reporter.start();
  const opened = { listener, scans };
  return {
    port: listener.port,
    scanPort: scans.port,
    gateway,
    sender,
    reporter,
    journal,
    async close() {
      await reporter.stop();
      await opened.listener.close();
      await opened.scans.close();
      await gateway.close();
      sender.stop();
      journal.close();
    },
  };
}
