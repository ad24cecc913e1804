// HilDriver (hil/runner/driver.ts): the typed API for HIL tests written in code, on the virtual
// pump over a real tty — every call returns once its answer is in and the line has settled, time
// is simulated, and rig controls are typed (and refused where the target has none).
import { afterEach, describe, expect, it } from "vitest";
import { Mode, Verdict } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command, ErrorDetail, FrameType, Result } from "../../firmware/abi/protocol-codes.ts";
import { OverrideReason, PumpState, Segment } from "../../firmware/abi/workflow-codes.ts";
import { HilDriver, RigControlMissingError } from "../../hil/runner/driver.ts";
import { decodeError } from "../../simulator/client/messages.ts";
import type { Target } from "../../hil/runner/target.ts";
import { bareTarget, virtualTarget } from "./helpers.ts";

const open: HilDriver[] = [];
afterEach(async () => {
  for (const driver of open.splice(0)) await driver.close();
});

async function driver(target: Target = virtualTarget()): Promise<HilDriver> {
  const d = await HilDriver.open(target);
  open.push(d);
  return d;
}

function ok<T>(outcome: { ok: true; value: T } | { ok: false; result: number; detail: number }): T {
  if (!outcome.ok) throw new Error(`refused: result ${outcome.result} detail ${outcome.detail}`);
  return outcome.value;
}

describe("REQ-HIL-012 the typed driver", () => {
  it("REQ-HIL-012: programs, starts and overrides through typed calls; simulated time delivers exactly; events are decoded", async () => {
    const pump = await driver();
    expect(ok(await pump.hello())).toMatchObject({ libraryActive: true, libraryVersion: 12 });
    ok(await pump.selectCareArea(0));
    ok(await pump.setPatient(70_000));
    ok(await pump.selectDrug({ entryId: 1001, concentrationIndex: 0 }));
    const checked = ok(await pump.program({ mode: Mode.DOSE, dose: 30_000_000n, vtbiUl: 500_000n }));
    expect(checked.result).toMatchObject({ verdict: Verdict.SOFT_STOP, deliveredRateUlPerHour: 42_000n });
    const blocked = await pump.start();
    expect(blocked.ok ? "started" : [blocked.result, blocked.detail]).toEqual([Result.START_BLOCKED, 1]);
    ok(await pump.override(OverrideReason.CLINICAL_CONDITION));
    const mark = pump.frameCount();
    expect(ok(await pump.start()).snapshot).toMatchObject({ state: PumpState.RUNNING, segment: Segment.PRIMARY });
    expect(pump.events(mark).map((e) => e.type)).toEqual([EventType.INFUSION_STARTED]);
    expect(await pump.motorRate()).toBe(42_000);
    await pump.advance(60_000);
    expect(pump.elapsedMs()).toBe(60_000);
    expect(ok(await pump.getInfusion()).snapshot.totalDeliveredUl).toBe(700n); // 42 mL/h for one minute
    expect(ok(await pump.readLogTail(2)).map((r) => r.type)).toEqual([
      EventType.SOFT_STOP_OVERRIDDEN,
      EventType.INFUSION_STARTED,
    ]);
    expect(pump.transcript()).toContain("→ REQ #6 OVERRIDE reason CLINICAL_CONDITION echo 36 bytes");
    expect(pump.linkCounters()).toEqual({ retransmissions: 0, badFrames: 0, strayResponses: 0 });
  });

  it("REQ-HIL-012: rig controls — faults, motor, power cycle — and raw bytes", async () => {
    const pump = await driver();
    ok(await pump.selectCareArea(0));
    ok(await pump.selectDrug({ entryId: 2001, concentrationIndex: 0xff }));
    ok(await pump.program({ mode: Mode.RATE, rateUlPerHour: 3_600n }));
    ok(await pump.start());
    await pump.setFaults(["DOOR_OPEN"]);
    expect(ok(await pump.getInfusion()).snapshot).toMatchObject({ state: PumpState.ALARM, motorRateUlPerHour: 0n });
    expect(await pump.motorRate()).toBe(0);
    await pump.setFaults([]);
    await pump.powerCycle();
    expect(pump.events().at(-1)?.type).toBe(EventType.POWER_ON);
    expect(ok(await pump.getInfusion()).snapshot.state).toBe(PumpState.IDLE);
    const [answer] = await pump.sendRaw(Uint8Array.of(0x01, 0x02, 0x03, 0x00));
    expect(answer).toMatchObject({ type: FrameType.RESPONSE, code: 0, sequence: 0xffff });
    expect(decodeError(answer.payload)).toEqual({ result: Result.FRAME_ERROR, detail: ErrorDetail.TOO_SHORT });
    const unknown = await pump.request(0x002f, new Uint8Array(0));
    expect(unknown).toMatchObject({ code: 0x002f });
    expect(unknown.payload[0]).toBe(Result.UNKNOWN_COMMAND);
    expect(Object.values(Command)).not.toContain(0x002f); // unassigned (0x0023–0x002B are taken or reserved)
  });

  it("REQ-HIL-012 REQ-SIM-017 REQ-SIM-018: the balance and the bag — deliveredUl and setReservoir", async () => {
    const pump = await driver();
    ok(await pump.selectCareArea(0));
    ok(await pump.selectDrug({ entryId: 2001, concentrationIndex: 0xff }));
    ok(await pump.program({ mode: Mode.RATE, rateUlPerHour: 360_000n, vtbiUl: 100_000n })); // 100 µL/s
    await pump.setReservoir(2_000);
    ok(await pump.start());
    await pump.advance(10_000);
    expect(await pump.deliveredUl()).toBe(1000n);
    const mark = pump.frameCount();
    await pump.advance(15_000); // the bag is empty at 20,000 ms
    expect(pump.events(mark).map((e) => [e.type, e.timeMs])).toEqual([
      [EventType.FAULT_RAISED, 20_000n],
      [EventType.INFUSION_PAUSED, 20_000n],
    ]);
    expect(await pump.deliveredUl()).toBe(2000n);
    expect(ok(await pump.getInfusion()).snapshot).toMatchObject({ state: PumpState.ALARM, totalDeliveredUl: 2000n });
    await pump.setReservoir(0n); // an empty bag hung under a stopped motor: nothing happens
    expect(await pump.motorRate()).toBe(0);
  });

  it("REQ-HIL-012 REQ-HIL-006: a target without rig control refuses rig calls with RigControlMissingError", async () => {
    const pump = await driver(bareTarget());
    ok(await pump.hello());
    await expect(pump.setFaults(["OCCLUSION"])).rejects.toBeInstanceOf(RigControlMissingError);
    await expect(pump.powerCycle()).rejects.toThrow(/needs rig control \(powerCycle\)/);
    await expect(pump.motorRate()).rejects.toBeInstanceOf(RigControlMissingError);
    await expect(pump.deliveredUl()).rejects.toThrow(/needs rig control \(deliveredUl\)/);
    await expect(pump.setReservoir(1000)).rejects.toThrow(/needs rig control \(setReservoir\)/);
    await expect(pump.provisionKey(new Uint8Array(32))).rejects.toThrow(/needs rig control \(provisionKey\)/);
    await expect(pump.local.start()).rejects.toThrow(/needs rig control \(localRequest\)/);
    await expect(pump.setFlowFaults(["free-flow"])).rejects.toThrow(/needs rig control \(setFlowFaults\)/);
  });

  it("REQ-HIL-006 REQ-SIM-022: a fault step's sensor faults and flow switches; a rig without a flow sensor changes nothing, not even the sensor faults", async () => {
    const sensorsOnly = await driver(bareTarget(["setFaults"]));
    await expect(sensorsOnly.setInputs({ set: ["OCCLUSION"], flow: ["free-flow"] })).rejects.toThrow(
      /needs rig control \(setFlowFaults\)/,
    );
    expect(ok(await sensorsOnly.getStatus()).faultMask).toBe(0);
    await sensorsOnly.setInputs({ set: ["OCCLUSION"] });
    expect(ok(await sensorsOnly.getStatus()).faultMask).toBe(1);

    const pump = await driver();
    const session = pump.session as unknown as { pump: { flowFaults: Set<string>; faultMask: number } };
    await pump.setInputs({ flow: ["over-delivery", "free-flow"] });
    expect([...session.pump.flowFaults].sort()).toEqual(["free-flow", "over-delivery"]);
    await pump.setInputs({ set: ["LOW_BATTERY"], flow: ["over-delivery"] });
    expect([...session.pump.flowFaults]).toEqual(["over-delivery"]);
    expect(session.pump.faultMask).toBe(8);
    await pump.setInputs({ set: [] });
    expect([...session.pump.flowFaults]).toEqual(["over-delivery"]);
    await pump.setInputs({ flow: [] });
    expect(session.pump.flowFaults.size).toBe(0);
  });
});
