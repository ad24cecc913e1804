// The WASM engine for property tests: one instance per test file, and a helper that loads a
// canonical library (re-encoding only when it changed) and evaluates a request.
import type { CanonicalLibrary } from "../../hil/library/compiler/canonical.ts";
import { encodeImage } from "../../hil/library/compiler/encode-image.ts";
import type { EngineRequest, EngineResult } from "../../simulator/host/types.ts";
import { Firmware } from "../../simulator/host/firmware.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

export class EngineUnderTest {
  private loaded: CanonicalLibrary | undefined;
  private constructor(private readonly engine: Firmware) {}

  static async create(): Promise<EngineUnderTest> {
    return new EngineUnderTest(await Firmware.fromFile(RELEASE_WASM_PATH));
  }

  evaluate(library: CanonicalLibrary, request: EngineRequest): EngineResult {
    if (library !== this.loaded) {
      const status = this.engine.loadLibrary(encodeImage(library));
      if (status !== 0) throw new Error(`engine refused a valid library image: status ${status}`);
      this.loaded = library;
    }
    return this.engine.evaluate(request);
  }
}
