// REQ-ENG-060: the WASM engine and the independent oracle (written from the documents alone) must
// give the same complete result for every request, over random libraries, and the same
// libraryLoad status for every damaged image. A failure prints the library, the request bytes and
// the first differing field; FC_SEED replays the whole run.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { CanonicalLibrary } from "../../hil/library/compiler/canonical.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { arbCanonicalLibrary } from "../generators/library.ts";
import { requestFromTape } from "../generators/request.ts";
import { Tape, TAPE_WORDS } from "../generators/tape.ts";
import { Oracle } from "../oracle/evaluate.ts";
import { firstDifference, hex, json } from "./compare.ts";
import { corruptImage } from "./corrupt.ts";
import { splitmix32, words } from "./prng.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

const LIBRARIES = 200;
const REQUESTS_PER_LIBRARY = 1_000;
const DAMAGED_LIBRARIES = 100;
const DAMAGES_PER_LIBRARY = 20;
const REQUESTS_PER_DAMAGE = 3;
const OK = 0;

const arbLibrary = arbCanonicalLibrary({ maxCareAreas: 6, maxEntries: 8, maxConcentrations: 4 });

let engine: Firmware;
beforeAll(async () => {
  engine = await Firmware.fromFile(RELEASE_WASM_PATH);
});

/** Evaluates one request on both sides; throws with a reproducer when they differ. */
function checkRequest(oracle: Oracle, library: CanonicalLibrary | undefined, bytes: Uint8Array, context: string): void {
  const expected = oracle.evaluateRawWithPca(bytes);
  const head = engine.evaluateRaw(bytes);
  // Issue 15: the PCA slots 23 … 28 after the 576-byte result, part of the verdict.
  const actual = head.status === OK ? { ...head, pcaParams: engine.pcaSlots() } : head;
  const difference = firstDifference(actual, expected);
  if (difference !== undefined) {
    throw new Error(
      `engine and oracle differ (${context}): ${difference}\nrequest ${hex(bytes)}\n` +
        `oracle ${json(expected)}\nengine ${json(actual)}\nlibrary ${json(library)}`,
    );
  }
}

function loadBoth(oracle: Oracle, image: Uint8Array): { oracle: number; engine: number } {
  return { oracle: oracle.loadLibrary(image), engine: engine.loadLibrary(image) };
}

describe("REQ-ENG-060 REQ-ENG-003 REQ-PCA-044 WASM engine vs independent oracle, PCA requests included", () => {
  it(`agrees on ${LIBRARIES * REQUESTS_PER_LIBRARY} random requests over ${LIBRARIES} random libraries`, () => {
    const seed = fc.readConfigureGlobal().seed;
    const started = performance.now();
    let checked = 0;
    fc.assert(
      fc.property(arbLibrary, fc.integer(), (library, requestSeed) => {
        const oracle = new Oracle();
        const next = splitmix32(requestSeed);
        engine.init();
        // No library yet: both must refuse with NO_LIBRARY.
        checkRequest(
          oracle,
          library,
          requestFromTape(library, new Tape(words(next, TAPE_WORDS))),
          "before any library",
        );
        const image = encodeImage(library);
        const status = loadBoth(oracle, image);
        if (status.oracle !== OK || status.engine !== OK)
          throw new Error(`valid image refused: ${json(status)}\nlibrary ${json(library)}`);
        for (let i = 0; i < REQUESTS_PER_LIBRARY; i++) {
          checkRequest(oracle, library, requestFromTape(library, new Tape(words(next, TAPE_WORDS))), `request ${i}`);
          checked++;
        }
      }),
      { numRuns: LIBRARIES },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `REQ-ENG-060: ${checked} requests checked over ${LIBRARIES} libraries in ${seconds.toFixed(1)} s, fast-check seed ${seed}`,
    );
    expect(checked).toBeGreaterThanOrEqual(200_000);
  });

  it(`REQ-ENG-001 agrees on libraryLoad for ${DAMAGED_LIBRARIES * DAMAGES_PER_LIBRARY} damaged images`, () => {
    const seed = fc.readConfigureGlobal().seed;
    const statuses = new Map<number, number>();
    fc.assert(
      fc.property(arbLibrary, fc.integer(), (library, damageSeed) => {
        const oracle = new Oracle();
        engine.init(); // no library on either side, then the same sequence of loads
        const next = splitmix32(damageSeed);
        const image = encodeImage(library);
        for (let i = 0; i < DAMAGES_PER_LIBRARY; i++) {
          const damaged = corruptImage(image, next);
          const status = loadBoth(oracle, damaged.image);
          if (status.oracle !== status.engine) {
            throw new Error(
              `libraryLoad differs after ${damaged.how}: ${json(status)}\nimage ${hex(damaged.image)}\nlibrary ${json(library)}`,
            );
          }
          statuses.set(status.oracle, (statuses.get(status.oracle) ?? 0) + 1);
          // After a refused load the previous library (if any) stays active on both sides; after an accepted one both judge alike.
          for (let r = 0; r < REQUESTS_PER_DAMAGE; r++) {
            checkRequest(
              oracle,
              library,
              requestFromTape(library, new Tape(words(next, TAPE_WORDS))),
              `after ${damaged.how}`,
            );
          }
        }
      }),
      { numRuns: DAMAGED_LIBRARIES },
    );
    console.log(
      `REQ-ENG-001: libraryLoad statuses of damaged images ${json(Object.fromEntries(statuses))}, fast-check seed ${seed}`,
    );
    // The damage must reach the size, digest and structure checks, not only one of them.
    for (const status of [20, 23, 24])
      expect(statuses.get(status) ?? 0, `status ${status} never reached`).toBeGreaterThan(0);
  });
});
