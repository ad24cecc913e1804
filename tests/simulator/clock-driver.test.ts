// What moves the virtual clock (simulator/virtual-pump/clock-driver.ts), checked under fake timers:
// no test waits on the wall clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { driveClock } from "../../simulator/virtual-pump/clock-driver.ts";

describe("REQ-SIM-010 clock modes", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setImmediate", "clearImmediate", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("REQ-SIM-010: realtime advances the virtual clock by the real time that passed, in whole ms, nothing lost", () => {
    const steps: number[] = [];
    const driver = driveClock("realtime", 10, (elapsedMs) => steps.push(elapsedMs));
    vi.advanceTimersByTime(1000);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(steps.every((step) => Number.isInteger(step) && step > 0)).toBe(true);
    driver.stop();
    vi.advanceTimersByTime(1000);
    expect(steps.reduce((a, b) => a + b, 0)).toBe(1000);
  });

  it("REQ-SIM-010: fast advances stepMs per turn of the event loop, without waiting for real time", () => {
    const steps: number[] = [];
    const driver = driveClock("fast", 25, (elapsedMs) => steps.push(elapsedMs));
    for (let turn = 0; turn < 40; turn++) vi.advanceTimersToNextTimer();
    expect(steps).toEqual(new Array(40).fill(25)); // 1,000 simulated ms …
    expect(performance.now()).toBeLessThan(100); // … in far less (fake) real time: immediates are not timed
    driver.stop();
    vi.advanceTimersToNextTimer();
    expect(steps).toHaveLength(40);
  });

  it("REQ-SIM-010: manual never moves the clock by itself; a bad step is refused", () => {
    const steps: number[] = [];
    driveClock("manual", 10, (elapsedMs) => steps.push(elapsedMs));
    vi.advanceTimersByTime(1000);
    expect(steps).toEqual([]);
    expect(() => driveClock("fast", 0, () => undefined)).toThrow(/stepMs/);
  });
});
