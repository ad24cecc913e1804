// Test-only entry (build/ders.testkit.wasm), NOT part of the release ABI: exposes internals so
// tests/firmware can check them against BigInt and node:crypto. i64 values cross as BigInt.
import "./abi/abort";
import { sha256 } from "./crypto/sha256";
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
