// The exports of build/ders.wasm, ABI version 4 (docs/abi.md §3), as the host calls them.
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
  /**
   * Issue 13 (docs/decisions/0036): one whole frame from the pump's own keys at rxBufferOffset(),
   * handled as a local request; 1, or −VALUE_OUT_OF_RANGE when the bytes are not one frame.
   */
  receiveLocal(length: number): number;
  transmit(maxBytes: number): number;
  tick(elapsedMs: number): number;
  setSensorFaults(mask: number): number;
  /** µL/h the motor must run at now (i64, so a bigint in JS). */
  motorRate(): bigint;
  /** ABI 4: the A/B library slots and the provisioned key (docs/abi.md §3). */
  librarySlotSize(): number;
  /** Where to write an image before libraryLoad: the slot not holding the active library. */
  libraryStagingOffset(): number;
  /** 0 A, 1 B, −1 none. */
  libraryActiveSlot(): number;
  /** Changes whenever the firmware wrote the library region (a LIBRARY_CHUNK). */
  libraryGeneration(): number;
  libraryChangedOffset(): number;
  libraryChangedSize(): number;
  /** Provisions the 32-byte public key at requestOffset(); a status. */
  provisionPublicKey(): number;
  /** 0 development, 1 provisioned, 2 key record damaged. */
  keyState(): number;
  /** Issue 12: the memory profile the binary is built for (MemoryProfile, firmware/abi/memory-profiles.ts). */
  memoryProfile(): number;
}

export const ABI_4_FUNCTIONS = [
  "abiVersion",
  "init",
  "libraryLoad",
  "libraryVersion",
  "libraryEntryCount",
  "libraryCareAreaCount",
  "evaluate",
  "nvRegionOffset",
  "nvRegionSize",
  "nvGeneration",
  "rxBufferOffset",
  "rxBufferSize",
  "txBufferOffset",
  "txBufferSize",
  "receive",
  "transmit",
  "tick",
  "setSensorFaults",
  "motorRate",
  "librarySlotSize",
  "libraryStagingOffset",
  "libraryActiveSlot",
  "libraryGeneration",
  "libraryChangedOffset",
  "libraryChangedSize",
  "provisionPublicKey",
  "keyState",
  // Issue 13: the pump's own keys, the only local input (docs/decisions/0036).
  "receiveLocal",
  // Issue 12: the memory profile (docs/decisions/0041).
  "memoryProfile",
] as const;

export function checkExports(exports: WebAssembly.Exports): FirmwareExports {
  if (!(exports.memory instanceof WebAssembly.Memory))
    throw new Error("firmware module exports no memory: is this build/ders.wasm?");
  for (const name of ABI_4_FUNCTIONS) {
    if (typeof exports[name] !== "function")
      throw new Error(
        `firmware module lacks export ${name}: rebuild with npm run build:firmware (docs/abi.md §3, ABI 4)`,
      );
  }
  return exports as unknown as FirmwareExports;
}

/** Writes `image` where the firmware expects the next one and calls libraryLoad; the status. */
export function stageAndLoad(firmware: FirmwareExports, image: Uint8Array): number {
  if (image.length > firmware.librarySlotSize()) return firmware.libraryLoad(image.length); // refused: IMAGE_SIZE, logged
  new Uint8Array(firmware.memory.buffer).set(image, firmware.libraryStagingOffset());
  return firmware.libraryLoad(image.length);
}
