// The client's timers on the virtual target's simulated clock: a request's timeout fires only when
// the runner moves simulated time past it, never because the machine was slow. nextDueInMs() tells
// the runner how far to move the clock when a request waits on a line that has gone quiet.
import type { Timers } from "../../simulator/protocol/timers.ts";

export class SimTimers implements Timers {
  nowMs = 0;
  private nextId = 1;
  private readonly due = new Map<number, { atMs: number; fire: () => void }>();

  set(delayMs: number, fire: () => void): unknown {
    const id = this.nextId++;
    this.due.set(id, { atMs: this.nowMs + delayMs, fire });
    return id;
  }

  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }

  /** Simulated ms until the earliest timer fires, or undefined when none is set. */
  nextDueInMs(): number | undefined {
    let earliest: number | undefined;
    for (const { atMs } of this.due.values()) earliest = earliest === undefined ? atMs : Math.min(earliest, atMs);
    return earliest === undefined ? undefined : Math.max(0, earliest - this.nowMs);
  }

  /** Fires every timer due within deltaMs, in due order (ties: the order they were set). */
  advance(deltaMs: number): void {
    const untilMs = this.nowMs + deltaMs;
    for (;;) {
      let next: [number, { atMs: number; fire: () => void }] | undefined;
      for (const entry of this.due) if (entry[1].atMs <= untilMs && (next === undefined || entry[1].atMs < next[1].atMs)) next = entry;
      if (next === undefined) break;
      this.due.delete(next[0]);
      this.nowMs = next[1].atMs;
      next[1].fire();
    }
    this.nowMs = untilMs;
  }
}
