// Consistent Overhead Byte Stuffing (docs/protocol.md §1): removes every 0x00 from a frame so 0x00
// can delimit frames on the wire. A code byte c is followed by c − 1 data bytes and stands for a
// 0x00 after them, except when c = 0xFF (a full 254-byte run) or at the end of the frame.

const FULL_RUN_CODE: u32 = 0xff;

/**
 * Decodes memory[srcPtr, srcPtr + srcLength) (no 0x00 inside: the receiver split there) to dstPtr.
 * Returns the decoded length, or −1 when a code byte promises more bytes than remain or the
 * output would exceed dstCapacity. Never reads or writes outside the two ranges.
 */
export function cobsDecode(srcPtr: usize, srcLength: u32, dstPtr: usize, dstCapacity: u32): i32 {
  let read: u32 = 0;
  let written: u32 = 0;
  while (read < srcLength) {
    const code = <u32>load<u8>(srcPtr + read);
    if (code == 0) return -1;
    read++;
    const runBytes = code - 1;
    if (runBytes > srcLength - read || runBytes > dstCapacity - written) return -1;
    for (let i: u32 = 0; i < runBytes; i++) store<u8>(dstPtr + written + i, load<u8>(srcPtr + read + i));
    read += runBytes;
    written += runBytes;
    if (code != FULL_RUN_CODE && read < srcLength) {
      if (written >= dstCapacity) return -1;
      store<u8>(dstPtr + written, 0);
      written++;
    }
  }
  return <i32>written;
}

/**
 * Encodes memory[srcPtr, srcPtr + srcLength) to dstPtr, delimiter not included; returns the
 * encoded length, at most srcLength + srcLength / 254 + 1. A run that reaches 254 bytes is
 * closed with 0xFF and a new code byte is opened, even at the end (then the frame ends in 0x01).
 */
export function cobsEncode(srcPtr: usize, srcLength: u32, dstPtr: usize): u32 {
  let codeAt: usize = dstPtr;
  let out: usize = dstPtr + 1;
  let code: u32 = 1;
  for (let i: u32 = 0; i < srcLength; i++) {
    const byte = load<u8>(srcPtr + i);
    if (byte == 0) {
      store<u8>(codeAt, <u8>code);
      codeAt = out++;
      code = 1;
      continue;
    }
    store<u8>(out++, byte);
    code++;
    if (code == FULL_RUN_CODE) {
      store<u8>(codeAt, <u8>code);
      codeAt = out++;
      code = 1;
    }
  }
  store<u8>(codeAt, <u8>code);
  return <u32>(out - dstPtr);
}
