// Bounds-checked little-endian reads for the image parser. Any violated structural rule, including
// a read past the end of the body, throws StructureError, which the parser turns into
// IMAGE_STRUCTURE (docs/library-image.md §7.3).
import type { Tiers } from "./model.ts";

export class StructureError extends Error {}

/** Fails the image with IMAGE_STRUCTURE; `rule` says which rule, for debugging the oracle. */
export function ensure(condition: boolean, rule: string): asserts condition {
  if (!condition) throw new StructureError(rule);
}

export class Reader {
  constructor(private readonly bytes: Uint8Array) {}

  get length(): number {
    return this.bytes.length;
  }

  private at(offset: number, size: number): number {
    ensure(
      Number.isSafeInteger(offset) && offset >= 0 && offset + size <= this.bytes.length,
      `read ${size} B at ${offset} out of bounds`,
    );
    return offset;
  }

  u8(offset: number): number {
    return this.bytes[this.at(offset, 1)];
  }

  u16(offset: number): number {
    const o = this.at(offset, 2);
    return this.bytes[o] | (this.bytes[o + 1] << 8);
  }

  u32(offset: number): number {
    const o = this.at(offset, 4);
    return (this.bytes[o] | (this.bytes[o + 1] << 8) | (this.bytes[o + 2] << 16)) + this.bytes[o + 3] * 0x1000000;
  }

  u64(offset: number): bigint {
    return BigInt(this.u32(offset)) | (BigInt(this.u32(offset + 4)) << 32n);
  }

  slice(offset: number, size: number): Uint8Array {
    const o = this.at(offset, size);
    return this.bytes.subarray(o, o + size);
  }

  requireZero(offset: number, size: number, what: string): void {
    ensure(
      this.slice(offset, size).every((b) => b === 0),
      `${what} not zero`,
    );
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** "UTF-8" in the image format is read as a rule: ill-formed sequences are a structure error. */
export function requireUtf8(bytes: Uint8Array, what: string): void {
  try {
    strictUtf8.decode(bytes);
  } catch {
    ensure(false, `${what} is not UTF-8`);
  }
}

/**
 * Reads the tiers selected by `mask` (bit 0 HMIN … bit 3 HMAX) from consecutive u64 values at
 * `offset`, checks each against `max` and the tier order, and returns them with the bytes used.
 */
export function readMaskedTiers(
  reader: Reader,
  offset: number,
  mask: number,
  max: bigint,
  what: string,
): { tiers: Tiers; bytes: number } {
  ensure((mask & 0xf0) === 0, `${what} tier mask has bits 4-7`);
  const tiers: (bigint | undefined)[] = [undefined, undefined, undefined, undefined];
  let cursor = offset;
  for (let tier = 0; tier < 4; tier++) {
    if ((mask & (1 << tier)) === 0) continue;
    tiers[tier] = reader.u64(cursor);
    cursor += 8;
  }
  requireTiers(tiers as unknown as Tiers, max, what);
  return { tiers: tiers as unknown as Tiers, bytes: cursor - offset };
}

/** Present tiers are ≤ max and ordered HMIN ≤ SMIN ≤ SMAX ≤ HMAX (any present pair). */
export function requireTiers(tiers: Tiers, max: bigint, what: string): void {
  for (let i = 0; i < 4; i++) {
    const low = tiers[i];
    if (low === undefined) continue;
    ensure(low <= max, `${what} tier ${i} above maximum`);
    for (let j = i + 1; j < 4; j++) {
      const high = tiers[j];
      ensure(high === undefined || low <= high, `${what} tiers ${i} and ${j} out of order`);
    }
  }
}
