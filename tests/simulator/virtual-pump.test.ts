// The virtual pump's loop (simulator/virtual-pump/virtual-pump.ts) on a manual virtual clock with an
// in-memory device: pacing seen through the firmware, faults and power losses at exact simulated
// times, firmware time only through tick, impaired lines with retransmission, and the trap policy.
import { describe, expect, it } from "vitest";
import { EventType, PowerOnFlag } from "../../firmware/abi/event-types.ts";
import { Command, FrameType } from "../../firmware/abi/protocol-codes.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { encodeFrame } from "../../simulator/client/frame.ts";
import { encodeHello } from "../../simulator/client/messages.ts";
import { ManualTimers } from "../../simulator/link/timers.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { VirtualMotor } from "../../simulator/pump/motor.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { parseFaultSpec, type ScheduledAction } from "../../simulator/virtual-pump/faults.ts";
import { parseProbability, type Probability } from "../../simulator/link/probability.ts";
import { drive } from "./drive.ts";
import { memoryPump, settle } from "./helpers.ts";

const p = (text: string): Probability => {
  const parsed = parseProbability(text);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
};

function faults(...specs: string[]): ScheduledAction[] {
  return specs.flatMap((spec) => {
    const actions = parseFaultSpec(spec);
    if ("error" in actions) throw new Error(actions.error);
    return actions;
  });
}

async function statusOf(client: PumpClient) {
  const outcome = await client.getStatus();
  if (!outcome.ok) throw new Error(`GET_STATUS failed: ${outcome.result}`);
  return outcome.value;
}

async function logTypes(client: PumpClient, step: () => void = () => undefined): Promise<EventType[]> {
  const types: EventType[] = [];
  for (let from = 1; ;) {
    const outcome = await drive(client.readLog(from, 7), step);
    if (!outcome.ok) throw new Error("READ_LOG failed");
    if (outcome.value.records.length === 0) return types;
    for (const record of outcome.value.records) types.push(decodeRecord(record).type);
    from = decodeRecord(outcome.value.records.at(-1)!).sequence + 1;
  }
}

const eventsOf = (client: PumpClient, type: EventType) =>
  client.events
    .filter((frame) => frame.type === FrameType.EVENT && frame.code === type)
    .map((frame) => decodeRecord(frame.payload));

describe("REQ-SIM-010 virtual clock", () => {
  it("REQ-SIM-010: the firmware's clock is exactly the virtual time advanced, and nothing else moves it", async () => {
    const { pump, link } = await memoryPump({ line: { seed: 1 } });
    const client = new PumpClient(link, { timers: new ManualTimers() });
    expect((await statusOf(client)).nowMs).toBe(0n);
    pump.advance(12_345);
    expect(pump.nowMs).toBe(12_345);
    expect((await statusOf(client)).nowMs).toBe(12_345n);
    expect(() => pump.advance(-1)).toThrow(/elapsedMs/);
    expect(() => pump.advance(1.5)).toThrow(/elapsedMs/);
  });
});

describe("REQ-SIM-006 line speed seen by the firmware", () => {
  it("REQ-SIM-006: at 9600 baud a HELLO is handled when its last byte arrives, and the pump's bytes leave at 960 per second", async () => {
    const { pump, link, toClient } = await memoryPump({ line: { seed: 1, baudRate: 9600 } });
    const client = new PumpClient(link, { timers: new ManualTimers() });
    const requestBytes = 1 + encodeFrame(FrameType.REQUEST, 0, Command.HELLO, encodeHello()).length;
    const handledAtMs = Math.ceil((requestBytes * 10_000) / 9600);
    let answered = false;
    const hello = client.hello().then((outcome) => ((answered = true), outcome));
    await settle();
    expect(pump.stats.bytesFromDevice).toBe(requestBytes); // all of it entered the line at 0 ms
    for (let ms = 1; !answered; ms++) {
      pump.advance(1);
      await settle();
      expect(pump.stats.framesHandled, `at ${ms} ms`).toBe(ms < handledAtMs ? 0 : 1);
      // the boot events went on the line at 0 ms, so it stays busy until the answer is out
      if (!answered) expect(pump.stats.bytesToDevice, `at ${ms} ms`).toBe(Math.floor((ms * 9600) / 10_000));
      expect(ms).toBeLessThan(2000);
    }
    expect((await hello).ok).toBe(true);
    expect(toClient.length).toBe(pump.stats.bytesToDevice);
  });
});

describe("REQ-SIM-008 sensor faults at chosen simulated times", () => {
  it("REQ-SIM-008: occlusion@500-800 and door-open@650 are raised and cleared at those times, logged and announced", async () => {
    const { pump, link } = await memoryPump({
      line: { seed: 1 },
      schedule: faults("occlusion@500-800", "door-open@650"),
    });
    const client = new PumpClient(link, { timers: new ManualTimers() });
    pump.advance(499);
    expect((await statusOf(client)).faultMask).toBe(0);
    pump.advance(1);
    expect((await statusOf(client)).faultMask).toBe(0b0001);
    pump.advance(150);
    expect((await statusOf(client)).faultMask).toBe(0b0101);
    pump.advance(150);
    expect((await statusOf(client)).faultMask).toBe(0b0100);
    expect(eventsOf(client, EventType.FAULT_RAISED).map((r) => r.timeMs)).toEqual([500n, 650n]);
    expect(eventsOf(client, EventType.FAULT_CLEARED).map((r) => r.timeMs)).toEqual([800n]);
  });

  it("REQ-SIM-008: faults can be switched by name from the API (low battery is medium priority)", async () => {
    const { pump, link } = await memoryPump({ line: { seed: 1 } });
    const client = new PumpClient(link, { timers: new ManualTimers() });
    pump.setFault("low-battery", true);
    pump.setFault("air-in-line", true);
    expect((await statusOf(client)).faultMask).toBe(0b1010);
    const raised = eventsOf(client, EventType.FAULT_RAISED);
    expect(raised.map((r) => r.alarmPriority)).toEqual([2, 3]);
    pump.setFault("low-battery", false);
    expect((await statusOf(client)).faultMask).toBe(0b0010);
  });
});

describe("REQ-SIM-009 power loss at a chosen simulated time", () => {
  it("REQ-SIM-009: power lost at 1000 ms: the request on the wire is lost, the pump powers on from NV, faults are reported again", async () => {
    const { host, pump, link } = await memoryPump({
      line: { seed: 1, baudRate: 9600 },
      schedule: [...faults("occlusion@100"), { atMs: 1000, kind: "power-loss" }],
    });
    const timers = new ManualTimers();
    const client = new PumpClient(link, { timers, timeoutMs: 500 });
    pump.advance(990);
    const handledBefore = pump.stats.framesHandled;
    const hello = client.hello();
    await settle();
    pump.advance(9);
    expect(pump.stats.powerLosses).toBe(0);
    pump.advance(1);
    expect(pump.stats.powerLosses).toBe(1);
    expect(host.hostLog.filter((event) => event.kind === "POWER_ON")).toHaveLength(2);
    pump.advance(100);
    expect(pump.stats.framesHandled).toBe(handledBefore); // its last bytes died with the power
    // the client's own retransmission gets the answer from the restarted pump
    const outcome = await drive(hello, () => {
      pump.advance(10);
      timers.advance(10);
    });
    expect(outcome.ok).toBe(true);
    expect(client.retransmissions).toBe(1);
    const step = () => pump.advance(10);
    const status = await drive(client.getStatus(), step);
    expect(status.ok && status.value.faultMask).toBe(0b0001);
    expect(await logTypes(client, step)).toEqual([
      EventType.POWER_ON,
      EventType.FAULT_RAISED,
      EventType.POWER_ON,
      EventType.FAULT_RAISED,
    ]);
    const powerOns = eventsOf(client, EventType.POWER_ON);
    expect(powerOns.at(-1)!.detail & PowerOnFlag.NV_FORMATTED).toBe(0); // came back from saved NV, not blank
  });
});

describe("REQ-SIM-007 impaired line through the pump", () => {
  async function impairedSession(seed: number) {
    const { pump, link, toClient } = await memoryPump({
      line: { seed, corrupt: p("0.02"), drop: p("0.005"), duplicate: p("0.005") },
    });
    const timers = new ManualTimers();
    // About 3 % of bytes are damaged each way, so a HELLO exchange (~120 bytes) gets through about one
    // attempt in 40: 400 attempts make a give-up a 1-in-30,000 event for any bytes the protocol sends.
    const client = new PumpClient(link, { timers, timeoutMs: 100, maxAttempts: 400 });
    const outcomes: { ok: boolean }[] = [];
    const step = () => timers.advance(100);
    for (let i = 0; i < 3; i++) {
      outcomes.push(await drive(client.hello(), step));
      outcomes.push(await drive(client.getStatus(), step));
    }
    return {
      outcomes,
      toClient: Buffer.from(toClient),
      impairments: pump.impairments,
      retransmissions: client.retransmissions,
    };
  }

  it("REQ-SIM-007: every request is answered through retransmission, and the same seed replays the same session byte for byte", async () => {
    const first = await impairedSession(2024);
    expect(first.outcomes.every((outcome) => outcome.ok)).toBe(true);
    const { hostToPump, pumpToHost } = first.impairments;
    expect(hostToPump.corrupted + pumpToHost.corrupted).toBeGreaterThan(0); // the fault really happened
    expect(first.retransmissions).toBeGreaterThan(0);
    const replay = await impairedSession(2024);
    expect(replay.toClient.equals(first.toClient)).toBe(true);
    expect(replay.impairments).toEqual(first.impairments);
    const other = await impairedSession(2025);
    expect(other.toClient.equals(first.toClient)).toBe(false);
  });
});

// (module (func (export "f") unreachable)): a real WebAssembly trap, not a JS stand-in.
const UNREACHABLE = new WebAssembly.Instance(
  new WebAssembly.Module(
    Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
      0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,
    ]),
  ),
  {},
).exports.f as () => void;

describe("REQ-SIM-016 firmware trap in the virtual pump", () => {
  it("REQ-SIM-016: a trap in receive stops the motor, raises the alarm, restarts from NV and the line keeps working", async () => {
    let armed = true;
    const instrument = (exports: FirmwareExports): FirmwareExports => ({
      ...exports,
      receive: (length: number) => {
        if (armed) {
          armed = false;
          UNREACHABLE();
        }
        return exports.receive(length);
      },
    });
    const motor = new VirtualMotor();
    const logs: string[] = [];
    const { host, pump, link } = await memoryPump(
      { line: { seed: 1 }, log: (line) => logs.push(line) },
      { instrument, motor },
    );
    const timers = new ManualTimers();
    const client = new PumpClient(link, { timers });
    const outcome = await drive(client.hello(), () => timers.advance(500));
    expect(outcome.ok).toBe(true);
    expect(armed).toBe(false); // the trap really fired
    expect(pump.stats.traps).toBe(1);
    expect(client.retransmissions).toBe(1);
    expect(host.hostLog.map((event) => event.kind)).toEqual([
      "POWER_ON",
      "FIRMWARE_TRAP",
      "RESTART_AFTER_FAILURE",
      "POWER_ON",
    ]);
    expect(host.state).toBe("RUNNING");
    expect(host.alarm).toMatchObject({ priority: "HIGH", cause: "FIRMWARE_TRAP" });
    expect(motor.stops).toBeGreaterThan(0);
    expect(motor.rateUlPerHour).toBe(0);
    expect(logs.some((line) => line.includes("FIRMWARE TRAP in receive"))).toBe(true);
  });
});
