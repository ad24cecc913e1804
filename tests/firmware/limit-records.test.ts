// Image format 3: limit records in an entry's extension and after a concentration's limits
// (docs/library-image.md §10, REQ-LIB-023). Every image is judged by the firmware and by the
// independent oracle, which must agree; the compiler's encoder writes the same bytes as the
// doc-only test writer.
import { beforeEach, describe, expect, it } from "vitest";
import { ConcentrationKind, DoseBasis, InfusionType, Status } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import { advisoryRecord, tierRecord, type CanonicalLibrary } from "../../hil/library/compiler/canonical.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { verifyImage } from "../oracle/image.ts";
import {
  rehash,
  writeTestImage,
  type SpecEntry,
  type SpecLibrary,
  type SpecRecord,
} from "../oracle/test-image-writer.ts";
import { freshEngine } from "./engine-fixture.ts";
import { CARBOPLATIN, DOPAMINE, WARD_SPEC } from "./ward-library.ts";

let engine: Firmware;
beforeEach(async () => {
  engine = await freshEngine();
});

/** The ward library with CARBOplatin (BSA-based, intermittent) and DOPamine (continuous) given records. */
function withRecords(
  carboplatin: Partial<Pick<SpecEntry, "records">> & { concentrationRecords?: SpecRecord[] },
  dopamine: { records?: SpecRecord[]; concentrationRecords?: SpecRecord[] } = {},
  formatVersion?: number,
): SpecLibrary {
  return {
    ...WARD_SPEC,
    ...(formatVersion === undefined ? {} : { formatVersion }),
    entries: WARD_SPEC.entries.map((entry) => {
      const edit = entry.id === CARBOPLATIN ? carboplatin : entry.id === DOPAMINE ? dopamine : undefined;
      if (edit === undefined) return entry;
      const concentrations = (entry.concentrations ?? []).map((c, i) =>
        i === 0 && edit.concentrationRecords !== undefined ? { ...c, records: edit.concentrationRecords } : c,
      );
      return { ...entry, ...(edit.records === undefined ? {} : { records: edit.records }), concentrations };
    }),
  };
}

/** Firmware and oracle statuses of an image (the oracle's broken rule for the message). */
function judge(image: Uint8Array): { firmware: number; oracle: number; rule?: string } {
  const oracle = verifyImage(image);
  return { firmware: engine.loadLibrary(image), oracle: oracle.status, rule: oracle.rule };
}

function expectBoth(spec: SpecLibrary, status: Status, what: string): void {
  const verdict = judge(writeTestImage(spec));
  expect(verdict.oracle, `${what}: oracle (${verdict.rule ?? "no rule broken"})`).toBe(status);
  expect(verdict.firmware, `${what}: firmware`).toBe(status);
}

const perDose: SpecRecord = { kind: LimitKind.DOSE_PER_ADMIN, mask: 0b1010, values: [0n, 1_000n, 0n, 2_000n] };
const perDoseAbsolute: SpecRecord = { kind: LimitKind.DOSE_PER_ADMIN_ABSOLUTE, mask: 0b1000, values: [0n, 0n, 0n, 9n] };
const rateOverride: SpecRecord = { kind: LimitKind.OVERRIDE_RATE, mask: 0b1000, values: [0n, 0n, 0n, 100_000n] };

describe("REQ-LIB-023 image format 3: limit records", () => {
  it("a format-3 image with entry and concentration records, and a concentration advisory, is admitted by both", () => {
    const spec = withRecords(
      { records: [perDose, perDoseAbsolute], concentrationRecords: [rateOverride] },
      { concentrationRecords: [{ kind: LimitKind.ADVISORY, mask: 0, text: "Central line only" }] },
    );
    const image = writeTestImage(spec);
    expect(new DataView(image.buffer).getUint16(4, true)).toBe(3);
    const verdict = judge(image);
    expect([verdict.firmware, verdict.oracle]).toEqual([Status.OK, Status.OK]);
    const library = verifyImage(image).library!;
    const carboplatin = library.entries.get(CARBOPLATIN)!;
    expect([...carboplatin.records.keys()]).toEqual([LimitKind.DOSE_PER_ADMIN, LimitKind.DOSE_PER_ADMIN_ABSOLUTE]);
    expect(carboplatin.records.get(LimitKind.DOSE_PER_ADMIN)?.values).toEqual([0n, 1_000n, 0n, 2_000n]);
    expect([...carboplatin.concentrations[0].records.keys()]).toEqual([LimitKind.OVERRIDE_RATE]);
    expect(library.entries.get(DOPAMINE)!.concentrations[0].records.get(LimitKind.ADVISORY)?.argument).toBe(17);
  });

  it("a format-3 image without any record is admitted (format 3 only adds)", () => {
    expectBoth({ ...WARD_SPEC, formatVersion: 3 }, Status.OK, "format 3, no records");
  });

  it("the old formats stay admitted; in them the EXTENDED flag and concentration byte 3 are reserved", () => {
    expectBoth({ ...WARD_SPEC, formatVersion: 1 }, Status.OK, "format 1");
    expectBoth({ ...WARD_SPEC, formatVersion: 2 }, Status.OK, "format 2");
    for (const format of [1, 2]) {
      expectBoth(withRecords({ records: [perDose] }, {}, format), Status.IMAGE_STRUCTURE, `EXTENDED in ${format}`);
      expectBoth(
        withRecords({ concentrationRecords: [rateOverride] }, {}, format),
        Status.IMAGE_STRUCTURE,
        `concentration records in format ${format}`,
      );
    }
  });

  it("the list rules: 1..32 entry records, 0..32 per concentration, strictly ascending kinds, reserved bytes 0", () => {
    expectBoth(withRecords({ records: [] }), Status.IMAGE_STRUCTURE, "EXTENDED with 0 records");
    expectBoth(withRecords({ records: [perDose, perDose] }), Status.IMAGE_STRUCTURE, "a kind twice");
    expectBoth(withRecords({ records: [perDoseAbsolute, perDose] }), Status.IMAGE_STRUCTURE, "descending kinds");
    expectBoth(withRecords({ records: [{ ...perDose, reserved: 1 }] }), Status.IMAGE_STRUCTURE, "reserved bytes 2-3");
    expectBoth(withRecords({ concentrationRecords: [] }), Status.OK, "a concentration with 0 records");
    // 33 records cannot ascend through 31 kinds, so count 33 is refused either way; 32 distinct
    // valid kinds do not exist today, so the upper bound is checked with the count byte itself.
    const image = writeTestImage(withRecords({ concentrationRecords: [rateOverride] }));
    const patched = patchConcentrationCount(image, 33);
    expect(judge(patched).oracle).toBe(Status.IMAGE_STRUCTURE);
    expect(judge(patched).firmware).toBe(Status.IMAGE_STRUCTURE);
  });

  it("the kind rules: unknown kinds, the wrong list, the wrong entry, the mask, the argument, the values", () => {
    const bad: [string, SpecLibrary][] = [
      ["unknown kind 12", withRecords({ concentrationRecords: [{ ...rateOverride, kind: 12 }] })],
      ["unknown kind 31", withRecords({ concentrationRecords: [{ ...rateOverride, kind: 31 }] })],
      ["kind 0", withRecords({ concentrationRecords: [{ ...rateOverride, kind: 0 }] })],
      ["an override in the entry list", withRecords({ records: [rateOverride] })],
      ["an advisory in the entry list", withRecords({ records: [{ kind: LimitKind.ADVISORY, mask: 0, text: "x" }] })],
      ["DOSE_PER_ADMIN on a continuous entry", withRecords({}, { records: [perDose] })],
      ["mask 0", withRecords({ records: [{ ...perDose, mask: 0, values: [] }] })],
      ["mask bit 4", withRecords({ records: [{ ...perDose, mask: 0x1a }] })],
      ["an absent tier's value not 0", withRecords({ records: [{ ...perDose, values: [1n, 1_000n, 0n, 2_000n] }] })],
      ["tiers out of order", withRecords({ records: [{ ...perDose, values: [0n, 2_001n, 0n, 2_000n] }] })],
      ["an argument on a limit kind", withRecords({ records: [{ ...perDose, argument: 60 }] })],
      [
        "DOSE_ABSOLUTE override beyond HMAX",
        withRecords({
          concentrationRecords: [{ kind: LimitKind.OVERRIDE_DOSE_ABSOLUTE, mask: 0b0100, values: [0n, 0n, 5n, 0n] }],
        }),
      ],
      [
        "PERIPHERAL_MAX_CONCENTRATION with a soft max",
        withRecords({
          records: [{ kind: LimitKind.PERIPHERAL_MAX_CONCENTRATION, mask: 0b1100, values: [0n, 0n, 1n, 2n] }],
        }),
      ],
      [
        "a rate override above MAX_RATE_UL_PER_HOUR",
        withRecords({ concentrationRecords: [{ ...rateOverride, values: [0n, 0n, 0n, 10_000_000n] }] }),
      ],
      [
        "an advisory with a mask",
        withRecords({}, { concentrationRecords: [{ kind: LimitKind.ADVISORY, mask: 1, text: "x" }] }),
      ],
      [
        "an advisory of length 0",
        withRecords({}, { concentrationRecords: [{ kind: LimitKind.ADVISORY, mask: 0, text: "", argument: 0 }] }),
      ],
      [
        "an advisory with a second value",
        withRecords({}, { concentrationRecords: [{ kind: LimitKind.ADVISORY, mask: 0, text: "x", values: [0n, 1n] }] }),
      ],
    ];
    for (const [what, spec] of bad) expectBoth(spec, Status.IMAGE_STRUCTURE, what);
  });

  it("±1 at the value maxima: a rate override at MAX_RATE_UL_PER_HOUR is admitted, one above is not", () => {
    expectBoth(
      withRecords({ concentrationRecords: [{ ...rateOverride, values: [0n, 0n, 0n, 9_999_999n] }] }),
      Status.OK,
      "at the maximum",
    );
    expectBoth(
      withRecords({ concentrationRecords: [{ ...rateOverride, values: [0n, 0n, 0n, 10_000_000n] }] }),
      Status.IMAGE_STRUCTURE,
      "one above",
    );
  });

  it("a DOSE_PER_ADMIN_ABSOLUTE needs a weight- or BSA-based entry", () => {
    const noBasis = {
      ...WARD_SPEC,
      entries: WARD_SPEC.entries.map((e) =>
        e.id === CARBOPLATIN ? { ...e, basis: DoseBasis.NONE, records: [perDoseAbsolute] } : e,
      ),
    };
    expectBoth(noBasis, Status.IMAGE_STRUCTURE, "no basis");
    expectBoth(withRecords({ records: [perDoseAbsolute] }), Status.OK, "BSA basis");
  });
});

describe("REQ-LIB-023 the compiler's encoder writes format 3 only when a record is used", () => {
  const base: CanonicalLibrary = {
    name: "F3",
    version: 1,
    status: 2,
    careAreas: [{ id: 0, code: "A", name: "A", basicInfusionAllowed: false, weightG: {}, bsaM2X10000: {} }],
    entries: [
      {
        id: 5,
        name: "Vancomycin",
        infusionType: InfusionType.INTERMITTENT,
        doseBasis: DoseBasis.NONE,
        highAlert: false,
        careAreaIds: [0],
        doseAmountUnit: 2,
        doseTimeUnit: 1,
        advisory: "Check levels",
        limits: {
          dose: {},
          rate: {},
          duration: {},
          vtbi: {},
          bolusDose: {},
          bolusRate: {},
          loadingDose: {},
          doseAbsolute: {},
        },
        concentrations: [
          { kind: ConcentrationKind.FIXED, amountUnit: 2, amountAbu: 1_000_000_000n, volumeUl: 200_000n, limits: {} },
          { kind: ConcentrationKind.FIXED, amountUnit: 2, amountAbu: 1_500_000_000n, volumeUl: 250_000n, limits: {} },
        ],
      },
    ],
  };

  it("without records: format 1, the same bytes as before format 3 existed", () => {
    const image = encodeImage(base);
    expect(new DataView(image.buffer).getUint16(4, true)).toBe(1);
    expect(judge(image)).toMatchObject({ firmware: Status.OK, oracle: Status.OK });
  });

  it("with records: format 3, EXTENDED set, advisories in the pool after the entry's, read back by the oracle", () => {
    const entry = base.entries[0];
    const library: CanonicalLibrary = {
      ...base,
      entries: [
        {
          ...entry,
          records: [tierRecord(LimitKind.DOSE_PER_ADMIN, { softMax: 2_000_000_000n, hardMax: 3_000_000_000n })],
          concentrations: [
            { ...entry.concentrations[0], records: [advisoryRecord("Infuse over at least 60 min")] },
            {
              ...entry.concentrations[1],
              records: [
                tierRecord(LimitKind.OVERRIDE_DURATION, { hardMin: 5_400n }),
                advisoryRecord("1.5 g bag: 90 min"),
              ],
            },
          ],
        },
      ],
    };
    const image = encodeImage(library);
    const view = new DataView(image.buffer);
    expect(view.getUint16(4, true)).toBe(3);
    expect(judge(image)).toMatchObject({ firmware: Status.OK, oracle: Status.OK });
    const parsed = verifyImage(image).library!.entries.get(5)!;
    expect(parsed.records.get(LimitKind.DOSE_PER_ADMIN)).toEqual({
      kind: LimitKind.DOSE_PER_ADMIN,
      mask: 0b1100,
      argument: 0,
      values: [0n, 0n, 2_000_000_000n, 3_000_000_000n],
    });
    expect(parsed.concentrations[1].records.get(LimitKind.OVERRIDE_DURATION)?.values).toEqual([5_400n, 0n, 0n, 0n]);
    // The pool: area name, entry name, entry advisory, then the concentrations' advisories in order.
    const pool = new TextDecoder().decode(image.subarray(96 + view.getUint32(24, true)));
    expect(pool).toBe("AVancomycinCheck levelsInfuse over at least 60 min1.5 g bag: 90 min");
  });
});

/** Sets CARBOplatin's first concentration's byte 3 (record count) and re-hashes. */
function patchConcentrationCount(image: Uint8Array, count: number): Uint8Array {
  const out = image.slice();
  const view = new DataView(out.buffer);
  const body = 96;
  const areas = out[13];
  const entries = view.getUint32(16, true);
  for (let i = 0; i < entries; i++) {
    const row = body + areas * 96 + i * 8;
    if (view.getUint32(row, true) !== CARBOPLATIN) continue;
    const record = body + view.getUint32(row + 4, true);
    const masks = view.getBigUint64(record + 32, true);
    let values = 0;
    for (let bit = 0n; bit < 64n; bit++) values += Number((masks >> bit) & 1n);
    // CARBOplatin has no extension here, so its first concentration follows the limit values.
    out[record + 40 + 8 * values + 3] = count;
  }
  return rehash(out);
}
