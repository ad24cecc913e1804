// A reader of the library image written from docs/library-image.md alone, for round-trip tests
// of encode-image.ts. It decodes what the document specifies and nothing more.
import type { CanonicalLibrary, TierValues } from "../../hil/library/compiler/canonical.ts";
import { ENTRY_LIMIT_KEYS } from "../../hil/library/compiler/canonical.ts";

/** Format 2 (docs/library-image.md §4): the limits in the high nibbles of tier-mask bytes 4, 5, 6. */
const HIGH_NIBBLE_KEYS: Record<number, "bolusDoseAbsolute" | "bolusDuration" | "loadingDoseAbsolute"> = {
  4: "bolusDoseAbsolute",
  5: "bolusDuration",
  6: "loadingDoseAbsolute",
};

const TIERS = ["hardMin", "softMin", "softMax", "hardMax"] as const;

export function decodeImage(
  image: Uint8Array,
): Omit<CanonicalLibrary, "careAreas"> & { careAreas: Omit<CanonicalLibrary["careAreas"][number], "code">[] } {
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const text = (at: number, length: number): string => new TextDecoder().decode(image.subarray(at, at + length));
  const body = 96;
  const areaCount = view.getUint8(13);
  const entryCount = view.getUint32(16, true);
  const pool = body + view.getUint32(24, true);
  const nameBytes = image.subarray(32, 64);
  const nameEnd = nameBytes.indexOf(0) === -1 ? 32 : nameBytes.indexOf(0);
  const tiersAt = (mask: number, at: number): [TierValues, number] => {
    const tiers: TierValues = {};
    TIERS.forEach((key, bit) => {
      if (mask & (1 << bit)) {
        tiers[key] = view.getBigUint64(at, true);
        at += 8;
      }
    });
    return [tiers, at];
  };
  const fixedTiers = (mask: number, at: number): TierValues => {
    const tiers: TierValues = {};
    TIERS.forEach((key, bit) => {
      if (mask & (1 << bit)) tiers[key] = view.getBigUint64(at + 8 * bit, true);
    });
    return tiers;
  };
  const careAreas = Array.from({ length: areaCount }, (_, i) => {
    const at = body + 96 * i;
    const capMask = view.getUint8(at + 2);
    return {
      id: view.getUint8(at),
      name: text(pool + view.getUint32(at + 8, true), view.getUint16(at + 6, true)),
      basicInfusionAllowed: (view.getUint8(at + 1) & 1) === 1,
      ...(capMask & 1 ? { maxRateUlPerHour: view.getBigUint64(at + 16, true) } : {}),
      ...(capMask & 2 ? { maxVtbiUl: view.getBigUint64(at + 24, true) } : {}),
      weightG: fixedTiers(view.getUint8(at + 3), at + 32),
      bsaM2X10000: fixedTiers(view.getUint8(at + 4), at + 64),
      // Flags bit 1: weight confirmation (format 3, docs/library-image.md §2).
      ...(view.getUint8(at + 1) & 2 ? { weightConfirmation: true as const } : {}),
    };
  });
  const entries = Array.from({ length: entryCount }, (_, i) => {
    const at = body + view.getUint32(body + 96 * areaCount + 8 * i + 4, true);
    const mask = view.getBigUint64(at + 8, true);
    const limits = {} as CanonicalLibrary["entries"][number]["limits"];
    let cursor = at + 40;
    // Values follow the 64-bit mask word in bit order: byte k's low nibble, then its high nibble.
    ENTRY_LIMIT_KEYS.forEach((key, k) => {
      const maskByte = view.getUint8(at + 32 + k);
      [limits[key], cursor] = tiersAt(maskByte & 0x0f, cursor);
      const high = HIGH_NIBBLE_KEYS[k];
      if (high !== undefined && maskByte >> 4 !== 0) [limits[high], cursor] = tiersAt(maskByte >> 4, cursor);
    });
    // Format 3 (docs/library-image.md §10): an EXTENDED entry's limit records follow its limit values.
    const records: {
      kind: number;
      mask: number;
      argument: number;
      values: readonly [bigint, bigint, bigint, bigint];
    }[] = [];
    if ((view.getUint8(at + 6) & 4) === 4) {
      const count = view.getUint16(cursor, true);
      for (let r = 0; r < count; r++) {
        const rec = cursor + 8 + 40 * r;
        const value = (k: number) => view.getBigUint64(rec + 8 + 8 * k, true);
        records.push({
          kind: view.getUint8(rec),
          mask: view.getUint8(rec + 1),
          argument: view.getUint32(rec + 4, true),
          values: [value(0), value(1), value(2), value(3)],
        });
      }
      cursor += 8 + 40 * count;
    }
    const concentrations = Array.from({ length: view.getUint8(at + 7) }, () => {
      const c = cursor;
      const [tiers, next] = tiersAt(view.getUint8(c + 1), c + 16);
      cursor = next;
      // Format 3: byte 3 counts the concentration's limit records after its limit values; an
      // ADVISORY record (kind 30) holds its text's pool offset and length, read back as the text.
      const own = Array.from({ length: view.getUint8(c + 3) }, (_, r) => {
        const rec = cursor + 40 * r;
        const value = (k: number) => view.getBigUint64(rec + 8 + 8 * k, true);
        const kind = view.getUint8(rec);
        if (kind === 30)
          return {
            kind,
            mask: 0,
            argument: 0,
            values: [0n, 0n, 0n, 0n] as const,
            text: text(pool + Number(value(0)), view.getUint32(rec + 4, true)),
          };
        return {
          kind,
          mask: view.getUint8(rec + 1),
          argument: view.getUint32(rec + 4, true),
          values: [value(0), value(1), value(2), value(3)] as const,
        };
      });
      cursor += 40 * own.length;
      return {
        kind: view.getUint8(c),
        amountUnit: view.getUint8(c + 2),
        volumeUl: BigInt(view.getUint32(c + 4, true)),
        amountAbu: view.getBigUint64(c + 8, true),
        limits: tiers,
        ...(own.length > 0 ? { records: own } : {}),
      };
    });
    return {
      id: view.getUint32(at, true),
      name: text(pool + view.getUint32(at + 20, true), view.getUint16(at + 24, true)),
      infusionType: view.getUint8(at + 4),
      doseBasis: view.getUint8(at + 5),
      highAlert: (view.getUint8(at + 6) & 1) === 1,
      secondaryAllowed: (view.getUint8(at + 6) & 2) === 2,
      ...(view.getUint16(at + 18, true) === 0 ? {} : { maxTitrationStepPercent: view.getUint16(at + 18, true) }),
      careAreaIds: Array.from({ length: 64 }, (_, bit) => bit).filter((bit) => (mask >> BigInt(bit)) & 1n),
      doseAmountUnit: view.getUint8(at + 16),
      doseTimeUnit: view.getUint8(at + 17),
      advisory: text(pool + view.getUint32(at + 28, true), view.getUint16(at + 26, true)),
      limits,
      ...(records.length > 0 ? { records } : {}),
      concentrations,
    };
  });
  return { name: text(32, nameEnd), version: view.getUint32(8, true), status: view.getUint8(12), careAreas, entries };
}
