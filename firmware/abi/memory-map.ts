// The firmware's memory map: the profile this binary is compiled for and its regions, from the one
// table (abi/memory-profiles.ts, docs/decisions/0041-memory-profiles.md). AssemblyScript only —
// hosts do not import this file: they read memoryProfile() from the module and call the table's
// functions with it. The profile id is asc's `--use DERS_MEMORY_PROFILE=<id>`, which
// release/build-firmware.ts passes for each profile (with the profile's page count); a build
// without it stops at "Cannot find name 'DERS_MEMORY_PROFILE'", so no binary has a default map.
// The regions are globals the start function sets (asc does not fold calls in a constant's
// initializer); nothing reads them before the start function ran.
import {
  eventLogCapacityOf,
  eventLogOffsetOf,
  floorRecordBOffsetOf,
  floorRecordOffsetOf,
  keyRecordBOffsetOf,
  keyRecordOffsetOf,
  libraryRegionSizeOf,
  librarySlotSizeOf,
  nvHeaderOffsetOf,
  nvRegionSizeOf,
} from "./memory-profiles";

// @ts-ignore: a constant asc defines (--use), not a TypeScript name
export const MEMORY_PROFILE: i32 = DERS_MEMORY_PROFILE;
export const LIBRARY_SLOT_SIZE: i32 = librarySlotSizeOf(MEMORY_PROFILE);
export const LIBRARY_REGION_SIZE: i32 = libraryRegionSizeOf(MEMORY_PROFILE);
export const NV_REGION_SIZE: i32 = nvRegionSizeOf(MEMORY_PROFILE);
export const NV_HEADER_OFFSET: i32 = nvHeaderOffsetOf(MEMORY_PROFILE);
export const EVENT_LOG_OFFSET: i32 = eventLogOffsetOf(MEMORY_PROFILE);
export const EVENT_LOG_CAPACITY: i32 = eventLogCapacityOf(MEMORY_PROFILE);
export const KEY_RECORD_OFFSET: i32 = keyRecordOffsetOf(MEMORY_PROFILE);
export const KEY_RECORD_B_OFFSET: i32 = keyRecordBOffsetOf(MEMORY_PROFILE);
export const FLOOR_RECORD_OFFSET: i32 = floorRecordOffsetOf(MEMORY_PROFILE);
export const FLOOR_RECORD_B_OFFSET: i32 = floorRecordBOffsetOf(MEMORY_PROFILE);
