// Ed25519 key files for signing (docs/library-tools.md §6): PEM as OpenSSL writes it
// (`openssl genpkey -algorithm ed25519`: PKCS #8 "PRIVATE KEY"; `openssl pkey -pubout`: SPKI
// "PUBLIC KEY"), or raw hex: 64 hex digits, the 32-byte RFC 8032 private key (seed) or public key.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { PUBLIC_KEY_SIZE } from "../../../firmware/abi/codes.ts";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** A private key from PEM or a 32-byte seed; `what` names the file in errors. */
export function parsePrivateKey(text: string, what: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (HEX_KEY.test(trimmed)) {
      key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(trimmed, "hex")]), format: "der", type: "pkcs8" });
    } else if (trimmed.includes("-----BEGIN")) {
      key = createPrivateKey(trimmed);
    } else {
      throw new Error("neither PEM nor 64 hex digits");
    }
  } catch (error) {
    throw new Error(`${what} is not an Ed25519 private key (${(error as Error).message}); give a PEM file from "openssl genpkey -algorithm ed25519" or 64 hex digits`);
  }
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`${what} is a ${key.asymmetricKeyType} key; signing needs Ed25519`);
  return key;
}

/** The raw 32-byte public key from a PEM public or private key, or 64 hex digits. */
export function parsePublicKey(text: string, what: string): Uint8Array {
  const trimmed = text.trim();
  if (HEX_KEY.test(trimmed)) return new Uint8Array(Buffer.from(trimmed, "hex"));
  let key: KeyObject;
  try {
    key = trimmed.includes("PRIVATE KEY") ? createPublicKey(createPrivateKey(trimmed)) : createPublicKey(trimmed);
  } catch (error) {
    throw new Error(`${what} is not an Ed25519 key (${(error as Error).message}); give a PEM file or 64 hex digits`);
  }
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`${what} is a ${key.asymmetricKeyType} key; the pump needs Ed25519`);
  return rawPublicKey(key);
}

/** The 32-byte public key of an Ed25519 key object (the end of its SPKI DER form). */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const spki = (key.type === "public" ? key : createPublicKey(key)).export({ format: "der", type: "spki" });
  if (spki.length !== SPKI_ED25519_PREFIX.length + PUBLIC_KEY_SIZE || !spki.subarray(0, SPKI_ED25519_PREFIX.length).equals(SPKI_ED25519_PREFIX)) {
    throw new Error("not an Ed25519 public key");
  }
  return new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
}

/** A node:crypto public key object from 32 raw bytes. */
export function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: "der", type: "spki" });
}
