// Activation of an image that admit.ts (and so verify.ts) has just accepted: the library state the
// engine reads and the entry-id buckets of lookup.ts. The caller (nv/library-slots.ts) decides
// when; nothing here checks anything (docs/library-image.md §7).
import { IMAGE_HEADER_SIZE } from "../abi/codes";
import { HEADER_CARE_AREA_COUNT, HEADER_ENTRY_COUNT, HEADER_LIBRARY_VERSION } from "./header-layout";
import { buildEntryBuckets } from "./lookup";
import { activateLibrary } from "./state";
import { verifiedCareAreaIdBitmap } from "./verify-care-areas";

/** Precondition: verifyImage(image, …) returned OK and no other image was verified since. */
export function activateVerifiedImage(image: usize): void {
  activateLibrary(
    load<u32>(image + HEADER_LIBRARY_VERSION),
    <u32>load<u8>(image + HEADER_CARE_AREA_COUNT),
    load<u32>(image + HEADER_ENTRY_COUNT),
    image,
    image + IMAGE_HEADER_SIZE,
    verifiedCareAreaIdBitmap,
  );
  buildEntryBuckets();
}
