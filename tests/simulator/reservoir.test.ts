// The container the virtual pump draws from (simulator/virtual-pump/reservoir.ts): it empties at
// the exact millisecond the motor has drawn its last µL, the air-in-line fault is raised then and
// the firmware stops the motor; nothing runs again from an empty container; a new one can be hung
// (REQ-SIM-018).
import { describe, expect, it } from "vitest";
import { EventType, SensorFault } from "../../firmware/abi/event-types.ts";
import { FrameType } from "../../firmware/abi/protocol-codes.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import type { PumpClient } from "../../simulator/client/client.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { Reservoir } from "../../simulator/virtual-pump/reservoir.ts";
import { startVirtualPump } from "../../simulator/virtual-pump/start.ts";
import { settle } from "./helpers.ts";
import { infusionPump } from "./infusion.ts";

const AIR = 1 << SensorFault.AIR_IN_LINE;

/** Times of the FAULT_RAISED events the client received, once what the pump sent has arrived. */
async function faultTimes(client: PumpClient): Promise<bigint[]> {
  await settle();
  return client.events
    .filter((f) => f.type === FrameType.EVENT && f.code === EventType.FAULT_RAISED)
    .map((f) => decodeRecord(f.payload).timeMs);
}

describe("REQ-SIM-018 the reservoir", () => {
  it("REQ-SIM-018: a container empties at the millisecond the motor has drawn its last µL, rounded up", () => {
    const bag = new Reservoir(5000n);
    expect(bag.remainingUl).toBe(5000n);
    expect(bag.msUntilEmpty(432_000)).toBe(41_667); // 18,000,000,000 / 432,000 = 41,666.67 ms
    expect(bag.msUntilEmpty(0)).toBeUndefined(); // a stopped motor never empties it
    bag.draw(1n);
    expect(bag.remainingUl).toBe(4999n); // whole µL, rounded down
    bag.draw(18_000_000_000n); // more than is left: it holds nothing, never less
    expect(bag.empty).toBe(true);
    expect(bag.remainingUl).toBe(0n);
    expect(bag.msUntilEmpty(432_000)).toBeUndefined();
    expect(() => new Reservoir(-1n)).toThrow(/0 µL or more/);
  });

  it("REQ-SIM-018: running dry raises AIR_IN_LINE at that millisecond inside an advance, logged; the motor stops and the balance holds the whole bag", async () => {
    const logs: string[] = [];
    const { pump, client, startSaline, snapshot } = await infusionPump({
      reservoirUl: 5000n,
      log: (line) => logs.push(line),
    });
    expect(pump.reservoirUl).toBe(5000n);
    await startSaline(432_000n, 100_000n);
    pump.advance(60_000);
    expect(await faultTimes(client)).toEqual([41_667n]); // not at the end of a 100 ms tick
    expect(pump.faultMask).toBe(AIR);
    expect(pump.host.motor.rateUlPerHour).toBe(0);
    expect(pump.meter.deliveredUnits).toBe(432_000n * 41_667n);
    expect(pump.deliveredUl).toBe(5000n);
    expect(pump.reservoirUl).toBe(0n);
    expect(await snapshot()).toMatchObject({ state: PumpState.ALARM, totalDeliveredUl: 5000n, motorRateUlPerHour: 0n });
    expect(logs).toContain(
      "[41667 ms] reservoir empty: the motor draws air (the container held 5000 µL; the balance reads 5000 µL)",
    );
    expect(logs).toContain("[41667 ms] fault air-in-line raised");
  });

  it("REQ-SIM-018: nothing runs from an empty bag; a new bag, the fault cleared and RESUME deliver again", async () => {
    const { pump, client, call, workflow, startSaline, snapshot } = await infusionPump({ reservoirUl: 1000n });
    await startSaline(360_000n, 100_000n); // 100 µL/s: the bag is empty at 10,000 ms
    pump.advance(20_000);
    expect(await faultTimes(client)).toEqual([10_000n]);
    pump.setFault("air-in-line", false); // the detector cleared, the bag still empty
    await call("RESUME", () => workflow.resume());
    expect(await faultTimes(client)).toEqual([10_000n, 20_000n]); // air at once, no time passed
    expect((await snapshot()).state).toBe(PumpState.ALARM);
    pump.setReservoir(1_000_000n);
    expect(pump.faultMask).toBe(AIR); // a new bag does not clear the detector
    pump.setFault("air-in-line", false);
    await call("RESUME", () => workflow.resume());
    pump.advance(10_000);
    expect(await snapshot()).toMatchObject({ state: PumpState.RUNNING, totalDeliveredUl: 2000n });
    expect(pump.deliveredUl).toBe(2000n);
    expect(pump.reservoirUl).toBe(999_000n);
    expect(pump.faultMask).toBe(0);
  });

  it("REQ-SIM-018: without a reservoir the supply never ends and no air is seen", async () => {
    const { pump, startSaline, snapshot } = await infusionPump();
    expect(pump.reservoirUl).toBeUndefined();
    await startSaline(432_000n, 1_000_000n);
    pump.advance(3_600_000);
    expect(pump.faultMask).toBe(0);
    expect(pump.deliveredUl).toBe(432_000n);
    expect((await snapshot()).totalDeliveredUl).toBe(432_000n);
  });

  it("REQ-SIM-018: startVirtualPump hangs the container of its reservoirUl option", async () => {
    const handle = await startVirtualPump({ clock: "manual", reservoirUl: 250_000n });
    try {
      expect(handle.pump.reservoirUl).toBe(250_000n);
    } finally {
      await handle.close();
    }
  });
});
