// Ed25519 key files for signing (docs/library-tools.md §6). A key file says what it holds, so a
// private key can never be printed as a public one nor a public key used as a signing seed:
//   - PEM as OpenSSL writes it: `openssl genpkey -algorithm ed25519` (PKCS #8 "PRIVATE KEY"),
//     `openssl pkey -pubout` (SPKI "PUBLIC KEY");
//   - one line "ed25519-private-seed:" + 64 hex digits, the 32-byte RFC 8032 private key (seed);
//   - one line "ed25519-public:" + 64 hex digits, the 32-byte public key.
// Bare hex (64 digits with no label) is refused: it could be either.
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { PUBLIC_KEY_SIZE } from "../../firmware/abi/codes.ts";

const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** Labels of the one-line hex key files. */
export const PRIVATE_SEED_LABEL = "ed25519-private-seed:";
export const PUBLIC_KEY_LABEL = "ed25519-public:";

const FORMATS =
  `a PEM file ("openssl genpkey -algorithm ed25519" for the private key, "openssl pkey -pubout" for the public one), ` +
  `or one line "${PRIVATE_SEED_LABEL}<64 hex digits>" (private seed) or "${PUBLIC_KEY_LABEL}<64 hex digits>" (public key)`;

/** What a key file holds: a private key (from which the public key follows) or only a public key. */
export type KeyFile = { kind: "private"; privateKey: KeyObject } | { kind: "public"; publicKey: Uint8Array };

/** The Ed25519 private key of a 32-byte RFC 8032 seed. */
export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
}

/** The file's text as "ed25519-private-seed:<hex>" (what `sign --key` reads). */
export function privateSeedFileText(seedHex: string): string {
  return `${PRIVATE_SEED_LABEL}${seedHex}\n`;
}

/** The file's text as "ed25519-public:<hex>" (what `key-id` reads). */
export function publicKeyFileText(publicKey: Uint8Array): string {
  return `${PUBLIC_KEY_LABEL}${Buffer.from(publicKey).toString("hex")}\n`;
}

function labelledHex(trimmed: string, label: string, what: string): Buffer {
  const hex = trimmed.slice(label.length).trim();
  if (!HEX_KEY.test(hex))
    throw new Error(`${what}: after "${label}" give exactly 64 hex digits (32 bytes), got ${hex.length} characters`);
  return Buffer.from(hex, "hex");
}

function checkedEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`${what} is a ${key.asymmetricKeyType} key; the pumps need Ed25519`);
  return key;
}

/**
 * A key file's content, by what it says it holds; `what` names the file in errors. Throws with a
 * message naming the formats for anything else — bare hex included, since it could be either key.
 */
export function parseKeyFile(text: string, what: string): KeyFile {
  const trimmed = text.trim();
  if (trimmed.startsWith(PRIVATE_SEED_LABEL)) {
    return { kind: "private", privateKey: privateKeyFromSeed(labelledHex(trimmed, PRIVATE_SEED_LABEL, what)) };
  }
  if (trimmed.startsWith(PUBLIC_KEY_LABEL)) {
    const publicKey = labelledHex(trimmed, PUBLIC_KEY_LABEL, what);
    try {
      publicKeyObject(publicKey);
    } catch (error) {
      throw new Error(`${what} is not an Ed25519 public key (${(error as Error).message})`);
    }
    return { kind: "public", publicKey: new Uint8Array(publicKey) };
  }
  if (HEX_KEY.test(trimmed)) {
    throw new Error(
      `${what} holds 64 bare hex digits, which could be a private seed or a public key; ` +
        `label it: "${PRIVATE_SEED_LABEL}<hex>" for the private key (sign), "${PUBLIC_KEY_LABEL}<hex>" for the public key (key-id)`,
    );
  }
  if (!trimmed.includes("-----BEGIN")) throw new Error(`${what} is not an Ed25519 key file; give ${FORMATS}`);
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(trimmed)) {
    let key: KeyObject;
    try {
      key = createPrivateKey(trimmed);
    } catch (error) {
      throw new Error(`${what} is not an Ed25519 private key (${(error as Error).message}); give ${FORMATS}`);
    }
    return { kind: "private", privateKey: checkedEd25519(key, what) };
  }
  let key: KeyObject;
  try {
    key = createPublicKey(trimmed);
  } catch (error) {
    throw new Error(`${what} is not an Ed25519 key (${(error as Error).message}); give ${FORMATS}`);
  }
  if (key.type !== "public") throw new Error(`${what} is not an Ed25519 public or private key; give ${FORMATS}`);
  return { kind: "public", publicKey: rawPublicKey(checkedEd25519(key, what)) };
}

/** The signing key of a key file (`sign --key`); a public key, or anything else, is refused. */
export function parseSigningKeyFile(text: string, what: string): KeyObject {
  const parsed = parseKeyFile(text, what);
  if (parsed.kind === "public") {
    throw new Error(
      `${what} holds a public key; signing needs the private key ("openssl genpkey -algorithm ed25519" PEM or "${PRIVATE_SEED_LABEL}<hex>")`,
    );
  }
  return parsed.privateKey;
}

/** The raw 32-byte public key of a key file (`key-id`): derived from a private key, or as given. */
export function parseKeyIdFile(text: string, what: string): Uint8Array {
  const parsed = parseKeyFile(text, what);
  return parsed.kind === "private" ? rawPublicKey(parsed.privateKey) : parsed.publicKey;
}

/** The 32-byte public key of an Ed25519 key object (the end of its SPKI DER form). */
export function rawPublicKey(key: KeyObject): Uint8Array {
  const spki = (key.type === "public" ? key : createPublicKey(key)).export({ format: "der", type: "spki" });
  if (
    spki.length !== SPKI_ED25519_PREFIX.length + PUBLIC_KEY_SIZE ||
    !spki.subarray(0, SPKI_ED25519_PREFIX.length).equals(SPKI_ED25519_PREFIX)
  ) {
    throw new Error("not an Ed25519 public key");
  }
  return new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
}

/** A node:crypto public key object from 32 raw bytes. */
export function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: "der", type: "spki" });
}
