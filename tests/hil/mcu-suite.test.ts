// REQ-HIL-017: `npm run hil:mcu` runs every scenario of hil/scenarios on the emulated MCU except
// those with a step the QEMU rig cannot perform yet (QEMU_RIG_GAPS: the pump's own keys for a
// `local` step, a flow sensor for a `fault` step with `flow`); it names those instead of hiding them.
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
  });

  it("REQ-HIL-017: a `local` step needs key input, a fault step with `flow` a flow sensor; sensor faults alone need neither", () => {
    const dir = mkdtempSync(join(tmpdir(), "mcu-suite-"));
    try {
      const write = (name: string, steps: object[]): void =>
        writeFileSync(join(dir, `${name}.json`), JSON.stringify({ steps }));
      write("A-sensor", [{ fault: { set: ["OCCLUSION"] } }]);
      write("B-flow", [{ fault: { flow: ["free-flow"] } }]);
      write("C-both", [{ fault: { set: [], flow: [] } }, { local: "START" }]);
      write("D-keys", [{ local: "STOP" }]);
      expect(defaultScenarios(dir)).toEqual({
        run: [join(dir, "A-sensor.json")],
        notRun: [
          { path: join(dir, "B-flow.json"), gaps: ["flow sensor"] },
          { path: join(dir, "C-both.json"), gaps: ["key input", "flow sensor"] },
          { path: join(dir, "D-keys.json"), gaps: ["key input"] },
        ],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
