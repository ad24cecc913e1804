// The reference C port (firmware/port, docs/mcu-port.md) against the Node host on V8: the release
// module translated by wasm2c and run by the portable host loop on the POSIX board must answer the
// same frames with the same bytes, run the motor at the same rates and save the same NV bytes.
// Needs wabt (wasm2c) and gcc: run with `npm run test:mcu` (vitest.mcu.config.ts), not `npm test`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Command, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { checkSegment, encodeFrame, splitStream } from "../../simulator/client/frame.ts";
import { encodeHello } from "../../simulator/client/messages.ts";
import { encodeCareArea, encodeProgramBlock, encodeSelectDrug } from "../../simulator/client/workflow-messages.ts";
import { Mode } from "../../firmware/abi/codes.ts";
import { exampleLibraryImage } from "../protocol/harness.ts";
import {
  buildPosixPort,
  missingTools,
  POSIX_BINARY,
  runPort,
  runReference,
  type PortStep,
  type StepOutput,
} from "./port.ts";
import { docExampleRequests, libraryTransferSteps, randomSteps, Sequencer } from "./steps.ts";
import { MEMORY_PAGES } from "../support/profile.ts";

let dir: string;
beforeAll(() => {
  const missing = missingTools();
  if (missing !== undefined) throw new Error(`npm run test:mcu needs the C toolchain: ${missing}`);
  buildPosixPort();
  dir = mkdtempSync(join(tmpdir(), "ders-port-"));
});
afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const nvFile = (name: string): string => join(dir, `${name}.nv`);
const seed = fc.readConfigureGlobal().seed ?? 20261121;

function expectSameRun(
  port: ReturnType<typeof runPort>,
  reference: Awaited<ReturnType<typeof runReference>>,
  nvPath: string,
): void {
  expect(port.exitCode, port.stderr).toBe(0);
  expect(port.steps.length).toBe(reference.steps.length);
  for (let i = 0; i < reference.steps.length; i++) expect(port.steps[i], `step ${i}`).toEqual(reference.steps[i]);
  const saved = readFileSync(nvPath);
  expect(saved.length).toBe(reference.nv.length);
  expect(Buffer.compare(saved, Buffer.from(reference.nv)), "the saved NV region differs").toBe(0);
}

const rx = (bytes: Uint8Array): PortStep => ({ kind: "rx", bytes });
const isStart = (wire: Uint8Array): boolean => {
  const check = checkSegment(wire.subarray(0, -1));
  return check.ok && check.frame.code === Command.START;
};

/** Transfer the example library, select saline in ICU, program 100 mL/h, start. */
function infusingSteps(sequencer: Sequencer): PortStep[] {
  return [
    ...libraryTransferSteps(exampleLibraryImage(), sequencer),
    rx(sequencer.frame(Command.SELECT_CARE_AREA, encodeCareArea(0))),
    rx(sequencer.frame(Command.SELECT_DRUG, encodeSelectDrug({ entryId: 2001, concentrationIndex: 0xff }))),
    rx(
      sequencer.frame(
        Command.PROGRAM,
        encodeProgramBlock({ mode: Mode.RATE, rateUlPerHour: 100_000n, vtbiUl: 50_000n }),
      ),
    ),
    rx(sequencer.frame(Command.START, new Uint8Array(0))),
    { kind: "tick", elapsedMs: 1_000 },
  ];
}

describe("REQ-PORT-001 REQ-PORT-003 the C port answers as the module on V8 does", () => {
  it(`library transfer, the docs' request examples and seeded random traffic (seed ${seed}): same bytes, motor rates and saved NV`, async () => {
    const sequencer = new Sequencer();
    const steps: PortStep[] = [
      ...libraryTransferSteps(exampleLibraryImage(), sequencer),
      ...docExampleRequests().map(rx),
      ...randomSteps(seed, 600, sequencer),
    ];
    console.log(`port differential: ${steps.length} steps, seed ${seed}`);
    const reference = await runReference(steps);
    const port = runPort(steps, nvFile("random"));
    expectSameRun(port, reference, nvFile("random"));
    // The traffic did reach the engine and the motor: not a run of refusals only.
    const running = reference.steps.filter((s) => s.motorUlPerHour > 0n).length;
    console.log(`port differential: motor running after ${running} steps`);
    expect(running).toBeGreaterThan(20);
    expect(port.hostEvents.filter((e) => e.startsWith("POWER_ON")).length).toBe(
      1 + steps.filter((s) => s.kind === "powerCycle").length,
    );
  });

  it("the NV file carries a library and the log across processes (power off, power on from the file)", async () => {
    const sequencer = new Sequencer();
    const before = libraryTransferSteps(exampleLibraryImage(), sequencer);
    const after: PortStep[] = [
      rx(sequencer.frame(Command.HELLO, encodeHello())),
      rx(sequencer.frame(Command.LIBRARY_STATUS, new Uint8Array(0))),
    ];
    const reference = await runReference([...before, { kind: "powerCycle" }, ...after]);
    const first = runPort(before, nvFile("across"));
    const second = runPort(after, nvFile("across"));
    expect(first.exitCode, first.stderr).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.hostEvents[0]).toBe("POWER_ON restored");
    expect([...first.steps, ...second.steps]).toEqual(reference.steps);
    expect(Buffer.compare(readFileSync(nvFile("across")), Buffer.from(reference.nv))).toBe(0);
  });
});

describe("REQ-PORT-013 an NV file of another memory profile", () => {
  it("is refused by the C host (exit 2, naming the file and both sizes) and left as it is, never overwritten blank", () => {
    const path = nvFile("other-profile");
    const other = Buffer.alloc(4096, 0xa5); // not this profile's region size
    writeFileSync(path, other);
    const run = runPort([{ kind: "tick", elapsedMs: 100 }], path);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/other-profile\.nv holds 4096 bytes, not the NV region's \d+ .*not started/);
    expect(run.steps).toEqual([]);
    expect(Buffer.compare(readFileSync(path), other)).toBe(0);
  });
});

describe("REQ-PORT-030 the pump's own keys in the C host loop", () => {
  it("a local frame goes to receiveLocal; its response is routed to the keys and its EVENT frames to the line, as by the virtual pump's local port", async () => {
    const sequencer = new Sequencer();
    const local = (sequence: number, code: Command): Uint8Array =>
      encodeFrame(FrameType.REQUEST, sequence, code, new Uint8Array(0));
    const localStart = local(0xc000, Command.START);
    const brokenStart = Uint8Array.from(localStart);
    const crcAt = brokenStart.length - 3; // an encoded CRC byte, changed but not to 0x00: the frame fails its check
    brokenStart[crcAt] = brokenStart[crcAt]! === 1 ? 3 : brokenStart[crcAt]! ^ 1;
    const status = sequencer.frame(Command.GET_STATUS, new Uint8Array(0));
    const half = status.length >> 1;
    const steps: PortStep[] = [
      ...infusingSteps(sequencer).filter((step) => !(step.kind === "rx" && isStart(step.bytes))),
      rx(status.subarray(0, half)), // the serial receiver holds half a frame across the local request
      { kind: "local", bytes: localStart },
      rx(status.subarray(half)),
      { kind: "tick", elapsedMs: 1_000 },
      { kind: "local", bytes: local(0xc001, Command.GET_INFUSION) },
      { kind: "local", bytes: brokenStart },
      { kind: "local", bytes: localStart }, // a repeat: answered from the history, not executed again
      rx(sequencer.frame(Command.GET_INFUSION, new Uint8Array(0))),
    ];
    const reference = await runReference(steps);
    const port = runPort(steps, nvFile("keys"));
    expectSameRun(port, reference, nvFile("keys"));

    const at = (bytes: Uint8Array): StepOutput =>
      port.steps[steps.findIndex((s) => s.kind === "local" && s.bytes === bytes) + 1]!;
    const frames = (hex: string) =>
      splitStream(Buffer.from(hex, "hex")).map((segment) => {
        const check = checkSegment(segment);
        if (!check.ok) throw new Error(`a bad frame in ${hex}`);
        return check.frame;
      });
    const started = at(localStart);
    expect(started.motorUlPerHour).toBe(100_000n);
    const [answer, ...extra] = frames(started.local!);
    expect(extra).toEqual([]);
    expect(answer).toMatchObject({ type: FrameType.RESPONSE, sequence: 0xc000, code: Command.START });
    expect(new DataView(answer!.payload.buffer).getUint16(0, true)).toBe(Result.OK);
    const line = frames(started.tx);
    expect(line.map((f) => f.type)).not.toContain(FrameType.RESPONSE);
    expect(line.some((f) => f.type === FrameType.EVENT && f.code === EventType.INFUSION_STARTED)).toBe(true);
    // The serial frame split around the local one was answered whole, on the line.
    const completed = frames(port.steps[steps.findIndex((s) => s.kind === "local") + 2]!.tx);
    expect(completed.map((f) => [f.type, f.code])).toEqual([[FrameType.RESPONSE, Command.GET_STATUS]]);
    // A local frame that fails its check gets the line's FRAME_ERROR answer and nothing on the keys.
    const broken = at(brokenStart);
    expect(broken.local).toBe("");
    expect(frames(broken.tx).map((f) => new DataView(f.payload.buffer).getUint16(0, true))).toEqual([
      Result.FRAME_ERROR,
    ]);
    expect(port.steps.at(-2)!.local).toBe(started.local); // the repeat: the same answer bytes
  });
});

describe("REQ-PORT-003 a failed NV save in the C host loop", () => {
  it("raises NV_STORAGE through the firmware (the motor stops), retries at the next change and clears it, as PumpHost does", async () => {
    const sequencer = new Sequencer();
    const steps: PortStep[] = [
      ...infusingSteps(sequencer),
      { kind: "nvFail", failing: true },
      { kind: "faults", mask: 8 }, // low battery: logged, so a save is due, and it fails
      { kind: "tick", elapsedMs: 1_000 },
      { kind: "nvFail", failing: false },
      { kind: "faults", mask: 0 }, // a change: the retry succeeds, NV_STORAGE clears
      { kind: "powerCycle" },
      rx(sequencer.frame(Command.GET_STATUS, new Uint8Array(0))),
    ];
    const reference = await runReference(steps);
    const port = runPort(steps, nvFile("nv-fail"));
    expectSameRun(port, reference, nvFile("nv-fail"));
    const failedAt = steps.findIndex((s) => s.kind === "faults") + 1;
    expect(port.steps[failedAt - 2]!.motorUlPerHour).toBe(100_000n);
    expect(port.steps[failedAt]!.motorUlPerHour).toBe(0n);
    expect(port.hostEvents).toEqual(["POWER_ON blank", "NV_SAVE_FAILED", "NV_SAVE_RECOVERED", "POWER_ON restored"]);
    expect(reference.hostEvents).toEqual(["POWER_ON", "NV_SAVE_FAILED", "NV_SAVE_RECOVERED", "POWER_ON"]);
  });
});

describe("REQ-PORT-004 trap policy in the C host loop", () => {
  it("a trap while infusing stops the motor, raises the alarm, is never saved, and restarts from the saved NV with nothing running", async () => {
    const sequencer = new Sequencer();
    const steps: PortStep[] = [
      ...infusingSteps(sequencer),
      { kind: "trapNext" },
      { kind: "tick", elapsedMs: 5_000 },
      rx(sequencer.frame(Command.GET_INFUSION, new Uint8Array(0))),
    ];
    const reference = await runReference(steps);
    const port = runPort(steps, nvFile("trap"));
    expectSameRun(port, reference, nvFile("trap"));
    const trapStep = steps.length - 1; // output index of the tick that trapped
    expect(port.steps[trapStep - 1]!.motorUlPerHour).toBe(100_000n); // running before
    expect(port.steps[trapStep]!.motorUlPerHour).toBe(0n);
    expect(port.hostEvents).toEqual([
      "POWER_ON blank",
      "FIRMWARE_TRAP tick: unreachable executed",
      "ALARM_RAISED FIRMWARE_TRAP",
      "RESTART_AFTER_FAILURE",
      "POWER_ON restored",
    ]);
    expect(reference.hostEvents).toEqual(["POWER_ON", "FIRMWARE_TRAP", "RESTART_AFTER_FAILURE", "POWER_ON"]);
  });
});

describe("REQ-PORT-002 bare-metal runtime", () => {
  it("linear memory is one static block of exactly the profile's pages (68 standard, 12 mcu); the translated code is generated at build time, not committed", () => {
    const symbols = execFileSync("nm", ["-S", "--defined-only", POSIX_BINARY], { encoding: "utf8" });
    const memory = /^[0-9a-f]+ ([0-9a-f]+) [bBdD] port_memory$/m.exec(symbols);
    expect(memory, "port_memory symbol").not.toBeNull();
    expect(Number.parseInt(memory![1]!, 16)).toBe(MEMORY_PAGES * 65_536);
    expect(symbols).not.toMatch(/\bwasm_rt_allocate_memory_mmap\b|\bos_mmap\b/);
    const tracked = execFileSync("git", ["ls-files", "firmware/port"], { encoding: "utf8" });
    expect(tracked).not.toMatch(/ders\.[ch]\b/);
  });
});

describe("REQ-PORT-006 stack budget", () => {
  it("the loop's whole traffic (library admission included) fits a 16 KiB native stack, measured by painting", () => {
    const sequencer = new Sequencer();
    const steps = [...infusingSteps(sequencer), ...randomSteps(seed, 200, sequencer)];
    const port = runPort(steps, nvFile("stack"), { stackKib: 16 });
    expect(port.exitCode, port.stderr).toBe(0);
    const used = /stack-used (\d+) of (\d+)/.exec(port.stderr);
    expect(used, port.stderr).not.toBeNull();
    console.log(`C port native stack: ${used![1]} of ${used![2]} bytes used`);
    expect(Number(used![1])).toBeLessThan(16 * 1024);
  });
});
