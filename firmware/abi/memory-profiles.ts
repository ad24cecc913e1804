// The memory profiles (docs/abi.md §2.1, docs/decisions/0041-memory-profiles.md): the one source of
// every profile-dependent region of the memory map. A profile chooses three numbers — pages of
// linear memory, bytes of one library slot, records of the event log — and every other offset and
// size is derived here from them and the fixed regions of codes.ts. The firmware is compiled once
// per profile (release/build-firmware.ts passes `--use DERS_MEMORY_PROFILE=<id>`; the firmware
// takes its layout from abi/memory-map.ts, which calls these functions with that id) and reports
// the id by the export memoryProfile() and in HELLO; a host reads the id and calls the same
// functions. Written in the common subset of TypeScript and AssemblyScript (`i32` is a number to
// TypeScript: firmware/abi/portable-types.d.ts).
import {
  EVENT_LOG_RECORD_SIZE,
  LIBRARY_REGION_OFFSET,
  LIBRARY_SLOT_COUNT,
  NV_HEADER_SIZE,
  NV_REGION_OFFSET,
} from "./codes";

/** The profile ids, as memoryProfile() and HELLO report them. */
export enum MemoryProfile {
  /** 68 pages (4.25 MiB): two 2 MiB library slots, 1,024 log records (ABI 2 … 7's map). */
  STANDARD = 0,
  /** 12 pages (768 KiB): two 256 KiB library slots, 512 log records, for microcontrollers. */
  MCU = 1,
}
/** Profile ids are 0 … MEMORY_PROFILE_COUNT − 1. */
export const MEMORY_PROFILE_COUNT = 2;
export const WASM_PAGE_BYTES = 65536;
/** The key and floor record copies each start a 4 KiB sector of their own (one flash sector each). */
export const NV_RECORD_SECTOR_BYTES = 0x1000;

// The table: what each profile chooses.

/** Pages of linear memory, initial = maximum; the NV region runs to its end. */
export function memoryPagesOf(profile: i32): i32 {
  return profile == MemoryProfile.MCU ? 12 : 68;
}

/** Bytes of one library slot: the largest file (image and trailer) the pump admits. */
export function librarySlotSizeOf(profile: i32): i32 {
  return profile == MemoryProfile.MCU ? 0x40000 : 0x200000;
}

/** Records the event log's ring holds (EVENT_LOG_RECORD_SIZE bytes each). */
export function eventLogCapacityOf(profile: i32): i32 {
  return profile == MemoryProfile.MCU ? 512 : 1024;
}

// Derived: library slots A and B from LIBRARY_REGION_OFFSET, then the NV header, the event log, the
// key record copies A and B and the floor record copies A and B, each copy in its own sector, then a
// reserved tail up to the end of linear memory.

export function memoryBytesOf(profile: i32): i32 {
  return memoryPagesOf(profile) * WASM_PAGE_BYTES;
}

/** Both library slots. */
export function libraryRegionSizeOf(profile: i32): i32 {
  return LIBRARY_SLOT_COUNT * librarySlotSizeOf(profile);
}

export function nvHeaderOffsetOf(profile: i32): i32 {
  return LIBRARY_REGION_OFFSET + libraryRegionSizeOf(profile);
}

export function eventLogOffsetOf(profile: i32): i32 {
  return nvHeaderOffsetOf(profile) + NV_HEADER_SIZE;
}

export function eventLogSizeOf(profile: i32): i32 {
  return eventLogCapacityOf(profile) * EVENT_LOG_RECORD_SIZE;
}

/** Key record copy A: the sector after the event log. */
export function keyRecordOffsetOf(profile: i32): i32 {
  return eventLogOffsetOf(profile) + eventLogSizeOf(profile);
}

export function keyRecordBOffsetOf(profile: i32): i32 {
  return keyRecordOffsetOf(profile) + NV_RECORD_SECTOR_BYTES;
}

export function floorRecordOffsetOf(profile: i32): i32 {
  return keyRecordOffsetOf(profile) + 2 * NV_RECORD_SECTOR_BYTES;
}

export function floorRecordBOffsetOf(profile: i32): i32 {
  return keyRecordOffsetOf(profile) + 3 * NV_RECORD_SECTOR_BYTES;
}

/** The NV region: from NV_REGION_OFFSET to the end of linear memory. */
export function nvRegionSizeOf(profile: i32): i32 {
  return memoryBytesOf(profile) - NV_REGION_OFFSET;
}

/**
 * The largest library slot of any profile: the largest file a library tool writes (a pump of a
 * profile with smaller slots refuses a larger file with IMAGE_SIZE).
 */
export function largestLibrarySlotSize(): i32 {
  let largest = 0;
  for (let profile = 0; profile < MEMORY_PROFILE_COUNT; profile++) {
    if (librarySlotSizeOf(profile) > largest) largest = librarySlotSizeOf(profile);
  }
  return largest;
}

/** The profile's name, as `--profile`, DERS_PROFILE and the release manifest spell it. */
export function memoryProfileName(profile: i32): string {
  return profile == MemoryProfile.MCU ? "mcu" : "standard";
}

/** The id of a profile name, −1 when no profile has it. */
export function memoryProfileByName(name: string): i32 {
  for (let profile = 0; profile < MEMORY_PROFILE_COUNT; profile++) {
    if (memoryProfileName(profile) == name) return profile;
  }
  return -1;
}

/**
 * A build's file name (build/ and the release kit): `ders.wasm` for the standard profile's release
 * module, `ders.mcu.wasm` for the mcu profile's, with `.debug` or `.testkit` before `.wasm` for
 * those builds (variant "debug" or "testkit"; "" for the release module).
 */
export function firmwareFileName(profile: i32, variant: string): string {
  const profilePart = profile == MemoryProfile.STANDARD ? "" : "." + memoryProfileName(profile);
  const variantPart = variant.length > 0 ? "." + variant : "";
  return "ders" + profilePart + variantPart + ".wasm";
}
