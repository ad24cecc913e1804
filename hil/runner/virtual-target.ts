// The default target: the release firmware in this process (PumpHost + VirtualPump), a fresh pump
// per scenario (blank NV, the example library preloaded) on its own pseudo-terminal, reached
// through serialport exactly as a rig's adapter would be. Nothing moves the clock but the runner
// (docs/hil.md §4): the pump's clock and the client's timers advance together, only on `advance`
// steps and when a request waits on a quiet line, so a run's every byte is a function of the
// scenario and its seeds.
//
// Why not startVirtualPump(): it writes the pump's power-on events into the device before a client
// can open it, and serialport's open flushes the device (tcflush) at a moment we cannot observe;
// some of those bytes might survive the flush and some not. Here the client opens the device first
// and the pump powers on after, so every byte it sends is received and counted.
import { Status } from "../../firmware/abi/codes.ts";
import { NvStore } from "../../simulator/pump/nv-store.ts";
import { PumpHost } from "../../simulator/pump/pump-host.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { LibraryRefusedError } from "../../simulator/virtual-pump/start.ts";
import { TtyDevice } from "../../simulator/virtual-pump/tty-device.ts";
import { VirtualPump } from "../../simulator/virtual-pump/virtual-pump.ts";
import type { Target } from "./target.ts";
import { VirtualSession } from "./virtual-session.ts";

/** The report's target line: the device path changes every scenario and every run, so it is not in the result. */
export const VIRTUAL_TTY = "pseudo-terminal, a new one per scenario";

export interface VirtualTargetOptions {
  firmware: Uint8Array;
  libraryImage: Uint8Array;
  /** Test-only: sees each session as it opens (e.g. to make its pump die mid-scenario). */
  instrument?: (session: VirtualSession) => void;
}

export class VirtualTarget implements Target {
  readonly description = { kind: "virtual", tty: VIRTUAL_TTY } as const;

  private module: WebAssembly.Module | undefined;
  /** One in-memory NV store, forgotten before each scenario: a blank pump without a new 4 MiB buffer each time. */
  private readonly nv = new NvStore();

  constructor(private readonly options: VirtualTargetOptions) {}

  async open(): Promise<VirtualSession> {
    this.module ??= new WebAssembly.Module(this.options.firmware as Uint8Array<ArrayBuffer>);
    this.nv.forget();
    const host = await PumpHost.create({ wasmModule: this.module, nvStore: this.nv });
    const status = host.loadLibrary(this.options.libraryImage);
    if (status !== Status.OK) throw new LibraryRefusedError(status);
    let failure: ((error: Error) => void) | undefined;
    const device = TtyDevice.open((error) => failure?.(error));
    let serial: SerialLink;
    try {
      serial = await SerialLink.open(device.path);
    } catch (error) {
      device.close();
      throw error;
    }
    const session = new VirtualSession(
      device,
      serial,
      (pumpSide) => new VirtualPump(host, pumpSide, { line: { seed: 0 } }),
    );
    failure = (error) => session.fail(`the virtual pump's device failed: ${error.message}`);
    this.options.instrument?.(session);
    try {
      await session.settle(); // the power-on events arrive before the first step, never in between
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  }

  async close(): Promise<void> {}
}
