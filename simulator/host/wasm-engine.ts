// Host wrapper around the firmware module (docs/abi.md): instantiates it with no imports, copies
// requests and library images into its memory and decodes results. It never re-implements a limit.
import { readFile } from "node:fs/promises";
import { REQUEST_OFFSET, REQUEST_SIZE, RESULT_OFFSET, RESULT_SIZE } from "../../firmware/abi/codes.ts";
import { checkExports, stageAndLoad, type FirmwareExports } from "./firmware-exports.ts";
import { decodeResult, encodeRequest } from "./request-codec.ts";
import type { EngineRequest, EngineResult } from "./types.ts";

export class WasmEngine {
  readonly exports: Record<string, Function | WebAssembly.Memory>;
  private readonly firmware: FirmwareExports;

  private constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as Record<string, Function | WebAssembly.Memory>;
    this.firmware = checkExports(instance.exports);
  }

  static async fromFile(path = "build/ders.wasm"): Promise<WasmEngine> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new Error(`cannot read firmware ${path}: ${(error as Error).message}; run npm run build:firmware first`);
    }
    return WasmEngine.fromBytes(bytes);
  }

  static fromBytes(bytes: Uint8Array): WasmEngine {
    const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    return new WasmEngine(new WebAssembly.Instance(module, {}));
  }

  /** A fresh view of linear memory (a view goes stale only if memory grew, which it never does). */
  get memory(): Uint8Array {
    return new Uint8Array(this.firmware.memory.buffer);
  }

  init(): void {
    this.firmware.init();
  }

  /**
   * Copies the image into the staging slot and lets the firmware admit and activate it; returns
   * the status. A rejected image leaves the previous library active (ABI 4, docs/abi.md §3).
   */
  loadLibrary(image: Uint8Array): number {
    return stageAndLoad(this.firmware, image);
  }

  libraryVersion(): number {
    return this.firmware.libraryVersion();
  }

  libraryEntryCount(): number {
    return this.firmware.libraryEntryCount();
  }

  libraryCareAreaCount(): number {
    return this.firmware.libraryCareAreaCount();
  }

  evaluate(request: EngineRequest): EngineResult {
    encodeRequest(request, this.memory.subarray(REQUEST_OFFSET, REQUEST_OFFSET + REQUEST_SIZE));
    this.firmware.evaluate();
    return decodeResult(this.memory.subarray(RESULT_OFFSET, RESULT_OFFSET + RESULT_SIZE));
  }

  /** Evaluates exactly 104 request bytes as given, for fuzzing malformed requests. */
  evaluateRaw(requestBytes: Uint8Array): EngineResult {
    if (requestBytes.length !== REQUEST_SIZE) {
      throw new Error(`request is ${requestBytes.length} bytes, expected exactly ${REQUEST_SIZE} (docs/abi.md §4)`);
    }
    this.memory.set(requestBytes, REQUEST_OFFSET);
    this.firmware.evaluate();
    return decodeResult(this.memory.subarray(RESULT_OFFSET, RESULT_OFFSET + RESULT_SIZE));
  }
}
