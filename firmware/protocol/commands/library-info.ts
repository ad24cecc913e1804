// The active library's identity as the handshake reports it: read-only from library/state and the
// image header in the library region (docs/library-image.md §1). Zeros when no library is active.
import { LIBRARY_REGION_OFFSET } from "../../abi/codes";
import { DIGEST_BYTES, HEADER_BODY_DIGEST, HEADER_LIBRARY_NAME } from "../../library/header-layout";
import { activeLibraryVersion, libraryActive } from "../../library/state";
import { LIBRARY_NAME_SIZE } from "../codes";

/** Writes libraryActive u8 then libraryVersion u32 (5 bytes). */
export function writeLibraryVersion(out: usize): void {
  store<u8>(out, libraryActive ? 1 : 0);
  store<u32>(out + 1, libraryActive ? activeLibraryVersion : 0);
}

/** Writes the 32-byte name then the 32-byte body digest (64 bytes). */
export function writeLibraryIdentity(out: usize): void {
  const header: usize = LIBRARY_REGION_OFFSET;
  for (let i: u32 = 0; i < <u32>LIBRARY_NAME_SIZE; i++) {
    store<u8>(out + i, libraryActive ? load<u8>(header + HEADER_LIBRARY_NAME + i) : 0);
  }
  for (let i: u32 = 0; i < <u32>DIGEST_BYTES; i++) {
    store<u8>(out + LIBRARY_NAME_SIZE + i, libraryActive ? load<u8>(header + HEADER_BODY_DIGEST + i) : 0);
  }
}
