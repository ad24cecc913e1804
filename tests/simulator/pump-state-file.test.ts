// The pump process's NV state file with real processes and real files (issue 10 §8): one pump per
// file even when two start at the same moment, a stale lock after SIGKILL, a save failure the pump
// survives (its folder replaced by a file: a failure that stops root too), and --state paths the
// CLI refuses naming the option.
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { AlarmPriority, EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { Alarm, PumpState } from "../../firmware/abi/workflow-codes.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { PumpWorkflow } from "../../simulator/client/workflow-client.ts";
import { SerialLink } from "../../simulator/link/serial-link.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { exampleImage, killSpawnedPumps, spawnPumpCli, tempDir } from "./helpers.ts";

const TEMP = tempDir("ders-pump-state-");
afterAll(() => {
  killSpawnedPumps();
  TEMP.remove();
});
const IMAGE_PATH = join(TEMP.path, "library.dersimg");
writeFileSync(IMAGE_PATH, exampleImage());

async function connect(path: string) {
  const link = await SerialLink.open(path);
  const client = new PumpClient(link, { timeoutMs: 500, maxAttempts: 3 });
  return { link, client, workflow: new PumpWorkflow(client) };
}

async function ok<T>(outcome: Promise<{ ok: true; value: T } | { ok: false; result: number }>): Promise<T> {
  const settled = await outcome;
  if (!settled.ok) throw new Error(`request failed with result ${settled.result}`);
  return settled.value;
}

describe("REQ-SIM-019 one pump process per state file", () => {
  it("issue 10 §8: two pumps started at the same moment on one state file: one runs, the other refuses naming the file; after a SIGKILL the stale lock does not block the next pump", async () => {
    const statePath = join(TEMP.path, "shared.nv");
    const pumps = [
      spawnPumpCli(["--state", statePath, "--library", IMAGE_PATH]),
      spawnPumpCli(["--state", statePath, "--library", IMAGE_PATH]),
    ];
    const outcomes = await Promise.all(
      pumps.map((pump) =>
        Promise.race([
          pump.path.then(
            () => "running" as const,
            () => "exited" as const,
          ),
          pump.exited.then(() => "exited" as const),
        ]),
      ),
    );
    expect([...outcomes].sort()).toEqual(["exited", "running"]);
    const running = pumps[outcomes.indexOf("running")];
    const refused = pumps[outcomes.indexOf("exited")];
    expect(await refused.exited).toEqual({ code: 1, signal: null });
    expect(refused.stderr()).toMatch(
      new RegExp(
        `cannot start: NV state file ${statePath} is in use by process ${running.child.pid} \\(lock ${statePath}\\.lock\\)`,
      ),
    );

    const { link, client } = await connect(await running.path);
    const before = await ok(client.getStatus());
    await link.close();
    running.child.kill("SIGKILL"); // no chance to release the lock
    await running.exited;

    const next = spawnPumpCli(["--state", statePath]);
    const again = await connect(await next.path);
    const after = await ok(again.client.getStatus());
    expect(after.logNextSequence).toBe(before.logNextSequence + 1); // its POWER_ON follows what the killed pump saved
    await again.link.close();
    next.child.kill("SIGTERM");
    expect(await next.exited).toEqual({ code: 0, signal: null });
  });
});

describe("REQ-SIM-020 a save failure in the pump process", () => {
  it("issue 10 §8: the state file's folder replaced by a file: the pump answers, raises NV_STORAGE (HIGH), stops the motor, and keeps serving; SIGTERM then exits 1 naming the file", async () => {
    const folder = join(TEMP.path, "state-folder");
    mkdirSync(folder);
    const statePath = join(folder, "pump.nv");
    const pump = spawnPumpCli(["--state", statePath, "--library", IMAGE_PATH]);
    const { link, client, workflow } = await connect(await pump.path);
    await ok(workflow.selectCareArea(0));
    await ok(workflow.selectDrug({ entryId: 2001, concentrationIndex: 0xff }));
    await ok(workflow.program({ mode: Mode.RATE, rateUlPerHour: 100_000n, vtbiUl: 100_000n }));
    await ok(workflow.start());
    expect((await ok(workflow.getInfusion())).snapshot.motorRateUlPerHour).toBe(100_000n);

    renameSync(folder, `${folder}.moved`); // the open state file moves away with it
    writeFileSync(folder, "not a folder"); // every new name under it now fails with ENOTDIR, for root too
    const check = await ok(
      client.checkProgram({
        entryId: 2001,
        careAreaId: 0,
        concentrationIndex: 0xff,
        mode: Mode.RATE,
        rateUlPerHour: 100_000n,
      }),
    );
    expect(check.status).toBe(0); // the command's answer went out (docs/host-contract.md §2 rule 6)

    const status = await ok(client.getStatus());
    expect(status.faultMask).toBe(1 << SensorFault.NV_STORAGE);
    const { snapshot } = await ok(workflow.getInfusion());
    expect(snapshot).toMatchObject({
      state: PumpState.ALARM,
      motorRateUlPerHour: 0n,
      highestAlarmPriority: AlarmPriority.HIGH,
      alarmMask: 1 << Alarm.NV_STORAGE,
    });
    const records = (await ok(client.readLog(status.logNextSequence - 2, 2))).records.map(decodeRecord);
    expect(records.map((r) => r.type)).toEqual([EventType.FAULT_RAISED, EventType.INFUSION_PAUSED]);
    expect(pump.stderr()).toContain(`NV SAVE FAILED: cannot save the NV region to ${statePath}: ENOTDIR`);

    await link.close();
    pump.child.kill("SIGTERM");
    expect(await pump.exited).toEqual({ code: 1, signal: null });
    expect(pump.stderr()).toContain(`cannot save the NV region to ${statePath}: ENOTDIR: what was not saved is lost`);
  });
});

describe("REQ-SIM-012 --state paths the CLI refuses", () => {
  it("issue 10 §8: --state on a folder, a symbolic link or in a missing folder exits 2 with an error naming --state", async () => {
    const target = join(TEMP.path, "target.nv");
    writeFileSync(target, "");
    const link = join(TEMP.path, "link.nv");
    symlinkSync(target, link);
    for (const [path, message] of [
      [TEMP.path, `--state: ${TEMP.path} is a folder`],
      [link, `--state: ${link} is a symbolic link`],
      [
        join(TEMP.path, "missing", "pump.nv"),
        `--state: ${join(TEMP.path, "missing", "pump.nv")}: the folder ${join(TEMP.path, "missing")} does not exist`,
      ],
    ]) {
      const pump = spawnPumpCli(["--state", path]);
      expect(await pump.exited).toEqual({ code: 2, signal: null });
      expect(pump.stderr()).toContain(`virtual-pump: ${message}`);
    }
  });
});
