// manifest.json of the release kit (docs/release.md §2): what the module is (a build id derived
// from its bytes), which ABI it speaks, the memory it needs and where each region lies, its
// exports, and the SHA-256 of every other file of the kit.
import { createHash } from "node:crypto";
import * as codes from "../firmware/abi/codes.ts";
import * as profiles from "../firmware/abi/memory-profiles.ts";
import { PROTOCOL_VERSION } from "../firmware/abi/protocol-codes.ts";
import { wasmFacts, type ExportFact } from "./wasm-facts.ts";
import { readBuildId } from "./build-id.ts";

/** Bump when a field's meaning changes; a reader refuses a format it does not know. */
export const MANIFEST_FORMAT = 1;

export interface Region {
  offset: number;
  sizeBytes: number;
}

export interface ProfileFacts {
  name: string;
  /** MemoryProfile id: what the module's memoryProfile() export and HELLO report. */
  id: number;
  wasm: string;
  sha256: string;
  /** The build id this module reports in HELLO (docs/release.md §5). */
  helloBuildId: string;
  sizeBytes: number;
  imports: number;
  memoryPages: number;
  linearMemoryBytes: number;
  regions: Record<string, Region>;
  librarySlots: { count: number; sizeBytes: number };
  eventLog: { offset: number; recordSizeBytes: number; capacityRecords: number };
  exports: ExportFact[];
}

export interface ReleaseManifest {
  manifestFormat: number;
  name: string;
  version: string;
  license: string;
  /** SHA-256 of the standard profile's release module: two builds with this id are the same binary. */
  buildId: string;
  /** What the standard module's HELLO reports (derived from its bytes, docs/release.md §5). */
  helloBuildId: string;
  abiVersion: number;
  protocolVersion: number;
  imageFormatVersion: number;
  imageFormatVersionMin: number;
  header: string;
  profiles: ProfileFacts[];
  files: { path: string; sizeBytes: number; sha256: string }[];
}

export interface ProfileModule {
  profile: number;
  wasm: Uint8Array;
  /** Its path in the kit. */
  wasmFile: string;
}

export interface ManifestInput {
  version: string;
  license: string;
  /** One release module per memory profile, the standard profile's first. */
  modules: readonly ProfileModule[];
  headerFile: string;
  /** Every file of the kit except the manifest and the sums, by path. */
  files: ReadonlyMap<string, Uint8Array>;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** A profile's regions, from firmware/abi/codes.ts and the profile table (docs/abi.md §2). */
function profileRegions(profile: number): Record<string, Region> {
  return {
    request: { offset: codes.REQUEST_OFFSET, sizeBytes: codes.REQUEST_SIZE },
    result: { offset: codes.RESULT_OFFSET, sizeBytes: codes.RESULT_SIZE },
    rxBuffer: { offset: codes.RX_BUFFER_OFFSET, sizeBytes: codes.RX_BUFFER_SIZE },
    txBuffer: { offset: codes.TX_BUFFER_OFFSET, sizeBytes: codes.TX_BUFFER_SIZE },
    resendHistory: { offset: codes.HISTORY_RESPONSES_OFFSET, sizeBytes: codes.HISTORY_RESPONSES_REGION_SIZE },
    nvRegion: { offset: codes.NV_REGION_OFFSET, sizeBytes: profiles.nvRegionSizeOf(profile) },
    libraryRegion: { offset: codes.LIBRARY_REGION_OFFSET, sizeBytes: profiles.libraryRegionSizeOf(profile) },
    nvHeader: { offset: profiles.nvHeaderOffsetOf(profile), sizeBytes: codes.NV_HEADER_SIZE },
    eventLog: { offset: profiles.eventLogOffsetOf(profile), sizeBytes: profiles.eventLogSizeOf(profile) },
    keyRecordA: { offset: profiles.keyRecordOffsetOf(profile), sizeBytes: codes.KEY_RECORD_SIZE },
    keyRecordB: { offset: profiles.keyRecordBOffsetOf(profile), sizeBytes: codes.KEY_RECORD_SIZE },
    floorRecordA: { offset: profiles.floorRecordOffsetOf(profile), sizeBytes: codes.FLOOR_RECORD_SIZE },
    floorRecordB: { offset: profiles.floorRecordBOffsetOf(profile), sizeBytes: codes.FLOOR_RECORD_SIZE },
  };
}

/** The profile a module says it is built for (its memoryProfile() export; the start function only wires ports). */
function reportedProfile(wasm: Uint8Array, file: string): number {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm as Uint8Array<ArrayBuffer>), {});
  const exported = instance.exports.memoryProfile;
  if (typeof exported !== "function")
    throw new Error(`${file}: no memoryProfile export: rebuild (npm run build:firmware)`);
  return (exported as () => number)();
}

function profileFacts(module: ProfileModule): ProfileFacts {
  const { profile, wasm, wasmFile } = module;
  const name = profiles.memoryProfileName(profile);
  const facts = wasmFacts(wasm);
  if (facts.imports !== 0) throw new Error(`${wasmFile}: ${facts.imports} imports; a release module has none`);
  const pages = profiles.memoryPagesOf(profile);
  if (facts.memory.initialPages !== pages || facts.memory.maximumPages !== pages) {
    throw new Error(
      `${wasmFile}: memory of ${facts.memory.initialPages}..${facts.memory.maximumPages} pages, ` +
        `the ${name} profile (firmware/abi/memory-profiles.ts) says exactly ${pages}: rebuild the module (npm run build:firmware)`,
    );
  }
  const reported = reportedProfile(wasm, wasmFile);
  if (reported !== profile)
    throw new Error(`${wasmFile}: reports memory profile ${reported}, expected ${profile} (${name})`);
  return {
    name,
    id: profile,
    wasm: wasmFile,
    sha256: sha256(wasm),
    helloBuildId: readBuildId(wasm),
    sizeBytes: facts.sizeBytes,
    imports: facts.imports,
    memoryPages: facts.memory.initialPages,
    linearMemoryBytes: facts.memory.linearMemoryBytes,
    regions: profileRegions(profile),
    librarySlots: { count: codes.LIBRARY_SLOT_COUNT, sizeBytes: profiles.librarySlotSizeOf(profile) },
    eventLog: {
      offset: profiles.eventLogOffsetOf(profile),
      recordSizeBytes: codes.EVENT_LOG_RECORD_SIZE,
      capacityRecords: profiles.eventLogCapacityOf(profile),
    },
    exports: facts.exports,
  };
}

export function releaseManifest(input: ManifestInput): ReleaseManifest {
  const profileList = input.modules.map(profileFacts);
  const standard = profileList[0];
  if (standard === undefined || standard.id !== profiles.MemoryProfile.STANDARD)
    throw new Error("the release needs the standard profile's module first");
  return {
    manifestFormat: MANIFEST_FORMAT,
    name: "open-ders",
    version: input.version,
    license: input.license,
    buildId: standard.sha256,
    helloBuildId: standard.helloBuildId,
    abiVersion: codes.ABI_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    imageFormatVersion: codes.IMAGE_FORMAT_VERSION,
    imageFormatVersionMin: codes.IMAGE_FORMAT_VERSION_MIN,
    header: input.headerFile,
    profiles: profileList,
    files: [...input.files.keys()].sort().map((path) => {
      const bytes = input.files.get(path)!;
      return { path, sizeBytes: bytes.length, sha256: sha256(bytes) };
    }),
  };
}
