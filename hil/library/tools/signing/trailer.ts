// The signature trailer of a signed library file (docs/library-image.md §9), host side: the bytes
// the pump's firmware/library/admit.ts reads. The numbers come from firmware/abi/codes.ts.
import { createHash } from "node:crypto";
import {
  IMAGE_HEADER_SIZE,
  KEY_ID_SIZE,
  PUBLIC_KEY_SIZE,
  SIGNATURE_SIZE,
  SIGNATURE_TRAILER_MAGIC,
  SIGNATURE_TRAILER_SIZE,
  SIGNATURE_TRAILER_VERSION,
} from "../../../../firmware/abi/codes.ts";

export interface Trailer {
  version: number;
  size: number;
  /** KEY_ID_SIZE bytes: the first bytes of SHA-256 of the signer's raw public key. */
  keyId: Uint8Array;
  /** Ed25519 R ‖ S over the image bytes before the trailer. */
  signature: Uint8Array;
}

/** The key id a trailer carries for this 32-byte raw public key. */
export function keyIdOf(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== PUBLIC_KEY_SIZE)
    throw new Error(`an Ed25519 public key is ${PUBLIC_KEY_SIZE} bytes, got ${publicKey.length}`);
  return new Uint8Array(createHash("sha256").update(publicKey).digest().subarray(0, KEY_ID_SIZE));
}

export function encodeTrailer(keyId: Uint8Array, signature: Uint8Array): Uint8Array {
  if (keyId.length !== KEY_ID_SIZE || signature.length !== SIGNATURE_SIZE)
    throw new Error("key id must be 8 bytes and the signature 64");
  const trailer = new Uint8Array(SIGNATURE_TRAILER_SIZE);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, SIGNATURE_TRAILER_MAGIC, true);
  view.setUint16(4, SIGNATURE_TRAILER_VERSION, true);
  view.setUint16(6, SIGNATURE_TRAILER_SIZE, true);
  trailer.set(keyId, 8);
  trailer.set(signature, 16);
  return trailer;
}

/** The file split as the pump splits it: a trailer exactly when the last 80 bytes start with "DSIG". */
export function splitSignedFile(file: Uint8Array): { image: Uint8Array; trailer?: Trailer } {
  if (file.length < IMAGE_HEADER_SIZE + SIGNATURE_TRAILER_SIZE) return { image: file };
  const at = file.length - SIGNATURE_TRAILER_SIZE;
  const view = new DataView(file.buffer, file.byteOffset + at, SIGNATURE_TRAILER_SIZE);
  if (view.getUint32(0, true) !== SIGNATURE_TRAILER_MAGIC) return { image: file };
  return {
    image: file.subarray(0, at),
    trailer: {
      version: view.getUint16(4, true),
      size: view.getUint16(6, true),
      keyId: file.slice(at + 8, at + 16),
      signature: file.slice(at + 16, at + 80),
    },
  };
}
