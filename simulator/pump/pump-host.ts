// The virtual pump's host (docs/host-contract.md): runs build/ders.wasm with no imports, keeps its
// NV region across power cycles, moves serial bytes, advances simulated time, reports sensors, and
// applies the trap policy: a WebAssembly trap is a pump failure (§7) — delivery stops at once, a
// high-priority alarm is raised, the instance is discarded, and restart() comes back from the last
// saved NV bytes with nothing running. A save that fails is a pump fault too, but the firmware's
// (§2 rule 6): reported as sensor fault NV_STORAGE, a high alarm that stops delivery; the pump
// keeps running and answering.
import { readFile } from "node:fs/promises";
import { ABI_VERSION, NV_REGION_OFFSET, RX_BUFFER_SIZE, Status } from "../../firmware/abi/codes.ts";
import { SensorFault } from "../../firmware/abi/event-types.ts";
import type { EngineRequest, EngineResult } from "../host/types.ts";
import type { FirmwareExports } from "../host/firmware-exports.ts";
import { Firmware } from "../host/firmware.ts";
import { firmwareBuildPath, memoryLayout, type MemoryLayout } from "../host/memory-layout.ts";
import { VirtualMotor, type Motor } from "./motor.ts";
import { NvSaveError, NvStore } from "./nv-store.ts";

/** Whether the host still trusts its firmware instance (not the workflow's PumpState, docs/workflow.md §2.1). */
export type HostState = "RUNNING" | "FAILED";

export interface PumpAlarm {
  priority: "HIGH";
  cause: "FIRMWARE_TRAP";
  detail: string;
}

export type HostEvent =
  | { kind: "POWER_ON"; restoredNv: boolean }
  | { kind: "FIRMWARE_TRAP"; exportName: string; message: string }
  | { kind: "RESTART_AFTER_FAILURE" }
  /** A save failed (first of a run of failures): NV_STORAGE reported to the firmware. */
  | { kind: "NV_SAVE_FAILED"; message: string }
  /** A save succeeded again, with everything left unsaved: NV_STORAGE cleared. */
  | { kind: "NV_SAVE_RECOVERED" };

export interface PumpHostOptions {
  /** Firmware bytes; default: read wasmPath. */
  wasmBytes?: Uint8Array;
  wasmPath?: string;
  /** Also keep NV snapshots in this file (restored from it at creation when it exists). */
  nvFilePath?: string;
  motor?: Motor;
  /** Called on every host event, failures included (the UI's alarm and the host log hang here). */
  onEvent?: (event: HostEvent) => void;
  /** Test-only: wraps each new instance's exports, e.g. to inject a trap. */
  instrument?: (exports: FirmwareExports) => FirmwareExports;
  /** The firmware already compiled (a runner starting many pumps compiles it once). */
  wasmModule?: WebAssembly.Module;
  /** The NV store to use instead of a new one (nvFilePath is then ignored). */
  nvStore?: NvStore;
}

/** Thrown to the caller of an export that trapped; the host is FAILED until restart(). */
export class FirmwareTrapError extends Error {
  constructor(
    readonly exportName: string,
    readonly trap: WebAssembly.RuntimeError,
  ) {
    super(`firmware trapped in ${exportName}: ${trap.message}; delivery stopped, call restart()`);
  }
}

const MAX_TICK_MS = 0x7fffffff;
const NV_STORAGE_BIT = 1 << SensorFault.NV_STORAGE;

export class PumpHost {
  state: HostState = "RUNNING";
  alarm: PumpAlarm | undefined;
  readonly motor: Motor;
  readonly nv: NvStore;
  readonly hostLog: HostEvent[] = [];
  private firmware: Firmware | undefined;
  private savedGeneration = 0;
  private savedLibraryGeneration = 0;
  /** The mask the host's sensors last reported; the NV_STORAGE bit is the host's own, added while saving fails. */
  private sensorMask = 0;
  private storageFailed = false;
  private storageRecovered = false;
  /** The memory map of the module's profile (docs/abi.md §2.1). */
  readonly layout: MemoryLayout;
  /**
   * Where in the NV region the firmware writes the header, log and key record from; it writes the
   * library part only with LIBRARY_CHUNK (libraryGeneration() tells), and the host with loadLibrary.
   */
  private readonly firmwareNvStart: number;

  private constructor(
    private readonly module: WebAssembly.Module,
    private readonly options: PumpHostOptions,
  ) {
    this.motor = options.motor ?? new VirtualMotor();
    // The profile the module was built for decides the map; its start function only wires ports.
    this.layout = memoryLayout(Firmware.instantiate(module).abi.memoryProfile());
    this.firmwareNvStart = this.layout.nvHeaderOffset - NV_REGION_OFFSET;
    this.nv = options.nvStore ?? new NvStore(options.nvFilePath);
    const stored = this.nv.regionSize;
    if (stored !== undefined && stored !== this.layout.nvRegionSize) {
      if (options.nvStore === undefined) this.nv.close();
      throw new Error(
        `the saved NV region is ${stored} bytes, but this firmware (${this.layout.name} memory profile) has one of ${this.layout.nvRegionSize}: another profile's state; give a new state file`,
      );
    }
  }

  static async create(options: PumpHostOptions = {}): Promise<PumpHost> {
    const module =
      options.wasmModule ??
      new WebAssembly.Module(
        (options.wasmBytes ?? (await readFile(options.wasmPath ?? firmwareBuildPath()))) as Uint8Array<ArrayBuffer>,
      );
    const host = new PumpHost(module, options);
    host.powerOn();
    return host;
  }

  /** Simulated power loss and return: whatever was not saved is gone; nothing resumes. */
  powerCycle(): void {
    this.firmware = undefined;
    this.motor.stop();
    this.powerOn();
  }

  /** After a failure: a new instance from the last saved NV bytes. Delivery stays stopped; the alarm stays until acknowledged. */
  restart(): void {
    this.emit({ kind: "RESTART_AFTER_FAILURE" });
    this.powerOn();
  }

  /** The pump is gone for good: closes the state file and releases its lock. */
  close(): void {
    this.firmware = undefined;
    this.motor.stop();
    this.nv.close();
  }

  acknowledgeAlarm(): void {
    this.alarm = undefined;
  }

  get memory(): Uint8Array {
    return this.running().memory;
  }

  /** The live NV region (a copy). */
  currentNv(): Uint8Array {
    return this.liveNv().slice();
  }

  /** The live NV region as a view: NvStore.save copies what it keeps, so saves need no 4 MiB copy first. */
  private liveNv(): Uint8Array {
    return this.running().nvRegion();
  }

  nvGeneration(): number {
    return this.call("nvGeneration", (f) => f.nvGeneration());
  }

  libraryVersion(): number {
    return this.call("libraryVersion", (f) => f.libraryVersion());
  }

  /**
   * Copies the image into the staging slot, lets the firmware admit and activate it (or log its
   * rejection, the active library staying in force), and saves the NV region.
   */
  loadLibrary(image: Uint8Array): number {
    const firmware = this.running();
    const stagingInNv = firmware.libraryStagingOffset() - NV_REGION_OFFSET;
    const status = this.call("libraryLoad", (f) => f.loadLibrary(image), false);
    // The host wrote only the image into the staging slot, the firmware only its own part: save
    // those, the library bytes first (docs/host-contract.md §2), not the whole 4 MiB region.
    // A failed save leaves its ranges pending in the store: the header is then saved only with them.
    const live = this.liveNv();
    const saved = this.persist(() => {
      if (image.length <= firmware.librarySlotSize()) this.nv.save(live, stagingInNv, stagingInNv + image.length);
      this.nv.save(live, this.firmwareNvStart);
    });
    if (saved) {
      this.savedGeneration = firmware.nvGeneration();
      this.savedLibraryGeneration = firmware.libraryGeneration();
    }
    this.clearRecoveredStorageFault();
    return status;
  }

  /** Provisions the pump's Ed25519 public key (32 raw bytes), once (docs/host-contract.md §10); a status. */
  provisionPublicKey(publicKey: Uint8Array): number {
    return this.call("provisionPublicKey", (f) => f.provisionPublicKey(publicKey));
  }

  /** 0 development, 1 provisioned, 2 key record damaged. */
  keyState(): number {
    return this.call("keyState", (f) => f.keyState());
  }

  evaluate(request: EngineRequest): EngineResult {
    return this.call("evaluate", (f) => f.evaluate(request));
  }

  /** Feeds serial bytes in RX_BUFFER_SIZE chunks; returns the complete frames the firmware handled. */
  receive(bytes: Uint8Array): number {
    let frames = 0;
    for (let start = 0; start < bytes.length; start += RX_BUFFER_SIZE) {
      const chunk = bytes.subarray(start, start + RX_BUFFER_SIZE);
      const handled = this.call("receive", (f) => f.receive(chunk));
      if (handled < 0)
        throw new Error(`receive(${chunk.length}) refused with status ${-handled}: host bug (docs/abi.md §3)`);
      frames += handled;
    }
    return frames;
  }

  /**
   * One whole frame from the pump's own keys (issue 13, docs/host-contract.md §12): the only input
   * the firmware takes as local. Returns 1; a frame the firmware does not take as one is a host bug.
   */
  receiveLocal(frame: Uint8Array): number {
    const handled = this.call("receiveLocal", (f) => f.receiveLocal(frame));
    if (handled < 0)
      throw new Error(
        `receiveLocal(${frame.length}) refused with status ${-handled}: host bug (docs/host-contract.md §12)`,
      );
    return handled;
  }

  /** Everything the firmware has queued for the serial line. */
  drainTransmit(): Uint8Array {
    const parts: Uint8Array[] = [];
    for (;;) {
      const part = this.call("transmit", (f) => f.transmit());
      if (part.length === 0) break;
      parts.push(part);
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Advances simulated time (split into i32-sized ticks); returns the firmware status. */
  tick(elapsedMs: number): number {
    if (!Number.isSafeInteger(elapsedMs) || elapsedMs < 0)
      throw new Error(`elapsedMs must be a non-negative integer, got ${elapsedMs}`);
    let left = elapsedMs;
    do {
      const step = Math.min(left, MAX_TICK_MS);
      const status = this.call("tick", (f) => f.tick(step));
      if (status !== Status.OK) return status;
      left -= step;
    } while (left > 0);
    return Status.OK;
  }

  /** The host's sensors; NV_STORAGE stays set on top while saving fails. */
  setSensorFaults(mask: number): number {
    const status = this.call("setSensorFaults", (f) =>
      f.setSensorFaults(mask | (this.storageFailed ? NV_STORAGE_BIT : 0)),
    );
    if (status === Status.OK) this.sensorMask = mask;
    return status;
  }

  private powerOn(): void {
    const firmware = Firmware.instantiate(this.module, this.options.instrument);
    if (firmware.abiVersion() !== ABI_VERSION)
      throw new Error(`firmware ABI ${firmware.abiVersion()}, host expects ${ABI_VERSION}: rebuild`);
    const saved = this.nv.load();
    if (saved !== undefined) firmware.memory.set(saved, NV_REGION_OFFSET);
    this.firmware = firmware;
    this.state = "RUNNING";
    this.sensorMask = 0; // a new instance knows no fault: the host reports its sensors again
    this.storageFailed = false;
    this.storageRecovered = false;
    this.emit({ kind: "POWER_ON", restoredNv: saved !== undefined });
    this.call("init", (f) => f.init(), false);
    // Always save after init: a fresh instance's generation says nothing about the stored snapshot.
    // Only the firmware's part can differ: with nothing restored the library part is zero in the
    // new instance and in a blank store alike.
    if (!this.persist(() => this.nv.save(this.liveNv(), this.firmwareNvStart))) return;
    this.savedGeneration = firmware.nvGeneration();
    this.savedLibraryGeneration = firmware.libraryGeneration();
  }

  private running(): Firmware {
    if (this.state === "FAILED" || this.firmware === undefined)
      throw new Error("pump firmware has FAILED: call restart() (docs/host-contract.md §7)");
    return this.firmware;
  }

  /** Every export call goes through here: a trap fails the pump; otherwise NV is saved if it changed. */
  private call<T>(exportName: string, body: (firmware: Firmware) => T, saveAfter = true): T {
    const firmware = this.running();
    let result: T;
    try {
      result = body(firmware);
      this.followMotor(firmware); // inside: a trap in motorRate() is a pump failure like any other
    } catch (error) {
      if (error instanceof WebAssembly.RuntimeError) {
        this.fail(exportName, error);
        throw new FirmwareTrapError(exportName, error);
      }
      throw error;
    }
    if (saveAfter) {
      this.saveIfChanged(firmware);
      this.clearRecoveredStorageFault();
    }
    return result;
  }

  /** The firmware decides the rate (docs/workflow.md §6); the host only applies it after every call. */
  private followMotor(firmware: Firmware): void {
    const rateUlPerHour = firmware.motorRateUlPerHour();
    if (rateUlPerHour === this.motor.rateUlPerHour) return;
    if (rateUlPerHour === 0) this.motor.stop();
    else this.motor.run(rateUlPerHour);
  }

  /**
   * After a commit: the header and log, and the library part first if the firmware wrote it since
   * the last save (a transfer's chunks), so a header naming a new slot is never saved without its
   * bytes (docs/host-contract.md §2): only the range the firmware wrote (libraryChangedOffset/Size),
   * saved before the header, as two journaled writes in that order.
   */
  private saveIfChanged(firmware: Firmware): void {
    const generation = firmware.nvGeneration();
    if (generation === this.savedGeneration) return;
    const libraryGeneration = firmware.libraryGeneration();
    const live = this.liveNv();
    const saved = this.persist(() => {
      // Only the library bytes the firmware wrote (a transfer's chunks), not the whole 4 MiB region.
      if (libraryGeneration !== this.savedLibraryGeneration) {
        const { offset, size } = firmware.libraryChanged();
        this.nv.save(live, offset - NV_REGION_OFFSET, offset - NV_REGION_OFFSET + size);
      }
      this.nv.save(live, this.firmwareNvStart);
    });
    if (!saved) return;
    this.savedGeneration = generation;
    this.savedLibraryGeneration = libraryGeneration;
  }

  /**
   * Runs a save; a failure is the pump fault NV_STORAGE (docs/host-contract.md §2 rule 6), raised
   * through the firmware, which logs it, queues its EVENT frame after whatever the call already
   * queued (the command's answer goes out first) and stops the motor. The host retries at every
   * later change; the first save that succeeds clears the fault. False when the save failed.
   */
  private persist(save: () => void): boolean {
    try {
      save();
    } catch (error) {
      if (!(error instanceof NvSaveError)) throw error;
      if (this.storageFailed) return false;
      this.storageFailed = true;
      this.emit({ kind: "NV_SAVE_FAILED", message: (error as Error).message });
      this.call("setSensorFaults", (f) => f.setSensorFaults(this.sensorMask | NV_STORAGE_BIT), false);
      return false;
    }
    if (this.storageFailed) {
      this.storageFailed = false;
      this.storageRecovered = true;
    }
    return true;
  }

  /** After the save that worked again: NV_STORAGE cleared (FAULT_CLEARED, itself saved at once). */
  private clearRecoveredStorageFault(): void {
    if (!this.storageRecovered) return;
    this.storageRecovered = false;
    this.emit({ kind: "NV_SAVE_RECOVERED" });
    this.call("setSensorFaults", (f) => f.setSensorFaults(this.sensorMask));
  }

  private fail(exportName: string, trap: WebAssembly.RuntimeError): void {
    this.motor.stop(); // first: nothing is delivered under firmware we can no longer trust
    this.alarm = { priority: "HIGH", cause: "FIRMWARE_TRAP", detail: `${exportName}: ${trap.message}` };
    this.state = "FAILED";
    this.firmware = undefined; // the instance's memory is suspect: never saved, never reused
    this.emit({ kind: "FIRMWARE_TRAP", exportName, message: trap.message });
  }

  private emit(event: HostEvent): void {
    this.hostLog.push(event);
    this.options.onEvent?.(event);
  }
}
