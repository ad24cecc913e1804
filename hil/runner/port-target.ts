// A real rig on a serial port (`--port <path> --baud <n>`): the same line, the same client and
// the same scenarios as the virtual target, but real time. Timeouts are the reference client's
// (docs/protocol.md §4: 500 ms, 3 attempts) on the wall clock, `advance` waits for real unless the
// rig drives the pump's clock (RigPlugin.advance), and the line is settled once it has been quiet:
// no byte received for QUIET_MS after the last byte written has left at the line's speed (a 3,001-byte
// raw send takes 260 ms at 115,200 baud). Every answer, raw send and rig action waits for that. The port stays open for the
// whole run; each scenario continues the request sequence, so no request can be mistaken for a
// repeat of the previous scenario's (docs/protocol.md §4). The run's first sequence is drawn at
// random and recorded as a seed: a pump that kept the history of an earlier run would otherwise
// answer this run's first requests from it, unexecuted. Without rig control, steps that need it
// are blocked (docs/hil.md §2); with a rig plug-in (--rig, hil/runner/rig-plugin.ts) they run. Each
// session first returns the pump to idle: through the plug-in, else over the protocol.
import { randomInt } from "node:crypto";
import { realTimers } from "../../simulator/link/timers.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { CLIENT_TIMEOUT_MS } from "./driver.ts";
import { RecordingLink } from "./recording-link.ts";
import type { PumpCommands } from "../../simulator/client/pump-commands.ts";
import { rigControlOf, rigIdentity, type LocalRequestContext, type RigPlugin } from "./rig-plugin.ts";
import { ReturnToIdleError, returnToIdleOverProtocol } from "./return-to-idle.ts";
import type { RigControl, Target, TargetSession } from "./target.ts";

/** The name under which the run's first request sequence is recorded (RunResult.seeds). */
export const FIRST_SEQUENCE_SEED = "port first request sequence";

/** How long the line must stay quiet (no byte in, none still leaving) before the runner goes on. */
export const QUIET_MS = 100;
/** A pump that never stops talking: the runner goes on after this long, and the next step sees the rest. */
export const SETTLE_LIMIT_MS = 10_000;
/** How often the runner asks a rig's line tap again while bytes are still on their way. */
const COUNT_POLL_MS = 10;
/** Bits a byte takes on an 8N1 line. */
const BITS_PER_BYTE = 10;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class PortSession implements TargetSession {
  readonly timers = realTimers;
  readonly link: RecordingLink;
  readonly rig: RigControl;
  private readonly startedAtMs = performance.now();
  /** Pump time the rig's clock was moved on by (a rig-driven clock only). */
  private rigClockMs = 0;
  /** performance.now() when the last byte arrived, and when the last byte written has left. */
  private lastReceivedAtMs = 0;
  private writtenLeavesAtMs = 0;
  /** Bytes received and written since the rig's last returnToIdle began; undefined before one (no count to compare). */
  private receivedSinceIdle: number | undefined;
  private writtenSinceIdle = 0;

  constructor(
    serial: SerialLink,
    readonly firstSequence: number,
    rig: RigControl,
    private readonly plugin: RigPlugin | undefined,
    private readonly baudRate: number,
    readonly clientTimeoutMs: number,
    private readonly onClose: (session: PortSession) => void,
  ) {
    this.link = new RecordingLink(serial);
    this.link.onData((bytes) => {
      this.lastReceivedAtMs = performance.now();
      if (this.receivedSinceIdle !== undefined) this.receivedSinceIdle += bytes.length;
    });
    this.link.onWrite((bytes) => {
      this.writtenSinceIdle += bytes.length;
      const lineMs = (bytes.length * BITS_PER_BYTE * 1000) / this.baudRate;
      this.writtenLeavesAtMs = Math.max(this.writtenLeavesAtMs, performance.now()) + lineMs;
    });
    // A rig's action makes the pump talk (POWER_ON, FAULT_RAISED…): the step is done once that has arrived.
    const settled =
      <A extends unknown[], R>(action: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const value = await action(...args);
        await this.settle();
        return value;
      };
    this.rig = { ...rig };
    if (rig.powerCycle !== undefined) this.rig.powerCycle = settled(rig.powerCycle);
    if (rig.setFaults !== undefined) this.rig.setFaults = settled(rig.setFaults);
    const flowSwitches = plugin?.setFlowFaults?.bind(plugin);
    // A rig's flow sensor reports on the pump's keys: it numbers them clear of the runner's sequences.
    if (flowSwitches !== undefined)
      this.rig.setFlowFaults = settled((faults) => flowSwitches(faults, this.keysContext()));
    else if (rig.setFlowFaults !== undefined) this.rig.setFlowFaults = settled(rig.setFlowFaults);
    if (rig.provisionKey !== undefined) this.rig.provisionKey = settled(rig.provisionKey);
    if (rig.setReservoir !== undefined) this.rig.setReservoir = settled(rig.setReservoir);
    if (rig.impairLine !== undefined) this.rig.impairLine = settled(rig.impairLine);
    const pressKeys = plugin?.localRequest?.bind(plugin);
    if (pressKeys !== undefined)
      // What is on the serial line arrives first; then the request's EVENT frames reach the runner.
      this.rig.localRequest = async (code, payload) => {
        await this.settle();
        return settled(pressKeys)(code, payload, this.keysContext());
      };
  }

  /** What a rig numbering requests on the pump's keys keeps clear of: the runner's last sequence. */
  private keysContext(): LocalRequestContext {
    return { lastSerialSequence: this.link.lastRequestSequence };
  }

  async returnToIdle(pump: PumpCommands): Promise<void> {
    if (this.plugin === undefined) return returnToIdleOverProtocol(pump);
    let lineError: unknown; // the line failing (the pump gone) fails the scenario; the rest blocks it
    const overProtocol = (): Promise<void> =>
      returnToIdleOverProtocol(pump).catch((error: unknown) => {
        if (!(error instanceof ReturnToIdleError)) lineError = error;
        throw error;
      });
    try {
      this.receivedSinceIdle = 0; // the line was settled when the previous session ended
      this.writtenSinceIdle = 0;
      await this.plugin.returnToIdle({ overProtocol });
      await this.settle(); // what the return to idle made the pump say is not the scenario's first step's
    } catch (error) {
      if (error === lineError || error instanceof ReturnToIdleError) throw error;
      throw new ReturnToIdleError(`the rig's returnToIdle: ${(error as Error).message}`);
    }
  }

  /** The client's own timers bound the exchange; then the line must go quiet (events after an answer). */
  async drive<T>(exchange: Promise<T>): Promise<T> {
    try {
      return await exchange;
    } finally {
      await this.settle();
    }
  }

  /**
   * Until nothing is leaving and nothing has arrived for QUIET_MS — and, with a rig that counts the
   * pump's bytes on the line, every one of them has arrived — at most SETTLE_LIMIT_MS.
   */
  async settle(): Promise<void> {
    const giveUpAtMs = performance.now() + SETTLE_LIMIT_MS;
    for (;;) {
      const now = performance.now();
      const quietFromMs = Math.max(this.lastReceivedAtMs, this.writtenLeavesAtMs) + QUIET_MS;
      if (now >= giveUpAtMs) return;
      if (now < quietFromMs) {
        await pause(Math.ceil(Math.min(quietFromMs, giveUpAtMs) - now));
        continue;
      }
      if (await this.allReceived()) return;
      await pause(COUNT_POLL_MS);
    }
  }

  /** True without a rig line tap; else whether each side has every byte the other sent since returnToIdle. */
  private async allReceived(): Promise<boolean> {
    if (this.plugin?.lineTap === undefined || this.receivedSinceIdle === undefined) return true;
    await new Promise((resolve) => setImmediate(resolve)); // data the poll phase already holds comes first
    const tap = await this.plugin.lineTap();
    return tap.receivedByPump >= BigInt(this.writtenSinceIdle) && BigInt(this.receivedSinceIdle) >= tap.sentByPump;
  }

  /** The rig's clock when it has one (the pump's time moves on at once), else real time. */
  async advance(elapsedMs: number): Promise<void> {
    if (this.plugin?.advance === undefined) return pause(elapsedMs);
    await this.plugin.advance(elapsedMs, this.keysContext());
    this.rigClockMs += elapsedMs;
    await this.settle();
  }

  /** Pump time under a rig-driven clock (the sum of advances: the same every run), else measured. */
  elapsedMs(): number {
    if (this.plugin?.advance !== undefined) return this.rigClockMs;
    return Math.round(performance.now() - this.startedAtMs);
  }

  async close(): Promise<void> {
    this.link.detach();
    this.onClose(this);
  }
}

export class PortTarget implements Target {
  readonly description: {
    kind: "port";
    path: string;
    baudRate: number;
    rig?: { module: string; identity?: Record<string, string> };
  };
  readonly seeds: Record<string, number>;
  private nextSequence: number;

  private constructor(
    private readonly serial: SerialLink,
    path: string,
    private readonly baudRate: number,
    private readonly rig: RigControl,
    private readonly plugin: RigPlugin | undefined,
    firstSequence: number,
    rigDescription: { module: string; identity?: Record<string, string> } | undefined,
    private readonly clientTimeoutMs: number,
  ) {
    this.description = {
      kind: "port",
      path,
      baudRate,
      ...(rigDescription === undefined ? {} : { rig: rigDescription }),
    };
    this.nextSequence = firstSequence;
    this.seeds = { [FIRST_SEQUENCE_SEED]: firstSequence };
  }

  /**
   * Opens the port; fails with serialport's reason, naming the path. A rig plug-in gives the rig
   * control; `rigModule` (the --rig path) names it in the run identity with what the rig says it is.
   */
  static async open(
    path: string,
    baudRate: number,
    rig: RigControl | RigPlugin = {},
    firstSequence = randomInt(0x10000),
    rigModule?: string,
    clientTimeoutMs = CLIENT_TIMEOUT_MS,
  ): Promise<PortTarget> {
    const plugin = "returnToIdle" in rig ? rig : undefined;
    const control = plugin === undefined ? (rig as RigControl) : rigControlOf(plugin);
    let rigDescription: { module: string; identity?: Record<string, string> } | undefined;
    if (plugin !== undefined) {
      const module = rigModule ?? "(rig plug-in)";
      const identity = await rigIdentity(plugin, module);
      rigDescription = { module, ...(identity === undefined ? {} : { identity }) };
    }
    const serial = await SerialLink.open(path, { baudRate });
    return new PortTarget(serial, path, baudRate, control, plugin, firstSequence, rigDescription, clientTimeoutMs);
  }

  async open(): Promise<TargetSession> {
    await this.rig.reset?.(); // without one, a scenario finds the pump as the previous one left it
    const { serial, nextSequence, rig, plugin, baudRate, clientTimeoutMs } = this;
    return new PortSession(serial, nextSequence, rig, plugin, baudRate, clientTimeoutMs, (session) => {
      if (session.link.lastRequestSequence !== undefined)
        this.nextSequence = (session.link.lastRequestSequence + 1) & 0xffff;
    });
  }

  async close(): Promise<void> {
    await this.plugin?.close?.().catch(() => undefined);
    await this.serial.close().catch(() => undefined);
  }
}
