// Issue 15 §1, the library side (docs/library-format.md §5a, docs/library-image.md §10): PCA limits
// in JSON, their compile errors, their limit records and the pump's verification of them.
import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { InfusionType, Status } from "../../firmware/abi/codes.ts";
import { LimitKind } from "../../firmware/abi/limit-kinds.ts";
import type { AuthorLibrary } from "../../hil/library/compiler/authoring.ts";
import { compileLibrary } from "../../hil/library/compiler/compile.ts";
import { diffLibraries } from "../../hil/library/tools/diff/compare.ts";
import { lintLibrary } from "../../hil/library/tools/lint/lint.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { freshEngine } from "../firmware/engine-fixture.ts";
import { rehash } from "../oracle/test-image-writer.ts";
import { MG, PCA_LIBRARY_PATH, pcaLibraryImage } from "./pca-driver.ts";

const library = (): AuthorLibrary => JSON.parse(readFileSync(PCA_LIBRARY_PATH, "utf8")) as AuthorLibrary;

function errorsOf(edit: (lib: AuthorLibrary) => void): { path: string; rule: string }[] {
  const lib = library();
  edit(lib);
  const result = compileLibrary(lib);
  if (result.ok) return [];
  return result.errors.map((e) => ({ path: e.path, rule: e.rule }));
}

/** The 40-byte limit record `kind` with `mask` and four values, as the image holds it. */
function recordBytes(kind: number, mask: number, values: bigint[]): Uint8Array {
  const out = new Uint8Array(40);
  const view = new DataView(out.buffer);
  out[0] = kind;
  out[1] = mask;
  values.forEach((v, i) => view.setBigUint64(8 + 8 * i, v, true));
  return out;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Morphine 5010's PCA_DOSE record: 0.1, 0.5, 2, 3 mg. */
const DOSE_RECORD = recordBytes(LimitKind.PCA_DOSE, 0x0f, [MG / 10n, MG / 2n, 2n * MG, 3n * MG]);
/** Its PCA_LOCKOUT record: 300, 360, 1,200, 3,600 s. */
const LOCKOUT_RECORD = recordBytes(LimitKind.PCA_LOCKOUT, 0x0f, [300n, 360n, 1200n, 3600n]);

describe("REQ-PCA-001 REQ-PCA-002 REQ-PCA-004 PCA limits compile to limit records the pump admits", () => {
  let engine: Firmware;
  beforeEach(async () => {
    engine = await freshEngine();
  });

  it("the scenario library compiles: 5010 is PCA (type 3) with six PCA records; the 150 mg concentration has its own dose record", () => {
    const result = compileLibrary(library());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const morphine = result.library.entries.find((e) => e.id === 5010)!;
    expect(morphine.infusionType).toBe(InfusionType.PCA);
    expect(morphine.records?.map((r) => r.kind)).toEqual([
      LimitKind.PCA_DOSE,
      LimitKind.PCA_LOCKOUT,
      LimitKind.PCA_MAX_DOSES_PER_HOUR,
      LimitKind.PCA_CLINICIAN_BOLUS,
      LimitKind.PCA_WINDOW_MAX_1H,
      LimitKind.PCA_WINDOW_MAX_4H,
    ]);
    expect(morphine.concentrations[1].records).toMatchObject([
      { kind: LimitKind.PCA_DOSE, mask: 0x0e, values: [0n, MG, 2n * MG, (5n * MG) / 2n] },
    ]);
    expect(engine.loadLibrary(pcaLibraryImage())).toBe(Status.OK);
    expect(indexOf(pcaLibraryImage(), DOSE_RECORD)).toBeGreaterThan(0);
    expect(indexOf(pcaLibraryImage(), LOCKOUT_RECORD)).toBeGreaterThan(0);
  });

  function mutatedImage(edit: (bytes: Uint8Array, view: DataView) => void): Uint8Array {
    const bytes = pcaLibraryImage().slice();
    edit(bytes, new DataView(bytes.buffer));
    return rehash(bytes);
  }

  it("a PCA record on an entry that is not PCA, a lockout above 24 h, tiers out of order, a mask bit 4: IMAGE_STRUCTURE", () => {
    const image = pcaLibraryImage();
    const dose = indexOf(image, DOSE_RECORD);
    const lockout = indexOf(image, LOCKOUT_RECORD);
    // Entry 5010's record: id u32, then the infusion type.
    const entry = indexOf(image, Uint8Array.of(0x92, 0x13, 0, 0, InfusionType.PCA));
    expect(entry).toBeGreaterThan(0);
    const cases: [string, (bytes: Uint8Array, view: DataView) => void][] = [
      ["continuous entry", (b) => (b[entry + 4] = InfusionType.CONTINUOUS)],
      ["lockout hard max 86,401 s", (_, v) => v.setBigUint64(lockout + 32, 86_401n, true)],
      ["dose soft max above the hard max", (_, v) => v.setBigUint64(dose + 24, 3n * MG + 1n, true)],
      ["mask bit 4", (b) => (b[dose + 1] = 0x1f)],
      ["argument not 0", (_, v) => v.setUint32(dose + 4, 60, true)],
    ];
    for (const [name, edit] of cases) expect(engine.loadLibrary(mutatedImage(edit)), name).toBe(Status.IMAGE_STRUCTURE);
    // The lockout at exactly 86,400 s is admitted.
    expect(engine.loadLibrary(mutatedImage((_, v) => v.setBigUint64(lockout + 32, 86_400n, true)))).toBe(Status.OK);
  });
});

describe("REQ-PCA-003 PCA limits: units, ranges and applicability are errors with path and rule", () => {
  it("the library as shipped has no errors", () => {
    expect(errorsOf(() => undefined)).toEqual([]);
  });

  it("PCA limits on a continuous entry: limit-not-applicable", () => {
    expect(
      errorsOf((lib) => {
        lib.entries[3].pca = { dose: { unit: "mg", hardMax: "1" } };
      }),
    ).toEqual([{ path: "/entries/3/pca", rule: "limit-not-applicable" }]);
  });

  it("a lockout in mg, a dose in mg/h, a window maximum per kg: unit-mismatch", () => {
    expect(
      errorsOf((lib) => {
        const pca = lib.entries[0].pca!;
        pca.lockout = { unit: "mg", hardMax: "10" };
        pca.dose = { unit: "mg/h", hardMax: "1" };
        pca.windowMax1h = { unit: "mg/kg", hardMax: "1" };
      }),
    ).toEqual([
      { path: "/entries/0/pca/lockout/unit", rule: "unit-mismatch" },
      { path: "/entries/0/pca/dose/unit", rule: "unit-mismatch" },
      { path: "/entries/0/pca/windowMax1h/unit", rule: "unit-mismatch" },
    ]);
  });

  it("a lockout above 24 h, 61 doses per hour, half a dose, doses out of order: value-range, value-resolution, tier-order", () => {
    expect(
      errorsOf((lib) => {
        const pca = lib.entries[0].pca!;
        pca.lockout = { unit: "h", hardMax: "25" };
        pca.maxDosesPerHour = { unit: "doses", softMax: "6.5", hardMax: "61" };
      }),
    ).toEqual([
      { path: "/entries/0/pca/lockout/hardMax", rule: "value-range" },
      { path: "/entries/0/pca/maxDosesPerHour/softMax", rule: "value-resolution" },
      { path: "/entries/0/pca/maxDosesPerHour/hardMax", rule: "value-range" },
    ]);
    expect(
      errorsOf((lib) => {
        lib.entries[0].pca!.maxDosesPerHour = { unit: "doses", softMax: "8", hardMax: "6" };
      }),
    ).toEqual([{ path: "/entries/0/pca/maxDosesPerHour/hardMax", rule: "tier-order" }]);
  });

  it("a PCA entry may not be a secondary", () => {
    expect(
      errorsOf((lib) => {
        lib.entries[0].secondaryAllowed = true;
      }),
    ).toEqual([{ path: "/entries/0/secondaryAllowed", rule: "secondary-not-intermittent" }]);
  });
});

describe("REQ-PCA-002 the committee's tools see PCA limits: diff with direction, lint when unbounded", () => {
  it("diff: a PCA lockout minimum raised tightens, a window maximum raised loosens, a concentration's PCA block is its own field", () => {
    const before = library();
    const after = library();
    after.version = 2;
    after.entries[0].pca!.lockout!.hardMin = "6";
    after.entries[0].pca!.windowMax1h!.hardMax = "12";
    after.entries[0].concentrations![1].pca!.dose!.hardMax = "2.2";
    const morphine = diffLibraries(before, after).entries.find((e) => e.id === 5010)!;
    expect(morphine.fields.map((f) => [f.field, f.old, f.new, f.direction])).toEqual([
      ["concentrations[1].pca.dose.hardMax", "2.5 mg", "2.2 mg", "tightened"],
      ["pca.lockout.hardMin", "5 min", "6 min", "tightened"],
      ["pca.windowMax1h.hardMax", "10 mg", "12 mg", "loosened"],
    ]);
  });

  it("lint: pca-unbounded for a missing dose hard maximum and for each window without one", () => {
    const lib = library();
    delete lib.entries[0].pca!.dose!.hardMax;
    const findings = lintLibrary(lib).findings.filter((f) => f.rule === "pca-unbounded");
    expect(findings.map((f) => [f.path, f.severity])).toEqual([
      ["/entries/0/pca/dose/hardMax", "warning"],
      ["/entries/4/pca/windowMax4h/hardMax", "warning"],
    ]);
  });
});
