// Ways to damage a valid image for the libraryLoad comparison: plain bit flips and truncations
// (caught by size or digest), and damage with the digest recomputed so the structural checks of
// docs/library-image.md §7.3 are reached, including values set on an entry's flags and titration
// step, whose valid values depend on the infusion type.
import { createHash } from "node:crypto";

const HEADER_BYTES = 96;
const CARE_AREA_BYTES = 96;
const ENTRY_FLAGS = 6;
const ENTRY_TITRATION_STEP = 18;
const FLAG_VALUES = [0, 1, 2, 3, 4, 0x80];
const STEP_VALUES = [0, 1, 1000, 1001, 0xffff];

export function corruptImage(image: Uint8Array, next: () => number): { image: Uint8Array; how: string } {
  const kind = next() % 7;
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
  if (kind === 6) return setEntryOption(copy, next);
  if (kind === 2) {
    const offset = at(image.length);
    copy[offset] ^= 1 << at(8);
    return { image: copy, how: `bit flip at ${offset}` };
  }
  // Damage inside the header's checked fields or the body, then make the digest match again.
  const offset = kind === 3 ? at(32) : HEADER_BYTES + at(image.length - HEADER_BYTES);
  if (kind === 5) copy[offset] = [0, 0xff, 1, 64, 0x80][at(5)];
  else copy[offset] ^= 1 << at(8);
  rehash(copy);
  return { image: copy, how: `${kind === 5 ? "byte set" : "bit flip"} at ${offset}, digest recomputed` };
}

/** Sets one entry's flags byte or titration step to a value picked near the rules' edges, digest recomputed. */
function setEntryOption(copy: Uint8Array, next: () => number): { image: Uint8Array; how: string } {
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
  const entryCount = view.getUint32(16, true);
  if (entryCount === 0) return { image: copy, how: "unchanged (no entry)" };
  const row = HEADER_BYTES + copy[13] * CARE_AREA_BYTES + 8 * (next() % entryCount);
  const record = HEADER_BYTES + view.getUint32(row + 4, true);
  if (next() % 2 === 0) {
    const flags = FLAG_VALUES[next() % FLAG_VALUES.length];
    copy[record + ENTRY_FLAGS] = flags;
    rehash(copy);
    return { image: copy, how: `entry flags at ${record + ENTRY_FLAGS} set to ${flags}, digest recomputed` };
  }
  const step = STEP_VALUES[next() % STEP_VALUES.length];
  view.setUint16(record + ENTRY_TITRATION_STEP, step, true);
  rehash(copy);
  return {
    image: copy,
    how: `entry titration step at ${record + ENTRY_TITRATION_STEP} set to ${step}, digest recomputed`,
  };
}

function rehash(copy: Uint8Array): void {
  copy.set(createHash("sha256").update(copy.subarray(HEADER_BYTES)).digest(), 64);
}
