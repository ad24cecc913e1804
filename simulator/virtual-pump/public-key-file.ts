// The public key file of `npm run pump -- --provision-key <file>`: what the factory provisions into
// a pump (docs/host-contract.md §10). The same two forms `library key-id` prints and `library
// verify` reads (docs/library-tools.md §6): one line "ed25519-public:<64 hex digits>", or PEM
// "-----BEGIN PUBLIC KEY-----" (Ed25519 SPKI). The simulator may not import hil/, so the two forms
// are read here with node:crypto; a private key or bare hex is refused, as there.
import { createPublicKey } from "node:crypto";
import { PUBLIC_KEY_SIZE } from "../../firmware/abi/codes.ts";

const LABEL = "ed25519-public:";
/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw key follows. */
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

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
    let der: Buffer;
    try {
      der = createPublicKey(trimmed).export({ format: "der", type: "spki" });
    } catch (error) {
      throw new Error(`${what}: not a readable PEM public key (${(error as Error).message}); ${expected}`);
    }
    if (
      der.length !== SPKI_ED25519_PREFIX.length + PUBLIC_KEY_SIZE ||
      !der.subarray(0, SPKI_ED25519_PREFIX.length).equals(SPKI_ED25519_PREFIX)
    ) {
      throw new Error(`${what}: the PEM key is not an Ed25519 key; ${expected}`);
    }
    return new Uint8Array(der.subarray(SPKI_ED25519_PREFIX.length));
  }
  if (/^[0-9a-fA-F]{64}$/.test(trimmed))
    throw new Error(
      `${what}: 64 bare hex digits could be a private or a public key; add the label: "${LABEL}${trimmed.slice(0, 4)}…"`,
    );
  throw new Error(`${what}: not a public key file; ${expected}`);
}
