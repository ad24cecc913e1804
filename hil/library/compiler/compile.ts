// The library compiler: JSON value → schema (REQ-LIB-001) → semantic rules and exact conversion
// (REQ-LIB-002..008, 014) → binary image (REQ-LIB-010). Fails closed: any error, no image.
import { SIGNATURE_TRAILER_SIZE } from "../../../firmware/abi/codes.ts";
import { largestLibrarySlotSize } from "../../../firmware/abi/memory-profiles.ts";
import type { CanonicalLibrary } from "./canonical.ts";
import { encodeImage } from "./encode-image.ts";
import { ErrorList, type LibraryError } from "./errors.ts";
import { Rule } from "./rules.ts";
import { schemaErrors } from "./schema.ts";
import { cleanPredicate, toCanonical } from "./to-canonical.ts";

export type { LibraryError } from "./errors.ts";

export type CompileResult =
  { ok: true; library: CanonicalLibrary; image: Uint8Array } | { ok: false; errors: LibraryError[] };

export function compileLibrary(json: unknown): CompileResult {
  const errors = new ErrorList();
  const fromSchema = schemaErrors(json);
  for (const error of fromSchema) errors.errors.push(error); // not push(...): a large library can have more errors than call arguments
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, errors: errors.errors };

  const library = toCanonical(json, cleanPredicate(fromSchema), errors);
  if (errors.count > 0) return { ok: false, errors: errors.errors };

  const image = encodeImage(library);
  // A pump keeps each library in one of two slots, signed (docs/library-image.md §9): the image and its
  // trailer must fit the largest slot of any memory profile (an mcu pump refuses more than its own: IMAGE_SIZE).
  const largest = largestLibrarySlotSize() - SIGNATURE_TRAILER_SIZE;
  if (image.length > largest) {
    errors.add(
      "",
      Rule.IMAGE_TOO_LARGE,
      `the image is ${image.length} bytes, more than the ${largest} bytes that fit a pump library slot with the signature; remove entries or care areas`,
    );
    return { ok: false, errors: errors.errors };
  }
  return { ok: true, library, image };
}
