// REQ-HIL-017: `npm run hil:mcu` runs every scenario of hil/scenarios on the emulated MCU except
// those that need the pump's own keys (a `local` step), which the QEMU board cannot press yet; it
// names those instead of hiding them.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultScenarios, SCENARIO_DIR } from "../../hil/rigs/mcu-suite.ts";

describe("REQ-HIL-017 the emulated MCU's default suite", () => {
  it("REQ-HIL-017: every scenario file is either run or named as needing keys, and only `local` steps exclude one", () => {
    const suite = defaultScenarios();
    const all = readdirSync(SCENARIO_DIR)
      .filter((name) => name.endsWith(".json"))
      .map((name) => join(SCENARIO_DIR, name))
      .sort();
    expect([...suite.run, ...suite.needKeys].sort()).toEqual(all);
    for (const path of suite.needKeys) expect(readFileSync(path, "utf8")).toContain('"local"');
    for (const path of suite.run) {
      const steps = (JSON.parse(readFileSync(path, "utf8")) as { steps: object[] }).steps;
      expect(steps.some((step) => "local" in step)).toBe(false);
    }
    expect(suite.needKeys.length).toBeLessThan(all.length / 10);
  });
});
