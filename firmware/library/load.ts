// libraryLoad (docs/abi.md §3): verify the image in the library region, then activate it.
// Any failure leaves no library active (fail closed, REQ-ENG-001).
import { IMAGE_HEADER_SIZE, LIBRARY_REGION_OFFSET, Status } from "../abi/codes";
import { HEADER_CARE_AREA_COUNT, HEADER_ENTRY_COUNT, HEADER_LIBRARY_VERSION } from "./header-layout";
import { buildEntryBuckets } from "./lookup";
import { activateLibrary, deactivateLibrary } from "./state";
import { verifiedCareAreaIdBitmap } from "./verify-care-areas";
import { verifyImage } from "./verify";

export function loadLibrary(lengthBytes: u32): i32 {
  deactivateLibrary();
  const imagePtr: usize = LIBRARY_REGION_OFFSET;
  const status = verifyImage(imagePtr, lengthBytes);
  if (status != Status.OK) return status;
  activateLibrary(
    load<u32>(imagePtr + HEADER_LIBRARY_VERSION),
    <u32>load<u8>(imagePtr + HEADER_CARE_AREA_COUNT),
    load<u32>(imagePtr + HEADER_ENTRY_COUNT),
    imagePtr + IMAGE_HEADER_SIZE,
    verifiedCareAreaIdBitmap,
  );
  buildEntryBuckets();
  return Status.OK;
}
