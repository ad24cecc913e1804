// The titration step limit (REQ-WF-021) on delivered rates: the concentration and patient are the
// running ones, so the dose changes in the same ratio as the rate. Exact integers: rates < 2^24,
// so step × 100 < 2^31 and maxPercent × rate < 2^40 fit u64.

// @ts-ignore: decorator
@inline function stepUlPerHour(runningRateUlPerHour: u64, newRateUlPerHour: u64): u64 {
  return newRateUlPerHour > runningRateUlPerHour
    ? newRateUlPerHour - runningRateUlPerHour
    : runningRateUlPerHour - newRateUlPerHour;
}

/** |new − running| × 100 ≤ maxPercent × running; maxPercent 0 means the entry sets no step limit. */
export function titrationStepWithin(runningRateUlPerHour: u64, newRateUlPerHour: u64, maxPercent: u32): bool {
  if (maxPercent == 0) return true;
  return stepUlPerHour(runningRateUlPerHour, newRateUlPerHour) * 100 <= <u64>maxPercent * runningRateUlPerHour;
}

/** The step in whole percent of the running rate, rounded up: it exceeds the limit whenever the step does. */
export function titrationStepPercent(runningRateUlPerHour: u64, newRateUlPerHour: u64): u64 {
  return (
    (stepUlPerHour(runningRateUlPerHour, newRateUlPerHour) * 100 + runningRateUlPerHour - 1) / runningRateUlPerHour
  );
}
