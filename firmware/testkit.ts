// Test-only entry (build/ders.testkit.wasm), NOT part of the release ABI: exposes internals so
// tests/firmware can check them against BigInt and node:crypto. i64 values cross as BigInt.
import "./abi/abort";
import { REQUEST_OFFSET, REQUEST_SIZE, Status } from "./abi/codes";
import { ed25519Verify } from "./crypto/ed25519";
import { BASE_MULTIPLES } from "./crypto/ed25519-base-table";
import { pointDecode } from "./crypto/ed25519-decode";
import { FIELD_BYTES, feAdd, feFromBytes, feMul, feSub, feToBytes } from "./crypto/ed25519-field";
import { POINT_BYTES, pointX, pointY } from "./crypto/ed25519-point";
import { reduceScalar512 } from "./crypto/ed25519-scalar";
import { sha256 } from "./crypto/sha256";
import { sha512, sha512Begin, sha512Finish, sha512Update } from "./crypto/sha512";
import { evaluateRequest } from "./engine/evaluate";
import {
  maxPlannedWindowAbu,
  openTrack,
  plannedAbu,
  planAdd,
  planReset,
  recordDelivery,
  resetCumulativeHistory,
  unitsAllowed,
  windowSumAbu,
} from "./workflow/cumulative-history";
import { compare128, divBoundedQuotient, divFloorSaturated, mul64, productHi, productLo } from "./exact/u128";

/** a × b; read the words back with mulResultHi / mulResultLo. */
export function testMul64(a: u64, b: u64): void {
  mul64(a, b);
}

export function mulResultHi(): u64 {
  return productHi;
}

export function mulResultLo(): u64 {
  return productLo;
}

export function testCompare128(aHi: u64, aLo: u64, bHi: u64, bLo: u64): i32 {
  return compare128(aHi, aLo, bHi, bLo);
}

export function testDivFloorSaturated(nHi: u64, nLo: u64, denominator: u64): u64 {
  return divFloorSaturated(nHi, nLo, denominator);
}

/** Precondition: nHi:nLo < 2^32 × denominator. */
export function testDivBoundedQuotient(nHi: u64, nLo: u64, denominator: u64): u64 {
  return divBoundedQuotient(nHi, nLo, denominator);
}

/** SHA-256 of memory[dataPtr, dataPtr + lengthBytes), 32 bytes written at outPtr. */
export function testSha256(dataPtr: i32, lengthBytes: i32, outPtr: i32): void {
  sha256(<usize>dataPtr, <u32>lengthBytes, <usize>outPtr);
}

/** SHA-512 of memory[dataPtr, dataPtr + lengthBytes), 64 bytes written at outPtr. */
export function testSha512(dataPtr: i32, lengthBytes: i32, outPtr: i32): void {
  sha512(<usize>dataPtr, <u32>lengthBytes, <usize>outPtr);
}

/** The same digest absorbed in two updates, split after `firstBytes`: exercises the partial-block path. */
export function testSha512Split(dataPtr: i32, lengthBytes: i32, firstBytes: i32, outPtr: i32): void {
  sha512Begin();
  sha512Update(<usize>dataPtr, <u32>firstBytes);
  sha512Update(<usize>dataPtr + <usize>firstBytes, <u32>(lengthBytes - firstBytes));
  sha512Finish(<usize>outPtr);
}

/** 1 when the 64-byte signature at signaturePtr verifies for the message under the 32-byte key, else 0. */
export function testEd25519Verify(publicKeyPtr: i32, messagePtr: i32, messageLength: i32, signaturePtr: i32): i32 {
  return i32(ed25519Verify(<usize>publicKeyPtr, <usize>messagePtr, <u32>messageLength, <usize>signaturePtr));
}

// Field and scalar arithmetic of Ed25519, through 32-byte little-endian encodings (bit 255 of an
// input is ignored; outputs are canonical, below p).
const FIELD_A: usize = memory.data(<i32>FIELD_BYTES, 16);
const FIELD_B: usize = memory.data(<i32>FIELD_BYTES, 16);

const FIELD_C: usize = memory.data(<i32>FIELD_BYTES, 16);

/**
 * operation (mod 2^255 − 19): 0 a + b, 1 a − b, 2 a·b; 3 (a − b)·(b − a) and 4 a·a − b·b feed
 * loose limbs (negative, or above 2^16) into a product and into the final reduction.
 */
export function testEd25519Field(operation: i32, aPtr: i32, bPtr: i32, outPtr: i32): void {
  feFromBytes(FIELD_A, <usize>aPtr);
  feFromBytes(FIELD_B, <usize>bPtr);
  if (operation == 0) {
    feAdd(FIELD_A, FIELD_A, FIELD_B);
  } else if (operation == 1) {
    feSub(FIELD_A, FIELD_A, FIELD_B);
  } else if (operation == 2) {
    feMul(FIELD_A, FIELD_A, FIELD_B);
  } else if (operation == 3) {
    feSub(FIELD_C, FIELD_B, FIELD_A);
    feSub(FIELD_A, FIELD_A, FIELD_B);
    feMul(FIELD_A, FIELD_A, FIELD_C);
  } else {
    feMul(FIELD_A, FIELD_A, FIELD_A);
    feMul(FIELD_B, FIELD_B, FIELD_B);
    feSub(FIELD_A, FIELD_A, FIELD_B);
  }
  feToBytes(<usize>outPtr, FIELD_A);
}

const DECODED_POINT: usize = memory.data(<i32>POINT_BYTES, 16);

/** Decodes a 32-byte point encoding; on success (1) writes canonical x and y, 32 bytes each, at outPtr. */
export function testEd25519DecodePoint(bytesPtr: i32, outPtr: i32): i32 {
  if (!pointDecode(DECODED_POINT, <usize>bytesPtr)) return 0;
  feToBytes(<usize>outPtr, pointX(DECODED_POINT));
  feToBytes(<usize>outPtr + 32, pointY(DECODED_POINT));
  return 1;
}

/** Address of the precomputed base-point multiples, so a test recomputes every limb with BigInt. */
export function testEd25519BaseMultiples(): i32 {
  return <i32>BASE_MULTIPLES;
}

/** 64-byte little-endian value at inPtr mod L, 32 bytes written at outPtr. */
export function testEd25519ReduceScalar(inPtr: i32, outPtr: i32): void {
  reduceScalar512(<usize>inPtr, <usize>outPtr);
}

// Benchmark staging area: requests laid end to end in the part of memory the release ABI reserves
// (docs/abi.md §2, 0x800–0x10000), used only by this test build so `npm run bench` can time the
// engine itself without a JavaScript call and copy per check. The capacity keeps the area below the
// firmware's static data at 0x10000 (ABI 7's 136-byte requests: 465 of them).
const BENCH_STAGING: usize = 0x800;
const STATIC_DATA_START: usize = 0x10000;
export const BENCH_STAGING_CAPACITY: i32 = <i32>((STATIC_DATA_START - BENCH_STAGING) / <usize>REQUEST_SIZE);

export function benchStagingOffset(): i32 {
  return <i32>BENCH_STAGING;
}

/** Evaluates `count` staged requests one after another, each copied into the request buffer as a host would. */
export function benchEvaluateStaged(count: i32): i32 {
  if (count < 0 || count > BENCH_STAGING_CAPACITY) return -1;
  let okCount = 0;
  for (let i = 0; i < count; i++) {
    const from = BENCH_STAGING + <usize>i * <usize>REQUEST_SIZE;
    for (let word: usize = 0; word < <usize>REQUEST_SIZE; word += 8)
      store<u64>(<usize>REQUEST_OFFSET + word, load<u64>(from + word));
    okCount += i32(evaluateRequest() == Status.OK);
  }
  return okCount;
}

/**
 * End of the firmware's static data (AS's __heap_base: every memory.data, zero-filled ones too,
 * lies below it). The tests hold it inside the static-data window (docs/abi.md §2): the data
 * segments a module carries do not show the zero-filled reservations.
 */
export function staticDataEnd(): usize {
  return __heap_base;
}

// The cumulative-dose history (workflow/cumulative-history.ts), driven directly: tracks, delivery
// passes, window sums, the stop allowance and the planned-future maximum, checked against BigInt.
export function testCumulativeReset(): void {
  resetCumulativeHistory();
  planReset();
}

export function testCumulativeOpen(entryId: i32, nowMs: u64, keptEntryId: i32): i32 {
  return openTrack(<u32>entryId, nowMs, <u32>keptEntryId);
}

export function testCumulativeRecord(track: i32, units: u64, amountAbu: u64, volumeUl: u64, nowMs: u64): void {
  recordDelivery(track, units, amountAbu, volumeUl, nowMs);
}

export function testCumulativeWindowSum(track: i32, windowS: u64, nowMs: u64): u64 {
  return windowSumAbu(track, windowS, nowMs);
}

export function testCumulativeUnitsAllowed(
  track: i32,
  hardMaxAbu: u64,
  windowS: u64,
  nowMs: u64,
  amountAbu: u64,
  volumeUl: u64,
): u64 {
  return unitsAllowed(track, hardMaxAbu, windowS, nowMs, amountAbu, volumeUl);
}

export function testCumulativePlanAdd(rateUlPerHour: u64, volumeUnits: u64, amountAbu: u64, volumeUl: u64): void {
  planAdd(rateUlPerHour, volumeUnits, amountAbu, volumeUl);
}

export function testCumulativePlanReset(): void {
  planReset();
}

export function testCumulativePlannedAbu(ms: u64): u64 {
  return plannedAbu(ms);
}

export function testCumulativeMaxPlanned(track: i32, windowS: u64, nowMs: u64): u64 {
  return maxPlannedWindowAbu(track, windowS, nowMs);
}
