// The virtual pump's process loop, without any I/O of its own: a PumpHost (the release firmware,
// docs/host-contract.md) behind a simulated serial line, on a virtual clock that only advance()
// moves. Each step: meter what the motor moves, tick the firmware, let the line carry what it can
// in that time, feed the pump what arrived, queue what it answered. Scheduled faults and power
// losses fire at their exact simulated times, and so does the air alarm of a container that runs
// dry. A firmware trap is handled as the host contract says (§7): restart from the last saved NV,
// nothing resumes, the alarm stays raised.
import { FirmwareTrapError, type PumpHost } from "../pump/pump-host.ts";
import { DeliveryMeter } from "./delivery-meter.ts";
import { ActionSchedule, FAULT_NAMES, type FaultName, type FlowFaultName, type ScheduledAction } from "./faults.ts";
import type { ImpairmentCounts, ImpairmentSettings } from "../link/impairments.ts";
import { LineDirection } from "./line.ts";
import { directionStream, HOST_TO_PUMP_STREAM, PUMP_TO_HOST_STREAM } from "../link/line-impairments.ts";
import { Reservoir } from "./reservoir.ts";
import { LineFrameGate, LocalSequencer, routeLocalOutput, type LocalExchange } from "./local-port.ts";
import { FrameType, MAX_ENCODED_FRAME } from "../../firmware/abi/protocol-codes.ts";
import { encodeFrame } from "../client/frame.ts";
import { flowReport, measuredFlowUlPerHour } from "./flow-sensor.ts";

/** The virtual pump's own serial line: pace and parsed impairments (a scenario's line step is hil's LineImpairmentStep). */
export interface VirtualLineSettings extends ImpairmentSettings {
  /** Undefined: an ideal line with no pacing. */
  baudRate?: number;
  seed: number;
}

export interface VirtualPumpSettings {
  line: VirtualLineSettings;
  schedule?: ScheduledAction[];
  /** The container hung at start, µL; undefined: an endless supply, no air from an empty bag. */
  reservoirUl?: bigint;
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

/**
 * The longest tick the virtual pump gives the firmware: its control period. The motor follows
 * motorRate() after each call (docs/host-contract.md §9), so when the firmware changes the rate
 * inside a tick (a VTBI, bolus or secondary ending at its exact millisecond, docs/workflow.md
 * §6.1) the motor, like a real one, keeps its old rate to the end of that tick. Per such change
 * the meter and the firmware's counters then differ by less than |rate change| × 100 ms + the
 * old rate × 1 ms (the firmware ends a segment at a whole millisecond): at most 277.8 µL at the
 * largest rate, 9,999,999 µL/h, and 2.8 µL for 100 mL/h → KVO. 100 ms is the period the host
 * contract suggests; a tick costs under a microsecond, so a simulated day (864,000 ticks) takes
 * about half a second.
 */
export const CONTROL_PERIOD_MS = 100;
const AIR_IN_LINE_BIT = 1 << FAULT_NAMES["air-in-line"];

export class VirtualPump {
  /** Simulated time since this virtual pump started. */
  nowMs = 0;
  faultMask = 0;
  /** Active flow faults: the virtual flow sensor reports them with REPORT_FLOW on the local port. */
  readonly flowFaults = new Set<FlowFaultName>();
  readonly stats: VirtualPumpStats = {
    bytesFromDevice: 0,
    bytesToDevice: 0,
    framesHandled: 0,
    powerLosses: 0,
    traps: 0,
  };
  /** What the motor moved since this virtual pump started, as a balance under the line would weigh it. */
  readonly meter = new DeliveryMeter();
  private reservoir: Reservoir | undefined;
  /** The container the pump started with (settings.reservoirUl), which a rig's return to idle hangs again. */
  private readonly initialReservoirUl: bigint | undefined;
  private readonly toPump: LineDirection;
  private readonly toHost: LineDirection;
  private readonly schedule: ActionSchedule;
  private readonly log: (message: string) => void;
  /** Set once a local port (the front panel) is attached: serial runs then reach the firmware whole. */
  private gate: LineFrameGate | undefined;
  private readonly localSequences = new LocalSequencer();

  constructor(
    readonly host: PumpHost,
    private readonly device: PumpSideDevice,
    settings: VirtualPumpSettings,
  ) {
    const { baudRate, seed } = settings.line;
    this.toPump = new LineDirection(baudRate, settings.line, directionStream(seed, HOST_TO_PUMP_STREAM));
    this.toHost = new LineDirection(baudRate, settings.line, directionStream(seed, PUMP_TO_HOST_STREAM));
    this.schedule = new ActionSchedule(settings.schedule ?? []);
    const sink = settings.log;
    this.log = (message) => sink?.(`[${this.nowMs} ms] ${message}`);
    this.initialReservoirUl = settings.reservoirUl;
    if (settings.reservoirUl !== undefined) this.setReservoir(settings.reservoirUl);
    this.moveBytes(0); // what the firmware queued at power-on goes out on the line, as a real pump's would
  }

  /** The balance's reading: whole µL the motor moved since this virtual pump started. */
  get deliveredUl(): bigint {
    return this.meter.deliveredUl;
  }

  /** Whole µL left in the container; undefined without one (an endless supply). */
  get reservoirUl(): bigint | undefined {
    return this.reservoir?.remainingUl;
  }

  /**
   * Hangs a new container holding volumeUl. It does not touch the air detector: a fault already
   * raised stays until it is cleared (the line is primed), as on a real pump.
   */
  setReservoir(volumeUl: bigint): void {
    this.reservoir = new Reservoir(volumeUl);
    this.log(`reservoir: a container of ${volumeUl} µL hung`);
    this.checkReservoir();
  }

  /**
   * A rig's return to idle (docs/hil.md §8: "a full container"): the container the pump started
   * with, full again, or an endless supply when it started without one — whatever a scenario hung.
   */
  restoreContainer(): void {
    if (this.initialReservoirUl !== undefined) this.setReservoir(this.initialReservoirUl);
    else if (this.reservoir !== undefined) {
      this.reservoir = undefined;
      this.log("reservoir: the container taken down (an endless supply again)");
    }
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

  /**
   * Moves the virtual clock on in ticks of at most CONTROL_PERIOD_MS, stopping at every scheduled
   * action and at the millisecond the container runs dry. Each tick the meter takes the rate the
   * motor runs at when it begins: the rate the firmware set at the end of the previous call.
   */
  advance(elapsedMs: number): void {
    if (!Number.isSafeInteger(elapsedMs) || elapsedMs < 0)
      throw new Error(`elapsedMs must be a non-negative integer, got ${elapsedMs}`);
    const untilMs = this.nowMs + elapsedMs;
    this.applyDue();
    for (;;) {
      const rateUlPerHour = this.host.motor.rateUlPerHour;
      const targetMs = Math.min(
        untilMs,
        this.nowMs + CONTROL_PERIOD_MS,
        this.schedule.nextAtMs() ?? untilMs,
        this.nowMs + (this.reservoir?.msUntilEmpty(this.measuredFlowUlPerHour(rateUlPerHour)) ?? CONTROL_PERIOD_MS),
      );
      const stepMs = targetMs - this.nowMs;
      this.nowMs = targetMs;
      const movedUnits = this.meter.add(this.measuredFlowUlPerHour(rateUlPerHour), stepMs);
      this.reservoir?.draw(movedUnits);
      this.guard("tick", () => this.host.tick(stepMs));
      this.moveBytes(stepMs);
      if (this.flowFaults.size > 0) this.reportFlow();
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

  /**
   * A flow fault switch (issue 15 §2): while one is active the set delivers more than the motor's
   * rate and the virtual flow sensor reports it after every tick; when the last one clears it
   * reports the motor's rate once, and then nothing (a pump without flow faults reports no flow).
   */
  setFlowFault(fault: FlowFaultName, active: boolean): void {
    if (active) this.flowFaults.add(fault);
    else this.flowFaults.delete(fault);
    this.log(`flow fault ${fault} ${active ? "raised" : "cleared"}`);
    this.reportFlow();
    this.moveBytes(0);
  }

  /** What really flows at motor rate `motorUlPerHour` with the active flow faults. */
  measuredFlowUlPerHour(motorUlPerHour: number): number {
    return measuredFlowUlPerHour(motorUlPerHour, this.flowFaults);
  }

  /** One REPORT_FLOW on the local port (skipped while the firmware holds part of a serial frame). */
  private reportFlow(): void {
    const report = flowReport(Number(this.host.motor.rateUlPerHour), this.flowFaults);
    this.localRequest(report.code, report.payload);
  }

  /**
   * The factory's or service's key provisioning (docs/host-contract.md §10): the public key written
   * into the pump; what it logs (KEY_PROVISIONED, a LIBRARY_REJECTED) goes out on the line. A Status.
   */
  provisionPublicKey(publicKey: Uint8Array): number {
    this.log(`public key ${Buffer.from(publicKey).toString("hex")} provisioned`);
    const status = this.guard("provisionPublicKey", () => this.host.provisionPublicKey(publicKey));
    this.moveBytes(0);
    if (status === undefined)
      throw new Error("the firmware trapped in provisionPublicKey and restarted; no key was provisioned");
    return status;
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

  /**
   * Attaches the local port (docs/decisions/0027-panel-local-port.md). From now on the serial line's
   * bytes reach the firmware only up to their last delimiter, so a local frame never lands inside a
   * serial frame. Without a local port the byte path is exactly as before.
   */
  attachLocalPort(): void {
    this.gate ??= new LineFrameGate(MAX_ENCODED_FRAME + 1);
  }

  /**
   * One request from the local port: handed to the firmware alone, between serial frames, with a
   * sequence the serial client is not using (LocalSequencer). Undefined when the firmware holds
   * part of an over-long serial run (the caller tries again after a step).
   */
  localRequest(code: number, payload: Uint8Array): LocalExchange | undefined {
    this.attachLocalPort();
    this.moveBytes(0); // serial bytes that arrived go first; what the firmware queued belongs to the line
    if (this.gate!.firmwareHoldsPartial) return undefined;
    const sequence = this.localSequences.take(this.gate!.lastSerialSequence);
    // The panel is the pump's own keys: its frame goes through the local input (receiveLocal), the
    // only way the firmware takes a request as local (issue 13, docs/decisions/0036).
    const wire = encodeFrame(FrameType.REQUEST, sequence, code, payload);
    this.stats.framesHandled += this.guard("receiveLocal", () => this.host.receiveLocal(wire)) ?? 0;
    const output = this.guard("transmit", () => this.host.drainTransmit()) ?? new Uint8Array(0);
    const exchange = routeLocalOutput(output, sequence, code);
    if (exchange.toLine.length > 0) this.toHost.send(exchange.toLine);
    this.moveBytes(0);
    return exchange;
  }

  private applyDue(): void {
    for (const action of this.schedule.takeDue(this.nowMs)) {
      if (action.kind === "fault") this.setFault(action.fault, action.active);
      else if (action.kind === "flow-fault") this.setFlowFault(action.fault, action.active);
      else this.powerLoss();
    }
  }

  /** Bytes already on the wire leave first; what the pump answers now leaves in later steps (at once on an ideal line). */
  private moveBytes(elapsedMs: number): void {
    const leaving = [this.toHost.advance(elapsedMs)];
    const arrivedOnLine = this.toPump.advance(elapsedMs);
    const arrived = this.gate === undefined ? arrivedOnLine : this.gate.pass(arrivedOnLine);
    if (arrived.length > 0) this.stats.framesHandled += this.guard("receive", () => this.host.receive(arrived)) ?? 0;
    const answered = this.guard("transmit", () => this.host.drainTransmit());
    if (answered !== undefined) this.toHost.send(answered);
    leaving.push(this.toHost.advance(0));
    for (const bytes of leaving) {
      if (bytes.length === 0) continue;
      this.stats.bytesToDevice += bytes.length;
      this.device.write(bytes);
    }
    this.checkReservoir(); // after every export call: any of them may have started the motor
  }

  /** A motor drawing from an empty container pumps air, and the air-in-line detector sees it at once. */
  private checkReservoir(): void {
    if (this.reservoir === undefined || !this.reservoir.empty || this.host.motor.rateUlPerHour === 0) return;
    if ((this.faultMask & AIR_IN_LINE_BIT) !== 0) return;
    this.log(
      `reservoir empty: the motor draws air (the container held ${this.reservoir.volumeUl} µL; the balance reads ${this.meter.deliveredUl} µL)`,
    );
    this.setFault("air-in-line", true);
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
      this.log(
        `FIRMWARE TRAP in ${error.exportName} (${what}): ${error.trap.message}; delivery stopped, HIGH alarm raised, restarting from saved NV`,
      );
      this.host.restart();
      this.reportSensors();
      return undefined;
    }
  }
}
