// The one host wrapper around an instance of the firmware module (docs/abi.md): instantiates it
// with no imports, checks its exports, and moves requests, results, library images, serial bytes
// and keys through linear memory at the documented offsets. It never re-implements a limit and has
// no policy of its own: what a trap means, when NV is saved and what the motor does is the pump
// host's business (simulator/pump/pump-host.ts), which calls every export through an instance of this.
import { readFile } from "node:fs/promises";
import {
  PUBLIC_KEY_SIZE,
  REQUEST_OFFSET,
  REQUEST_SIZE,
  RESULT_OFFSET,
  RESULT_SIZE,
  RESULT_SIZE_WITH_PCA,
  REQUEST_SIZE_WITH_PCA,
  RX_BUFFER_OFFSET,
  RX_BUFFER_SIZE,
  TX_BUFFER_OFFSET,
  TX_BUFFER_SIZE,
} from "../../firmware/abi/codes.ts";
import { checkExports, stageAndLoad, type FirmwareExports } from "./firmware-exports.ts";
import { decodePcaSlots, decodeResult, encodePcaBlock, encodeRequest, type PcaSlot } from "./request-codec.ts";
import type { EngineRequest, EngineResult } from "./types.ts";
import { firmwareBuildPath, memoryLayout, type MemoryLayout } from "./memory-layout.ts";

export class Firmware {
  /** Every export by name, unchecked (tests and benches reach testkit exports through it). */
  readonly exports: Record<string, Function | WebAssembly.Memory>;
  /** The checked ABI exports, possibly wrapped by an instrument (a test injecting a trap). */
  readonly abi: FirmwareExports;

  private constructor(instance: WebAssembly.Instance, instrument?: (exports: FirmwareExports) => FirmwareExports) {
    this.exports = instance.exports as Record<string, Function | WebAssembly.Memory>;
    const checked = checkExports(instance.exports);
    this.abi = instrument === undefined ? checked : instrument(checked);
  }

  /** Default: the release module of the selected profile (build/ders.wasm, or DERS_PROFILE's). */
  static async fromFile(path = firmwareBuildPath()): Promise<Firmware> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new Error(`cannot read firmware ${path}: ${(error as Error).message}; run npm run build:firmware first`);
    }
    return Firmware.fromBytes(bytes);
  }

  static fromBytes(bytes: Uint8Array): Firmware {
    return Firmware.instantiate(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>));
  }

  /** A new instance of an already compiled module (a fresh power-on: memory as the module declares it). */
  static instantiate(module: WebAssembly.Module, instrument?: (exports: FirmwareExports) => FirmwareExports): Firmware {
    return new Firmware(new WebAssembly.Instance(module, {}), instrument);
  }

  /** A fresh view of linear memory (a view goes stale only if memory grew, which it never does). */
  get memory(): Uint8Array {
    return new Uint8Array(this.abi.memory.buffer);
  }

  /** The live NV region as a view (docs/abi.md §2). */
  nvRegion(): Uint8Array {
    const offset = this.abi.nvRegionOffset();
    return this.memory.subarray(offset, offset + this.abi.nvRegionSize());
  }

  /** The memory map of the profile this binary is built for (docs/abi.md §2.1). */
  get layout(): MemoryLayout {
    return memoryLayout(this.abi.memoryProfile());
  }

  abiVersion(): number {
    return this.abi.abiVersion();
  }

  init(): number {
    return this.abi.init();
  }

  /**
   * Copies the image into the staging slot and lets the firmware admit and activate it; returns
   * the status. A rejected image leaves the previous library active (ABI 4, docs/abi.md §3).
   */
  loadLibrary(image: Uint8Array): number {
    return stageAndLoad(this.abi, image);
  }

  libraryVersion(): number {
    return this.abi.libraryVersion();
  }

  libraryEntryCount(): number {
    return this.abi.libraryEntryCount();
  }

  libraryCareAreaCount(): number {
    return this.abi.libraryCareAreaCount();
  }

  librarySlotSize(): number {
    return this.abi.librarySlotSize();
  }

  libraryStagingOffset(): number {
    return this.abi.libraryStagingOffset();
  }

  libraryGeneration(): number {
    return this.abi.libraryGeneration();
  }

  /** The linear-memory range [offset, offset + size) holding every library byte the firmware wrote since init. */
  libraryChanged(): { offset: number; size: number } {
    return { offset: this.abi.libraryChangedOffset(), size: this.abi.libraryChangedSize() };
  }

  nvGeneration(): number {
    return this.abi.nvGeneration();
  }

  evaluate(request: EngineRequest): EngineResult {
    encodeRequest(request, this.memory.subarray(REQUEST_OFFSET, REQUEST_OFFSET + REQUEST_SIZE));
    // The PCA block after the 136 bytes (issue 15): zeros unless the request brings one.
    this.memory.set(encodePcaBlock(request.pca), REQUEST_OFFSET + REQUEST_SIZE);
    this.abi.evaluate();
    return decodeResult(this.memory.subarray(RESULT_OFFSET, RESULT_OFFSET + RESULT_SIZE));
  }

  /** The PCA parameters' slots (23 … 28) of the last evaluation, appended after the 576-byte result (docs/abi.md §5.1). */
  pcaSlots(): PcaSlot[] {
    return decodePcaSlots(this.memory.subarray(RESULT_OFFSET, RESULT_OFFSET + RESULT_SIZE_WITH_PCA));
  }

  /**
   * Evaluates request bytes as given, for fuzzing malformed requests: exactly REQUEST_SIZE bytes (the
   * PCA block after them then zero, as `evaluate` writes it) or REQUEST_SIZE_WITH_PCA (issue 15).
   */
  evaluateRaw(requestBytes: Uint8Array): EngineResult {
    if (requestBytes.length !== REQUEST_SIZE && requestBytes.length !== REQUEST_SIZE_WITH_PCA) {
      throw new Error(
        `request is ${requestBytes.length} bytes, expected ${REQUEST_SIZE} or ${REQUEST_SIZE_WITH_PCA} (docs/abi.md §4)`,
      );
    }
    this.memory.fill(0, REQUEST_OFFSET + REQUEST_SIZE, REQUEST_OFFSET + REQUEST_SIZE_WITH_PCA);
    this.memory.set(requestBytes, REQUEST_OFFSET);
    this.abi.evaluate();
    return decodeResult(this.memory.subarray(RESULT_OFFSET, RESULT_OFFSET + RESULT_SIZE));
  }

  /** One chunk of at most RX_BUFFER_SIZE serial bytes into the firmware; the frames it handled (< 0: refused). */
  receive(chunk: Uint8Array): number {
    if (chunk.length > RX_BUFFER_SIZE)
      throw new Error(`receive chunk is ${chunk.length} bytes, at most ${RX_BUFFER_SIZE} (docs/abi.md §3)`);
    this.memory.set(chunk, RX_BUFFER_OFFSET);
    return this.abi.receive(chunk.length);
  }

  /**
   * One whole frame from the pump's own keys (issue 13, docs/decisions/0036): the only way a request
   * is local. 1 when handled, < 0 when the bytes are not one frame.
   */
  receiveLocal(frame: Uint8Array): number {
    if (frame.length > RX_BUFFER_SIZE)
      throw new Error(`local frame is ${frame.length} bytes, at most ${RX_BUFFER_SIZE} (docs/abi.md §3)`);
    this.memory.set(frame, RX_BUFFER_OFFSET);
    return this.abi.receiveLocal(frame.length);
  }

  /** The next bytes the firmware queued for the serial line (a copy; empty when none). */
  transmit(): Uint8Array {
    const count = this.abi.transmit(TX_BUFFER_SIZE);
    return count <= 0 ? new Uint8Array(0) : this.memory.slice(TX_BUFFER_OFFSET, TX_BUFFER_OFFSET + count);
  }

  tick(elapsedMs: number): number {
    return this.abi.tick(elapsedMs);
  }

  setSensorFaults(mask: number): number {
    return this.abi.setSensorFaults(mask);
  }

  /** µL/h the motor must run at now. */
  motorRateUlPerHour(): number {
    return Number(this.abi.motorRate());
  }

  /** Provisions the 32-byte Ed25519 public key (docs/host-contract.md §10); a status. */
  provisionPublicKey(publicKey: Uint8Array): number {
    if (publicKey.length !== PUBLIC_KEY_SIZE)
      throw new Error(`public key must be ${PUBLIC_KEY_SIZE} raw bytes, got ${publicKey.length}`);
    this.memory.set(publicKey, REQUEST_OFFSET);
    return this.abi.provisionPublicKey();
  }

  /** 0 development, 1 provisioned, 2 key record damaged. */
  keyState(): number {
    return this.abi.keyState();
  }
}
