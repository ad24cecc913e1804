// startVirtualPump(): the programmatic virtual pump for the HIL runner and tests (the CLI wraps
// it). Powers the release firmware on (restoring NV from the state file), preloads a library,
// then offers the pump on a fresh pseudo-terminal and starts its clock. close() stops the clock,
// saves the NV region and removes the device.
import { Status } from "../../firmware/abi/codes.ts";
import { PumpHost, type HostEvent, type PumpHostOptions } from "../pump/pump-host.ts";
import { driveClock, type ClockMode } from "./clock-driver.ts";
import type { ScheduledAction } from "./faults.ts";
import { parseImpairments } from "../link/line-impairments.ts";
import { randomSeed } from "../link/prng.ts";
import { firmwareBuildPath } from "../host/memory-layout.ts";
import { TtyDevice } from "./tty-device.ts";
import { VirtualPump } from "./virtual-pump.ts";

export interface VirtualPumpOptions {
  /** Default build/ders.wasm. */
  firmwarePath?: string;
  /**
   * Ed25519 public key provisioned at power-on, before the library is preloaded, as the factory (and
   * the HIL rig, PumpHost.provisionPublicKey) does: from then on only signed, released, newer
   * libraries are admitted. The same key again (a pump restarted from its state file) is no change.
   */
  publicKey?: Uint8Array;
  /** Library image written to the library region and activated with libraryLoad before the device appears. */
  libraryImage?: Uint8Array;
  /** File holding the NV region across restarts; without it NV lives only as long as the process. */
  statePath?: string;
  /** Line speed; undefined = an ideal line. */
  baudRate?: number;
  /** Default "realtime". */
  clock?: ClockMode;
  /** Virtual time per step in "fast" mode, timer period in "realtime" mode. Default 10. */
  stepMs?: number;
  /** Seed of the line impairments; default a random one (see handle.seed). */
  seed?: number;
  /** Probabilities as decimal strings, e.g. "0.01". */
  drop?: string;
  duplicate?: string;
  corrupt?: string;
  schedule?: ScheduledAction[];
  /** The container hung at start, µL (REQ-SIM-018); undefined: an endless supply. */
  reservoirUl?: bigint;
  log?: (message: string) => void;
  /** Test-only: passed to PumpHost (e.g. to inject a firmware trap). */
  instrument?: PumpHostOptions["instrument"];
}

export interface VirtualPumpHandle {
  /** The device a client opens, e.g. /dev/pts/3. */
  path: string;
  seed: number;
  pump: VirtualPump;
  device: TtyDevice;
  /** Moves the virtual clock by hand ("manual" mode). */
  advance(elapsedMs: number): void;
  /** Stops the pump and releases its state file; rejects when the final save failed (NvSaveError). */
  close(): Promise<void>;
}

export class KeyRefusedError extends Error {
  constructor(readonly status: number) {
    super(`the firmware refused the public key: status ${status} ${Status[status] ?? "?"} (docs/host-contract.md §10)`);
  }
}

export class LibraryRefusedError extends Error {
  constructor(readonly status: number) {
    super(`the firmware refused the library image: status ${status} ${Status[status] ?? "?"} (docs/abi.md §6)`);
  }
}

const describeHostEvent = (event: HostEvent): string =>
  event.kind === "POWER_ON"
    ? `power on (${event.restoredNv ? "NV restored" : "no saved NV: blank pump"})`
    : event.kind === "FIRMWARE_TRAP"
      ? `firmware trapped in ${event.exportName}: ${event.message}`
      : event.kind === "NV_SAVE_FAILED"
        ? `NV SAVE FAILED: ${event.message}; NV storage fault raised (HIGH alarm, delivery stopped), retrying at every change`
        : event.kind === "NV_SAVE_RECOVERED"
          ? "NV saved again: NV storage fault cleared"
          : "restart after failure";

export async function startVirtualPump(options: VirtualPumpOptions = {}): Promise<VirtualPumpHandle> {
  const log = options.log ?? (() => undefined);
  const line = {
    baudRate: options.baudRate,
    seed: options.seed ?? randomSeed(),
    ...parseImpairments(options, true),
  };
  const host = await PumpHost.create({
    wasmPath: options.firmwarePath ?? firmwareBuildPath(),
    nvFilePath: options.statePath,
    instrument: options.instrument,
    onEvent: (event) => log(`host: ${describeHostEvent(event)}`),
  });
  let device: TtyDevice;
  try {
    if (options.publicKey !== undefined) {
      const status = host.provisionPublicKey(options.publicKey);
      if (status !== Status.OK) throw new KeyRefusedError(status);
      log(
        `public key ${Buffer.from(options.publicKey).toString("hex")} provisioned: only signed, released, newer libraries are admitted`,
      );
    }
    if (options.libraryImage !== undefined) {
      const status = host.loadLibrary(options.libraryImage);
      if (status !== Status.OK) throw new LibraryRefusedError(status);
      log(`library preloaded: version ${host.libraryVersion()}`);
    }
    device = TtyDevice.open((error) => log(`device error: ${error.message}`));
  } catch (error) {
    host.close(); // releases the state file for the next attempt
    throw error;
  }
  const pump = new VirtualPump(host, device, {
    line,
    schedule: options.schedule,
    reservoirUl: options.reservoirUl,
    log,
  });
  device.onData((bytes) => pump.fromDevice(bytes));
  log(
    `line: ${line.baudRate === undefined ? "unpaced" : `${line.baudRate} baud`}, seed ${line.seed}` +
      ` (drop ${line.drop?.text ?? "0"}, duplicate ${line.duplicate?.text ?? "0"}, corrupt ${line.corrupt?.text ?? "0"})`,
  );
  const clock = driveClock(options.clock ?? "realtime", options.stepMs ?? 10, (elapsedMs) => pump.advance(elapsedMs));

  let closed = false;
  return {
    path: device.path,
    seed: line.seed,
    pump,
    device,
    advance: (elapsedMs) => pump.advance(elapsedMs),
    close: async () => {
      if (closed) return;
      closed = true;
      clock.stop();
      // Everything the firmware committed is already saved, unless saving failed: this is the last
      // try (only changed bytes are written). Never a failed instance's memory.
      let saveError: unknown;
      try {
        if (host.state === "RUNNING") host.nv.save(host.currentNv());
      } catch (error) {
        saveError = error;
      }
      host.close();
      device.close();
      log(`stopped at ${pump.nowMs} ms of simulated time`);
      if (saveError !== undefined) throw saveError;
    },
  };
}
