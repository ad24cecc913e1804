// A host's view of a memory profile (docs/abi.md §2.1, docs/decisions/0041): the regions of the map
// the firmware module was built with, computed by the one table (firmware/abi/memory-profiles.ts)
// from the profile id the module reports (memoryProfile()) — no size is written here. Also which
// profile this process runs by default: DERS_PROFILE (standard when unset), the selection by which
// `npm run test:profile-mcu` runs the test suite and the virtual pump on the mcu build.
import { NV_REGION_OFFSET } from "../../firmware/abi/codes.ts";
import {
  eventLogCapacityOf,
  eventLogOffsetOf,
  firmwareFileName,
  floorRecordBOffsetOf,
  floorRecordOffsetOf,
  keyRecordBOffsetOf,
  keyRecordOffsetOf,
  MEMORY_PROFILE_COUNT,
  MemoryProfile,
  memoryBytesOf,
  memoryPagesOf,
  memoryProfileByName,
  memoryProfileName,
  libraryRegionSizeOf,
  librarySlotSizeOf,
  nvHeaderOffsetOf,
  nvRegionSizeOf,
} from "../../firmware/abi/memory-profiles.ts";

export interface MemoryLayout {
  profile: MemoryProfile;
  name: string;
  memoryPages: number;
  memoryBytes: number;
  librarySlotSize: number;
  libraryRegionSize: number;
  nvRegionOffset: number;
  nvRegionSize: number;
  nvHeaderOffset: number;
  eventLogOffset: number;
  eventLogCapacity: number;
  keyRecordOffset: number;
  keyRecordBOffset: number;
  floorRecordOffset: number;
  floorRecordBOffset: number;
}

/** Every profile id, standard first. */
export const MEMORY_PROFILES: readonly MemoryProfile[] = Array.from(
  { length: MEMORY_PROFILE_COUNT },
  (_, id) => id as MemoryProfile,
);

export function memoryLayout(profile: MemoryProfile): MemoryLayout {
  if (!MEMORY_PROFILES.includes(profile)) throw new Error(`unknown memory profile id ${profile}`);
  return {
    profile,
    name: memoryProfileName(profile),
    memoryPages: memoryPagesOf(profile),
    memoryBytes: memoryBytesOf(profile),
    librarySlotSize: librarySlotSizeOf(profile),
    libraryRegionSize: libraryRegionSizeOf(profile),
    nvRegionOffset: NV_REGION_OFFSET,
    nvRegionSize: nvRegionSizeOf(profile),
    nvHeaderOffset: nvHeaderOffsetOf(profile),
    eventLogOffset: eventLogOffsetOf(profile),
    eventLogCapacity: eventLogCapacityOf(profile),
    keyRecordOffset: keyRecordOffsetOf(profile),
    keyRecordBOffset: keyRecordBOffsetOf(profile),
    floorRecordOffset: floorRecordOffsetOf(profile),
    floorRecordBOffset: floorRecordBOffsetOf(profile),
  };
}

/** A profile by its name; throws naming the known ones. */
export function profileByName(name: string): MemoryProfile {
  const id = memoryProfileByName(name);
  if (id < 0)
    throw new Error(`unknown memory profile "${name}": one of ${MEMORY_PROFILES.map(memoryProfileName).join(", ")}`);
  return id as MemoryProfile;
}

/** The layout whose NV region is `bytes` long (profiles differ in it), or undefined. */
export function layoutOfNvSize(bytes: number): MemoryLayout | undefined {
  const profile = MEMORY_PROFILES.find((p) => nvRegionSizeOf(p) === bytes);
  return profile === undefined ? undefined : memoryLayout(profile);
}

/** The NV region sizes a state file may have, for messages ("655,360 (mcu) or 4,325,376 (standard)"). */
export function nvSizesText(): string {
  return MEMORY_PROFILES.map((p) => `${nvRegionSizeOf(p)} (${memoryProfileName(p)})`).join(" or ");
}

/** The profile this process runs by default: DERS_PROFILE, standard when unset. */
export function selectedProfile(env: NodeJS.ProcessEnv = process.env): MemoryProfile {
  const name = env.DERS_PROFILE;
  return name === undefined || name === "" ? MemoryProfile.STANDARD : profileByName(name);
}

/** build/<file> of the selected profile's build: "" release (build/ders.wasm, build/ders.mcu.wasm), "debug", "testkit". */
export function firmwareBuildPath(variant: "" | "debug" | "testkit" = "", profile = selectedProfile()): string {
  return `build/${firmwareFileName(profile, variant)}`;
}

/**
 * The C port's build folder for a profile (firmware/port, passed to make as BUILD with PROFILE):
 * build/port for the standard profile, build/port-<name> for another.
 */
export function portBuildDir(profile: MemoryProfile): string {
  return profile === MemoryProfile.STANDARD ? "build/port" : `build/port-${memoryProfileName(profile)}`;
}

/** make arguments that build the C port for a profile into portBuildDir (from the repository root). */
export function portMakeArgs(profile: MemoryProfile, root = process.cwd()): string[] {
  return [`PROFILE=${memoryProfileName(profile)}`, `BUILD=${root}/${portBuildDir(profile)}`];
}
