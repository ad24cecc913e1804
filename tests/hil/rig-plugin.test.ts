// The rig-control plug-in (REQ-HIL-016, docs/hil.md "Rig control plug-ins"): loaded from a path,
// its shape checked with an error naming the module and the method; against the virtual pump as
// its own process on its tty, with the reference plug-in (hil/rigs/virtual-pump-rig.ts) on the
// pump's control channel, scenarios needing rig control pass instead of being blocked, and a pump
// left infusing by one scenario is returned to idle before the next.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import {
  loadRigPlugin,
  rigIdentity,
  RigPluginError,
  type LocalRequestContext,
  type RigPlugin,
} from "../../hil/runner/rig-plugin.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import type { Frame } from "../../simulator/client/frame.ts";
import { HilDriver, RigControlMissingError } from "../../hil/runner/driver.ts";
import { renderHtml } from "../../hil/report/html.ts";
import { runResult } from "../report/fixture.ts";
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

  /** The reference plug-in on the pump's control socket. */
  const referenceRig = (tty: string, controlPath: string) =>
    loadRigPlugin("hil/rigs/virtual-pump-rig.ts", {
      port: tty,
      baudRate: 115_200,
      env: { HIL_RIG_CONTROL: controlPath },
    });

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

    const rig = await referenceRig(tty, controlPath);
    const target = await PortTarget.open(tty, 115_200, rig, undefined, "hil/rigs/virtual-pump-rig.ts");
    // REQ-RPT-016: the run identity names the plug-in and what the rig says it is.
    expect(target.description.rig).toEqual({
      module: "hil/rigs/virtual-pump-rig.ts",
      identity: { rig: "open-ders virtual pump (reference rig plug-in)", control: "--control socket" },
    });
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

  it("REQ-HIL-016 REQ-SIM-022: a fault step with flow is blocked on a bare port, naming setFlowFaults; with the plug-in the pump's flow sensor raises the alarm", async () => {
    const { pump, tty, controlPath } = await startPump("flow");
    const [flow] = scenarios("tests/hil/fixtures/RIG-flow-faults.json");
    const bare = await PortTarget.open(tty, 115_200);
    const blocked = await runScenario(flow, bare);
    expect(blocked.result.verdict).toBe("blocked");
    expect(blocked.result.steps.map((s) => s.verdict)).toEqual(["pass", "pass", "pass", "pass", "blocked"]);
    expect(blocked.result.steps.at(-1)?.message).toContain("needs rig control (setFlowFaults)");
    await bare.close();
    const rig = await referenceRig(tty, controlPath);
    const target = await PortTarget.open(tty, 115_200, rig);
    const run = await runScenario(flow, target);
    expect(run.result.steps.filter((s) => s.verdict !== "pass")).toEqual([]);
    expect(run.result.verdict).toBe("pass");
    await target.close();
    pump.child.kill("SIGTERM");
    await pump.exited;
  }, 60_000);

  it("REQ-HIL-016: an infusion left RUNNING is cleared by the plug-in's return to idle, and the next scenario passes", async () => {
    const { pump, tty, controlPath } = await startPump("leftover");
    const [leftover] = scenarios("tests/hil/fixtures/LEFTOVER-left-running.json");
    const [next] = scenarios("hil/scenarios/WF-001-selection-states.json");
    const rig = await referenceRig(tty, controlPath);
    const target = await PortTarget.open(tty, 115_200, rig);
    expect((await runScenario(leftover, target)).result.verdict).toBe("pass");
    const run = await runScenario(next, target);
    expect(run.result.steps.filter((s) => s.verdict !== "pass")).toEqual([]);
    expect(run.result.verdict).toBe("pass");
    await target.close();
    pump.child.kill("SIGTERM");
    await pump.exited;
  }, 60_000);

  it("REQ-HIL-022: the plug-in's return to idle tares the balance: what one scenario delivered is not the next one's", async () => {
    const { pump, tty, controlPath } = await startPump("tare");
    const [leftover] = scenarios("tests/hil/fixtures/LEFTOVER-left-running.json");
    const [tared] = scenarios("tests/hil/fixtures/TARED-balance-at-zero.json");
    const rig = await referenceRig(tty, controlPath);
    const target = await PortTarget.open(tty, 115_200, rig);
    expect((await runScenario(leftover, target)).result.verdict).toBe("pass");
    // 3,600 µL/h on the pump's real-time clock: the balance weighs a µL within about a second.
    const giveUpAt = Date.now() + 10_000;
    while ((await rig.deliveredUl!()) === 0n && Date.now() < giveUpAt)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await rig.deliveredUl!()).toBeGreaterThan(0n);
    const run = await runScenario(tared, target);
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

describe("REQ-HIL-021 the pump's own keys through a rig plug-in", () => {
  it("REQ-HIL-021: a local request reaches the plug-in's localRequest with the runner's last serial sequence; without it the capability is missing", async () => {
    const pump = spawnPumpCli([]);
    const tty = await pump.path;
    const pressed: { code: number; context: LocalRequestContext }[] = [];
    // A unit test's stand-in for a rig's keys: it records the request and answers with a made-up frame.
    const answer: Frame = {
      version: 1,
      type: FrameType.RESPONSE,
      sequence: 0xc000,
      code: 0,
      payload: new Uint8Array(0),
    };
    const rig: RigPlugin = {
      powerCycle: async () => undefined,
      setFaults: async () => undefined,
      provisionKey: async () => 0,
      setReservoir: async () => undefined,
      returnToIdle: async () => undefined,
      localRequest: async (code, _payload, context) => {
        pressed.push({ code, context });
        return { ...answer, code };
      },
    };
    const target = await PortTarget.open(tty, 115_200, rig, 0x1234);
    const driver = await HilDriver.open(target);
    expect((await driver.session.rig.localRequest!(Command.GET_STATUS, new Uint8Array(0))).code).toBe(
      Command.GET_STATUS,
    );
    expect((await driver.hello()).ok).toBe(true);
    await driver.session.rig.localRequest!(Command.START, new Uint8Array(0));
    expect(pressed).toEqual([
      { code: Command.GET_STATUS, context: { lastSerialSequence: undefined } },
      { code: Command.START, context: { lastSerialSequence: 0x1234 } },
    ]);
    await driver.session.close();
    await target.close();

    const { localRequest: _none, ...withoutKeys } = rig;
    const bare = await PortTarget.open(tty, 115_200, withoutKeys, 0x2000);
    const noKeys = await HilDriver.open(bare);
    await expect(noKeys.local.start()).rejects.toBeInstanceOf(RigControlMissingError);
    await noKeys.session.close();
    await bare.close();
    pump.child.kill("SIGTERM");
    await pump.exited;
  }, 60_000);
});

describe("REQ-RPT-016 the rig's identity in the run identity", () => {
  const rigWith = (identity: () => Promise<unknown>) => ({ identity }) as unknown as RigPlugin;

  it("REQ-RPT-016: a rig that says what it is is recorded field by field; one that says nothing, as not given", async () => {
    expect(
      await rigIdentity(
        rigWith(async () => ({ rig: "bench 2", serial: "R-0042" })),
        "m.ts",
      ),
    ).toEqual({
      rig: "bench 2",
      serial: "R-0042",
    });
    expect(await rigIdentity({} as RigPlugin, "m.ts")).toBeUndefined();
    const target = {
      kind: "port" as const,
      path: "/dev/ttyUSB0",
      baudRate: 115_200,
      rig: { module: "rigs/bench.ts", identity: { serial: "R-0042", rig: "bench 2" } },
    };
    const html = renderHtml({ ...runResult(), target });
    expect(html).toContain("serial port /dev/ttyUSB0 at 115200 baud, rig plug-in rigs/bench.ts");
    expect(html).toMatch(/Rig: rig<\/th><td[^>]*>bench 2/);
    expect(html).toMatch(/Rig: serial<\/th><td[^>]*>R-0042/);
    const silent = renderHtml({ ...runResult(), target: { ...target, rig: { module: "rigs/bench.ts" } } });
    expect(silent).toContain("not given by the plug-in (RigPlugin.identity)");
  });

  it("REQ-RPT-016: an identity that is not one-line strings, too long, or failing is refused naming the module and the field", async () => {
    await expect(
      rigIdentity(
        rigWith(async () => ["x"]),
        "m.ts",
      ),
    ).rejects.toThrow(/--rig m.ts: identity\(\) must give an object/);
    await expect(
      rigIdentity(
        rigWith(async () => ({ serial: 42 })),
        "m.ts",
      ),
    ).rejects.toThrow(/field "serial": 42/);
    await expect(
      rigIdentity(
        rigWith(async () => ({ serial: "a\nb" })),
        "m.ts",
      ),
    ).rejects.toThrow(/one-line/);
    await expect(
      rigIdentity(
        rigWith(async () => ({ serial: "x".repeat(201) })),
        "m.ts",
      ),
    ).rejects.toThrow(RigPluginError);
    const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`f${i}`, "v"]));
    await expect(
      rigIdentity(
        rigWith(async () => many),
        "m.ts",
      ),
    ).rejects.toThrow(/17 fields; at most 16/);
    await expect(
      rigIdentity(
        rigWith(async () => {
          throw new Error("relay board not found");
        }),
        "m.ts",
      ),
    ).rejects.toThrow(/identity\(\) failed: relay board not found/);
  });
});
