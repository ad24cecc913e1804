// REQ-PORT-017: the suite, the virtual pump and the HIL runner run on the profile DERS_PROFILE
// selects; test:profile-mcu and CI run the whole suite and the HIL suite on the mcu builds; a test
// that only some profiles can run says so through profileOnly (tests/support/profile-only.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MemoryProfile } from "../../firmware/abi/memory-profiles.ts";
import { firmwareBuildPath, selectedProfile } from "../../simulator/host/memory-layout.ts";
import { parseCliOptions, UsageError } from "../../hil/runner/cli-options.ts";
import { profileOnly } from "../support/profile-only.ts";
import { PROFILE, RELEASE_WASM_PATH } from "../support/profile.ts";

describe("REQ-PORT-017 the whole suite on each memory profile", () => {
  it("DERS_PROFILE selects the profile and its builds; an unknown name is refused naming the known ones", () => {
    expect(selectedProfile({})).toBe(MemoryProfile.STANDARD);
    expect(selectedProfile({ DERS_PROFILE: "mcu" })).toBe(MemoryProfile.MCU);
    expect(() => selectedProfile({ DERS_PROFILE: "big" })).toThrow("one of standard, mcu");
    expect(firmwareBuildPath("", MemoryProfile.STANDARD)).toBe("build/ders.wasm");
    expect(firmwareBuildPath("testkit", MemoryProfile.MCU)).toBe("build/ders.mcu.testkit.wasm");
    expect(RELEASE_WASM_PATH).toBe(firmwareBuildPath("", PROFILE));
  });

  it("npm run test:profile-mcu runs the whole vitest suite with DERS_PROFILE=mcu, and CI runs it and the HIL suite on mcu", () => {
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["test:profile-mcu"]).toMatch(/^npm run build:firmware && .*DERS_PROFILE=mcu vitest run$/);
    const ci = readFileSync(".ci/run", "utf8");
    expect(ci).toContain("run_suite unit-mcu npm run test:profile-mcu");
    expect(ci).toContain("npm run hil -- --profile mcu");
  });

  it("the HIL runner's --profile picks that profile's build as the firmware; a wrong name is a usage error", () => {
    expect(parseCliOptions(["--profile", "mcu"]).firmwarePath).toBe("build/ders.mcu.wasm");
    expect(parseCliOptions(["--profile", "standard"]).firmwarePath).toBe("build/ders.wasm");
    expect(parseCliOptions(["--profile", "mcu", "--firmware", "x.wasm"]).firmwarePath).toBe("x.wasm");
    expect(() => parseCliOptions(["--profile", "tiny"])).toThrow(UsageError);
  });

  it("profileOnly runs a test on its profiles and names the profiles and the reason on the others", () => {
    const standardOnly = profileOnly([MemoryProfile.STANDARD], "a 2 MiB library", MemoryProfile.MCU);
    expect(standardOnly.runs).toBe(false);
    expect(standardOnly.note).toBe(" [standard profile only: a 2 MiB library]");
    expect(profileOnly([MemoryProfile.STANDARD, MemoryProfile.MCU], "any", MemoryProfile.MCU).runs).toBe(true);
    expect(() => profileOnly([MemoryProfile.MCU], " ")).toThrow("needs profiles and a reason");
  });
});
