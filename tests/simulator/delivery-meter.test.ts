// The virtual pump's delivery meter (simulator/virtual-pump/delivery-meter.ts): exact integration
// of the motor's rate over simulated time, ticks of at most one control period, and agreement with
// the firmware's own counters within the bound documented at CONTROL_PERIOD_MS (REQ-SIM-017).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Mode } from "../../firmware/abi/codes.ts";
import { Segment } from "../../firmware/abi/workflow-codes.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { DeliveryMeter, UNITS_PER_UL } from "../../simulator/virtual-pump/delivery-meter.ts";
import { CONTROL_PERIOD_MS } from "../../simulator/virtual-pump/virtual-pump.ts";
import { infusionPump } from "./infusion.ts";

const KVO_UL_PER_HOUR = 1000n; // docs/workflow.md §6.1

/** Largest |meter − firmware| in units for one rate change inside a tick (virtual-pump.ts, CONTROL_PERIOD_MS). */
const boundUnits = (before: bigint, after: bigint): bigint =>
  (before > after ? before - after : after - before) * BigInt(CONTROL_PERIOD_MS) + before;

describe("REQ-SIM-017 the delivery meter", () => {
  it("REQ-HIL-022: a tare drops every unit weighed so far, the fraction of a µL included", () => {
    const meter = new DeliveryMeter();
    meter.add(3_600, 1_500); // 1.5 µL
    meter.tare();
    expect(meter.deliveredUnits).toBe(0n);
    meter.add(3_600, 999); // 0.999 µL: without the dropped half µL still 0 whole µL
    expect(meter.deliveredUl).toBe(0n);
  });

  it("REQ-SIM-017: integrates rate × time exactly in µL × 3,600,000, beyond 2^53, and shows whole µL rounded down", () => {
    const meter = new DeliveryMeter();
    expect(meter.add(1, 3_599_999)).toBe(3_599_999n);
    expect(meter.deliveredUl).toBe(0n); // one unit short of a µL
    meter.add(1, 1);
    expect(meter.deliveredUl).toBe(1n);
    for (let i = 0; i < 1000; i++) meter.add(9_999_999, 2_147_483_647);
    const expected = 3_600_000n + 1000n * 9_999_999n * 2_147_483_647n;
    expect(meter.deliveredUnits).toBe(expected);
    expect(meter.deliveredUnits > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(meter.deliveredUl).toBe(expected / UNITS_PER_UL);
    expect(() => meter.add(-1, 10)).toThrow(/rateUlPerHour/);
    expect(() => meter.add(10, 0.5)).toThrow(/elapsedMs/);
  });

  it("REQ-SIM-017: the virtual pump ticks the firmware in control periods of at most 100 ms, schedule stops included", async () => {
    const ticks: number[] = [];
    const instrument = (exports: FirmwareExports): FirmwareExports => ({
      ...exports,
      tick: (ms: number) => (ticks.push(ms), exports.tick(ms)),
    });
    const { pump } = await infusionPump(
      { schedule: [{ atMs: 150, kind: "fault", fault: "low-battery", active: true }] },
      { instrument },
    );
    ticks.length = 0;
    pump.advance(250);
    expect(ticks).toEqual([100, 50, 100]);
    pump.advance(86_400_000); // a simulated day
    expect(ticks.length).toBe(3 + 864_000);
    expect(ticks.reduce((max, ms) => Math.max(max, ms), 0)).toBe(CONTROL_PERIOD_MS);
    expect(ticks.reduce((sum, ms) => sum + ms, 0)).toBe(86_400_250);
    expect(pump.faultMask).toBe(0b1000); // the scheduled fault really fired
  });

  it("REQ-SIM-017 REQ-WF-023: after VTBI complete inside a control period and an hour of KVO, the meter agrees with totalDeliveredUl within the bound", async () => {
    const { pump, startSaline, snapshot } = await infusionPump();
    await startSaline(25_200n, 1000n); // VTBI complete at 142,858 ms (docs/workflow.md §6.1)
    const startUnits = pump.meter.deliveredUnits;
    pump.advance(3_742_858); // one advance: the VTBI ends inside the tick 142,800–142,900 ms, then an hour of KVO
    const state = await snapshot();
    expect(state).toMatchObject({
      segment: Segment.KVO,
      motorRateUlPerHour: 1000n,
      primaryDeliveredUl: 1000n,
      totalDeliveredUl: 2000n,
    });
    // The motor ran at 25,200 µL/h to the end of that tick, then at KVO: exactly this many units.
    const meterUnits = pump.meter.deliveredUnits - startUnits;
    expect(meterUnits).toBe(25_200n * 142_900n + 1000n * (3_742_858n - 142_900n));
    // The firmware counted the VTBI exactly and KVO from 142,858 ms: 3,600,000,000 + 1,000 × 3,600,000 units.
    const firmwareUnits = 1000n * UNITS_PER_UL + KVO_UL_PER_HOUR * 3_600_000n;
    expect(meterUnits - firmwareUnits).toBe(1_038_000n); // 0.29 µL
    expect(meterUnits - firmwareUnits).toBeLessThan(boundUnits(25_200n, KVO_UL_PER_HOUR));
    expect(pump.deliveredUl).toBe(state.totalDeliveredUl);
  });

  it("REQ-SIM-017: for any rate, VTBI and way of cutting the time into advances, meter and firmware differ by less than the bound", async () => {
    const { pump, workflow, call, snapshot } = await infusionPump();
    await call("SELECT_CARE_AREA", () => workflow.selectCareArea(0));
    await call("SELECT_DRUG", () => workflow.selectDrug({ entryId: 2001, concentrationIndex: 0xff }));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 500_000 }), // up to saline's soft maximum, 500 mL/h: a go
        fc.integer({ min: 1, max: 1_800_000 }), // about how long the VTBI takes, ms (at least 1 µL)
        fc.array(fc.integer({ min: 0, max: 400_000 }), { minLength: 1, maxLength: 8 }),
        async (rate, aboutMs, advances) => {
          const rateUlPerHour = BigInt(rate);
          const vtbi = (rateUlPerHour * BigInt(aboutMs)) / UNITS_PER_UL + 1n;
          const vtbiMs = Number((vtbi * UNITS_PER_UL + rateUlPerHour - 1n) / rateUlPerHour);
          await call("PROGRAM", () => workflow.program({ mode: Mode.RATE, rateUlPerHour, vtbiUl: vtbi }));
          await call("START", () => workflow.start());
          const startUnits = pump.meter.deliveredUnits;
          for (const ms of [...advances, vtbiMs]) pump.advance(ms); // always past the VTBI
          const state = await snapshot();
          await call("STOP", () => workflow.stop());
          expect(state.segment).toBe(Segment.KVO);
          const kvo = rateUlPerHour < KVO_UL_PER_HOUR ? rateUlPerHour : KVO_UL_PER_HOUR;
          const meterUl = (pump.meter.deliveredUnits - startUnits) / UNITS_PER_UL;
          // |meter − firmware| < bound in units, so their whole-µL readings differ by at most bound / 3,600,000 + 1.
          const difference =
            meterUl > state.totalDeliveredUl ? meterUl - state.totalDeliveredUl : state.totalDeliveredUl - meterUl;
          expect(difference).toBeLessThanOrEqual(boundUnits(rateUlPerHour, kvo) / UNITS_PER_UL + 1n);
          // KVO is never faster: the motor, keeping the primary rate to the end of the tick, is never behind.
          expect(meterUl).toBeGreaterThanOrEqual(state.totalDeliveredUl);
        },
      ),
      { numRuns: 60 },
    );
  });
});
