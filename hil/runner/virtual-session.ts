// One scenario's virtual pump: the runner's line to it, its simulated clock, and its rig control
// (sensor faults, flow faults, power cycle, motor, line impairments, delivery meter, reservoir, key
// provisioning). The line is quiet when the pump side has received every byte the runner wrote and
// the runner has received every byte the pump sent; only then does the runner look at outcomes or
// move the clock. A pump that stops answering (device closed, line stalled) is reported within
// STALL_MS of real time, never waited on for ever.
import { SensorFault } from "../../firmware/abi/event-types.ts";
import type { SerialLink } from "../../simulator/link/serial-link.ts";
import { FAULT_NAMES, FLOW_FAULT_NAMES } from "../../simulator/virtual-pump/faults.ts";
import { LineImpairments, parseImpairments } from "../../simulator/link/line-impairments.ts";
import type { TtyDevice } from "../../simulator/virtual-pump/tty-device.ts";
import type { PumpSideDevice, VirtualPump } from "../../simulator/virtual-pump/virtual-pump.ts";
import { rawRecordBytes, readNvLog } from "../../simulator/pump/nv-log-reader.ts";
import { RecordingLink } from "./recording-link.ts";
import type { LineImpairmentStep } from "../model/scenario.ts";
import { SimTimers } from "./sim-timers.ts";
import { TargetGoneError, type RigControl, type TargetSession } from "./target.ts";

/** Real time the line may make no progress before the pump counts as gone. */
export const STALL_MS = 2000;
const MAX_WAIT_COUNTED_MS = 50;
/** Real time a wait polls the event loop without sleeping: a pty round trip is well under it. */
const SPIN_MS = 20;

/** How often a local request waits for a serial frame in progress before the step fails. */
const LOCAL_RETRIES = 3;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class VirtualSession implements TargetSession {
  readonly timers = new SimTimers();
  readonly firstSequence = 0;
  readonly link: RecordingLink;
  readonly pump: VirtualPump;
  readonly rig: RigControl;
  private bytesFromTty = 0;
  private bytesToTty = 0;
  /** The runner's line to the pump: ideal until a line step impairs it. */
  private line = new LineImpairments({}, 0);
  private gone: string | undefined;

  constructor(
    readonly device: TtyDevice,
    private readonly serial: SerialLink,
    powerOn: (pumpSide: PumpSideDevice) => VirtualPump,
  ) {
    this.link = new RecordingLink(serial);
    device.onData((bytes) => this.fromTty(bytes));
    // The client has the device open already, so the power-on events below reach it.
    this.pump = powerOn({ write: (bytes) => this.toTty(bytes) });
    this.rig = {
      setFaults: async (faults) => {
        for (const [name, bit] of Object.entries(FAULT_NAMES) as [keyof typeof FAULT_NAMES, SensorFault][]) {
          const active = faults.includes(SensorFault[bit]);
          if (active !== ((this.pump.faultMask >>> bit) & 1 ? true : false)) this.pump.setFault(name, active);
        }
        await this.settle();
      },
      setFlowFaults: async (faults) => {
        for (const name of FLOW_FAULT_NAMES)
          if (faults.includes(name) !== this.pump.flowFaults.has(name))
            this.pump.setFlowFault(name, faults.includes(name));
        await this.settle();
      },
      powerCycle: async () => {
        this.pump.powerLoss();
        await this.settle();
      },
      motorRateUlPerHour: async () => this.pump.host.motor.rateUlPerHour,
      impairLine: async (line) => this.impair(line),
      deliveredUl: async () => this.pump.deliveredUl,
      setReservoir: async (volumeUl) => {
        this.pump.setReservoir(volumeUl); // hanging an empty one under a running motor raises the air alarm at once
        await this.settle();
      },
      localRequest: async (code, payload) => {
        await this.settle(); // what is on the serial line arrives first
        let exchange = this.pump.localRequest(code, payload);
        for (let tries = 0; exchange === undefined && tries < LOCAL_RETRIES; tries++) {
          // The firmware holds part of a serial frame: the local frame waits for the line to finish.
          await this.settle();
          exchange = this.pump.localRequest(code, payload);
        }
        if (exchange === undefined) throw new Error("the local port found the serial line mid-frame every time");
        await this.settle(); // the EVENT frames it wrote reach the runner
        if (exchange.response === undefined)
          throw new Error(`the pump did not answer the local request 0x${code.toString(16)}`);
        return exchange.response;
      },
      provisionKey: async (publicKey) => {
        const status = this.pump.provisionPublicKey(publicKey);
        await this.settle();
        return status;
      },
    };
  }

  /** Marks the pump as gone; the next wait on it fails with this message. */
  fail(message: string): void {
    this.gone ??= message;
  }

  async drive<T>(exchange: Promise<T>): Promise<T> {
    let outcome: { value: T } | { error: unknown } | undefined;
    exchange.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    for (;;) {
      await nextTurn(); // the client queues its write in a microtask: let it reach the link first
      await this.settle(() => outcome !== undefined && "error" in outcome);
      if (outcome !== undefined) break;
      // Quiet line, no answer: the request or its response was lost. Time passes until the client's timer fires.
      const dueInMs = this.timers.nextDueInMs();
      if (dueInMs === undefined)
        throw new Error("a request waits for its answer but the client set no timer (runner bug)");
      this.clock(dueInMs);
    }
    if ("error" in outcome) throw outcome.error;
    return outcome.value;
  }

  async settle(stop: () => boolean = () => false): Promise<void> {
    let mark = this.progress();
    let stalledMs = 0;
    const spinUntilMs = performance.now() + SPIN_MS;
    for (;;) {
      if (this.gone !== undefined) throw new TargetGoneError(this.gone);
      if (stop()) return;
      if (this.quiet()) {
        await nextTurn(); // what the last bytes resolved runs first
        if (this.quiet()) return;
      }
      const beforeMs = performance.now();
      // Spin on the event loop while the answer is probably a pty hop away; then yield the CPU.
      await (beforeMs < spinUntilMs ? nextTurn() : pause(1));
      const now = this.progress();
      // Each wait counts at most MAX_WAIT_COUNTED_MS: a process the machine did not schedule for a while has not seen a stall.
      stalledMs = now !== mark ? 0 : stalledMs + Math.min(performance.now() - beforeMs, MAX_WAIT_COUNTED_MS);
      mark = now;
      if (stalledMs > STALL_MS) {
        this.fail(
          `the virtual pump stopped answering: ${this.link.bytesWritten - this.bytesFromTty} bytes sent to it and ` +
            `${this.bytesToTty - this.link.bytesRead} bytes from it were still on the line after ${STALL_MS} ms (device closed or host stuck)`,
        );
      }
    }
  }

  async advance(elapsedMs: number): Promise<void> {
    this.clock(elapsedMs);
    await this.settle();
  }

  elapsedMs(): number {
    return this.pump.nowMs;
  }

  pumpLog(): { overwrittenCount: number; records: Uint8Array[] } {
    const nv = this.pump.host.currentNv();
    const log = readNvLog(nv);
    if (log === undefined) return { overwrittenCount: 0, records: [] };
    return {
      overwrittenCount: log.header.overwrittenCount,
      records: log.records.map((r) => Uint8Array.from(rawRecordBytes(nv, log.header, r.sequence))),
    };
  }

  async close(): Promise<void> {
    this.link.detach();
    await this.serial.close().catch(() => undefined);
    this.device.close();
  }

  /** The pump's clock and the client's timers move together. */
  private clock(elapsedMs: number): void {
    this.pump.advance(elapsedMs);
    this.timers.advance(elapsedMs);
  }

  private quiet(): boolean {
    return (
      this.link.bytesWritten === this.bytesFromTty &&
      this.link.bytesRead + this.device.bytesLostNoReader === this.bytesToTty &&
      this.device.pendingBytes === 0
    );
  }

  private progress(): string {
    return `${this.link.bytesWritten} ${this.bytesFromTty} ${this.link.bytesRead} ${this.bytesToTty}`;
  }

  private fromTty(bytes: Uint8Array): void {
    this.bytesFromTty += bytes.length;
    try {
      this.pump.fromDevice(this.line.hostToPump.apply(bytes));
    } catch (error) {
      this.fail(`the virtual pump failed: ${(error as Error).message}`);
    }
  }

  private toTty(bytes: Uint8Array): void {
    const arriving = this.line.pumpToHost.apply(bytes);
    this.bytesToTty += arriving.length;
    this.device.write(arriving);
  }

  private impair(line: LineImpairmentStep): void {
    this.line = new LineImpairments(parseImpairments(line), line.seed);
  }
}
