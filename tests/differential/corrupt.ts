// Ways to damage a valid image for the libraryLoad comparison: plain bit flips and truncations
// (caught by size or digest), and damage with the digest recomputed so the structural checks of
// docs/library-image.md §7.3 are reached.
import { createHash } from "node:crypto";

const HEADER_BYTES = 96;

export function corruptImage(image: Uint8Array, next: () => number): { image: Uint8Array; how: string } {
  const kind = next() % 6;
  const at = (limit: number): number => next() % Math.max(1, limit);
  if (kind === 0) {
    const length = at(image.length);
    return { image: image.slice(0, length), how: `truncated to ${length}` };
  }
  if (kind === 1) {
    const extra = 1 + at(16);
    const grown = new Uint8Array(image.length + extra);
    grown.set(image);
    return { image: grown, how: `extended by ${extra} zero bytes` };
  }
  const copy = image.slice();
  if (kind === 2) {
    const offset = at(image.length);
    copy[offset] ^= 1 << at(8);
    return { image: copy, how: `bit flip at ${offset}` };
  }
  // Damage inside the header's checked fields or the body, then make the digest match again.
  const offset = kind === 3 ? at(32) : HEADER_BYTES + at(image.length - HEADER_BYTES);
  if (kind === 5) copy[offset] = [0, 0xff, 1, 64, 0x80][at(5)];
  else copy[offset] ^= 1 << at(8);
  copy.set(createHash("sha256").update(copy.subarray(HEADER_BYTES)).digest(), 64);
  return { image: copy, how: `${kind === 5 ? "byte set" : "bit flip"} at ${offset}, digest recomputed` };
}
