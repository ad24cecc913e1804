// The release module with the signature verification wired in stays within budget (REQ-SIG-014);
// its portability (no imports, WebAssembly 1.0, no floats) is checked by tests/abi.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkPortability } from "../abi/wasm-portability.ts";
import { firmwareFileName } from "../../firmware/abi/memory-profiles.ts";
import { MEMORY_PROFILES } from "../../simulator/host/memory-layout.ts";

describe("REQ-SIG-014 the whole pump with its crypto fits 64 KiB", () => {
  // Every memory profile's release module (build/ders.wasm, build/ders.mcu.wasm): the same code.
  for (const profile of MEMORY_PROFILES) {
    const file = `build/${firmwareFileName(profile, "")}`;
    it(`${file} is at most 65,536 bytes, portable, and exports the provisioning entry point`, () => {
      const release = readFileSync(file);
      expect(release.length).toBeLessThanOrEqual(64 * 1024);
      const report = checkPortability(release);
      expect(report.problems).toEqual([]);
      expect(report.exportNames).toContain("provisionPublicKey");
    });
  }
});
