// The virtual pump's flow fault switches (issue 15 §2, docs/workflow.md §7.5; REQ-WF-096,
// REQ-WF-097): "over-delivery" and "free-flow" make the set deliver more than the motor's rate —
// the balance weighs it — and the virtual flow sensor reports it with REPORT_FLOW on the local
// port, after every tick, so the firmware's flow supervision raises FLOW_OVER_DELIVERY and drops to
// KVO. Sodium chloride at 36,000 µL/h: over-delivery measures 36,000 × 3/2 + 1,000 = 55,000 µL/h.
import { describe, expect, it } from "vitest";
import { EventType } from "../../firmware/abi/event-types.ts";
import { FrameType } from "../../firmware/abi/protocol-codes.ts";
import { Alarm, Segment } from "../../firmware/abi/workflow-codes.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { parseFaultSpec } from "../../simulator/virtual-pump/faults.ts";
import { executeControlCommand } from "../../simulator/virtual-pump/control-channel.ts";
import { settle } from "./helpers.ts";
import { infusionPump } from "./infusion.ts";

const FLOW_BIT = 1 << Alarm.FLOW_OVER_DELIVERY;

describe("REQ-WF-096 REQ-WF-097 the virtual pump's flow faults", () => {
  it("REQ-WF-096: over-delivery is reported each tick; 30,001 ms after it began the pump is at KVO with the alarm", async () => {
    const logs: string[] = [];
    const { pump, client, startSaline, snapshot } = await infusionPump({ log: (line) => logs.push(line) });
    await startSaline(36_000n, 1_000_000n);
    pump.advance(1_000);
    pump.setFlowFault("over-delivery", true);
    expect(pump.measuredFlowUlPerHour(36_000)).toBe(55_000);
    pump.advance(30_000);
    expect((await snapshot()).alarmMask).toBe(0);
    pump.advance(100);
    expect(await snapshot()).toMatchObject({ alarmMask: FLOW_BIT, segment: Segment.KVO, motorRateUlPerHour: 1_000n });
    await settle();
    const flowRecords = client.events
      .filter((f) => f.type === FrameType.EVENT && f.code === EventType.FLOW_OVER_DELIVERY)
      .map((f) => decodeRecord(f.payload));
    // The first report came at 1,000 ms (the switch), so the deadline is 31,001 ms.
    expect(flowRecords).toMatchObject([{ timeMs: 31_001n, value: 55_000n, rateUlPerHour: 36_000n, limit: 39_600n }]);
    expect(logs).toContain("[1000 ms] flow fault over-delivery raised");
    // The balance weighs what flowed: 1,000 ms at 36,000, then 55,000 µL/h while the fault stood.
    expect(pump.deliveredUl).toBeGreaterThan(BigInt(Math.floor((36_000 * 31_000) / 3_600_000)));
  });

  it("REQ-WF-097: free flow alarms at once; clearing the switch reports the motor's rate once and the alarm can be acknowledged", async () => {
    const { pump, startSaline, snapshot, call, workflow } = await infusionPump();
    await startSaline(36_000n, 1_000_000n);
    pump.advance(500);
    pump.setFlowFault("free-flow", true);
    expect(await snapshot()).toMatchObject({ alarmMask: FLOW_BIT, segment: Segment.KVO });
    pump.advance(1_000);
    pump.setFlowFault("free-flow", false);
    expect((await call("ACK_ALARMS", () => workflow.acknowledgeAlarms())).snapshot.alarmMask).toBe(0);
  });

  it("REQ-SIM-018 REQ-HIL-016: the control channel's idle hangs the pump's own container again, full", async () => {
    const { pump } = await infusionPump({ reservoirUl: 250_000n });
    expect(executeControlCommand(pump, "reservoir 500")).toBe("ok");
    expect(pump.reservoirUl).toBe(500n);
    expect(executeControlCommand(pump, "idle")).toBe("ok");
    expect(pump.reservoirUl).toBe(250_000n);
  });

  it("REQ-WF-096: the switches by schedule and by the control channel", () => {
    expect(parseFaultSpec("over-delivery@5000-8000")).toEqual([
      { atMs: 5000, kind: "flow-fault", fault: "over-delivery", active: true },
      { atMs: 8000, kind: "flow-fault", fault: "over-delivery", active: false },
    ]);
    expect(parseFaultSpec("leak@5")).toMatchObject({ error: expect.stringMatching(/over-delivery, free-flow/) });
  });

  it("REQ-WF-097 REQ-SIM-022: control channel flow <names>|none, and idle turns them off", async () => {
    const { pump } = await infusionPump();
    expect(executeControlCommand(pump, "flow free-flow")).toBe("ok");
    expect([...pump.flowFaults]).toEqual(["free-flow"]);
    expect(executeControlCommand(pump, "flow none")).toBe("ok");
    expect(pump.flowFaults.size).toBe(0);
    // REQ-SIM-022: a rig's return to idle ("idle") leaves no flow fault switch on either.
    expect(executeControlCommand(pump, "flow over-delivery,free-flow")).toBe("ok");
    expect(executeControlCommand(pump, "idle")).toBe("ok");
    expect(pump.flowFaults.size).toBe(0);
    // A container a scenario hung is taken down: the pump started with an endless supply.
    expect(executeControlCommand(pump, "reservoir 500")).toBe("ok");
    expect(pump.reservoirUl).toBe(500n);
    expect(executeControlCommand(pump, "idle")).toBe("ok");
    expect(pump.reservoirUl).toBeUndefined();
    expect(executeControlCommand(pump, "flow leak")).toMatch(
      /^error unknown flow fault "leak": write over-delivery, free-flow or none$/,
    );
  });
});
