// REQ-HIL-017: `npm run hil:mcu` runs every scenario of hil/scenarios on the emulated MCU except
// those with a step the QEMU rig cannot perform yet (QEMU_RIG_GAPS); it names those instead of hiding
// them. No gap is open: the pump's own keys (REQ-HIL-021: the rig presses them) and the flow sensor
// (REQ-HIL-033: the plug-in's sensor reports on those keys) were the last, so scenarios with `local`
// steps and with a `fault` step with `flow` run. The mechanism is kept and tested with a gap of its own.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultScenarios, QEMU_RIG_GAPS, SCENARIO_DIR } from "../../hil/rigs/mcu-suite.ts";

const stepsOf = (path: string): Record<string, unknown>[] =>
  (JSON.parse(readFileSync(path, "utf8")) as { steps: Record<string, unknown>[] }).steps;

describe("REQ-HIL-017 the emulated MCU's default suite", () => {
  it("REQ-HIL-017: every scenario file is either run or named with the rig's gaps it needs, and only those steps exclude one", () => {
    const suite = defaultScenarios();
    const all = readdirSync(SCENARIO_DIR)
      .filter((name) => name.endsWith(".json"))
      .map((name) => join(SCENARIO_DIR, name))
      .sort();
    expect([...suite.run, ...suite.notRun.map((n) => n.path)].sort()).toEqual(all);
    for (const { path, gaps } of suite.notRun) {
      expect(gaps.length).toBeGreaterThan(0);
      for (const name of gaps) {
        const gap = QEMU_RIG_GAPS.find((g) => g.name === name)!;
        expect(stepsOf(path).some((step) => gap.needs(step))).toBe(true);
      }
    }
    for (const path of suite.run)
      expect(stepsOf(path).some((step) => QEMU_RIG_GAPS.some((gap) => gap.needs(step)))).toBe(false);
    expect(suite.notRun.length).toBeLessThan(all.length / 10);
    // REQ-HIL-021: the scenarios with `local` steps are in the suite (GW-003: an order started at the pump).
    const withKeys = all.filter((path) => stepsOf(path).some((step) => "local" in step));
    const gw003 = join(SCENARIO_DIR, "GW-003-local-start-order-handle-link-loss.json");
    expect(withKeys).toContain(gw003);
    expect(suite.run).toContain(gw003);
    for (const { gaps } of suite.notRun) expect(gaps).not.toContain("key input");
    expect(QEMU_RIG_GAPS.map((gap) => gap.name)).not.toContain("key input");
    // REQ-HIL-033: the flow switch scenarios are in the suite too; no gap is left.
    const withFlow = all.filter((path) =>
      stepsOf(path).some((step) => typeof step.fault === "object" && step.fault !== null && "flow" in step.fault),
    );
    expect(withFlow).toEqual([
      join(SCENARIO_DIR, "WF-075-flow-switch-free-flow.json"),
      join(SCENARIO_DIR, "WF-075-flow-switch-over-delivery.json"),
    ]);
    for (const path of withFlow) expect(suite.run).toContain(path);
    expect(QEMU_RIG_GAPS).toEqual([]);
    expect(suite.notRun).toEqual([]);
  });

  it("REQ-HIL-017 REQ-HIL-021 REQ-HIL-033: a scenario with a step a gap names is left out and named; the rest run", () => {
    const dir = mkdtempSync(join(tmpdir(), "mcu-suite-"));
    try {
      const write = (name: string, steps: object[]): void =>
        writeFileSync(join(dir, `${name}.json`), JSON.stringify({ steps }));
      write("A-sensor", [{ fault: { set: ["OCCLUSION"] } }]);
      write("B-flow", [{ fault: { flow: ["free-flow"] } }]);
      write("C-both", [{ fault: { set: [], flow: [] } }, { local: "START" }]);
      write("D-keys", [{ local: "STOP" }]);
      write("E-power", [{ powerCycle: true }, { local: "STOP" }]);
      // With the rig's gaps (none) everything runs: sensor faults, flow switches and keys.
      expect(defaultScenarios(dir)).toEqual({
        run: ["A-sensor", "B-flow", "C-both", "D-keys", "E-power"].map((name) => join(dir, `${name}.json`)),
        notRun: [],
      });
      // A gap of its own: the scenarios needing it are named, with it, and only those.
      const noPower = { name: "relays", reason: "no relays", needs: (step: object) => "powerCycle" in step };
      expect(defaultScenarios(dir, [noPower])).toEqual({
        run: ["A-sensor", "B-flow", "C-both", "D-keys"].map((name) => join(dir, `${name}.json`)),
        notRun: [{ path: join(dir, "E-power.json"), gaps: ["relays"] }],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
