// Admission of a library file before it may become the active library (docs/library-image.md §9,
// docs/decisions/0009): the one function that applies the signature, release and rollback policy
// on top of the image verification of verify.ts. Checks run in this order; the first failure names
// the status:
//   1. file length 96 … LIBRARY_SLOT_SIZE [IMAGE_SIZE]; key record not damaged [KEY_DAMAGED];
//   2. trailer: well formed [IMAGE_SIGNATURE]; with a provisioned key: present [IMAGE_UNSIGNED],
//      naming that key [IMAGE_WRONG_KEY], and the Ed25519 signature over the image verifies
//      [IMAGE_SIGNATURE] — before any other byte of the image is interpreted;
//   3. the image itself: size, magic, version, SHA-256 of the body, structure (verify.ts);
//   4. with a provisioned key: libraryStatus released [IMAGE_NOT_RELEASED]; libraryVersion not
//      below the floor and above the active library's [IMAGE_ROLLBACK].
// A development pump (no key) admits exactly what ABI 3 admitted, and signed files too (their
// trailer is checked for form only: there is no key to check the signature against).
import {
  IMAGE_HEADER_SIZE,
  KeyState,
  LibraryStatus,
  SIGNATURE_TRAILER_MAGIC,
  SIGNATURE_TRAILER_SIZE,
  SIGNATURE_TRAILER_VERSION,
  Status,
} from "../abi/codes";
import { LIBRARY_SLOT_SIZE } from "../abi/memory-map";
import { ed25519Verify } from "../crypto/ed25519";
import { HEADER_LIBRARY_STATUS, HEADER_LIBRARY_VERSION } from "./header-layout";
import {
  TRAILER_KEY_ID,
  TRAILER_MAGIC,
  TRAILER_SIGNATURE,
  TRAILER_SIZE_FIELD,
  TRAILER_VERSION,
} from "./signature-layout";
import { verifyImage } from "./verify";

/** True when the file at filePtr ends in a signature trailer (signature-layout.ts). */
export function hasTrailer(filePtr: usize, fileLength: u32): bool {
  if (fileLength < <u32>(IMAGE_HEADER_SIZE + SIGNATURE_TRAILER_SIZE)) return false;
  return load<u32>(filePtr + fileLength - SIGNATURE_TRAILER_SIZE + TRAILER_MAGIC) == <u32>SIGNATURE_TRAILER_MAGIC;
}

/** Bytes of the image proper: the file without its trailer. */
export function imageLengthOf(filePtr: usize, fileLength: u32): u32 {
  return hasTrailer(filePtr, fileLength) ? fileLength - <u32>SIGNATURE_TRAILER_SIZE : fileLength;
}

/**
 * Status.OK when the file memory[filePtr, filePtr + fileLength) may be activated under the key
 * state `key` (the 32-byte key at keyPtr, its 8-byte id at keyIdPtr), the rollback floor and the
 * active library's version (0: none, or the file is the active library being checked again).
 */
export function admitImage(
  filePtr: usize,
  fileLength: u32,
  key: u32,
  keyPtr: usize,
  keyIdPtr: usize,
  floor: u32,
  activeVersion: u32,
): i32 {
  if (fileLength < <u32>IMAGE_HEADER_SIZE || fileLength > <u32>LIBRARY_SLOT_SIZE) return Status.IMAGE_SIZE;
  if (key == KeyState.DAMAGED) return Status.KEY_DAMAGED;
  const provisioned = key == KeyState.PROVISIONED;
  const imageLength = imageLengthOf(filePtr, fileLength);
  if (imageLength != fileLength) {
    const trailer = filePtr + imageLength;
    if (<u32>load<u16>(trailer + TRAILER_VERSION) != <u32>SIGNATURE_TRAILER_VERSION) return Status.IMAGE_SIGNATURE;
    if (<u32>load<u16>(trailer + TRAILER_SIZE_FIELD) != <u32>SIGNATURE_TRAILER_SIZE) return Status.IMAGE_SIGNATURE;
    if (provisioned) {
      if (load<u64>(trailer + TRAILER_KEY_ID) != load<u64>(keyIdPtr)) return Status.IMAGE_WRONG_KEY;
      if (!ed25519Verify(keyPtr, filePtr, imageLength, trailer + TRAILER_SIGNATURE)) return Status.IMAGE_SIGNATURE;
    }
  } else if (provisioned) {
    return Status.IMAGE_UNSIGNED;
  }
  const status = verifyImage(filePtr, imageLength);
  if (status != Status.OK || !provisioned) return status;
  if (<i32>load<u8>(filePtr + HEADER_LIBRARY_STATUS) != LibraryStatus.RELEASED) return Status.IMAGE_NOT_RELEASED;
  const version = load<u32>(filePtr + HEADER_LIBRARY_VERSION);
  if (version < floor || (activeVersion != 0 && version <= activeVersion)) return Status.IMAGE_ROLLBACK;
  return Status.OK;
}
