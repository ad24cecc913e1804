// Care-area record flags byte (offset 1; docs/library-image.md §2), shared by the firmware's
// verifier and workflow, the compiler and the test oracle. TS/AS shared subset.

/** Programming without a library entry is allowed in the area. */
export const AREA_FLAG_BASIC_INFUSION = 1;
/** The patient weight is entered twice and must match (issue 11: NICU); format 3 only. */
export const AREA_FLAG_WEIGHT_CONFIRMATION = 2;
/** The first image format in which AREA_FLAG_WEIGHT_CONFIRMATION may be set. */
export const IMAGE_FORMAT_WEIGHT_CONFIRMATION = 3; // = IMAGE_FORMAT_VERSION_RECORDS (codes.ts)
