// The virtual pump host (simulator/pump/pump-host.ts): NV snapshots across power cycles, serial
// chunking, and the trap policy (docs/host-contract.md §7) with a real trap injected.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { RX_BUFFER_SIZE, Status } from "../../firmware/abi/codes.ts";
import { EventType, PowerOnFlag, SensorFault } from "../../firmware/abi/event-types.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { readNvLog } from "../../simulator/pump/nv-log-reader.ts";
import { FirmwareTrapError, PumpHost, type HostEvent } from "../../simulator/pump/pump-host.ts";
import { VirtualMotor } from "../../simulator/pump/motor.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { checkSegment, encodeFrame, splitStream } from "../../simulator/client/frame.ts";
import { encodeReadLog } from "../../simulator/client/messages.ts";
import { WARD_SPEC } from "../firmware/ward-library.ts";
import { writeTestImage } from "../oracle/test-image-writer.ts";

const WARD_IMAGE = writeTestImage(WARD_SPEC);
const TEMP = mkdtempSync(join(tmpdir(), "ders-pump-"));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

// (module (func (export "f") unreachable)): a real trap raised by the engine, not a JS stand-in.
const UNREACHABLE = new WebAssembly.Instance(
  new WebAssembly.Module(
    Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
      0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
    ]),
  ),
  {},
).exports.f as () => void;

/** Fault switch: when armed, the named export first runs for real (so it may change NV), then traps. */
class TrapSwitch {
  armed: keyof FirmwareExports | undefined;
  fired = 0;
  instrument = (exports: FirmwareExports): FirmwareExports => {
    const wrapped: Record<string, unknown> = { ...exports };
    for (const name of ["setSensorFaults", "tick", "evaluate"] as const) {
      wrapped[name] = (arg: number) => {
        const result = (exports[name] as (a: number) => number)(arg);
        if (this.armed === name) {
          this.armed = undefined;
          this.fired++;
          UNREACHABLE();
        }
        return result;
      };
    }
    return wrapped as unknown as FirmwareExports;
  };
}

async function usedPump(options: { nvFilePath?: string } = {}) {
  const trap = new TrapSwitch();
  const motor = new VirtualMotor();
  const events: HostEvent[] = [];
  const host = await PumpHost.create({
    ...options,
    motor,
    instrument: trap.instrument,
    onEvent: (e) => events.push(e),
  });
  host.tick(1000);
  expect(host.loadLibrary(WARD_IMAGE)).toBe(Status.OK);
  host.tick(1000);
  host.setSensorFaults(1 << SensorFault.DOOR_OPEN);
  return { host, trap, motor, events };
}

describe("REQ-HOST-040 REQ-HOST-004 trap policy", () => {
  it("a trap stops delivery, raises a high-priority alarm, discards the instance; restart comes back from the last save with nothing running", async () => {
    const { host, trap, motor, events } = await usedPump();
    const savedLog = readNvLog(host.nv.load()!)!;
    motor.run(5_000); // as if the workflow had started an infusion
    trap.armed = "setSensorFaults";
    expect(() => host.setSensorFaults(0)).toThrow(FirmwareTrapError); // runs for real (logs FAULT_CLEARED in the instance), then traps
    expect(trap.fired).toBe(1);
    expect(host.state).toBe("FAILED");
    expect(motor.rateUlPerHour).toBe(0);
    expect(motor.stops).toBeGreaterThan(0);
    expect(host.alarm).toMatchObject({ priority: "HIGH", cause: "FIRMWARE_TRAP" });
    expect(events.at(-1)).toMatchObject({
      kind: "FIRMWARE_TRAP",
      exportName: "setSensorFaults",
      message: "unreachable",
    });
    expect(() => host.tick(1)).toThrow(/FAILED: call restart/);
    // The trapped instance's memory was never saved: the FAULT_CLEARED it wrote is not in the snapshot.
    expect(readNvLog(host.nv.load()!)!.records).toEqual(savedLog.records);

    host.restart();
    expect(host.state).toBe("RUNNING");
    expect(events.slice(-2).map((e) => e.kind)).toEqual(["RESTART_AFTER_FAILURE", "POWER_ON"]);
    expect(host.libraryVersion()).toBe(WARD_SPEC.version);
    expect(motor.rateUlPerHour).toBe(0); // never resumed automatically
    expect(host.alarm).toBeDefined(); // stays until a person acknowledges it
    const log = readNvLog(host.currentNv())!;
    expect(log.records.slice(0, -1)).toEqual(savedLog.records);
    expect(log.records.at(-1)).toMatchObject({ type: EventType.POWER_ON, detail: PowerOnFlag.LIBRARY_RESTORED });
    host.acknowledgeAlarm();
    expect(host.alarm).toBeUndefined();
  });

  it("a trap during evaluate (no NV change) is handled the same way", async () => {
    const { host, trap, motor } = await usedPump();
    trap.armed = "evaluate";
    expect(() =>
      host.evaluate({ entryId: 30, careAreaId: 1, concentrationIndex: 0xff, mode: 1, rateUlPerHour: 100_000n }),
    ).toThrow(FirmwareTrapError);
    expect([host.state, motor.rateUlPerHour, host.alarm?.priority]).toEqual(["FAILED", 0, "HIGH"]);
    host.restart();
    expect(
      host.evaluate({ entryId: 30, careAreaId: 1, concentrationIndex: 0xff, mode: 1, rateUlPerHour: 100_000n }).status,
    ).toBe(Status.OK);
  });
});

describe("REQ-HOST-001 NV snapshots", () => {
  it("saves only when nvGeneration changed", async () => {
    const { host } = await usedPump();
    const save = vi.spyOn(host.nv, "save");
    host.tick(5000);
    host.setSensorFaults(1 << SensorFault.DOOR_OPEN); // unchanged
    expect(save).not.toHaveBeenCalled();
    host.setSensorFaults(0);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it("a file-backed pump comes back after the process is gone: library and log intact, clock not behind", async () => {
    const nvFilePath = join(TEMP, "pump.nv");
    const first = (await usedPump({ nvFilePath })).host;
    const before = readNvLog(first.currentNv())!;
    first.close(); // the pump is gone: its state file and lock are free
    const second = await PumpHost.create({ nvFilePath });
    expect(second.libraryVersion()).toBe(WARD_SPEC.version);
    const after = readNvLog(second.currentNv())!;
    expect(after.records.slice(0, -1)).toEqual(before.records);
    expect(after.records.at(-1)!.timeMs).toBeGreaterThanOrEqual(before.records.at(-1)!.timeMs);
    second.close();
  });

  it("REQ-HOST-004 a power cycle stops the motor and starts nothing", async () => {
    const { host, motor } = await usedPump();
    motor.run(1000);
    host.powerCycle();
    expect(motor.rateUlPerHour).toBe(0);
    expect(host.libraryVersion()).toBe(WARD_SPEC.version);
  });
});

describe("REQ-HOST-041 serial transport", () => {
  it("feeds long input in RX-buffer chunks and drains every queued frame", async () => {
    const { host } = await usedPump();
    host.drainTransmit();
    const request = encodeFrame(FrameType.REQUEST, 7, Command.READ_LOG, encodeReadLog(1, 7));
    const noise = new Uint8Array(3 * RX_BUFFER_SIZE + 5); // delimiters only: empty frames are skipped
    const bytes = new Uint8Array(noise.length + request.length);
    bytes.set(noise);
    bytes.set(request, noise.length);
    expect(host.receive(bytes)).toBe(1);
    const frames = splitStream(host.drainTransmit()).map(checkSegment);
    const response = frames.find((f) => f.ok && f.frame.type === FrameType.RESPONSE);
    expect(response?.ok && response.frame.sequence).toBe(7);
  });
});
