// The virtual pump's control channel (`--control <socket>`, REQ-HIL-016): one command per line, one
// answer each; a bad command is answered "error <what to write>" and changes nothing.
import { connect } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { parseCliOptions } from "../../simulator/virtual-pump/cli-options.ts";
import { killSpawnedPumps, spawnPumpCli, tempDir } from "./helpers.ts";

const TEMP = tempDir("ders-control-");
afterAll(() => {
  killSpawnedPumps();
  TEMP.remove();
});

describe("REQ-HIL-016 the virtual pump's control channel", () => {
  it("REQ-HIL-016: --control takes a path", () => {
    expect(parseCliOptions(["--control", "/tmp/p.ctl"]).controlPath).toBe("/tmp/p.ctl");
    expect(() => parseCliOptions(["--control="])).toThrow("--control: the path is empty");
  });

  it("REQ-HIL-016: commands answer ok with their value; bad ones answer error naming what to write", async () => {
    const controlPath = join(TEMP.path, "pump.ctl");
    const pump = spawnPumpCli(["--control", controlPath]);
    await pump.path;
    const socket = connect(controlPath);
    const lines = createInterface({ input: socket })[Symbol.asyncIterator]();
    const ask = async (command: string): Promise<string> => {
      socket.write(`${command}\n`);
      return (await lines.next()).value as string;
    };
    expect(await ask("motor")).toBe("ok 0");
    expect(await ask("faults DOOR_OPEN,OCCLUSION")).toBe("ok");
    expect(await ask("faults SMOKE")).toMatch(/^error unknown fault "SMOKE": write one of OCCLUSION, .* or none$/);
    expect(await ask("idle")).toBe("ok");
    expect(await ask("reservoir 0")).toMatch(/^error reservoir needs a volume in whole µL/);
    expect(await ask("reservoir 250000")).toBe("ok");
    expect(await ask("provision-key 12")).toMatch(/^error provision-key needs the 32-byte public key/);
    expect(await ask("delivered")).toBe("ok 0");
    expect(await ask("power-cycle")).toBe("ok");
    expect(await ask("dance")).toMatch(/^error unknown command "dance": power-cycle, faults/);
    socket.end();
    pump.child.kill("SIGTERM");
    expect(await pump.exited).toEqual({ code: 0, signal: null });
    expect(pump.stderr()).toContain("control: faults DOOR_OPEN,OCCLUSION → ok");
  });
});
