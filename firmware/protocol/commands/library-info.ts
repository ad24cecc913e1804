// The active library's identity as HELLO, GET_STATUS and LIBRARY_STATUS report it: read-only from
// library/state and the active image's header, in whichever slot it is (docs/library-image.md §1).
// Zeros when no library is active.
import { DIGEST_BYTES, HEADER_BODY_DIGEST, HEADER_LIBRARY_NAME } from "../../library/header-layout";
import { activeLibraryVersion, imagePtr, libraryActive } from "../../library/state";
import { LIBRARY_NAME_SIZE } from "../../abi/protocol-codes";

/** Writes libraryActive u8 then libraryVersion u32 (5 bytes). */
export function writeLibraryVersion(out: usize): void {
  store<u8>(out, libraryActive ? 1 : 0);
  store<u32>(out + 1, libraryActive ? activeLibraryVersion : 0);
}

/** Writes the 32-byte name then the 32-byte body digest (64 bytes). */
export function writeLibraryIdentity(out: usize): void {
  for (let i: u32 = 0; i < <u32>LIBRARY_NAME_SIZE; i++) {
    store<u8>(out + i, libraryActive ? load<u8>(imagePtr + HEADER_LIBRARY_NAME + i) : 0);
  }
  writeLibraryDigest(out + LIBRARY_NAME_SIZE);
}

/** Writes the active image's 32-byte body digest (zeros when none). */
export function writeLibraryDigest(out: usize): void {
  for (let i: u32 = 0; i < <u32>DIGEST_BYTES; i++) {
    store<u8>(out + i, libraryActive ? load<u8>(imagePtr + HEADER_BODY_DIGEST + i) : 0);
  }
}
