// The cumulative-dose history (docs/workflow.md §6.3, docs/decisions/0030): per drug on this
// channel, the amount delivered in each minute of the last 24 hours, in ABU, exact. Each delivery
// pass adds units (µL·ms/h) × amountAbu to a numerator over volumeUl × 3,600,000; whole ABU go to
// the minute's bucket and the remainder (less than one ABU) is carried exactly to the next pass of
// the same concentration. A remainder that cannot be carried (another concentration follows) is
// counted as one whole ABU: the history never under-counts. The window sum counts the whole oldest
// minute and the remainder as one ABU (conservative); the stop during delivery uses the exact
// remainder so it stops at the last millisecond that stays within the hard maximum.
//
// The buckets live in a fixed RAM region (abi/cumulative-layout.ts), nothing is allocated.
import {
  CUMULATIVE_BUCKET_COUNT,
  CUMULATIVE_BUCKET_MS,
  CUMULATIVE_PLAN_OFFSET,
  CUMULATIVE_REGION_OFFSET,
  CUMULATIVE_REGION_SIZE,
  CUMULATIVE_TRACK_COUNT,
  TRACK_BUCKETS,
  TRACK_DRUG_DIMENSION,
  TRACK_DRUG_NAME_CRC,
  TRACK_ENTRY_ID,
  TRACK_NEWEST_MINUTE,
  TRACK_REMAINDER,
  TRACK_REMAINDER_AMOUNT_ABU,
  TRACK_REMAINDER_VOLUME_UL,
  TRACK_SIZE,
} from "../abi/cumulative-layout";
import { divFloorSaturated, mul64, productHi, productLo, SATURATED_U63 } from "../exact/u128";

export const NO_TRACK: i32 = -1;
/** Progress units (µL × 3,600,000) per µL, as in delivery.ts. */
const UNITS_PER_UL: u64 = 3600000;
const COUNT: u64 = <u64>CUMULATIVE_BUCKET_COUNT;
/** u64 the last minute anything was added (header offset 40): a remainder older than 24 h is dropped. */
const TRACK_LAST_DELIVERY_MINUTE: usize = 40;

function trackPtr(track: i32): usize {
  return <usize>CUMULATIVE_REGION_OFFSET + <usize>track * <usize>TRACK_SIZE;
}

function minuteOf(nowMs: u64): u64 {
  return nowMs / <u64>CUMULATIVE_BUCKET_MS;
}

function bucketPtr(ptr: usize, minute: u64): usize {
  return ptr + <usize>TRACK_BUCKETS + <usize>(minute % COUNT) * 8;
}

function saturatingAdd(a: u64, b: u64): u64 {
  const sum = a + b;
  return sum < a || sum > SATURATED_U63 ? SATURATED_U63 : sum;
}

/** Power-on and engine reset: no history at all (RAM only, docs/decisions/0030). */
export function resetCumulativeHistory(): void {
  for (let i: usize = 0; i < <usize>CUMULATIVE_REGION_SIZE; i += 8) store<u64>(<usize>CUMULATIVE_REGION_OFFSET + i, 0);
}

/** Brings the ring to `minute`: the buckets of minutes that passed since are zeroed. Never goes back. */
function advanceTo(ptr: usize, minute: u64): void {
  const newest = load<u64>(ptr + TRACK_NEWEST_MINUTE);
  if (minute <= newest) return;
  const gap = minute - newest;
  if (gap >= COUNT) {
    for (let i: usize = 0; i < <usize>COUNT; i++) store<u64>(ptr + <usize>TRACK_BUCKETS + i * 8, 0);
  } else {
    for (let m = newest + 1; m <= minute; m++) store<u64>(bucketPtr(ptr, m), 0);
  }
  // A remainder whose last delivery left every window is no longer anyone's delivery.
  if (minute - load<u64>(ptr + TRACK_LAST_DELIVERY_MINUTE) >= COUNT) store<u64>(ptr + TRACK_REMAINDER, 0);
  store<u64>(ptr + TRACK_NEWEST_MINUTE, minute);
}

function historyEmpty(ptr: usize, nowMs: u64): bool {
  advanceTo(ptr, minuteOf(nowMs));
  if (load<u64>(ptr + TRACK_REMAINDER) != 0) return false;
  for (let i: usize = 0; i < <usize>COUNT; i++) if (load<u64>(ptr + <usize>TRACK_BUCKETS + i * 8) != 0) return false;
  return true;
}

/** The track of `entryId`, or NO_TRACK when the pump holds no history for it. */
export function trackOf(entryId: u32): i32 {
  if (entryId == 0) return NO_TRACK;
  for (let track = 0; track < CUMULATIVE_TRACK_COUNT; track++) {
    if (load<u32>(trackPtr(track) + TRACK_ENTRY_ID) == entryId) return track;
  }
  return NO_TRACK;
}

/** A track another drug may take: free, or holding no history in any window and not `keptEntryId`'s. */
function reusable(ptr: usize, nowMs: u64, keptEntryId: u32): bool {
  const holder = load<u32>(ptr + TRACK_ENTRY_ID);
  if (holder == 0) return true;
  return holder != keptEntryId && historyEmpty(ptr, nowMs);
}

/**
 * The track of `entryId`, opening one when it has none: a free track, or one whose history has left
 * every window (nothing in the last 24 h) and that is not the track of `keptEntryId` (the drug
 * running now, which may not have delivered yet). NO_TRACK when every track holds a drug given in
 * the last 24 hours — the history of one of them would be lost, so the caller refuses instead.
 */
export function openTrack(entryId: u32, nowMs: u64, keptEntryId: u32): i32 {
  const existing = trackOf(entryId);
  if (existing != NO_TRACK) return existing;
  for (let track = 0; track < CUMULATIVE_TRACK_COUNT; track++) {
    const ptr = trackPtr(track);
    if (!reusable(ptr, nowMs, keptEntryId)) continue;
    for (let i: usize = 0; i < <usize>TRACK_SIZE; i += 8) store<u64>(ptr + i, 0);
    store<u32>(ptr + TRACK_ENTRY_ID, entryId);
    store<u64>(ptr + TRACK_NEWEST_MINUTE, minuteOf(nowMs));
    store<u64>(ptr + TRACK_LAST_DELIVERY_MINUTE, minuteOf(nowMs));
    return track;
  }
  return NO_TRACK;
}

/** The entry id a track holds, 0 when free. */
export function trackEntryId(track: i32): u32 {
  return load<u32>(trackPtr(track) + TRACK_ENTRY_ID);
}

/** Records who the track's drug is (decision 0033): its display name's CRC-32 and its amount dimension. */
export function setTrackDrug(track: i32, nameCrc: u32, dimension: u32): void {
  store<u32>(trackPtr(track) + TRACK_DRUG_NAME_CRC, nameCrc);
  store<u8>(trackPtr(track) + TRACK_DRUG_DIMENSION, <u8>(dimension + 1));
}

/** Whether the track holds no drug identity yet (opened, never given a pass). */
export function trackDrugUnset(track: i32): bool {
  return load<u8>(trackPtr(track) + TRACK_DRUG_DIMENSION) == 0;
}

/** Whether the track's drug is the one of `nameCrc` and `dimension`. */
export function trackDrugIs(track: i32, nameCrc: u32, dimension: u32): bool {
  const ptr = trackPtr(track);
  return load<u32>(ptr + TRACK_DRUG_NAME_CRC) == nameCrc && <u32>load<u8>(ptr + TRACK_DRUG_DIMENSION) == dimension + 1;
}

/** The track's history now belongs to `entryId` (the same drug, renumbered by a new library). */
export function retagTrack(track: i32, entryId: u32): void {
  store<u32>(trackPtr(track) + TRACK_ENTRY_ID, entryId);
}

/** Frees the track: its history is gone. */
export function dropTrack(track: i32): void {
  const ptr = trackPtr(track);
  for (let i: usize = 0; i < <usize>TRACK_SIZE; i += 8) store<u64>(ptr + i, 0);
}

/** True when `entryId` could be tracked now (it is, or a track openTrack may take is there). */
export function trackAvailable(entryId: u32, nowMs: u64, keptEntryId: u32): bool {
  if (trackOf(entryId) != NO_TRACK) return true;
  for (let track = 0; track < CUMULATIVE_TRACK_COUNT; track++) {
    if (reusable(trackPtr(track), nowMs, keptEntryId)) return true;
  }
  return false;
}

/**
 * Readies the track for delivery of concentration (amountAbu, volumeUl) at `nowMs`: the ring at the
 * current minute, and a remainder of another concentration counted as one whole ABU now.
 */
function prepare(ptr: usize, nowMs: u64, amountAbu: u64, volumeUl: u64): void {
  const minute = minuteOf(nowMs);
  advanceTo(ptr, minute);
  const remainder = load<u64>(ptr + TRACK_REMAINDER);
  if (
    remainder != 0 &&
    (load<u64>(ptr + TRACK_REMAINDER_AMOUNT_ABU) != amountAbu || load<u64>(ptr + TRACK_REMAINDER_VOLUME_UL) != volumeUl)
  ) {
    const bucket = bucketPtr(ptr, minute);
    store<u64>(bucket, saturatingAdd(load<u64>(bucket), 1));
    store<u64>(ptr + TRACK_REMAINDER, 0);
    store<u64>(ptr + TRACK_LAST_DELIVERY_MINUTE, minute);
  }
  store<u64>(ptr + TRACK_REMAINDER_AMOUNT_ABU, amountAbu);
  store<u64>(ptr + TRACK_REMAINDER_VOLUME_UL, volumeUl);
}

/**
 * Adds `units` (µL × 3,600,000) of concentration (amountAbu, volumeUl), all delivered in the minute
 * of `nowMs` (delivery.ts splits its passes at minute boundaries), to the track.
 */
export function recordDelivery(track: i32, units: u64, amountAbu: u64, volumeUl: u64, nowMs: u64): void {
  if (track == NO_TRACK || units == 0) return;
  const ptr = trackPtr(track);
  prepare(ptr, nowMs, amountAbu, volumeUl);
  const denominator = volumeUl * UNITS_PER_UL;
  mul64(units, amountAbu);
  let hi = productHi;
  let lo = productLo + load<u64>(ptr + TRACK_REMAINDER);
  if (lo < productLo) hi += 1;
  const whole = divFloorSaturated(hi, lo, denominator);
  // The remainder is below the denominator (< 2^64): the low words suffice. A saturated quotient
  // (an absurd amount) keeps no remainder; the bucket saturates too.
  const remainder = whole == SATURATED_U63 ? 0 : lo - whole * denominator;
  const minute = minuteOf(nowMs);
  const bucket = bucketPtr(ptr, minute);
  store<u64>(bucket, saturatingAdd(load<u64>(bucket), whole));
  store<u64>(ptr + TRACK_REMAINDER, remainder);
  store<u64>(ptr + TRACK_LAST_DELIVERY_MINUTE, minute);
}

/** Whole ABU in the buckets of minutes oldestMinute … the current one (no remainder). */
function bucketSum(ptr: usize, oldestMinute: u64, minute: u64): u64 {
  let sum: u64 = 0;
  for (let m = oldestMinute; m <= minute; m++) sum = saturatingAdd(sum, load<u64>(bucketPtr(ptr, m)));
  return sum;
}

function oldestMinuteOf(minute: u64, windowS: u64): u64 {
  const span = windowS / 60;
  return minute > span ? minute - span : 0;
}

/**
 * The amount in the trailing window of `windowS` ending now, conservative: every bucket the window
 * touches counts whole (the oldest minute included entirely) and a carried remainder counts as one
 * ABU. 0 for NO_TRACK.
 */
export function windowSumAbu(track: i32, windowS: u64, nowMs: u64): u64 {
  if (track == NO_TRACK) return 0;
  const ptr = trackPtr(track);
  const minute = minuteOf(nowMs);
  advanceTo(ptr, minute);
  const sum = bucketSum(ptr, oldestMinuteOf(minute, windowS), minute);
  return saturatingAdd(sum, u64(load<u64>(ptr + TRACK_REMAINDER) != 0));
}

/**
 * The most units (µL × 3,600,000) of concentration (amountAbu, volumeUl) that can still be delivered
 * in the current minute with the window's exact total at most `hardMaxAbu`: whole buckets plus the
 * exact remainder plus what is delivered, ≤ hardMaxAbu. SATURATED_U63 when it is more than any pass.
 */
export function unitsAllowed(
  track: i32,
  hardMaxAbu: u64,
  windowS: u64,
  nowMs: u64,
  amountAbu: u64,
  volumeUl: u64,
): u64 {
  if (track == NO_TRACK) return SATURATED_U63;
  const ptr = trackPtr(track);
  prepare(ptr, nowMs, amountAbu, volumeUl);
  const minute = minuteOf(nowMs);
  const whole = bucketSum(ptr, oldestMinuteOf(minute, windowS), minute);
  if (whole >= hardMaxAbu) return 0;
  const room = hardMaxAbu - whole; // ABU, > 0
  const denominator = volumeUl * UNITS_PER_UL;
  mul64(room, denominator);
  const remainder = load<u64>(ptr + TRACK_REMAINDER);
  let hi = productHi;
  let lo = productLo;
  if (hi == 0 && lo < remainder) return 0;
  if (lo < remainder) hi -= 1;
  lo -= remainder;
  return divFloorSaturated(hi, lo, amountAbu);
}

// The planned future (docs/workflow.md §6.3): up to four segments a program would deliver one after
// another from now — rate, volume in units (NO_END: until stopped), concentration.
export const NO_END: u64 = 0xffffffffffffffff;
const PLAN_CAPACITY: i32 = 4;
const PLAN_SEGMENT_BYTES: usize = 32;
// In the fixed region after the tracks (abi/cumulative-layout.ts), not in the static data: that window
// is nearly full and must never reach library slot A at 0x20000.
const PLAN: usize = <usize>CUMULATIVE_PLAN_OFFSET;
let planCount: i32 = 0;

export function planReset(): void {
  planCount = 0;
}

/** Appends a segment; a zero rate or volume adds nothing (it would deliver nothing). */
export function planAdd(rateUlPerHour: u64, volumeUnits: u64, amountAbu: u64, volumeUl: u64): void {
  if (planCount >= PLAN_CAPACITY || rateUlPerHour == 0 || volumeUnits == 0) return;
  const at = PLAN + <usize>planCount * PLAN_SEGMENT_BYTES;
  store<u64>(at, rateUlPerHour);
  store<u64>(at + 8, volumeUnits);
  store<u64>(at + 16, amountAbu);
  store<u64>(at + 24, volumeUl);
  planCount++;
}

/** ceil(units × amountAbu / (volumeUl × 3,600,000)): the ABU a plan segment delivers, rounded up. */
function amountCeil(units: u64, amountAbu: u64, volumeUl: u64): u64 {
  const denominator = volumeUl * UNITS_PER_UL;
  mul64(units, amountAbu);
  const hi = productHi;
  const lo = productLo;
  const whole = divFloorSaturated(hi, lo, denominator);
  if (whole == SATURATED_U63) return whole;
  return whole + u64(lo - whole * denominator != 0);
}

/** What the plan delivers in its first `ms` milliseconds, in ABU, each segment rounded up. */
export function plannedAbu(ms: u64): u64 {
  let total: u64 = 0;
  let startMs: u64 = 0;
  for (let i = 0; i < planCount; i++) {
    if (ms <= startMs) break;
    const at = PLAN + <usize>i * PLAN_SEGMENT_BYTES;
    const rate = load<u64>(at);
    const volumeUnits = load<u64>(at + 8);
    const elapsed = ms - startMs; // < 2^27 within a window; rate < 2^24
    const runUnits = rate * elapsed;
    const units = runUnits < volumeUnits ? runUnits : volumeUnits;
    total = saturatingAdd(total, amountCeil(units, load<u64>(at + 16), load<u64>(at + 24)));
    if (volumeUnits == NO_END) break;
    // The next segment starts at the millisecond this one ends (delivery.ts rounds the end up).
    startMs += (volumeUnits + rate - 1) / rate;
  }
  return total;
}

/**
 * The largest trailing-window total the drug of `track` reaches over the next window if the plan is
 * delivered from now: max over k in [0, W] of (history still in the window at now + k, counted as
 * windowSumAbu counts it) + (plan delivered in the first k ms). The history only drops when a
 * minute leaves the window, so the candidates are the millisecond before each drop, and k = W.
 */
export function maxPlannedWindowAbu(track: i32, windowS: u64, nowMs: u64): u64 {
  const windowMs = windowS * 1000;
  if (track == NO_TRACK) return plannedAbu(windowMs);
  const ptr = trackPtr(track);
  const minute = minuteOf(nowMs);
  advanceTo(ptr, minute);
  const oldest = oldestMinuteOf(minute, windowS);
  let history = saturatingAdd(bucketSum(ptr, oldest, minute), u64(load<u64>(ptr + TRACK_REMAINDER) != 0));
  let best: u64 = 0;
  for (let b = oldest; b < minute; b++) {
    // Bucket b leaves the window when (now + k − W) reaches the start of minute b + 1.
    const k = (b + 1) * <u64>CUMULATIVE_BUCKET_MS + windowMs - 1 - nowMs;
    const total = saturatingAdd(history, plannedAbu(k));
    if (total > best) best = total;
    history -= load<u64>(bucketPtr(ptr, b));
  }
  const atWindow = saturatingAdd(history, plannedAbu(windowMs));
  return atWindow > best ? atWindow : best;
}
