// Ed25519 signature verification (RFC 8032 §5.1.7), for signed drug-library images checked against
// a public key in the NV region before activation. Cofactorless check: accept exactly when
// [S]B = R + [k]A with k = SHA-512(R ‖ A ‖ M) mod L, i.e. [S]B + [k](−A) = R as points.
// Rejects S ≥ L and encodings of A or R that do not decode. Public data only: not constant-time.
// Reasons and measurements: docs/decisions/0008-ed25519-in-firmware.md.
import { doubleScalarMultiplyBase } from "./ed25519-multiply";
import { pointDecode } from "./ed25519-decode";
import { POINT_BYTES, pointEqual, pointNegate } from "./ed25519-point";
import { isCanonicalScalar, reduceScalar512 } from "./ed25519-scalar";
import { sha512Begin, sha512Finish, sha512Update } from "./sha512";

export const ED25519_PUBLIC_KEY_BYTES: u32 = 32;
export const ED25519_SIGNATURE_BYTES: u32 = 64;

// Signature layout: R (encoded point) at 0, S (scalar, little-endian) at 32.
const SIGNATURE_S_OFFSET: usize = 32;

const PUBLIC_POINT: usize = memory.data(<i32>POINT_BYTES, 16);
const R_POINT: usize = memory.data(<i32>POINT_BYTES, 16);
const COMBINED: usize = memory.data(<i32>POINT_BYTES, 16);
const DIGEST: usize = memory.data(64, 16);
const CHALLENGE: usize = memory.data(32, 16);

/**
 * True when the 64-byte signature at signaturePtr is valid for memory[messagePtr, +messageLength)
 * under the 32-byte public key at publicKeyPtr. Reads the message in place (one SHA-512 pass).
 * The caller bounds the ranges (e.g. to the library region): a read outside memory would trap.
 */
export function ed25519Verify(publicKeyPtr: usize, messagePtr: usize, messageLength: u32, signaturePtr: usize): bool {
  const scalarS = signaturePtr + SIGNATURE_S_OFFSET;
  if (!isCanonicalScalar(scalarS)) return false;
  if (!pointDecode(PUBLIC_POINT, publicKeyPtr)) return false;
  if (!pointDecode(R_POINT, signaturePtr)) return false;

  sha512Begin();
  sha512Update(signaturePtr, 32); // R as encoded, not re-encoded
  sha512Update(publicKeyPtr, ED25519_PUBLIC_KEY_BYTES);
  sha512Update(messagePtr, messageLength);
  sha512Finish(DIGEST);
  reduceScalar512(DIGEST, CHALLENGE);

  pointNegate(PUBLIC_POINT, PUBLIC_POINT);
  doubleScalarMultiplyBase(COMBINED, CHALLENGE, PUBLIC_POINT, scalarS);
  return pointEqual(COMBINED, R_POINT);
}
