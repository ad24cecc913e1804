// REQ-LIB-010 and the image layout: determinism, digest, ordering, round trip through a reader
// written from docs/library-image.md, and refusal of an invalid CanonicalLibrary.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ConcentrationKind,
  DoseBasis,
  IMAGE_HEADER_SIZE,
  InfusionType,
  MAX_LIMIT_VALUE,
} from "../../firmware/abi/codes.ts";
import type { CanonicalEntry, CanonicalLibrary, TierValues } from "../../hil/library/compiler/canonical.ts";
import { ByteWriter } from "../../hil/library/compiler/byte-writer.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";
import { decodeImage } from "./decode-image.ts";
import { EXAMPLE_LIBRARY_PATH, readJson, validLibrary } from "./helpers.ts";

function compiled(json = validLibrary()): { library: CanonicalLibrary; image: Uint8Array } {
  const result = compileLibrary(json);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

const sha256 = (bytes: Uint8Array): Buffer => createHash("sha256").update(bytes).digest();

describe("REQ-LIB-010 deterministic image", () => {
  it("REQ-LIB-010: compiling twice gives identical bytes", () => {
    expect(Buffer.from(compiled(readJson(EXAMPLE_LIBRARY_PATH)).image)).toEqual(
      Buffer.from(compiled(readJson(EXAMPLE_LIBRARY_PATH)).image),
    );
  });

  it("REQ-LIB-010: the header digest is SHA-256 of the body and bodySize is the body length", () => {
    const { image } = compiled(readJson(EXAMPLE_LIBRARY_PATH));
    const view = new DataView(image.buffer, image.byteOffset);
    expect(view.getUint32(20, true)).toBe(image.length - IMAGE_HEADER_SIZE);
    expect(Buffer.from(image.subarray(64, 96))).toEqual(sha256(image.subarray(IMAGE_HEADER_SIZE)));
  });

  it("REQ-LIB-010: the order of areas and entries in the file does not change the image", () => {
    const shuffled = validLibrary();
    shuffled.careAreas.reverse();
    shuffled.entries.reverse();
    expect(Buffer.from(compiled(shuffled).image)).toEqual(Buffer.from(compiled().image));
  });

  it("REQ-LIB-010: areas and entries are stored by ascending id; concentrations keep their order", () => {
    const lib = validLibrary();
    lib.entries[3].concentrations.reverse();
    lib.entries.reverse();
    const decoded = decodeImage(compiled(lib).image);
    expect(decoded.careAreas.map((a) => a.id)).toEqual([0, 5]);
    expect(decoded.entries.map((e) => e.id)).toEqual([10, 20, 30, 40]);
    expect(decoded.entries[3].concentrations.map((c) => c.kind)).toEqual([
      ConcentrationKind.CUSTOM,
      ConcentrationKind.FIXED,
    ]);
  });

  it("REQ-LIB-010: the image decodes back to the canonical library (example library)", () => {
    const { library, image } = compiled(readJson(EXAMPLE_LIBRARY_PATH));
    const decoded = decodeImage(image);
    expect(decoded.entries).toEqual([...library.entries].sort((a, b) => a.id - b.id));
    expect(decoded.careAreas).toEqual(library.careAreas.map(({ code: _code, ...rest }) => rest));
    expect({ name: decoded.name, version: decoded.version, status: decoded.status }).toEqual({
      name: library.name,
      version: library.version,
      status: library.status,
    });
  });
});

// Generated canonical libraries, as other engineers' test generators build them.
const tiers = (max: bigint): fc.Arbitrary<TierValues> =>
  fc.uniqueArray(fc.bigInt({ min: 0n, max }), { maxLength: 4 }).chain((values) => {
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return fc
      .subarray(["hardMin", "softMin", "softMax", "hardMax"] as const, {
        minLength: sorted.length,
        maxLength: sorted.length,
      })
      .map((keys) => Object.fromEntries(keys.map((k, i) => [k, sorted[i]])) as TierValues);
  });
const entryArb = (areaIds: number[]): fc.Arbitrary<CanonicalEntry> =>
  fc
    .record({
      id: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      name: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/\p{Cs}/u.test(s)),
      advisory: fc.string({ maxLength: 80 }).filter((s) => !/\p{Cs}/u.test(s)),
      highAlert: fc.boolean(),
      careAreaIds: fc.subarray(areaIds, { minLength: 1 }),
      infusionType: fc.constantFrom(InfusionType.CONTINUOUS, InfusionType.INTERMITTENT),
      doseBasis: fc.constantFrom(DoseBasis.NONE, DoseBasis.WEIGHT, DoseBasis.BSA),
      dose: tiers(BigInt(MAX_LIMIT_VALUE)),
      rate: tiers(9_999_999n),
      absolute: fc.option(fc.bigInt({ min: 0n, max: BigInt(MAX_LIMIT_VALUE) }), { nil: undefined }),
      customMin: fc.option(fc.bigInt({ min: 1n, max: 10n ** 12n }), { nil: undefined }),
      secondary: fc.boolean(),
      step: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    })
    .map((r) => ({
      id: r.id,
      name: r.name,
      advisory: r.advisory,
      highAlert: r.highAlert,
      careAreaIds: r.careAreaIds,
      infusionType: r.infusionType,
      doseBasis: r.doseBasis,
      // REQ-LIB-015, REQ-LIB-016: a secondary permission on intermittent entries, a step limit on continuous ones.
      secondaryAllowed: r.infusionType === InfusionType.INTERMITTENT && r.secondary,
      ...(r.infusionType === InfusionType.CONTINUOUS && r.step !== undefined
        ? { maxTitrationStepPercent: r.step }
        : {}),
      doseAmountUnit: 3,
      doseTimeUnit: 2,
      limits: {
        dose: r.dose,
        rate: r.rate,
        duration: {},
        vtbi: {},
        bolusDose: {},
        bolusRate: {},
        loadingDose: {},
        doseAbsolute: r.absolute === undefined ? {} : { hardMax: r.absolute },
      },
      concentrations: [
        { kind: ConcentrationKind.FIXED, amountUnit: 2, amountAbu: 400_000_000_000n, volumeUl: 250_000n, limits: {} },
        ...(r.customMin === undefined
          ? []
          : [
              {
                kind: ConcentrationKind.CUSTOM,
                amountUnit: 3,
                amountAbu: 0n,
                volumeUl: 0n,
                limits: { hardMin: r.customMin },
              },
            ]),
      ],
    }));
const libraryArb: fc.Arbitrary<CanonicalLibrary> = fc
  .uniqueArray(fc.integer({ min: 0, max: 63 }), { minLength: 1, maxLength: 6 })
  .chain((ids) =>
    fc.record({
      name: fc.constant("Generated"),
      version: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      status: fc.constantFrom(0, 1, 2),
      careAreas: fc.constant(
        ids.map((id) => ({
          id,
          code: `A${id}`,
          name: `Area ${id}`,
          basicInfusionAllowed: id % 2 === 0,
          maxRateUlPerHour: 999_000n,
          weightG: { hardMax: 350_000n },
          bsaM2X10000: {},
        })),
      ),
      entries: fc.uniqueArray(entryArb(ids), { maxLength: 8, selector: (e) => e.id }),
    }),
  );

describe("encodeImage on generated canonical libraries", () => {
  it("REQ-LIB-010: any valid canonical library round-trips, and its digest and sizes are consistent (property)", () => {
    fc.assert(
      fc.property(libraryArb, (library) => {
        const image = encodeImage(library);
        const view = new DataView(image.buffer, image.byteOffset);
        expect(Buffer.from(image.subarray(64, 96))).toEqual(sha256(image.subarray(96)));
        expect(view.getUint32(20, true)).toBe(image.length - 96);
        expect(Buffer.from(encodeImage(structuredClone(library)))).toEqual(Buffer.from(image));
        const decoded = decodeImage(image);
        const expected = [...library.entries]
          .sort((a, b) => a.id - b.id)
          .map((e) => ({ ...e, careAreaIds: [...e.careAreaIds].sort((a, b) => a - b) })); // a mask keeps no order
        expect(decoded.entries).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("throws, naming every broken invariant, on an invalid canonical library (a caller's bug)", () => {
    const { library } = compiled();
    library.entries[0].limits.dose = { softMax: 10n, hardMax: 5n };
    library.entries[0].careAreaIds = [9];
    library.careAreas[0].maxRateUlPerHour = 0n;
    expect(() => encodeImage(library)).toThrowError(
      "encodeImage: invalid CanonicalLibrary:\n  careAreas[0].maxRateUlPerHour out of range\n" +
        "  entries[0].careAreaIds must be non-empty ids of the care-area table\n  entries[0].limits.dose.hardMax is below an earlier tier",
    );
  });

  it("throws on a fluid with a dose limit and on a custom concentration without hardMin", () => {
    const { library } = compiled();
    library.entries[2].limits.dose = { hardMax: 1n };
    library.entries[3].concentrations[1].limits = { hardMax: 1n };
    expect(() => encodeImage(library)).toThrowError(
      /entries\[2\]\.limits\.dose must be empty for a fluid\n {2}entries\[3\]\.concentrations\[1\]: a custom concentration needs limits\.hardMin/,
    );
  });
});

describe("ByteWriter", () => {
  it("regression: values written across a buffer growth land in the new buffer", () => {
    const out = new ByteWriter();
    out.zeros(1023);
    out.u16(0xbeef);
    out.raw(new Uint8Array(2000).fill(7));
    out.u64(1n);
    const bytes = out.toBytes();
    expect([bytes[1023], bytes[1024], bytes[1025], bytes[3024], bytes[3025]]).toEqual([0xef, 0xbe, 7, 7, 1]);
    expect(bytes.length).toBe(1023 + 2 + 2000 + 8);
  });
});
