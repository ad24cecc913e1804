// REQ-HIL-033: the QEMU rig's flow sensor is the virtual pump's (simulator/virtual-pump/flow-sensor.ts)
// and runs the control periods as VirtualPump.advance does while a switch is on: motor, weigh,
// advance ≤ 100 ms, then REPORT_FLOW through the keys. The rig stand-in is played by a real Unix
// socket that records the control commands and answers as the C stand-in would (a unit test's stand-in).
import { createServer, type Server } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { checkSegment } from "../../simulator/client/frame.ts";
import { createRig, CONTROL_ENV } from "../../hil/rigs/qemu-mcu-rig.ts";

interface Stand {
  commands: string[];
  motorUlPerHour: number;
  server: Server;
  dir: string;
}

let stand: Stand | undefined;
afterEach(() => {
  stand?.server.close();
  if (stand !== undefined) rmSync(stand.dir, { recursive: true, force: true });
  stand = undefined;
});

async function standIn(): Promise<Stand> {
  const dir = mkdtempSync(join(tmpdir(), "qemu-flow-"));
  const s: Stand = { commands: [], motorUlPerHour: 36_000, server: createServer(), dir };
  s.server.on("connection", (socket) => {
    createInterface({ input: socket }).on("line", (line) => {
      const [command] = line.split(" ");
      s.commands.push(command === "reset" ? "reset" : line);
      if (command === "reset") socket.write("ok 0\n");
      else if (command === "motor") socket.write(`ok ${s.motorUlPerHour}\n`);
      else socket.write("ok\n");
    });
  });
  await new Promise<void>((resolve) => s.server.listen(join(dir, "rig.sock"), resolve));
  return s;
}

/** The measured flow and free-flow flag of a recorded `local <hex>` REPORT_FLOW, and its sequence. */
function report(command: string): { measured: number; flag: number; sequence: number } {
  const wire = Uint8Array.from(Buffer.from(command.slice("local ".length), "hex"));
  const check = checkSegment(wire.subarray(0, -1));
  if (!check.ok) throw new Error(`not a frame: ${command}`);
  expect(check.frame.code).toBe(Command.REPORT_FLOW);
  const view = new DataView(check.frame.payload.buffer, check.frame.payload.byteOffset);
  return { measured: view.getUint32(0, true), flag: check.frame.payload[4]!, sequence: check.frame.sequence };
}

describe("REQ-HIL-033 the QEMU rig's flow sensor", () => {
  it("REQ-HIL-033: a switch reports at once; while on, each period ≤ 100 ms is motor, weigh, advance, report; off reports once and advance is whole again", async () => {
    stand = await standIn();
    const rig = await createRig({
      port: "/dev/null",
      baudRate: 115200,
      env: { [CONTROL_ENV]: join(stand.dir, "rig.sock") },
    });
    const context = { lastSerialSequence: 0xc010 };
    stand.commands.length = 0;
    await rig.setFlowFaults!(["over-delivery"], context);
    await rig.advance!(250, context);
    stand.motorUlPerHour = 1_000;
    await rig.setFlowFaults!([], context);
    await rig.advance!(5_000, context);
    const kinds = stand.commands.map((line) => line.split(" ")[0]);
    expect(kinds).toEqual([
      ...["motor", "local"],
      ...["motor", "weigh", "advance", "motor", "local"],
      ...["motor", "weigh", "advance", "motor", "local"],
      ...["motor", "weigh", "advance", "motor", "local"],
      ...["motor", "local"],
      "advance",
    ]);
    // 36,000 µL/h × 3/2 + 1,000 = 55,000: 19,000 µL/h beyond the motor, weighed per period.
    expect(stand.commands.filter((line) => line.startsWith("weigh"))).toEqual([
      "weigh 1900000",
      "weigh 1900000",
      "weigh 950000",
    ]);
    expect(stand.commands.filter((line) => line.startsWith("advance"))).toEqual([
      "advance 100",
      "advance 100",
      "advance 50",
      "advance 5000",
    ]);
    const reports = stand.commands.filter((line) => line.startsWith("local")).map(report);
    expect(reports.map((r) => r.measured)).toEqual([55_000, 55_000, 55_000, 55_000, 1_000]);
    expect(reports.every((r) => r.flag === 0)).toBe(true);
    // Numbered clear of the runner's last serial sequence (LocalSequencer's margin of 64).
    for (const r of reports) expect(Math.abs(r.sequence - context.lastSerialSequence)).toBeGreaterThan(64);
    await rig.close!();
  });

  it("REQ-HIL-033: free flow is flagged and weighed at +120,000 µL/h; a switch and a container together are refused by name before anything changes", async () => {
    stand = await standIn();
    const rig = await createRig({
      port: "/dev/null",
      baudRate: 115200,
      env: { [CONTROL_ENV]: join(stand.dir, "rig.sock") },
    });
    const context = { lastSerialSequence: undefined };
    stand.motorUlPerHour = 0;
    await rig.setFlowFaults!(["free-flow"], context);
    await rig.advance!(100, context);
    expect(stand.commands.filter((line) => line.startsWith("weigh"))).toEqual(["weigh 12000000"]);
    const reports = stand.commands.filter((line) => line.startsWith("local")).map(report);
    expect(reports.map((r) => [r.measured, r.flag !== 0])).toEqual([
      [120_000, true],
      [120_000, true],
    ]);
    // A container and a flow switch together are refused before anything changes, either way round.
    const sent = stand.commands.length;
    await expect(rig.setReservoir(5_000n)).rejects.toThrow(/container/);
    expect(stand.commands.length).toBe(sent);
    await rig.setFlowFaults!([], context);
    await rig.setReservoir(5_000n);
    const afterReservoir = stand.commands.length;
    await expect(rig.setFlowFaults!(["over-delivery"], context)).rejects.toThrow(/container/);
    expect(stand.commands.length).toBe(afterReservoir);
    await expect(rig.setFlowFaults!(["sideways"], context)).rejects.toThrow(/unknown flow fault "sideways"/);
    await rig.close!();
  });
});
