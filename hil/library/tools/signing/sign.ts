// Release signing (REQ-SIG-001, REQ-LC-019): a released library, compiled, signed with Ed25519
// over the whole image and written with the trailer the pump checks. Refuses whatever
// signingRefusals() refuses, and checks its own signature with node:crypto before returning it.
import { sign, verify, type KeyObject } from "node:crypto";
import { LibraryStatus, SIGNATURE_TRAILER_SIZE } from "../../../../firmware/abi/codes.ts";
import { largestLibrarySlotSize } from "../../../../firmware/abi/memory-profiles.ts";
import { compileLibrary } from "../../compiler/compile.ts";
import { signingRefusals } from "../lifecycle/signable.ts";
import { publicKeyObject, rawPublicKey } from "../../../../simulator/host/key-files.ts";
import { encodeTrailer, keyIdOf, splitSignedFile } from "./trailer.ts";

/** The image followed by its trailer: Ed25519 over every image byte (header, status and version included). */
export function signImage(image: Uint8Array, privateKey: KeyObject): Uint8Array {
  if (splitSignedFile(image).trailer !== undefined)
    throw new Error("the image already ends in a signature trailer; sign the unsigned image");
  if (image.length + SIGNATURE_TRAILER_SIZE > largestLibrarySlotSize()) {
    throw new Error(
      `the signed file would be ${image.length + SIGNATURE_TRAILER_SIZE} bytes, more than a pump library slot (${largestLibrarySlotSize()})`,
    );
  }
  const publicKey = rawPublicKey(privateKey);
  const signature = new Uint8Array(sign(null, image, privateKey));
  const file = new Uint8Array(image.length + SIGNATURE_TRAILER_SIZE);
  file.set(image);
  file.set(encodeTrailer(keyIdOf(publicKey), signature), image.length);
  if (!verifySignedFile(file, publicKey))
    throw new Error("the signature does not verify: the key or node:crypto is broken; nothing written");
  return file;
}

/** node:crypto's verdict: the file carries a trailer naming `publicKey` whose signature verifies. */
export function verifySignedFile(file: Uint8Array, publicKey: Uint8Array): boolean {
  const { image, trailer } = splitSignedFile(file);
  if (trailer === undefined) return false;
  if (!Buffer.from(trailer.keyId).equals(Buffer.from(keyIdOf(publicKey)))) return false;
  return verify(null, image, publicKeyObject(publicKey), trailer.signature);
}

export type SignedLibrary =
  { ok: true; file: Uint8Array; name: string; version: number; keyId: string } | { ok: false; reasons: string[] };

/** Compiles and signs a library JSON value; refused (with every reason) unless signingRefusals() is empty. */
export function signLibrary(json: unknown, privateKey: KeyObject): SignedLibrary {
  const refusals = signingRefusals(json);
  if (refusals.length > 0) return { ok: false, reasons: refusals };
  const compiled = compileLibrary(json);
  if (!compiled.ok) return { ok: false, reasons: [`the library does not compile (${compiled.errors.length} errors)`] };
  // signingRefusals checked the JSON's status; the image must say the same, or the pump refuses it.
  if (compiled.library.status !== LibraryStatus.RELEASED)
    return { ok: false, reasons: ["the compiled image is not marked released"] };
  const file = signImage(compiled.image, privateKey);
  return {
    ok: true,
    file,
    name: compiled.library.name,
    version: compiled.library.version,
    keyId: Buffer.from(keyIdOf(rawPublicKey(privateKey))).toString("hex"),
  };
}
