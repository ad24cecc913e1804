// The virtual pump's balance: the volume the motor moved, integrated over simulated time in the
// firmware's own unit, µL × 3,600,000 (µL·ms/h, docs/workflow.md §6.1), so a rate r µL/h for t ms
// adds exactly r × t and nothing is lost between steps. It reads only the motor's rate, never the
// firmware's counters: the two are independent measurements of one infusion (REQ-SIM-017).
export const UNITS_PER_UL = 3_600_000n;

/** Exact, in BigInt: a day at the largest rate is ~8.6 × 10^14 units and a run may hold many. */
export class DeliveryMeter {
  private units = 0n;

  /** The motor ran at rateUlPerHour for elapsedMs; returns the units it moved. */
  add(rateUlPerHour: number, elapsedMs: number): bigint {
    if (!Number.isSafeInteger(rateUlPerHour) || rateUlPerHour < 0)
      throw new Error(`rateUlPerHour must be a non-negative integer, got ${rateUlPerHour}`);
    if (!Number.isSafeInteger(elapsedMs) || elapsedMs < 0)
      throw new Error(`elapsedMs must be a non-negative integer, got ${elapsedMs}`);
    const moved = BigInt(rateUlPerHour) * BigInt(elapsedMs);
    this.units += moved;
    return moved;
  }

  /** The balance tared: what was weighed so far no longer counts (a rig does this before each scenario). */
  tare(): void {
    this.units = 0n;
  }

  /** µL × 3,600,000 moved since the meter started or was last tared. */
  get deliveredUnits(): bigint {
    return this.units;
  }

  /** Whole µL since the meter started or was last tared, rounded down as the firmware rounds its own counters. */
  get deliveredUl(): bigint {
    return this.units / UNITS_PER_UL;
  }
}
