// Shared by the limit-record tests: the ward library with records on one entry, and the check that
// the independent oracle and the firmware admit (or refuse) an image alike.
import { expect } from "vitest";
import type { Status } from "../../firmware/abi/codes.ts";
import type { Firmware } from "../../simulator/host/firmware.ts";
import { verifyImage } from "../oracle/image.ts";
import { writeTestImage, type SpecLibrary, type SpecRecord } from "../oracle/test-image-writer.ts";
import { WARD_SPEC } from "./ward-library.ts";

/** The ward library with `records` on entry `id` and `concentrationRecords` on its first concentration. */
export function wardWithRecords(id: number, records?: SpecRecord[], concentrationRecords?: SpecRecord[]): SpecLibrary {
  return {
    ...WARD_SPEC,
    entries: WARD_SPEC.entries.map((entry) =>
      entry.id !== id
        ? entry
        : {
            ...entry,
            ...(records === undefined ? {} : { records }),
            concentrations: (entry.concentrations ?? []).map((c, i) =>
              i === 0 && concentrationRecords !== undefined ? { ...c, records: concentrationRecords } : c,
            ),
          },
    ),
  };
}

/** The oracle and `engine.loadLibrary` both give `status` for the library's image. */
export function expectAdmission(engine: Firmware, library: SpecLibrary, status: Status, what: string): void {
  const image = writeTestImage(library);
  const oracle = verifyImage(image);
  expect(oracle.status, `${what}: oracle (${oracle.rule ?? "no rule broken"})`).toBe(status);
  expect(engine.loadLibrary(image), `${what}: firmware`).toBe(status);
}
