// The public key file of `npm run pump -- --provision-key <file>`: what the factory provisions into
// a pump (docs/host-contract.md §10). The same two forms `library key-id` prints and `library
// verify` reads (docs/library-tools.md §6): one line "ed25519-public:<64 hex digits>", or PEM
// "-----BEGIN PUBLIC KEY-----" (Ed25519 SPKI), read with the key-file helpers the signing tools use
// (simulator/host/key-files.ts); a private key or bare hex is refused, as there, with messages that
// speak of a pump.
import { createPublicKey, type KeyObject } from "node:crypto";
import { PUBLIC_KEY_LABEL as LABEL, rawPublicKey } from "../host/key-files.ts";

/** The raw 32-byte public key; throws an Error that says what the file should hold. */
export function parsePublicKeyFile(text: string, what: string): Uint8Array {
  const trimmed = text.trim();
  const expected = `give the pumps' public key: one line "${LABEL}<64 hex digits>" or a PEM "BEGIN PUBLIC KEY" file (npm run library -- key-id prints it)`;
  if (trimmed.startsWith(LABEL)) {
    const digits = trimmed.slice(LABEL.length).trim();
    if (!/^[0-9a-fA-F]{64}$/.test(digits))
      throw new Error(`${what}: "${LABEL}" must be followed by exactly 64 hex digits; ${expected}`);
    return new Uint8Array(Buffer.from(digits, "hex"));
  }
  if (trimmed.includes("PRIVATE KEY") || trimmed.startsWith("ed25519-private-seed:")) {
    throw new Error(`${what} holds a private key; a pump is only ever given the public key: ${expected}`);
  }
  if (trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
    let key: KeyObject;
    try {
      key = createPublicKey(trimmed);
    } catch (error) {
      throw new Error(`${what}: not a readable PEM public key (${(error as Error).message}); ${expected}`);
    }
    try {
      return rawPublicKey(key);
    } catch {
      throw new Error(`${what}: the PEM key is not an Ed25519 key; ${expected}`);
    }
  }
  if (/^[0-9a-fA-F]{64}$/.test(trimmed))
    throw new Error(
      `${what}: 64 bare hex digits could be a private or a public key; add the label: "${LABEL}${trimmed.slice(0, 4)}…"`,
    );
  throw new Error(`${what}: not a public key file; ${expected}`);
}
