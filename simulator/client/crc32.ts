// CRC-32/ISO-HDLC (zlib, Ethernet) on the host, written bit by bit from the definition — not a
// port of the firmware's table code — so tests can cross-check the two and zlib.crc32.
const REFLECTED_POLYNOMIAL = 0xedb88320;

export function crc32(bytes: Uint8Array): number {
  let register = 0xffffffff;
  for (const byte of bytes) {
    register ^= byte;
    for (let bit = 0; bit < 8; bit++)
      register = register & 1 ? (register >>> 1) ^ REFLECTED_POLYNOMIAL : register >>> 1;
  }
  return (register ^ 0xffffffff) >>> 0;
}
