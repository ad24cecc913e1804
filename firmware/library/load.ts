// Activation of an image that admit.ts (and so verify.ts) has accepted: the library state the
// engine reads and the entry-id buckets of lookup.ts. The caller (activation/library-slots.ts)
// decides when; nothing here checks anything (docs/library-image.md §7).
import { IMAGE_HEADER_SIZE } from "../abi/codes";
import { HEADER_CARE_AREA_COUNT, HEADER_ENTRY_COUNT, HEADER_LIBRARY_VERSION } from "./header-layout";
import { buildEntryBuckets } from "./lookup";
import { activateLibrary } from "./state";
import { careAreaIdBitmapOf } from "./verify-care-areas";

/** Precondition: verifyImage(image, …) returned OK (and the image has not changed since). */
export function activateVerifiedImage(image: usize): void {
  const careAreaCount = <u32>load<u8>(image + HEADER_CARE_AREA_COUNT);
  const body = image + IMAGE_HEADER_SIZE;
  activateLibrary(
    load<u32>(image + HEADER_LIBRARY_VERSION),
    careAreaCount,
    load<u32>(image + HEADER_ENTRY_COUNT),
    image,
    body,
    careAreaIdBitmapOf(body, careAreaCount),
  );
  buildEntryBuckets();
}
