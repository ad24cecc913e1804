// A real rig on a serial port (`--port <path> --baud <n>`): the same line, the same client and
// the same scenarios as the virtual target, but real time. Timeouts are the reference client's
// (docs/protocol.md §4: 500 ms, 3 attempts) on the wall clock, `advance` waits for real, and the
// line is taken as settled after QUIET_MS without a request in flight. The port stays open for the
// whole run; each scenario continues the request sequence, so no request can be mistaken for a
// repeat of the previous scenario's (docs/protocol.md §4). The run's first sequence is drawn at
// random and recorded as a seed: a pump that kept the history of an earlier run would otherwise
// answer this run's first requests from it, unexecuted. Without rig control, steps that need it
// are blocked (docs/hil.md §2); with a rig plug-in (--rig, hil/runner/rig-plugin.ts) they run. Each
// session first returns the pump to idle: through the plug-in, else over the protocol.
import { randomInt } from "node:crypto";
import { realTimers } from "../../simulator/link/timers.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { RecordingLink } from "./recording-link.ts";
import type { PumpCommands } from "../../simulator/client/pump-commands.ts";
import { rigControlOf, rigIdentity, type RigPlugin } from "./rig-plugin.ts";
import { ReturnToIdleError, returnToIdleOverProtocol } from "./return-to-idle.ts";
import type { RigControl, Target, TargetSession } from "./target.ts";

/** The name under which the run's first request sequence is recorded (RunResult.seeds). */
export const FIRST_SEQUENCE_SEED = "port first request sequence";

/** How long the runner listens for trailing bytes (events, answers to raw bytes) before it goes on. */
export const QUIET_MS = 100;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class PortSession implements TargetSession {
  readonly timers = realTimers;
  readonly link: RecordingLink;
  private readonly startedAtMs = performance.now();

  constructor(
    serial: SerialLink,
    readonly firstSequence: number,
    readonly rig: RigControl,
    private readonly plugin: RigPlugin | undefined,
    private readonly onClose: (session: PortSession) => void,
  ) {
    this.link = new RecordingLink(serial);
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
      await this.plugin.returnToIdle({ overProtocol });
    } catch (error) {
      if (error === lineError || error instanceof ReturnToIdleError) throw error;
      throw new ReturnToIdleError(`the rig's returnToIdle: ${(error as Error).message}`);
    }
  }

  drive<T>(exchange: Promise<T>): Promise<T> {
    return exchange; // the client's own timers bound it
  }

  settle(): Promise<void> {
    return pause(QUIET_MS);
  }

  advance(elapsedMs: number): Promise<void> {
    return pause(elapsedMs);
  }

  elapsedMs(): number {
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
    baudRate: number,
    private readonly rig: RigControl,
    private readonly plugin: RigPlugin | undefined,
    firstSequence: number,
    rigDescription: { module: string; identity?: Record<string, string> } | undefined,
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
    return new PortTarget(serial, path, baudRate, control, plugin, firstSequence, rigDescription);
  }

  async open(): Promise<TargetSession> {
    await this.rig.reset?.(); // without one, a scenario finds the pump as the previous one left it
    return new PortSession(this.serial, this.nextSequence, this.rig, this.plugin, (session) => {
      if (session.link.lastRequestSequence !== undefined)
        this.nextSequence = (session.link.lastRequestSequence + 1) & 0xffff;
    });
  }

  async close(): Promise<void> {
    await this.plugin?.close?.().catch(() => undefined);
    await this.serial.close().catch(() => undefined);
  }
}
