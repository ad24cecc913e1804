// Image verification before activation (docs/library-image.md §7, REQ-ENG-001). The checks run in
// the document's order and the first failure names the status; nothing outside
// [imagePtr, imagePtr + lengthBytes) is read.
import {
  CARE_AREA_RECORD_SIZE,
  ENTRY_INDEX_RECORD_SIZE,
  IMAGE_FORMAT_VERSION,
  IMAGE_FORMAT_VERSION_MIN,
  IMAGE_HEADER_SIZE,
  IMAGE_MAGIC,
  LibraryStatus,
  MAX_CARE_AREAS,
  MAX_ENTRIES,
  MAX_LIBRARY_NAME_BYTES,
  Status,
} from "../abi/codes";
import { LIBRARY_REGION_SIZE } from "../abi/memory-map";
import { sha256 } from "../crypto/sha256";
import {
  DIGEST_BYTES,
  HEADER_BODY_DIGEST,
  HEADER_BODY_SIZE,
  HEADER_CARE_AREA_COUNT,
  HEADER_ENTRY_COUNT,
  HEADER_FORMAT_VERSION,
  HEADER_HEADER_SIZE,
  HEADER_LIBRARY_NAME,
  HEADER_LIBRARY_STATUS,
  HEADER_LIBRARY_VERSION,
  HEADER_MAGIC,
  HEADER_RESERVED_14,
  HEADER_RESERVED_28,
  HEADER_STRING_POOL_OFFSET,
  MAX_LIBRARY_VERSION,
} from "./header-layout";
import { careAreaIdBitmapOf, careAreaTableValid } from "./verify-care-areas";
import { entriesValid } from "./verify-entries";
import { beginStringPool, stringPoolFullyUsed } from "./verify-strings";
import { isValidUtf8 } from "./utf8";

// Firmware-owned scratch in the static-data region for the computed body digest.
const COMPUTED_DIGEST: usize = memory.data(DIGEST_BYTES, 16);

/** Verifies the image at imagePtr; returns Status.OK or the IMAGE_* status of the first broken rule. */
export function verifyImage(imagePtr: usize, lengthBytes: u32): i32 {
  // §7.1: size, magic, version, body size.
  if (lengthBytes < <u32>IMAGE_HEADER_SIZE || lengthBytes > <u32>LIBRARY_REGION_SIZE) return Status.IMAGE_SIZE;
  if (load<u32>(imagePtr + HEADER_MAGIC) != <u32>IMAGE_MAGIC) return Status.IMAGE_MAGIC;
  // Format 1 (before the format-2 limits) is admitted: it reads as format 2 with them absent.
  const formatVersion = <u32>load<u16>(imagePtr + HEADER_FORMAT_VERSION);
  if (
    formatVersion < <u32>IMAGE_FORMAT_VERSION_MIN ||
    formatVersion > <u32>IMAGE_FORMAT_VERSION ||
    <u32>load<u16>(imagePtr + HEADER_HEADER_SIZE) != <u32>IMAGE_HEADER_SIZE
  ) {
    return Status.IMAGE_VERSION;
  }
  const bodySize = lengthBytes - <u32>IMAGE_HEADER_SIZE;
  if (load<u32>(imagePtr + HEADER_BODY_SIZE) != bodySize) return Status.IMAGE_SIZE;

  // §7.2: the body digest.
  const bodyPtr = imagePtr + IMAGE_HEADER_SIZE;
  sha256(bodyPtr, bodySize, COMPUTED_DIGEST);
  let digestDiff: u64 = 0;
  for (let i: usize = 0; i < <usize>DIGEST_BYTES; i += 8) {
    digestDiff |= load<u64>(COMPUTED_DIGEST + i) ^ load<u64>(imagePtr + HEADER_BODY_DIGEST + i);
  }
  if (digestDiff != 0) return Status.IMAGE_DIGEST;

  // §7.3: every other rule.
  return structureValid(imagePtr, bodySize, formatVersion) ? Status.OK : Status.IMAGE_STRUCTURE;
}

function structureValid(imagePtr: usize, bodySize: u32, formatVersion: u32): bool {
  const libraryVersion = load<u32>(imagePtr + HEADER_LIBRARY_VERSION);
  if (libraryVersion < 1 || libraryVersion > MAX_LIBRARY_VERSION) return false;
  if (<i32>load<u8>(imagePtr + HEADER_LIBRARY_STATUS) > LibraryStatus.RELEASED) return false;
  const careAreaCount = <u32>load<u8>(imagePtr + HEADER_CARE_AREA_COUNT);
  if (careAreaCount < 1 || careAreaCount > <u32>MAX_CARE_AREAS) return false;
  if (load<u16>(imagePtr + HEADER_RESERVED_14) != 0 || load<u32>(imagePtr + HEADER_RESERVED_28) != 0) return false;
  const entryCount = load<u32>(imagePtr + HEADER_ENTRY_COUNT);
  if (entryCount > <u32>MAX_ENTRIES) return false;
  if (!libraryNameValid(imagePtr + HEADER_LIBRARY_NAME)) return false;

  // Sections: care-area table, entry index, records, then the pool up to the end of the body.
  const indexOffset = careAreaCount * <u32>CARE_AREA_RECORD_SIZE;
  const recordsOffset = indexOffset + entryCount * <u32>ENTRY_INDEX_RECORD_SIZE;
  const stringPoolOffset = load<u32>(imagePtr + HEADER_STRING_POOL_OFFSET);
  if (stringPoolOffset > bodySize || recordsOffset > stringPoolOffset) return false;

  const bodyPtr = imagePtr + IMAGE_HEADER_SIZE;
  beginStringPool(bodyPtr + stringPoolOffset, bodySize - stringPoolOffset);
  if (!careAreaTableValid(bodyPtr, careAreaCount, formatVersion)) return false;
  if (
    !entriesValid(
      bodyPtr,
      indexOffset,
      entryCount,
      stringPoolOffset,
      careAreaIdBitmapOf(bodyPtr, careAreaCount),
      formatVersion,
    )
  )
    return false;
  return stringPoolFullyUsed();
}

/** UTF-8, 1 .. 32 bytes, then zero padding to the end of the 32-byte field. */
function libraryNameValid(namePtr: usize): bool {
  let length: u32 = 0;
  while (length < <u32>MAX_LIBRARY_NAME_BYTES && load<u8>(namePtr + length) != 0) length++;
  if (length == 0) return false;
  for (let i = length; i < <u32>MAX_LIBRARY_NAME_BYTES; i++) {
    if (load<u8>(namePtr + i) != 0) return false;
  }
  return isValidUtf8(namePtr, length);
}
