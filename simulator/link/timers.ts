// Timers behind an interface so tests drive request timeouts on a virtual clock (STYLE: simulated
// time only) while a real serial link uses setTimeout.

export interface Timers {
  set(delayMs: number, fire: () => void): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (delayMs, fire) => setTimeout(fire, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout> | undefined),
};

/** A virtual clock: timers fire only when advance() passes their due time. */
export class ManualTimers implements Timers {
  nowMs = 0;
  private nextId = 1;
  protected readonly due = new Map<number, { atMs: number; fire: () => void }>();

  set(delayMs: number, fire: () => void): unknown {
    const id = this.nextId++;
    this.due.set(id, { atMs: this.nowMs + delayMs, fire });
    return id;
  }

  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }

  get pending(): number {
    return this.due.size;
  }

  advance(deltaMs: number): void {
    const untilMs = this.nowMs + deltaMs;
    for (;;) {
      const next = [...this.due]
        .filter(([, t]) => t.atMs <= untilMs)
        .sort((a, b) => a[1].atMs - b[1].atMs || a[0] - b[0])[0];
      if (next === undefined) break;
      this.due.delete(next[0]);
      this.nowMs = next[1].atMs;
      next[1].fire();
    }
    this.nowMs = untilMs;
  }
}
