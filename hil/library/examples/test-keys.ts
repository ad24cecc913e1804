// Test-only Ed25519 key pairs, derived deterministically from labelled seeds at run time: no private
// key is stored in the repository, and none of these is ever a release key (docs/library-tools.md §6).
import { createHash, type KeyObject } from "node:crypto";
import { privateKeyFromSeed, rawPublicKey } from "../../../simulator/host/key-files.ts";

export interface TestKey {
  privateKey: KeyObject;
  /** Raw 32-byte public key, what provisionPublicKey takes. */
  publicKey: Uint8Array;
  /** The 32-byte RFC 8032 private key (seed) as 64 hex digits: a key file's content. */
  seedHex: string;
}

function testKey(label: string): TestKey {
  const seedHex = createHash("sha256").update(`open-ders TEST signing key ${label}; not for release`).digest("hex");
  const privateKey = privateKeyFromSeed(Buffer.from(seedHex, "hex"));
  return { privateKey, publicKey: rawPublicKey(privateKey), seedHex };
}

/** The key the test pumps are provisioned with. */
export const HOSPITAL_KEY = testKey("A");
/** A valid key the pumps do not know: its signatures are "wrong key". */
export const OTHER_KEY = testKey("B");
