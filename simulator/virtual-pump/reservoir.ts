// The container on the pole (bag or bottle) the motor draws from (REQ-SIM-018), in the delivery
// meter's unit so it empties at the exact millisecond the motor has drawn its last µL. When the
// motor draws from an empty container the virtual pump's air detector sees air (virtual-pump.ts).
import { UNITS_PER_UL } from "./delivery-meter.ts";

export class Reservoir {
  private remainingUnits: bigint;

  constructor(readonly volumeUl: bigint) {
    if (volumeUl < 0n) throw new Error(`a reservoir holds 0 µL or more, got ${volumeUl}`);
    this.remainingUnits = volumeUl * UNITS_PER_UL;
  }

  /** Whole µL still in the container. */
  get remainingUl(): bigint {
    return this.remainingUnits / UNITS_PER_UL;
  }

  get empty(): boolean {
    return this.remainingUnits === 0n;
  }

  /** The motor moved these units out of the container; it cannot hold less than nothing. */
  draw(units: bigint): void {
    this.remainingUnits = units >= this.remainingUnits ? 0n : this.remainingUnits - units;
  }

  /**
   * Whole ms until a motor at this rate has drawn the last of it (rounded up: the container is
   * empty at the end of that millisecond); undefined when the motor is stopped or nothing is left.
   */
  msUntilEmpty(rateUlPerHour: number): number | undefined {
    if (rateUlPerHour <= 0 || this.empty) return undefined;
    const rate = BigInt(rateUlPerHour);
    const ms = (this.remainingUnits + rate - 1n) / rate;
    return ms > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(ms);
  }
}
