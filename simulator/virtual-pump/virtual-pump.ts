// The virtual pump's process loop, without any I/O of its own: a PumpHost (the release firmware,
// docs/host-contract.md) behind a simulated serial line, on a virtual clock that only advance()
// moves. Each step: tick the firmware, let the line carry what it can in that time, feed the pump
// what arrived, queue what it answered. Scheduled faults and power losses fire at their exact
// simulated times. A firmware trap is handled as the host contract says (§7): restart from the
// last saved NV, nothing resumes, the alarm stays raised.
import { FirmwareTrapError, type PumpHost } from "../pump/pump-host.ts";
import { ActionSchedule, FAULT_NAMES, type FaultName, type ScheduledAction } from "./faults.ts";
import type { ImpairmentCounts, ImpairmentSettings } from "./impairments.ts";
import { LineDirection } from "./line.ts";
import { derivedStream } from "./prng.ts";

export interface LineSettings extends ImpairmentSettings {
  /** Undefined: an ideal line with no pacing. */
  baudRate?: number;
  seed: number;
}

export interface VirtualPumpSettings {
  line: LineSettings;
  schedule?: ScheduledAction[];
  log?: (message: string) => void;
}

/** Where the pump's bytes go: the pump side of the serial device. */
export interface PumpSideDevice {
  write(bytes: Uint8Array): void;
}

export interface VirtualPumpStats {
  bytesFromDevice: number;
  bytesToDevice: number;
  framesHandled: number;
  powerLosses: number;
  traps: number;
}

const HOST_TO_PUMP_STREAM = 1;
const PUMP_TO_HOST_STREAM = 2;

export class VirtualPump {
  /** Simulated time since this virtual pump started. */
  nowMs = 0;
  faultMask = 0;
  readonly stats: VirtualPumpStats = { bytesFromDevice: 0, bytesToDevice: 0, framesHandled: 0, powerLosses: 0, traps: 0 };
  private readonly toPump: LineDirection;
  private readonly toHost: LineDirection;
  private readonly schedule: ActionSchedule;
  private readonly log: (message: string) => void;

  constructor(readonly host: PumpHost, private readonly device: PumpSideDevice, settings: VirtualPumpSettings) {
    const { baudRate, seed } = settings.line;
    this.toPump = new LineDirection(baudRate, settings.line, derivedStream(seed, HOST_TO_PUMP_STREAM));
    this.toHost = new LineDirection(baudRate, settings.line, derivedStream(seed, PUMP_TO_HOST_STREAM));
    this.schedule = new ActionSchedule(settings.schedule ?? []);
    const sink = settings.log;
    this.log = (message) => sink?.(`[${this.nowMs} ms] ${message}`);
    this.moveBytes(0); // what the firmware queued at power-on goes out on the line, as a real pump's would
  }

  get impairments(): { hostToPump: ImpairmentCounts; pumpToHost: ImpairmentCounts } {
    return { hostToPump: this.toPump.impairments.counts, pumpToHost: this.toHost.impairments.counts };
  }

  /** Bytes the host side wrote into the device: they enter the line towards the pump. */
  fromDevice(bytes: Uint8Array): void {
    this.stats.bytesFromDevice += bytes.length;
    this.toPump.send(bytes);
    this.moveBytes(0);
  }

  /** Moves the virtual clock on, stopping at every scheduled action on the way. */
  advance(elapsedMs: number): void {
    if (!Number.isSafeInteger(elapsedMs) || elapsedMs < 0) throw new Error(`elapsedMs must be a non-negative integer, got ${elapsedMs}`);
    const untilMs = this.nowMs + elapsedMs;
    this.applyDue();
    for (;;) {
      const nextMs = this.schedule.nextAtMs();
      const targetMs = nextMs === undefined ? untilMs : Math.min(nextMs, untilMs);
      const stepMs = targetMs - this.nowMs;
      this.nowMs = targetMs;
      this.guard("tick", () => this.host.tick(stepMs));
      this.moveBytes(stepMs);
      this.applyDue();
      if (this.nowMs === untilMs) return;
    }
  }

  setFault(fault: FaultName, active: boolean): void {
    const bit = 1 << FAULT_NAMES[fault];
    this.faultMask = active ? this.faultMask | bit : this.faultMask & ~bit;
    this.log(`fault ${fault} ${active ? "raised" : "cleared"}`);
    this.guard("setSensorFaults", () => this.host.setSensorFaults(this.faultMask));
    this.moveBytes(0);
  }

  /** Power lost and back: unsaved state and bytes on the wire are gone; sensors are reported again. */
  powerLoss(): void {
    this.stats.powerLosses++;
    this.log("power loss: pump restarts from its saved NV region");
    this.toPump.clear();
    this.toHost.clear();
    this.guard("powerCycle", () => this.host.powerCycle());
    this.reportSensors();
    this.moveBytes(0);
  }

  private applyDue(): void {
    for (const action of this.schedule.takeDue(this.nowMs)) {
      if (action.kind === "fault") this.setFault(action.fault, action.active);
      else this.powerLoss();
    }
  }

  /** Bytes already on the wire leave first; what the pump answers now leaves in later steps (at once on an ideal line). */
  private moveBytes(elapsedMs: number): void {
    const leaving = [this.toHost.advance(elapsedMs)];
    const arrived = this.toPump.advance(elapsedMs);
    if (arrived.length > 0) this.stats.framesHandled += this.guard("receive", () => this.host.receive(arrived)) ?? 0;
    const answered = this.guard("transmit", () => this.host.drainTransmit());
    if (answered !== undefined) this.toHost.send(answered);
    leaving.push(this.toHost.advance(0));
    for (const bytes of leaving) {
      if (bytes.length === 0) continue;
      this.stats.bytesToDevice += bytes.length;
      this.device.write(bytes);
    }
  }

  private reportSensors(): void {
    if (this.faultMask !== 0) this.guard("setSensorFaults", () => this.host.setSensorFaults(this.faultMask));
  }

  /** Host contract §7: the host already stopped delivery and raised the alarm; restart from saved NV. */
  private guard<T>(what: string, body: () => T): T | undefined {
    try {
      return body();
    } catch (error) {
      if (!(error instanceof FirmwareTrapError)) throw error;
      this.stats.traps++;
      this.log(`FIRMWARE TRAP in ${error.exportName} (${what}): ${error.trap.message}; delivery stopped, HIGH alarm raised, restarting from saved NV`);
      this.host.restart();
      this.reportSensors();
      return undefined;
    }
  }
}
