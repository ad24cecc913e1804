// The cumulative-dose history of the firmware (firmware/workflow/cumulative-history.ts), driven
// through the testkit and checked against exact BigInt arithmetic written from docs/workflow.md §6.3:
// exact amounts with the remainder carried, the conservative window sum, the stop allowance (one
// unit more would cross the hard maximum) and the planned-future maximum against a brute force
// over every millisecond of the window.
import fc from "fast-check";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CUMULATIVE_BUCKET_COUNT,
  CUMULATIVE_REGION_OFFSET,
  CUMULATIVE_REGION_SIZE,
  TRACK_BUCKETS,
  TRACK_REMAINDER,
  TRACK_SIZE,
} from "../../firmware/abi/cumulative-layout.ts";
import { loadTestkit, u64, type Testkit } from "./testkit.ts";

interface CumulativeKit extends Testkit {
  testCumulativeReset(): void;
  testCumulativeOpen(entryId: number, nowMs: bigint, keptEntryId: number): number;
  testCumulativeRecord(track: number, units: bigint, amountAbu: bigint, volumeUl: bigint, nowMs: bigint): void;
  testCumulativeWindowSum(track: number, windowS: bigint, nowMs: bigint): bigint;
  testCumulativeUnitsAllowed(
    track: number,
    hardMaxAbu: bigint,
    windowS: bigint,
    nowMs: bigint,
    amountAbu: bigint,
    volumeUl: bigint,
  ): bigint;
  testCumulativePlanAdd(rateUlPerHour: bigint, volumeUnits: bigint, amountAbu: bigint, volumeUl: bigint): void;
  testCumulativePlanReset(): void;
  testCumulativePlannedAbu(ms: bigint): bigint;
  testCumulativeMaxPlanned(track: number, windowS: bigint, nowMs: bigint): bigint;
}

const UNITS_PER_UL = 3_600_000n;
const MINUTE = 60_000n;
const NO_END = (1n << 64n) - 1n;
const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;

let kit: CumulativeKit;
beforeAll(() => {
  kit = loadTestkit() as CumulativeKit;
});
beforeEach(() => kit.testCumulativeReset());

const view = () => new DataView(kit.memory.buffer);
const bucket = (track: number, minute: bigint) =>
  view().getBigUint64(
    CUMULATIVE_REGION_OFFSET +
      track * TRACK_SIZE +
      TRACK_BUCKETS +
      Number(minute % BigInt(CUMULATIVE_BUCKET_COUNT)) * 8,
    true,
  );
const remainderOf = (track: number) =>
  view().getBigUint64(CUMULATIVE_REGION_OFFSET + track * TRACK_SIZE + TRACK_REMAINDER, true);
const saveRegion = () => new Uint8Array(kit.memory.buffer, CUMULATIVE_REGION_OFFSET, CUMULATIVE_REGION_SIZE).slice();
const restoreRegion = (saved: Uint8Array) => new Uint8Array(kit.memory.buffer).set(saved, CUMULATIVE_REGION_OFFSET);

// Heparin 25,000 units / 500 mL: 25,000,000,000 ABU in 500,000 µL, i.e. 50,000 ABU per µL.
const HEPARIN = { amountAbu: 25_000_000_000n, volumeUl: 500_000n };
// An awkward concentration: 7 ABU in 3 µL, so almost every pass leaves a remainder.
const ODD = { amountAbu: 7n, volumeUl: 3n };

describe("REQ-WF-086 exact accounting: whole ABU per minute, the remainder carried exactly", () => {
  it("one hour of heparin at 1 mL/h is exactly 50,000,000 ABU (50 units), whatever the pass lengths", () => {
    const track = kit.testCumulativeOpen(1001, 0n, 0);
    expect(track).toBe(0);
    // 1,000 µL/h for 3,600,000 ms in passes of 7 ms (a pass never spans a minute boundary here:
    // each is recorded at its start, and 60,000 is not a multiple of 7 — so split as delivery.ts does).
    let now = 0n;
    while (now < 3_600_000n) {
      const toBoundary = MINUTE - (now % MINUTE);
      const ms = [7n, toBoundary, 3_600_000n - now].reduce((a, b) => (a < b ? a : b));
      kit.testCumulativeRecord(track, 1_000n * ms, HEPARIN.amountAbu, HEPARIN.volumeUl, now);
      now += ms;
    }
    expect(u64(kit.testCumulativeWindowSum(track, 86_400n, now - 1n))).toBe(50_000_000n);
    expect(remainderOf(track)).toBe(0n);
    // Every minute holds exactly 1/60 of it: 833,333.33… ABU — whole ABU per minute, the third
    // carried so that three minutes hold 2,500,000 exactly.
    expect(bucket(track, 0n) + bucket(track, 1n) + bucket(track, 2n)).toBe(2_500_000n);
  });

  it("property: the 24 h sum is the ceiling of the exact total, the remainder below one ABU", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 1n << 30n }), fc.bigInt({ min: 0n, max: 59_999n })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.constantFrom(HEPARIN, ODD, { amountAbu: (1n << 48n) - 1n, volumeUl: 1n }),
        (passes, conc) => {
          kit.testCumulativeReset();
          const track = kit.testCumulativeOpen(7, 0n, 0);
          let exactNumerator = 0n;
          const denominator = conc.volumeUl * UNITS_PER_UL;
          passes.forEach(([units, offset], i) => {
            kit.testCumulativeRecord(track, units, conc.amountAbu, conc.volumeUl, BigInt(i) * MINUTE + offset);
            exactNumerator += units * conc.amountAbu;
          });
          const now = BigInt(passes.length) * MINUTE;
          expect(u64(kit.testCumulativeWindowSum(track, 86_400n, now))).toBe(ceilDiv(exactNumerator, denominator));
          expect(remainderOf(track)).toBe(exactNumerator % denominator);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a change of concentration counts the carried fraction as one whole ABU (never under-counts)", () => {
    const track = kit.testCumulativeOpen(1001, 0n, 0);
    kit.testCumulativeRecord(track, 1n, ODD.amountAbu, ODD.volumeUl, 0n); // 7 / 10,800,000 ABU
    expect(u64(kit.testCumulativeWindowSum(track, 3_600n, 0n))).toBe(1n);
    kit.testCumulativeRecord(track, 10_800_000n, 1n, 1n, 1n); // exactly 3 ABU of another concentration
    expect(u64(kit.testCumulativeWindowSum(track, 3_600n, 1n))).toBe(4n);
    expect(remainderOf(track)).toBe(0n);
  });
});

describe("REQ-WF-087 the trailing window: rolling by the minute, the oldest minute counted whole", () => {
  it("an amount stays in a 1 h window until the minute after its own has left it", () => {
    const track = kit.testCumulativeOpen(1001, 0n, 0);
    // 100 ABU delivered in minute 10 (at 10:30.000).
    kit.testCumulativeRecord(track, 100n * UNITS_PER_UL, 1n, 1n, 630_000n);
    const sumAt = (ms: bigint) => u64(kit.testCumulativeWindowSum(track, 3_600n, ms));
    expect(sumAt(630_000n)).toBe(100n);
    // The window (t − 3,600,000, t] still contains 10:30 until t = 70:30; the bucket of minute 10
    // counts until the oldest minute of the window is 11, i.e. until t reaches 71:00.000.
    expect(sumAt(4_230_000n - 1n)).toBe(100n);
    expect(sumAt(4_230_000n)).toBe(100n); // 10:30 left the exact window, the whole minute still counts
    expect(sumAt(4_260_000n - 1n)).toBe(100n); // a tick before the roll
    expect(sumAt(4_260_000n)).toBe(0n); // at the roll
    expect(sumAt(4_260_000n + 1n)).toBe(0n); // after
  });

  it("property: the window sum is at least the exact amount in (t − W, t] and at most the touched minutes' + 2", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 200n * MINUTE }), fc.bigInt({ min: 1n, max: 1n << 30n })), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 120 }),
        fc.bigInt({ min: 0n, max: 400n * MINUTE }),
        (deliveries, windowMinutes, probe) => {
          kit.testCumulativeReset();
          const track = kit.testCumulativeOpen(5, 0n, 0);
          const sorted = [...deliveries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
          for (const [at, units] of sorted) kit.testCumulativeRecord(track, units, ODD.amountAbu, ODD.volumeUl, at);
          const last = sorted[sorted.length - 1][0];
          const t = last > probe ? last : probe;
          const windowMs = BigInt(windowMinutes) * MINUTE;
          const denominator = ODD.volumeUl * UNITS_PER_UL;
          // Each pass is one point in time (its start); the exact window is (t − W, t].
          const inWindow = sorted.filter(([at]) => at > t - windowMs && at <= t);
          const oldestMinuteStart = ((t / MINUTE - BigInt(windowMinutes)) * MINUTE) as bigint;
          const touched = sorted.filter(([at]) => at >= oldestMinuteStart && at <= t);
          const exact = (list: typeof sorted) => list.reduce((s, [, u]) => s + u * ODD.amountAbu, 0n);
          const sum = u64(kit.testCumulativeWindowSum(track, BigInt(windowMinutes) * 60n, t));
          expect(sum * denominator >= exact(inWindow)).toBe(true);
          expect(sum <= ceilDiv(exact(touched), denominator) + 2n).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("REQ-WF-089 the stop allowance: the last unit that keeps the exact window total within the hard max", () => {
  it("property: recording the allowance stays at or below the hard max; one unit more crosses it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 1n << 36n }), { minLength: 0, maxLength: 10 }),
        fc.bigInt({ min: 1n, max: 5_000_000n }),
        fc.constantFrom(HEPARIN, ODD, { amountAbu: 1_000n, volumeUl: 7n }),
        (history, hardMax, conc) => {
          kit.testCumulativeReset();
          const track = kit.testCumulativeOpen(9, 0n, 0);
          history.forEach((units, i) =>
            kit.testCumulativeRecord(track, units, conc.amountAbu, conc.volumeUl, BigInt(i) * 1000n),
          );
          const now = 30_000n;
          const allowed = u64(
            kit.testCumulativeUnitsAllowed(track, hardMax, 3_600n, now, conc.amountAbu, conc.volumeUl),
          );
          const saved = saveRegion();
          const before = u64(kit.testCumulativeWindowSum(track, 3_600n, now));
          if (allowed > 0n) {
            kit.testCumulativeRecord(track, allowed, conc.amountAbu, conc.volumeUl, now);
            expect(u64(kit.testCumulativeWindowSum(track, 3_600n, now))).toBeLessThanOrEqual(hardMax);
            restoreRegion(saved);
          } else {
            // Nothing allowed: the window is at the limit already (its exact total cannot take a unit).
            expect(before).toBeGreaterThanOrEqual(hardMax);
          }
          kit.testCumulativeRecord(track, allowed + 1n, conc.amountAbu, conc.volumeUl, now);
          expect(u64(kit.testCumulativeWindowSum(track, 3_600n, now))).toBeGreaterThan(hardMax);
          restoreRegion(saved);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("at the boundary: 1 ABU below, at and above the hard max (1 ABU per µL, 1 µL = 3,600,000 units)", () => {
    const track = kit.testCumulativeOpen(1001, 0n, 0);
    kit.testCumulativeRecord(track, 99n * UNITS_PER_UL, 1n, 1n, 0n); // 99 ABU
    expect(u64(kit.testCumulativeUnitsAllowed(track, 100n, 3_600n, 1n, 1n, 1n))).toBe(UNITS_PER_UL);
    kit.testCumulativeRecord(track, UNITS_PER_UL, 1n, 1n, 1n); // now at 100
    expect(u64(kit.testCumulativeUnitsAllowed(track, 100n, 3_600n, 2n, 1n, 1n))).toBe(0n);
    expect(u64(kit.testCumulativeUnitsAllowed(track, 101n, 3_600n, 2n, 1n, 1n))).toBe(UNITS_PER_UL);
  });
});

describe("REQ-WF-088 the planned future: max over the next window of history still counted plus the plan", () => {
  /** Brute force over every millisecond k of [0, W]: the history buckets still touched plus the plan. */
  function bruteForce(track: number | undefined, windowS: bigint, now: bigint, plan: bigint[][]): bigint {
    const windowMs = windowS * 1000n;
    const minute = now / MINUTE;
    const remainderCeil = track === undefined ? 0n : remainderOf(track) !== 0n ? 1n : 0n;
    const planned = (k: bigint) => {
      let total = 0n;
      let start = 0n;
      for (const [rate, volumeUnits, amountAbu, volumeUl] of plan) {
        if (k <= start) break;
        const run = rate * (k - start);
        const units = run < volumeUnits ? run : volumeUnits;
        total += ceilDiv(units * amountAbu, volumeUl * UNITS_PER_UL);
        if (volumeUnits === NO_END) break;
        start += ceilDiv(volumeUnits, rate);
      }
      return total;
    };
    let best = 0n;
    let lastOldest = -1n;
    let history = 0n;
    for (let k = 0n; k <= windowMs; k++) {
      const t = now + k;
      const oldestRaw = (t - windowMs) / MINUTE;
      const oldest = t >= windowMs ? (oldestRaw > 0n ? oldestRaw : 0n) : 0n;
      if (oldest !== lastOldest) {
        history = remainderCeil;
        if (track !== undefined) for (let m = oldest; m <= minute; m++) history += bucket(track, m);
        lastOldest = oldest;
      }
      const total = history + planned(k);
      if (total > best) best = total;
    }
    return best;
  }

  it("property: equal to the brute force over every millisecond (3-minute window)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 5n * MINUTE }), fc.bigInt({ min: 1n, max: 1n << 32n })), {
          maxLength: 8,
        }),
        fc.array(
          fc.tuple(
            fc.bigInt({ min: 1n, max: 9_999_999n }),
            fc.oneof(fc.bigInt({ min: 1n, max: 1n << 40n }), fc.constant(NO_END)),
            fc.constantFrom(HEPARIN, ODD),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        fc.bigInt({ min: 0n, max: 59_999n }),
        (history, segments, nowOffset) => {
          kit.testCumulativeReset();
          const track = kit.testCumulativeOpen(3, 0n, 0);
          const sorted = [...history].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
          for (const [at, units] of sorted) kit.testCumulativeRecord(track, units, ODD.amountAbu, ODD.volumeUl, at);
          const now = 5n * MINUTE + nowOffset;
          const plan = segments.map(([rate, volume, conc]) => [rate, volume, conc.amountAbu, conc.volumeUl]);
          kit.testCumulativePlanReset();
          for (const [rate, volume, amountAbu, volumeUl] of plan)
            kit.testCumulativePlanAdd(rate, volume, amountAbu, volumeUl);
          const firmware = u64(kit.testCumulativeMaxPlanned(track, 180n, now));
          // The brute force reads the buckets after the firmware advanced the ring to now.
          expect(firmware).toBe(bruteForce(track, 180n, now, plan));
        },
      ),
      { numRuns: 12 },
    );
  });

  it("heparin 1,000 µL/h (50 units/h) for a 1 h window: 50,000,000 ABU; with 30 units given 30 min ago, 80 units", () => {
    kit.testCumulativePlanAdd(1_000n, NO_END, HEPARIN.amountAbu, HEPARIN.volumeUl);
    expect(u64(kit.testCumulativeMaxPlanned(-1, 3_600n, 0n))).toBe(50_000_000n);
    const track = kit.testCumulativeOpen(1001, 0n, 0);
    kit.testCumulativeRecord(track, 600n * UNITS_PER_UL, HEPARIN.amountAbu, HEPARIN.volumeUl, 0n); // 30 units at 0
    // At 30:00 the 30 units stay counted until 61:00 (minute 0 leaves the window then): by 60:59.999
    // the plan has given 50 × 30.99999/60 units — the maximum is just before the drop.
    const max = u64(kit.testCumulativeMaxPlanned(track, 3_600n, 1_800_000n));
    const planUntilDrop = ceilDiv(
      1_000n * (3_660_000n - 1n - 1_800_000n) * HEPARIN.amountAbu,
      HEPARIN.volumeUl * UNITS_PER_UL,
    );
    expect(max).toBe(30_000_000n + planUntilDrop);
  });
});

describe("REQ-WF-091 tracks: one per drug, reused only when its history has left every window", () => {
  it("two drugs are tracked; a third is refused while both were given in the last 24 h, accepted after", () => {
    expect(kit.testCumulativeOpen(1001, 0n, 0)).toBe(0);
    // 1001 has delivered nothing yet, but it is the drug running: its track is kept.
    expect(kit.testCumulativeOpen(1002, 0n, 1001)).toBe(1);
    expect(kit.testCumulativeOpen(1001, 5n, 0)).toBe(0);
    kit.testCumulativeRecord(0, UNITS_PER_UL, 1n, 1n, 0n);
    kit.testCumulativeRecord(1, UNITS_PER_UL, 1n, 1n, 60_000n);
    expect(kit.testCumulativeOpen(1003, 120_000n, 0)).toBe(-1);
    // Minute 0 leaves the longest window at minute 1,441: track 0 is free from then on.
    expect(kit.testCumulativeOpen(1003, 1_441n * MINUTE - 1n, 0)).toBe(-1);
    expect(kit.testCumulativeOpen(1003, 1_441n * MINUTE, 0)).toBe(0);
    expect(u64(kit.testCumulativeWindowSum(0, 86_400n, 1_441n * MINUTE))).toBe(0n);
    expect(u64(kit.testCumulativeWindowSum(1, 86_400n, 1_441n * MINUTE))).toBe(1n);
  });
});
