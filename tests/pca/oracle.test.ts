// REQ-PCA-011 REQ-PCA-012: the engine's PCA parameters (23–28) against the independent oracle
// (tests/oracle/pca.ts, written from docs/engine.md §4.2), on random PCA requests against the PCA
// library, aimed at the tiers (each value near a tier boundary of its record half the time).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Mode, Status } from "../../firmware/abi/codes.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { freshEngine } from "../firmware/engine-fixture.ts";
import { verifyImage } from "../oracle/image.ts";
import { oraclePcaParams } from "../oracle/pca.ts";
import { recordTiers } from "../oracle/image-records.ts";
import type { OracleLibrary } from "../oracle/model.ts";
import { MEDSURG, MORPHINE, pcaLibraryImage } from "./pca-driver.ts";

let engine: Firmware;
let library: OracleLibrary;
beforeAll(async () => {
  engine = await freshEngine();
  expect(engine.loadLibrary(pcaLibraryImage())).toBe(Status.OK);
  const verdict = verifyImage(pcaLibraryImage());
  expect(verdict.status).toBe(Status.OK);
  library = verdict.library!;
});

/** A value near one of `kind`'s tier values of the entry (±2), or any value in 1 … max. */
function near(kind: number, max: bigint): fc.Arbitrary<bigint> {
  const tiers = () =>
    recordTiers(library.entries.get(MORPHINE)!.records.get(kind)).filter((v): v is bigint => v !== undefined);
  return fc.oneof(
    fc.bigInt({ min: 1n, max }),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -2, max: 2 })).map(([i, d]) => {
      const list = tiers();
      const v = list[i % list.length] + BigInt(d);
      return v < 1n ? 1n : v > max ? max : v;
    }),
  );
}

describe("REQ-PCA-011 REQ-PCA-012 differential: engine parameters 23–28 = the oracle's", () => {
  it("random PCA requests for morphine 5010 at both concentrations and both windows", () => {
    fc.assert(
      fc.property(
        fc.record({
          concentration: fc.integer({ min: 0, max: 1 }),
          rate: fc.bigInt({ min: 1n, max: 20_000n }),
          windowS: fc.constantFrom(3600n, 14_400n),
          doseAbu: near(12, 10n ** 12n),
          lockoutS: near(13, 86_400n),
          maxDosesPerHour: near(14, 60n),
          clinicianBolusAbu: fc.oneof(fc.constant(0n), near(15, 10n ** 12n)),
          windowMaxAbu: fc.oneof(near(22, 10n ** 12n), near(23, 10n ** 12n)),
        }),
        (r) => {
          const result = engine.evaluate({
            entryId: MORPHINE,
            careAreaId: MEDSURG,
            concentrationIndex: r.concentration,
            mode: Mode.RATE,
            rateUlPerHour: r.rate,
            pcaWindowS: r.windowS,
            pca: {
              doseAbu: r.doseAbu,
              lockoutS: r.lockoutS,
              maxDosesPerHour: r.maxDosesPerHour,
              clinicianBolusAbu: r.clinicianBolusAbu,
              windowMaxAbu: r.windowMaxAbu,
            },
          });
          expect(result.status).toBe(Status.OK);
          const entry = library.entries.get(MORPHINE)!;
          const concentration = entry.concentrations[r.concentration];
          const expected = oraclePcaParams(
            entry.records,
            concentration.records,
            { ...r },
            r.rate,
            concentration.amountAbu,
            concentration.volumeUl,
          );
          expect(engine.pcaSlots().map(({ param: _, ...slot }) => slot)).toEqual(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
