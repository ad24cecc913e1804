// Test-only entry (build/ders.testkit.wasm), NOT part of the release ABI: exposes internals so
// tests/firmware can check them against BigInt and node:crypto. i64 values cross as BigInt.
import "./abi/abort";
import { REQUEST_OFFSET, REQUEST_SIZE, Status } from "./abi/codes";
import { sha256 } from "./crypto/sha256";
import { evaluateRequest } from "./engine/evaluate";
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

// Benchmark staging area: requests laid end to end in the part of memory the release ABI reserves
// (docs/abi.md §2, 0x700–0x10000), used only by this test build so `npm run bench` can time the
// engine itself without a JavaScript call and copy per check.
const BENCH_STAGING: usize = 0x800;
export const BENCH_STAGING_CAPACITY: i32 = 512;

export function benchStagingOffset(): i32 {
  return <i32>BENCH_STAGING;
}

/** Evaluates `count` staged requests one after another, each copied into the request buffer as a host would. */
export function benchEvaluateStaged(count: i32): i32 {
  if (count < 0 || count > BENCH_STAGING_CAPACITY) return -1;
  let okCount = 0;
  for (let i = 0; i < count; i++) {
    const from = BENCH_STAGING + <usize>i * <usize>REQUEST_SIZE;
    for (let word: usize = 0; word < <usize>REQUEST_SIZE; word += 8) store<u64>(<usize>REQUEST_OFFSET + word, load<u64>(from + word));
    okCount += i32(evaluateRequest() == Status.OK);
  }
  return okCount;
}
