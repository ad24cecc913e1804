// arbRequestFor(library): request bytes aimed at the places where an engine can go wrong — values
// exactly at a limit and one least-significant unit either side, rates and doses that convert onto
// another parameter's limit, all three modes, custom concentrations, missing and extra fields,
// unknown ids, concentration mismatches, and some fully random request-sized buffers.
import fc from "fast-check";
import { REQUEST_SIZE, REQUEST_SIZE_WITH_PCA } from "../../firmware/abi/codes.ts";
import type { CanonicalLibrary } from "../../hil/library/compiler/canonical.ts";
import { encodePcaBlock, encodeRequest } from "../../simulator/host/request-codec.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";
import { clampU64 } from "./bounds.ts";
import { buildEngineRequest } from "./request-values.ts";
import { arbTape, Tape } from "./tape.ts";

/** Every request carries the PCA block's 40 bytes (zero when it has none: the same as 136 bytes, docs/abi.md §4.1). */
const REQUEST_BYTES = REQUEST_SIZE_WITH_PCA;

export function arbRequestFor(library: CanonicalLibrary): fc.Arbitrary<Uint8Array> {
  return arbTape().map((words) => requestFromTape(library, new Tape(words)));
}

/** Structured requests only (no raw-byte damage), for properties that need to edit them. */
export function arbEngineRequestFor(library: CanonicalLibrary): fc.Arbitrary<EngineRequest> {
  return arbTape().map((words) => buildEngineRequest(library, new Tape(words)));
}

export function requestFromTape(library: CanonicalLibrary, tape: Tape): Uint8Array {
  const shape = tape.below(100);
  if (shape < 4) return tape.bytes(REQUEST_BYTES);
  const request = buildEngineRequest(library, tape);
  for (const key of Object.keys(request) as (keyof EngineRequest)[]) {
    const value = request[key];
    if (typeof value === "bigint") (request as unknown as Record<string, bigint>)[key] = clampU64(value);
  }
  if (request.pca !== undefined)
    for (const key of Object.keys(request.pca) as (keyof typeof request.pca)[])
      request.pca[key] = clampU64(request.pca[key]);
  const bytes = new Uint8Array(REQUEST_BYTES);
  bytes.set(encodeRequest(request), 0);
  bytes.set(encodePcaBlock(request.pca), REQUEST_SIZE);
  if (shape < 8) damage(bytes, tape);
  return bytes;
}

/** Reserved bytes, presence bits above 10, or one random byte anywhere. */
function damage(bytes: Uint8Array, tape: Tape): void {
  const where = tape.pick([7, 12, 13, 14, 15, 9, 10, 11, tape.below(REQUEST_BYTES)]);
  bytes[where] ^= 1 << tape.below(8);
}
