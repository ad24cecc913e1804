// The HIL runner against the reference C port on QEMU mps2-an386 (docs/mcu-port.md §8), driven as
// a rig: --port on UART0's pty, the rig plug-in hil/rigs/qemu-mcu-rig.ts on UART2. Here one
// scenario per rig capability (power, faults, key, reservoir, balance, line impairment, the rig's
// clock over hours of pump time, the pump's own keys); `npm run hil:mcu` (run by .ci/run) runs the whole suite.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../simulator/helpers.ts";

const TEMP = tempDir("ders-hil-mcu-test-");
afterAll(() => TEMP.remove());

const SCENARIOS = [
  "SC-WF-041-sensor-alarms", // faults
  "SC-WF-040-power-cycle-no-restart", // power cycle, NV kept
  "SC-SIG-005-signed-transfer", // key provisioning, a signed library over the line
  "SC-WF-074-reservoir-empty", // container, air in line
  "SC-SIM-017-delivery-meter-kvo", // the balance
  "SC-PRO-013-retransmission", // line impairment
  "SC-WF-023-vtbi-complete-kvo", // the rig's clock, event times
  "SC-GW-003-local-start-order-handle-link-loss", // the pump's own keys (local steps, receiveLocal)
];

function runHilMcu(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "hil/rigs/qemu-an386.ts", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe("REQ-HIL-017 REQ-HIL-018 REQ-HIL-019 REQ-HIL-021 REQ-HIL-022 REQ-PORT-011 REQ-PORT-030 the HIL suite on the emulated MCU", () => {
  it("REQ-HIL-017: the scenarios pass over the emulated MCU's UART, and the report names the target", async () => {
    const out = join(TEMP.path, "report");
    const run = await runHilMcu([...SCENARIOS.flatMap((id) => ["--filter", id]), "--out", out]);
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      target: { kind: string; rig?: { module: string; identity?: Record<string, string> } };
      summary: { scenarios: number; passed: number };
      scenarios: { id: string; verdict: string }[];
    };
    expect(report.summary).toMatchObject({ scenarios: SCENARIOS.length, passed: SCENARIOS.length });
    expect(report.target.kind).toBe("port");
    expect(report.target.rig?.module).toBe("hil/rigs/qemu-mcu-rig.ts");
    expect(report.target.rig?.identity?.target).toContain("QEMU mps2-an386, Cortex-M4");
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("QEMU mps2-an386");
  }, 900_000);

  it("REQ-HIL-022: the rig's return to idle tares the balance: a scenario that delivered 10 µL leaves the next one at 0", async () => {
    const out = join(TEMP.path, "tare");
    const fixtures = ["tests/hil/fixtures/LEFTOVER-delivered.json", "tests/hil/fixtures/TARED-balance-at-zero.json"];
    const run = await runHilMcu(["--scenarios", ...fixtures, "--out", out]);
    expect(run.code, run.output).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
      scenarios: { id: string; verdict: string }[];
    };
    expect(report.scenarios.map((s) => [s.id, s.verdict])).toEqual([
      ["SC-LEFTOVER-delivered", "pass"],
      ["SC-TARED-balance-at-zero", "pass"],
    ]);
  }, 900_000);
});
