// The active library: set only after admit.ts (and so verify.ts) accepted the image, so the engine
// reads the image in place without bounds checks (docs/library-image.md §7). The image lies in
// slot A or B of the library region (docs/abi.md §2); imagePtr is its header. The event log, below
// the library, stamps every record with the active version: it is told here whenever it changes.
import { CARE_AREA_RECORD_SIZE } from "../abi/codes";
import { setRecordLibraryVersion } from "../eventlog/ring";
import { HEADER_BODY_SIZE } from "./header-layout";

export let libraryActive = false;
export let activeLibraryVersion: u32 = 0;
export let activeCareAreaCount: u32 = 0;
export let activeEntryCount: u32 = 0;
/** Absolute address of the active image's header (0 when none). */
export let imagePtr: usize = 0;
/** Absolute addresses of the body sections. */
export let careAreaTablePtr: usize = 0;
export let entryIndexPtr: usize = 0;
export let bodyPtr: usize = 0;
/** Bit n set: a care area with id n exists. Its table row is the count of lower set bits. */
export let careAreaIdBitmap: u64 = 0;
/**
 * Bytes of the active image's body, as verified at activation. A WebAssembly global, not linear
 * memory: the runtime integrity check (activation/integrity.ts) hashes this many bytes whatever a
 * later change to the header in memory claims.
 */
export let activeBodySize: u32 = 0;
/** Changes with every activation and deactivation: an integrity pass under way starts over. */
export let activationCount: u32 = 0;

export function deactivateLibrary(): void {
  libraryActive = false;
  activeLibraryVersion = 0;
  setRecordLibraryVersion(0);
  activeCareAreaCount = 0;
  activeEntryCount = 0;
  imagePtr = 0;
  careAreaTablePtr = 0;
  entryIndexPtr = 0;
  bodyPtr = 0;
  careAreaIdBitmap = 0;
  activeBodySize = 0;
  activationCount += 1;
}

/** Called only by activateVerifiedImage (library/load.ts), which then builds the entry-id buckets of lookup.ts. */
export function activateLibrary(
  version: u32,
  careAreaCount: u32,
  entryCount: u32,
  image: usize,
  body: usize,
  idBitmap: u64,
): void {
  activeLibraryVersion = version;
  setRecordLibraryVersion(version);
  imagePtr = image;
  activeCareAreaCount = careAreaCount;
  activeEntryCount = entryCount;
  bodyPtr = body;
  careAreaTablePtr = body;
  entryIndexPtr = body + careAreaCount * CARE_AREA_RECORD_SIZE;
  careAreaIdBitmap = idBitmap;
  activeBodySize = load<u32>(image + HEADER_BODY_SIZE);
  activationCount += 1;
  libraryActive = true;
}
