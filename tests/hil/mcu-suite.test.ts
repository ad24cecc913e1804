// REQ-HIL-017: `npm run hil:mcu` runs every scenario of hil/scenarios on the emulated MCU, those with
// `local` steps (the pump's own keys, decision 0036) included: the QEMU rig presses the keys over
// UART2 (RigPlugin.localRequest, docs/mcu-port.md §8), so nothing is left out any more. The options
// it gives the runner are checked here without QEMU; tests/mcu/hil-mcu.test.ts runs a `local`
// scenario on the emulated MCU itself.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenarios } from "../../hil/runner/load-scenarios.ts";
import { CLIENT_TIMEOUT_MS, DEFAULT_OUT, mcuRunnerOptions, RIG_MODULE } from "../../hil/rigs/mcu-suite.ts";

describe("REQ-HIL-017 the emulated MCU's default suite", () => {
  it("REQ-HIL-017: without --scenarios or --filter it is every scenario file, those with a `local` step included", () => {
    const options = mcuRunnerOptions([], "/dev/pts/9");
    expect(options).toMatchObject({ port: "/dev/pts/9", rig: RIG_MODULE, outDir: DEFAULT_OUT, filters: [] });
    expect(options.clientTimeoutMs).toBe(Number(CLIENT_TIMEOUT_MS));
    const loaded = loadScenarios(options.scenarios);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const files = readdirSync("hil/scenarios").filter((name) => name.endsWith(".json"));
    expect(loaded.scenarios.length).toBe(files.length);
    const withKeys = loaded.scenarios.filter((s) => s.scenario.steps.some((step) => "local" in step));
    expect(withKeys.map((s) => s.scenario.id)).toContain("SC-GW-003-local-start-order-handle-link-loss");
  });

  it("REQ-HIL-017: the caller's scenarios, filters, timeout and report folder are kept", () => {
    const options = mcuRunnerOptions(
      ["--filter", "GW-003", "--scenarios", "hil/scenarios", "--timeout", "900", "--out", "/tmp/r"],
      "/dev/pts/3",
    );
    expect(options).toMatchObject({
      filters: ["GW-003"],
      scenarios: ["hil/scenarios"],
      clientTimeoutMs: 900,
      outDir: "/tmp/r",
      port: "/dev/pts/3",
    });
  });
});
