// The active library survives a power cycle through the NV header: libraryLoad records the
// activated length and the body digest; cold start re-verifies the image in place with that length
// and activates it only if verification passes and the digest is the one recorded (fail closed).
import { IMAGE_HEADER_SIZE, LIBRARY_REGION_OFFSET, Status } from "../abi/codes";
import { crc32 } from "../crypto/crc32";
import { logSimple } from "../eventlog/append";
import { EventType } from "../eventlog/record-types";
import { HEADER_BODY_DIGEST } from "../library/header-layout";
import { loadLibrary } from "../library/load";
import { activeLibraryVersion, deactivateLibrary } from "../library/state";
import { digestMatches, forgetLibrary, imageHeaderCrc, libraryLengthBytes, recordLibrary } from "./header";

const IMAGE_DIGEST_PTR: usize = <usize>LIBRARY_REGION_OFFSET + HEADER_BODY_DIGEST;

/** libraryLoad: verify and activate, then record the outcome in the header and the log together. */
export function loadAndPersistLibrary(lengthBytes: i32): i32 {
  const status = loadLibrary(<u32>lengthBytes);
  if (status == Status.OK) {
    recordLibrary(<u32>lengthBytes, activeLibraryVersion, IMAGE_DIGEST_PTR, crc32(LIBRARY_REGION_OFFSET, IMAGE_HEADER_SIZE));
    logSimple(EventType.LIBRARY_ACTIVATED, Status.OK, <u32>lengthBytes);
  } else {
    // The region no longer holds the old image (the host overwrote it), so nothing is restorable.
    forgetLibrary();
    logSimple(EventType.LIBRARY_REJECTED, <u32>status, <u32>lengthBytes);
  }
  return status;
}

/**
 * Cold start: Status.OK with the library active, NO_LIBRARY when none was recorded, or the image
 * status that rejected it (the record is then forgotten; the caller logs the rejection).
 */
export function restoreLibrary(): i32 {
  if (libraryLengthBytes == 0) return Status.NO_LIBRARY;
  let status = loadLibrary(libraryLengthBytes);
  // A different image that happens to verify (another body, or the same body under another header:
  // the digest covers only the body) is still not the one this pump activated.
  if (status == Status.OK && (!digestMatches(IMAGE_DIGEST_PTR) || crc32(LIBRARY_REGION_OFFSET, IMAGE_HEADER_SIZE) != imageHeaderCrc)) {
    status = Status.IMAGE_DIGEST;
  }
  if (status != Status.OK) {
    deactivateLibrary();
    forgetLibrary();
  }
  return status;
}
