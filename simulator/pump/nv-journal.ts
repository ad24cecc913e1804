// The redo journal of the NV state file (docs/decisions/0013-nv-state-file.md): the byte ranges one
// save changes, with their new bytes, sealed by a SHA-256. A save first makes the journal durable,
// then writes the same bytes in place; at open a sealed journal is applied again (idempotent), a
// torn one is ignored (nothing was written in place before it was sealed).
//
//   offset  size  field
//   0       8     magic "DERSNVJ1"
//   8       4     range count n (u32 LE)
//   12      …     n × { u32 offset into the region, u32 length, length bytes }
//   end−32  32    SHA-256 of everything before it
import { createHash } from "node:crypto";

export interface ByteRange {
  start: number;
  end: number;
}

const MAGIC = new TextEncoder().encode("DERSNVJ1");
const DIGEST_SIZE = 32;
/** Unchanged runs shorter than this between two changes are written too: one range, less overhead. */
const MERGE_GAP_BYTES = 16;

/** The ranges of [start, end) where `now` differs from `before`, nearby ones merged. */
export function changedRanges(before: Uint8Array, now: Uint8Array, start: number, end: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let at = start; at < end; at++) {
    if (before[at] === now[at]) continue;
    let last = at;
    for (let probe = at + 1; probe < end && probe <= last + MERGE_GAP_BYTES; probe++)
      if (before[probe] !== now[probe]) last = probe;
    ranges.push({ start: at, end: last + 1 });
    at = last;
  }
  return ranges;
}

/** Sorted, overlapping or touching ranges joined. */
export function unionOf(ranges: ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: ByteRange[] = [];
  for (const range of sorted) {
    const previous = out.at(-1);
    if (previous !== undefined && range.start <= previous.end) previous.end = Math.max(previous.end, range.end);
    else out.push({ ...range });
  }
  return out;
}

export function encodeJournal(ranges: ByteRange[], region: Uint8Array): Uint8Array {
  const size = MAGIC.length + 4 + ranges.reduce((n, r) => n + 8 + r.end - r.start, 0) + DIGEST_SIZE;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(MAGIC.length, ranges.length, true);
  let at = MAGIC.length + 4;
  for (const { start, end } of ranges) {
    view.setUint32(at, start, true);
    view.setUint32(at + 4, end - start, true);
    out.set(region.subarray(start, end), at + 8);
    at += 8 + end - start;
  }
  out.set(createHash("sha256").update(out.subarray(0, at)).digest(), at);
  return out;
}

/** The ranges and their bytes, or undefined for a torn or foreign journal. */
export function decodeJournal(
  bytes: Uint8Array,
  regionSize: number,
): { range: ByteRange; bytes: Uint8Array }[] | undefined {
  if (bytes.length < MAGIC.length + 4 + DIGEST_SIZE) return undefined;
  if (!MAGIC.every((byte, i) => bytes[i] === byte)) return undefined;
  const body = bytes.subarray(0, bytes.length - DIGEST_SIZE);
  const digest = createHash("sha256").update(body).digest();
  if (!digest.equals(bytes.subarray(body.length))) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, body.length);
  const count = view.getUint32(MAGIC.length, true);
  const out: { range: ByteRange; bytes: Uint8Array }[] = [];
  let at = MAGIC.length + 4;
  for (let i = 0; i < count; i++) {
    if (at + 8 > body.length) return undefined;
    const start = view.getUint32(at, true);
    const length = view.getUint32(at + 4, true);
    if (at + 8 + length > body.length || start + length > regionSize) return undefined;
    out.push({ range: { start, end: start + length }, bytes: body.subarray(at + 8, at + 8 + length) });
    at += 8 + length;
  }
  return at === body.length ? out : undefined;
}
