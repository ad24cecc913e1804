// Strict UTF-8 check (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) for the
// library name and string-pool strings, so a display never receives malformed text.

// @ts-ignore: decorator
@inline function isContinuation(byte: u32): bool {
  return (byte & 0xc0) == 0x80;
}

/** True when memory[ptr, ptr + lengthBytes) is well-formed UTF-8. */
export function isValidUtf8(ptr: usize, lengthBytes: u32): bool {
  let i: u32 = 0;
  while (i < lengthBytes) {
    const lead = <u32>load<u8>(ptr + i);
    if (lead < 0x80) {
      i++;
      continue;
    }
    let trailing: u32;
    // Bounds of the first continuation byte exclude overlong forms, surrogates and > U+10FFFF.
    let secondLow: u32 = 0x80;
    let secondHigh: u32 = 0xbf;
    if (lead < 0xc2) {
      return false; // stray continuation byte or overlong two-byte form
    } else if (lead < 0xe0) {
      trailing = 1;
    } else if (lead < 0xf0) {
      trailing = 2;
      if (lead == 0xe0) secondLow = 0xa0;
      if (lead == 0xed) secondHigh = 0x9f;
    } else if (lead < 0xf5) {
      trailing = 3;
      if (lead == 0xf0) secondLow = 0x90;
      if (lead == 0xf4) secondHigh = 0x8f;
    } else {
      return false;
    }
    if (lengthBytes - i <= trailing) return false;
    const second = <u32>load<u8>(ptr + i + 1);
    if (second < secondLow || second > secondHigh) return false;
    for (let k: u32 = 2; k <= trailing; k++) {
      if (!isContinuation(<u32>load<u8>(ptr + i + k))) return false;
    }
    i += trailing + 1;
  }
  return true;
}
