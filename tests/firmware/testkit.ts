// Loads build/ders.testkit.wasm (firmware/testkit.ts): internals exposed for unit tests only.
import { readFileSync } from "node:fs";

export interface Testkit {
  memory: WebAssembly.Memory;
  testMul64(a: bigint, b: bigint): void;
  mulResultHi(): bigint;
  mulResultLo(): bigint;
  testCompare128(aHi: bigint, aLo: bigint, bHi: bigint, bLo: bigint): number;
  testDivFloorSaturated(nHi: bigint, nLo: bigint, d: bigint): bigint;
  testDivBoundedQuotient(nHi: bigint, nLo: bigint, d: bigint): bigint;
  testSha256(dataPtr: number, lengthBytes: number, outPtr: number): void;
}

export function loadTestkit(): Testkit {
  const bytes = readFileSync(new URL("../../build/ders.testkit.wasm", import.meta.url));
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Testkit;
}

/** i64 results come back signed; the firmware means them unsigned. */
export const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
/** i64 arguments must be in the signed range. */
export const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);
