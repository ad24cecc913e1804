// The rig-control plug-in (REQ-HIL-016, docs/hil.md "Rig control plug-ins"): loaded from a path,
// its shape checked with an error naming the module and the method; against the virtual pump as
// its own process on its tty, with the reference plug-in (hil/rigs/virtual-pump-rig.ts) on the
// pump's control channel, scenarios needing rig control pass instead of being blocked, and a pump
// left infusing by one scenario is returned to idle before the next.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { loadRigPlugin, RigPluginError } from "../../hil/runner/rig-plugin.ts";
import { PortTarget } from "../../hil/runner/port-target.ts";
import { runScenario } from "../../hil/runner/run-scenario.ts";
import { parseCliOptions, UsageError } from "../../hil/runner/cli-options.ts";
import { exampleImage, killSpawnedPumps, spawnPumpCli, tempDir } from "../simulator/helpers.ts";
import { killSpawned, scenarios, spawnHil } from "./helpers.ts";

const TEMP = tempDir("ders-rig-plugin-");
afterAll(() => {
  killSpawned();
  killSpawnedPumps();
  TEMP.remove();
});

const CONTEXT = { port: "/dev/null", baudRate: 115_200, env: {} };

describe("REQ-HIL-016 loading a rig plug-in", () => {
  it("REQ-HIL-016: a module without returnToIdle is refused, naming the module and the method", async () => {
    const path = "tests/hil/fixtures/rigs/no-return-to-idle.ts";
    const error = await loadRigPlugin(path, CONTEXT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RigPluginError);
    expect((error as Error).message).toContain(`--rig ${path}: the rig has no method returnToIdle()`);
  });

  it("REQ-HIL-016: a module without createRig, and a path with no module, are refused by name", async () => {
    await expect(loadRigPlugin("tests/hil/fixtures/rigs/no-factory.ts", CONTEXT)).rejects.toThrow(
      "--rig tests/hil/fixtures/rigs/no-factory.ts: the module exports no function createRig",
    );
    await expect(loadRigPlugin("tests/hil/fixtures/rigs/absent.ts", CONTEXT)).rejects.toThrow(
      "--rig tests/hil/fixtures/rigs/absent.ts: cannot load the module",
    );
  });

  it("REQ-HIL-016: --rig needs --port and a path", () => {
    expect(parseCliOptions(["--port", "/dev/x", "--rig", "r.ts"])).toMatchObject({ port: "/dev/x", rig: "r.ts" });
    expect(() => parseCliOptions(["--rig", "r.ts"])).toThrow(UsageError);
    expect(() => parseCliOptions(["--port", "/dev/x", "--rig="])).toThrow('--rig needs a module path, got ""');
  });

  it("REQ-HIL-016: the CLI exits 2 naming the module and the missing method, before any scenario", async () => {
    const pump = spawnPumpCli([]);
    const run = spawnHil([
      "--port",
      await pump.path,
      "--rig",
      "tests/hil/fixtures/rigs/no-return-to-idle.ts",
      "--filter",
      "WF-001",
      "--out",
      join(TEMP.path, "refused"),
    ]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain("no-return-to-idle.ts: the rig has no method returnToIdle()");
    pump.child.kill("SIGTERM");
    await pump.exited;
  });
});

describe("REQ-HIL-016 the reference plug-in on the virtual pump's tty", () => {
  async function startPump(name: string) {
    const imagePath = join(TEMP.path, `${name}.dersimg`);
    writeFileSync(imagePath, exampleImage());
    const controlPath = join(TEMP.path, `${name}.ctl`);
    const pump = spawnPumpCli(["--library", imagePath, "--control", controlPath]);
    const tty = await pump.path;
    return { pump, tty, controlPath };
  }

  it("REQ-HIL-016: key-provisioning and sensor-fault scenarios pass with the plug-in; on the bare port they are blocked", async () => {
    const { pump, tty, controlPath } = await startPump("rig");
    const chosen = scenarios("hil/scenarios/SIG-005-signed-transfer.json", "tests/hil/fixtures/RIG-sensor-faults.json");

    const bare = await PortTarget.open(tty, 115_200);
    for (const loaded of chosen) {
      const run = await runScenario(loaded, bare);
      expect(run.result.steps.at(-1)?.message, loaded.scenario.id).toMatch(/needs rig control|return to idle/);
      expect(run.result.verdict).toBe("blocked");
    }
    await bare.close();

    const rig = await loadRigPlugin("hil/rigs/virtual-pump-rig.ts", {
      port: tty,
      baudRate: 115_200,
      env: { HIL_RIG_CONTROL: controlPath },
    });
    const target = await PortTarget.open(tty, 115_200, rig);
    for (const loaded of chosen) {
      const run = await runScenario(loaded, target);
      expect(
        run.result.steps.filter((s) => s.verdict !== "pass"),
        loaded.scenario.id,
      ).toEqual([]);
      expect(run.result.verdict).toBe("pass");
    }
    await target.close();
    pump.child.kill("SIGTERM");
    expect(await pump.exited).toEqual({ code: 0, signal: null });
  }, 60_000);

  it("REQ-HIL-016: an infusion left RUNNING is cleared by the plug-in's return to idle, and the next scenario passes", async () => {
    const { pump, tty, controlPath } = await startPump("leftover");
    const [leftover] = scenarios("tests/hil/fixtures/LEFTOVER-left-running.json");
    const [next] = scenarios("hil/scenarios/WF-001-selection-states.json");
    const rig = await loadRigPlugin("hil/rigs/virtual-pump-rig.ts", {
      port: tty,
      baudRate: 115_200,
      env: { HIL_RIG_CONTROL: controlPath },
    });
    const target = await PortTarget.open(tty, 115_200, rig);
    expect((await runScenario(leftover, target)).result.verdict).toBe("pass");
    const run = await runScenario(next, target);
    expect(run.result.steps.filter((s) => s.verdict !== "pass")).toEqual([]);
    expect(run.result.verdict).toBe("pass");
    await target.close();
    pump.child.kill("SIGTERM");
    await pump.exited;
  }, 60_000);

  it("REQ-HIL-016: on a bare port the return to idle over the protocol stops a leftover infusion; what it cannot clear blocks the next scenario with the reason", async () => {
    const { pump, tty } = await startPump("bare-leftover");
    const [leftover] = scenarios("tests/hil/fixtures/LEFTOVER-left-running.json");
    const [next] = scenarios("hil/scenarios/WF-001-selection-states.json");
    const target = await PortTarget.open(tty, 115_200);
    expect((await runScenario(leftover, target)).result.verdict).toBe("pass");
    const run = await runScenario(next, target);
    expect(run.result.verdict).toBe("blocked");
    expect(run.result.steps[0].message).toContain("the return to idle before the scenario failed");
    expect(run.result.steps[0].message).toContain("no protocol command clears a care-area selection");
    expect(run.transcript.some((line) => /STOP/.test(line.text))).toBe(true);
    // The infusion was stopped: the leftover scenario, run again, finds a pump that is not RUNNING.
    const again = await runScenario(leftover, target);
    expect(again.result.steps[0].message).toContain("reports AREA_SELECTED");
    await target.close();
    pump.child.kill("SIGTERM");
    await pump.exited;
  }, 60_000);
});
