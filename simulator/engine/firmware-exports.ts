// The exports of build/ders.wasm, ABI version 3 (docs/abi.md §3), as the host calls them.
export interface FirmwareExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  init(): number;
  libraryLoad(lengthBytes: number): number;
  libraryVersion(): number;
  libraryEntryCount(): number;
  libraryCareAreaCount(): number;
  evaluate(): number;
  nvRegionOffset(): number;
  nvRegionSize(): number;
  nvGeneration(): number;
  rxBufferOffset(): number;
  rxBufferSize(): number;
  txBufferOffset(): number;
  txBufferSize(): number;
  receive(length: number): number;
  transmit(maxBytes: number): number;
  tick(elapsedMs: number): number;
  setSensorFaults(mask: number): number;
  /** µL/h the motor must run at now (i64, so a bigint in JS). */
  motorRate(): bigint;
}

export const ABI_3_FUNCTIONS = [
  "abiVersion", "init", "libraryLoad", "libraryVersion", "libraryEntryCount", "libraryCareAreaCount", "evaluate",
  "nvRegionOffset", "nvRegionSize", "nvGeneration", "rxBufferOffset", "rxBufferSize", "txBufferOffset", "txBufferSize",
  "receive", "transmit", "tick", "setSensorFaults", "motorRate",
] as const;

export function checkExports(exports: WebAssembly.Exports): FirmwareExports {
  if (!(exports.memory instanceof WebAssembly.Memory)) throw new Error("firmware module exports no memory: is this build/ders.wasm?");
  for (const name of ABI_3_FUNCTIONS) {
    if (typeof exports[name] !== "function") throw new Error(`firmware module lacks export ${name}: rebuild with npm run build:firmware (docs/abi.md §3, ABI 3)`);
  }
  return exports as unknown as FirmwareExports;
}
