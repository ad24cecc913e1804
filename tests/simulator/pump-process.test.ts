// The virtual pump as its own process (`npm run pump`, simulator/virtual-pump/cli.ts), talked to
// from this one through serialport exactly as a HIL runner would: the tty line, HELLO, NV kept in
// a state file across a restart, clean shutdown on SIGTERM/SIGINT, and a killed pump that the
// client reports instead of hanging.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { readBuildId } from "../../release/build-id.ts";
import { EventType, PowerOnFlag, SensorFault } from "../../firmware/abi/event-types.ts";
import { PumpClient, UncertainOutcomeError } from "../../simulator/client/client.ts";
import { SerialLink, SerialLinkError } from "../../simulator/link/serial-link.ts";
import { PumpWorkflow } from "../../simulator/client/workflow-client.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { exampleImage, killSpawnedPumps, spawnPumpCli, tempDir } from "./helpers.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

const TEMP = tempDir("ders-virtual-pump-");
afterAll(() => {
  killSpawnedPumps();
  TEMP.remove();
});

async function connect(path: string) {
  const link = await SerialLink.open(path);
  return { link, client: new PumpClient(link, { timeoutMs: 300, maxAttempts: 3 }) };
}

async function ok<T>(outcome: Promise<{ ok: true; value: T } | { ok: false; result: number }>): Promise<T> {
  const settled = await outcome;
  if (!settled.ok) throw new Error(`request failed with result ${settled.result}`);
  return settled.value;
}

describe("REQ-SIM-001 REQ-SIM-004 REQ-SIM-011 the pump process and its state file", () => {
  it("REQ-SIM-001 REQ-SIM-004 REQ-SIM-005 REQ-SIM-011: tty line, HELLO, SIGTERM saves NV; restarted with --state the log continues and the library is still active", async () => {
    const statePath = join(TEMP.path, "pump.nv");
    const imagePath = join(TEMP.path, "library.dersimg");
    writeFileSync(imagePath, exampleImage());

    const first = spawnPumpCli(["--state", statePath, "--library", imagePath]);
    const { link, client } = await connect(await first.path);
    const hello = await ok(client.hello());
    expect(hello).toMatchObject({
      firmwareBuildId: readBuildId(readFileSync(RELEASE_WASM_PATH)),
      libraryActive: true,
      libraryVersion: 12,
    });
    const before = await ok(client.getStatus());
    await link.close();
    first.child.kill("SIGTERM");
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toBe(`tty: ${await first.path}\n`); // exactly one line on stdout
    expect(first.stderr()).toContain("SIGTERM: saving NV");

    const second = spawnPumpCli(["--state", statePath]); // no --library: it must come from NV
    const again = await connect(await second.path);
    const helloAgain = await ok(again.client.hello());
    expect(helloAgain).toMatchObject({
      libraryActive: true,
      libraryVersion: 12,
      libraryBodyDigest: hello.libraryBodyDigest,
    });
    const after = await ok(again.client.getStatus());
    expect(after.logNextSequence).toBeGreaterThan(before.logNextSequence);
    const log = await ok(again.client.readLog(before.logNextSequence, 1));
    const powerOn = decodeRecord(log.records[0]);
    expect(powerOn.sequence).toBe(before.logNextSequence); // the sequence continues, no gap, no restart at 1
    expect(powerOn.type).toBe(EventType.POWER_ON);
    expect(powerOn.detail & PowerOnFlag.LIBRARY_RESTORED).toBe(PowerOnFlag.LIBRARY_RESTORED);
    await again.link.close();
    second.child.kill("SIGINT");
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.stderr()).toContain("SIGINT: saving NV");
  });
});

describe("REQ-SIM-018 the reservoir of the pump process", () => {
  it("REQ-SIM-018: --reservoir-ml 0.5 hangs a 500 µL bag; drawn empty, the pump raises air in line and logs it", async () => {
    const imagePath = join(TEMP.path, "reservoir-library.dersimg");
    writeFileSync(imagePath, exampleImage());
    const pump = spawnPumpCli(["--library", imagePath, "--fast", "--reservoir-ml", "0.5"]);
    const { link, client } = await connect(await pump.path);
    const workflow = new PumpWorkflow(client);
    await ok(workflow.selectCareArea(0));
    await ok(workflow.selectDrug({ entryId: 2001, concentrationIndex: 0xff }));
    await ok(workflow.program({ mode: Mode.RATE, rateUlPerHour: 360_000n, vtbiUl: 100_000n })); // 100 µL/s: empty after 5 s
    await ok(workflow.start());
    let faultMask = 0;
    for (let polls = 0; polls < 500 && faultMask === 0; polls++) faultMask = (await ok(client.getStatus())).faultMask;
    expect(faultMask).toBe(1 << SensorFault.AIR_IN_LINE);
    expect((await ok(workflow.getInfusion())).snapshot).toMatchObject({
      motorRateUlPerHour: 0n,
      totalDeliveredUl: 500n,
    });
    await link.close();
    pump.child.kill("SIGTERM");
    expect(await pump.exited).toEqual({ code: 0, signal: null });
    expect(pump.stderr()).toContain("reservoir: a container of 500 µL hung");
    expect(pump.stderr()).toMatch(
      /\[\d+ ms\] reservoir empty: the motor draws air \(the container held 500 µL; the balance reads 500 µL\)/,
    );
  });
});

describe("REQ-SIM-014 a dead pump fails clearly", () => {
  it("REQ-SIM-014: after SIGKILL the client's next request ends in an error naming the port, within its own timeouts", async () => {
    const pump = spawnPumpCli(["--fast"]);
    const path = await pump.path;
    const { link, client } = await connect(path);
    await ok(client.hello());
    pump.child.kill("SIGKILL");
    expect((await pump.exited).signal).toBe("SIGKILL");
    const startedMs = performance.now();
    const failure = await client.hello().catch((error: unknown) => error);
    // Bounded: the client's own timeouts (3 × 300 ms) end it. The ceiling only proves it never hangs, with room for a loaded 2-core CI.
    expect(performance.now() - startedMs).toBeLessThan(30_000);
    if (failure instanceof SerialLinkError) {
      expect(failure.message).toContain(path);
      expect(failure.message).toMatch(/device is gone/);
    } else {
      expect(failure).toBeInstanceOf(UncertainOutcomeError); // the worst case the requirement allows
    }
    await link.close().catch(() => undefined);
  });
});
