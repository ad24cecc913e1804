// Loads build/ders.testkit.wasm (firmware/testkit.ts): internals exposed for unit tests only.
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { LIBRARY_REGION_OFFSET } from "../../firmware/abi/codes.ts";
import { TESTKIT_WASM_PATH } from "../support/profile.ts";

export interface Testkit {
  memory: WebAssembly.Memory;
  testMul64(a: bigint, b: bigint): void;
  mulResultHi(): bigint;
  mulResultLo(): bigint;
  testCompare128(aHi: bigint, aLo: bigint, bHi: bigint, bLo: bigint): number;
  testDivFloorSaturated(nHi: bigint, nLo: bigint, d: bigint): bigint;
  testDivBoundedQuotient(nHi: bigint, nLo: bigint, d: bigint): bigint;
  testSha256(dataPtr: number, lengthBytes: number, outPtr: number): void;
  testSha512(dataPtr: number, lengthBytes: number, outPtr: number): void;
  testSha512Split(dataPtr: number, lengthBytes: number, firstBytes: number, outPtr: number): void;
  testEd25519Verify(publicKeyPtr: number, messagePtr: number, messageLength: number, signaturePtr: number): number;
  /** operation: 0 add, 1 subtract, 2 multiply mod 2^255 − 19, on 32-byte little-endian encodings. */
  testEd25519Field(operation: number, aPtr: number, bPtr: number, outPtr: number): void;
  testEd25519ReduceScalar(inPtr: number, outPtr: number): void;
  /** 1 and canonical x ‖ y (64 bytes) at outPtr when the 32-byte encoding decodes, else 0. */
  testEd25519DecodePoint(bytesPtr: number, outPtr: number): number;
  /** Address of the constant table B, 3B, …, 15B (firmware/crypto/ed25519-base-table.ts). */
  testEd25519BaseMultiples(): number;
  /** End of the firmware's static data, zero-filled reservations included (AS __heap_base). */
  staticDataEnd(): number;
}

export function loadTestkit(): Testkit {
  const bytes = readFileSync(TESTKIT_WASM_PATH);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Testkit;
}

/** i64 results come back signed; the firmware means them unsigned. */
export const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
/** i64 arguments must be in the signed range. */
export const i64 = (v: bigint): bigint => BigInt.asIntN(64, v);

// Ed25519 through the testkit. Key and signature go in the request buffer (unused by the testkit),
// the message in the library region, where the firmware will find a signed image.
const ED25519_KEY_AT = 0x400;
const ED25519_SIGNATURE_AT = 0x420;

/** The firmware's verdict on (public key, message, signature); lengths other than 32 / 64 are the test's bug. */
export function firmwareVerify(
  kit: Testkit,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) throw new Error("public key must be 32 bytes, signature 64");
  const memory = new Uint8Array(kit.memory.buffer);
  memory.set(publicKey, ED25519_KEY_AT);
  memory.set(signature, ED25519_SIGNATURE_AT);
  memory.set(message, LIBRARY_REGION_OFFSET);
  return kit.testEd25519Verify(ED25519_KEY_AT, LIBRARY_REGION_OFFSET, message.length, ED25519_SIGNATURE_AT) === 1;
}

/** node:crypto Ed25519 private key from a 32-byte seed (RFC 8032 "secret key"), via its PKCS #8 DER form. */
export function ed25519KeyFromSeed(seed: Uint8Array): KeyObject {
  const pkcs8Prefix = Buffer.from("302e020100300506032b657004220420", "hex");
  return createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: "der", type: "pkcs8" });
}

/** The raw 32-byte public key of a node:crypto Ed25519 key (the last 32 bytes of its SPKI DER form). */
export function ed25519RawPublicKey(key: KeyObject): Uint8Array {
  const spki = createPublicKey(key).export({ format: "der", type: "spki" });
  return new Uint8Array(spki.subarray(spki.length - 32));
}

/** L, the order of the Ed25519 base point (RFC 8032 §5.1). */
export const ED25519_ORDER = (1n << 252n) + 27742317777372353535851937790883648493n;

export function fromLittleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]);
  return value;
}

export function toLittleEndian(value: bigint, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return bytes;
}

/** The secret scalar a of a seed (RFC 8032 §5.1.5: the clamped first half of SHA-512(seed)); public key = [a]B. */
export function ed25519SecretScalar(seed: Uint8Array): bigint {
  const half = new Uint8Array(createHash("sha512").update(seed).digest().subarray(0, 32));
  half[0] &= 248;
  half[31] = (half[31] & 127) | 64;
  return fromLittleEndian(half);
}

/** k = SHA-512(R ‖ A ‖ M) mod L, from the encodings exactly as given (RFC 8032 §5.1.7). */
export function ed25519Challenge(encodedR: Uint8Array, publicKey: Uint8Array, message: Uint8Array): bigint {
  const digest = createHash("sha512").update(encodedR).update(publicKey).update(message).digest();
  return fromLittleEndian(new Uint8Array(digest)) % ED25519_ORDER;
}
