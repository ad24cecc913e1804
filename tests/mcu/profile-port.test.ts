// The reference port per memory profile (docs/abi.md §2.1, docs/decisions/0041): the QEMU
// mps2-an386 pump image built for each profile, measured with arm-none-eabi-size, holds the figures
// the document states (tests/docs/profile-table.ts), and the mcu image fits in about 1.5 MB of RAM.
import { describe, expect, it } from "vitest";
import { MemoryProfile } from "../../firmware/abi/memory-profiles.ts";
import { MEMORY_PROFILES, memoryLayout } from "../../simulator/host/memory-layout.ts";
import { PORT_MEASURED } from "../docs/profile-table.ts";
import { imageSizes, missingBenchTools } from "./bench-an386.ts";

const within5Percent = (actual: number, documented: number) => Math.abs(actual - documented) <= documented * 0.05;

describe("REQ-PORT-018 REQ-PORT-019 the reference port's flash and RAM per memory profile", () => {
  for (const profile of MEMORY_PROFILES) {
    const m = memoryLayout(profile);
    it(`${m.name}: RAM is the profile's linear memory and NV shadow plus the loop's own; flash as documented`, () => {
      const missing = missingBenchTools();
      if (missing !== undefined) throw new Error(`npm run test:mcu needs the ARM toolchain: ${missing}`);
      const sizes = imageSizes(profile);
      const ram = sizes.data + sizes.bss;
      const own = ram - m.memoryBytes - m.nvRegionSize;
      expect(own, `RAM besides memory and NV: ${own}`).toBeGreaterThan(0);
      expect(within5Percent(own, PORT_MEASURED.boardRamBytes), `RAM besides memory and NV: ${own}`).toBe(true);
      expect(
        within5Percent(sizes.text + sizes.data, PORT_MEASURED.flashBytes),
        `flash ${sizes.text + sizes.data}`,
      ).toBe(true);
      if (profile === MemoryProfile.MCU) expect(ram).toBeLessThan(1_600_000);
    });
  }
});
