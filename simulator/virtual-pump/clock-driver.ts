// What moves the virtual clock: "realtime" advances it by the real time that passed (measured, in
// whole milliseconds, the remainder carried), "fast" advances it by stepMs per turn of the event loop
// as fast as the machine allows, "manual" leaves it to the caller (tests). Serial I/O still runs
// between steps in every mode; only simulated time is decoupled from the wall clock. The global
// timers and performance clock are used, so tests drive both modes with fake timers.
export type ClockMode = "realtime" | "fast" | "manual";

export interface ClockDriver {
  stop(): void;
}

export function driveClock(mode: ClockMode, stepMs: number, advance: (elapsedMs: number) => void): ClockDriver {
  if (!(Number.isSafeInteger(stepMs) && stepMs > 0))
    throw new Error(`stepMs must be a positive integer, got ${stepMs}`);
  if (mode === "manual") return { stop: () => undefined };
  if (mode === "fast") {
    let running = true;
    const turn = (): void => {
      if (!running) return;
      advance(stepMs);
      setImmediate(turn);
    };
    setImmediate(turn);
    return { stop: () => void (running = false) };
  }
  let lastMs = performance.now();
  const timer = setInterval(() => {
    const nowMs = performance.now();
    const elapsedMs = Math.floor(nowMs - lastMs);
    if (elapsedMs <= 0) return;
    lastMs += elapsedMs;
    advance(elapsedMs);
  }, stepMs);
  return { stop: () => clearInterval(timer) };
}
