// The memory profile the test suite runs on (docs/decisions/0041, docs/testing.md): DERS_PROFILE
// (standard when unset; `npm run test:profile-mcu` sets mcu). The firmware builds the tests load and
// the region offsets they poke at are that profile's, taken from the one table
// (firmware/abi/memory-profiles.ts) under the names codes.ts had before the profiles existed, so a
// test reads the same either way. Nothing here is a size of its own.
import { MemoryProfile } from "../../firmware/abi/memory-profiles.ts";
import {
  firmwareBuildPath,
  memoryLayout,
  portBuildDir,
  portMakeArgs,
  selectedProfile,
} from "../../simulator/host/memory-layout.ts";

export const PROFILE: MemoryProfile = selectedProfile();
export const LAYOUT = memoryLayout(PROFILE);
export const PROFILE_NAME = LAYOUT.name;
export const IS_MCU = PROFILE === MemoryProfile.MCU;

export const MEMORY_PAGES = LAYOUT.memoryPages;
export const LIBRARY_SLOT_SIZE = LAYOUT.librarySlotSize;
export const LIBRARY_REGION_SIZE = LAYOUT.libraryRegionSize;
export const NV_REGION_SIZE = LAYOUT.nvRegionSize;
export const NV_HEADER_OFFSET = LAYOUT.nvHeaderOffset;
export const EVENT_LOG_OFFSET = LAYOUT.eventLogOffset;
export const EVENT_LOG_CAPACITY = LAYOUT.eventLogCapacity;
export const KEY_RECORD_OFFSET = LAYOUT.keyRecordOffset;
export const KEY_RECORD_B_OFFSET = LAYOUT.keyRecordBOffset;
export const FLOOR_RECORD_OFFSET = LAYOUT.floorRecordOffset;
export const FLOOR_RECORD_B_OFFSET = LAYOUT.floorRecordBOffset;

/** The release module of the profile (build/ders.wasm or build/ders.mcu.wasm). */
export const RELEASE_WASM_PATH = firmwareBuildPath("");
export const DEBUG_WASM_PATH = firmwareBuildPath("debug");
export const TESTKIT_WASM_PATH = firmwareBuildPath("testkit");

/** The C port's build folder and make arguments for the profile (tests/mcu). */
export const PORT_BUILD_DIR = portBuildDir(PROFILE);
export const PORT_MAKE_ARGS = portMakeArgs(PROFILE);
