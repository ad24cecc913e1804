// Signature trailer: the last SIGNATURE_TRAILER_SIZE = 80 bytes of a signed library file
// (docs/library-image.md §9). The signature covers the image before it — header (version and
// status included) and body — exactly the bytes of the unsigned image; not the trailer.
//
//   0      4        6        8               16                                        80
//   +------+--------+--------+---------------+-----------------------------------------+
//   |magic |version |size    |key id         |Ed25519 signature R ‖ S (RFC 8032)        |
//   | DSIG |u16 = 1 |u16 = 80|SHA-256(key)[8]|64 bytes over image bytes 0 … length − 81 |
//   +------+--------+--------+---------------+-----------------------------------------+
// A file ends in a trailer exactly when it is at least 96 + 80 bytes long and its last 80 bytes
// begin with the magic; otherwise the whole file is the image (unsigned).

export const TRAILER_MAGIC = 0;
export const TRAILER_VERSION = 4;
export const TRAILER_SIZE_FIELD = 6;
export const TRAILER_KEY_ID = 8;
export const TRAILER_SIGNATURE = 16;
