// The client's timers on the virtual target's simulated clock: a request's timeout fires only when
// the runner moves simulated time past it, never because the machine was slow. nextDueInMs() tells
// the runner how far to move the clock when a request waits on a line that has gone quiet.
import { ManualTimers } from "../../simulator/link/timers.ts";

export class SimTimers extends ManualTimers {
  /** Simulated ms until the earliest timer fires, or undefined when none is set. */
  nextDueInMs(): number | undefined {
    let earliest: number | undefined;
    for (const { atMs } of this.due.values()) earliest = earliest === undefined ? atMs : Math.min(earliest, atMs);
    return earliest === undefined ? undefined : Math.max(0, earliest - this.nowMs);
  }
}
