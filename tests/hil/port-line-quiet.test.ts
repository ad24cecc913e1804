// A port target's timing (docs/hil.md §5): the runner goes on only once the line has been quiet —
// after the bytes it wrote have left at the line's speed, then QUIET_MS with nothing received
// (REQ-HIL-020) — and a rig plug-in that drives the pump's clock makes `advance` take no real time
// (REQ-HIL-019). Against the virtual pump run as its own process on its tty.
import { afterAll, describe, expect, it } from "vitest";
import { HilDriver } from "../../hil/runner/driver.ts";
import { PortTarget, QUIET_MS } from "../../hil/runner/port-target.ts";
import type { RigPlugin } from "../../hil/runner/rig-plugin.ts";
import { killSpawnedPumps, spawnPumpCli } from "../simulator/helpers.ts";

afterAll(() => killSpawnedPumps());

/** A rig with a clock of its own: it only records what it was asked. */
function clockRig(advanced: number[]): RigPlugin {
  const refuse = (): Promise<never> => Promise.reject(new Error("not on this test rig"));
  return {
    powerCycle: refuse,
    setFaults: refuse,
    provisionKey: refuse,
    setReservoir: refuse,
    returnToIdle: async () => undefined,
    advance: async (elapsedMs) => void advanced.push(elapsedMs),
  };
}

describe("REQ-HIL-019 REQ-HIL-020 a port target's line and clock", () => {
  it("REQ-HIL-020: a 3,001-byte raw send waits until the bytes have left at 115,200 baud and the line was quiet after", async () => {
    const pump = spawnPumpCli([]);
    const target = await PortTarget.open(await pump.path, 115_200, {}, 1);
    const driver = await HilDriver.open(target);
    const lineMs = (3001 * 10 * 1000) / 115_200; // 260.5 ms
    const started = performance.now();
    await driver.sendRaw(new Uint8Array(3001).fill(0x55));
    expect(performance.now() - started).toBeGreaterThanOrEqual(lineMs + QUIET_MS - 1);
    // An answer is followed by a quiet wait too: the next request's sequence follows, nothing left over.
    const hello = await driver.hello();
    expect(hello.ok).toBe(true);
    await driver.close();
    await target.close();
    pump.child.kill("SIGTERM");
    await pump.exited;
  }, 30_000);

  it("REQ-HIL-019: with a rig-driven clock an hour's advance takes no real time and the session's time is the rig's", async () => {
    const pump = spawnPumpCli([]);
    const advanced: number[] = [];
    const target = await PortTarget.open(await pump.path, 115_200, clockRig(advanced), 1, "clock-rig");
    const driver = await HilDriver.open(target);
    const started = performance.now();
    await driver.advance(3_600_000);
    await driver.advance(1);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(advanced).toEqual([3_600_000, 1]);
    expect(driver.elapsedMs()).toBe(3_600_001);
    await driver.close();
    await target.close();
    pump.child.kill("SIGTERM");
    await pump.exited;
  }, 30_000);
});
