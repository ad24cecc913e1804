// manifest.json of the release kit (docs/release.md §2): what the module is (a build id derived
// from its bytes), which ABI it speaks, the memory it needs and where each region lies, its
// exports, and the SHA-256 of every other file of the kit.
import { createHash } from "node:crypto";
import * as codes from "../firmware/abi/codes.ts";
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
  wasm: string;
  sha256: string;
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
  /** SHA-256 of the release module: two builds with this id are the same binary. */
  buildId: string;
  /** What HELLO reports today (a name set in firmware/abi/codes.ts, not derived from the bytes). */
  helloBuildId: string;
  abiVersion: number;
  protocolVersion: number;
  imageFormatVersion: number;
  imageFormatVersionMin: number;
  header: string;
  profiles: ProfileFacts[];
  files: { path: string; sizeBytes: number; sha256: string }[];
}

export interface ManifestInput {
  version: string;
  license: string;
  wasm: Uint8Array;
  wasmFile: string;
  headerFile: string;
  /** Every file of the kit except the manifest and the sums, by path. */
  files: ReadonlyMap<string, Uint8Array>;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The standard profile's regions, from firmware/abi/codes.ts (docs/abi.md §2). */
function standardRegions(): Record<string, Region> {
  return {
    request: { offset: codes.REQUEST_OFFSET, sizeBytes: codes.REQUEST_SIZE },
    result: { offset: codes.RESULT_OFFSET, sizeBytes: codes.RESULT_SIZE },
    rxBuffer: { offset: codes.RX_BUFFER_OFFSET, sizeBytes: codes.RX_BUFFER_SIZE },
    txBuffer: { offset: codes.TX_BUFFER_OFFSET, sizeBytes: codes.TX_BUFFER_SIZE },
    resendHistory: { offset: codes.HISTORY_RESPONSES_OFFSET, sizeBytes: codes.HISTORY_RESPONSES_REGION_SIZE },
    nvRegion: { offset: codes.NV_REGION_OFFSET, sizeBytes: codes.NV_REGION_SIZE },
    libraryRegion: { offset: codes.LIBRARY_REGION_OFFSET, sizeBytes: codes.LIBRARY_REGION_SIZE },
    nvHeader: { offset: codes.NV_HEADER_OFFSET, sizeBytes: codes.NV_HEADER_SIZE },
    eventLog: {
      offset: codes.EVENT_LOG_OFFSET,
      sizeBytes: codes.EVENT_LOG_RECORD_SIZE * codes.EVENT_LOG_CAPACITY,
    },
    keyRecordA: { offset: codes.KEY_RECORD_OFFSET, sizeBytes: codes.KEY_RECORD_SIZE },
    keyRecordB: { offset: codes.KEY_RECORD_B_OFFSET, sizeBytes: codes.KEY_RECORD_SIZE },
    floorRecordA: { offset: codes.FLOOR_RECORD_OFFSET, sizeBytes: codes.FLOOR_RECORD_SIZE },
    floorRecordB: { offset: codes.FLOOR_RECORD_B_OFFSET, sizeBytes: codes.FLOOR_RECORD_SIZE },
  };
}

export function releaseManifest(input: ManifestInput): ReleaseManifest {
  const facts = wasmFacts(input.wasm);
  if (facts.imports !== 0) throw new Error(`${input.wasmFile}: ${facts.imports} imports; a release module has none`);
  if (facts.memory.initialPages !== codes.MEMORY_PAGES || facts.memory.maximumPages !== codes.MEMORY_PAGES) {
    throw new Error(
      `${input.wasmFile}: memory of ${facts.memory.initialPages}..${facts.memory.maximumPages} pages, ` +
        `firmware/abi/codes.ts says exactly ${codes.MEMORY_PAGES}: rebuild the module (npm run build:firmware)`,
    );
  }
  const buildId = sha256(input.wasm);
  return {
    manifestFormat: MANIFEST_FORMAT,
    name: "open-ders",
    version: input.version,
    license: input.license,
    buildId,
    helloBuildId: readBuildId(input.wasm),
    abiVersion: codes.ABI_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    imageFormatVersion: codes.IMAGE_FORMAT_VERSION,
    imageFormatVersionMin: codes.IMAGE_FORMAT_VERSION_MIN,
    header: input.headerFile,
    profiles: [
      {
        name: "standard",
        wasm: input.wasmFile,
        sha256: buildId,
        sizeBytes: facts.sizeBytes,
        imports: facts.imports,
        memoryPages: facts.memory.initialPages,
        linearMemoryBytes: facts.memory.linearMemoryBytes,
        regions: standardRegions(),
        librarySlots: { count: codes.LIBRARY_SLOT_COUNT, sizeBytes: codes.LIBRARY_SLOT_SIZE },
        eventLog: {
          offset: codes.EVENT_LOG_OFFSET,
          recordSizeBytes: codes.EVENT_LOG_RECORD_SIZE,
          capacityRecords: codes.EVENT_LOG_CAPACITY,
        },
        exports: facts.exports,
      },
    ],
    files: [...input.files.keys()].sort().map((path) => {
      const bytes = input.files.get(path)!;
      return { path, sizeBytes: bytes.length, sha256: sha256(bytes) };
    }),
  };
}
