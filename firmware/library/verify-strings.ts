// String-pool rule of docs/library-image.md §4: strings are stored in a fixed order, each once,
// with no sharing and no padding, so every string must start exactly where the previous one ended
// and the last must end at the end of the pool.
import { CODE_FIRST_BYTE, CODE_LAST_BYTE } from "../abi/limit-kinds";
import { isValidUtf8 } from "./utf8";

let poolPtr: usize = 0;
let poolSizeBytes: u32 = 0;
let poolCursor: u32 = 0;

export function beginStringPool(ptr: usize, sizeBytes: u32): void {
  poolPtr = ptr;
  poolSizeBytes = sizeBytes;
  poolCursor = 0;
}

/** Accepts the next string of the pool: it must sit at the cursor, inside the pool, as UTF-8. */
export function takeString(offset: u32, lengthBytes: u32): bool {
  if (offset != poolCursor) return false;
  if (lengthBytes > poolSizeBytes - poolCursor) return false;
  if (!isValidUtf8(poolPtr + offset, lengthBytes)) return false;
  poolCursor += lengthBytes;
  return true;
}

/** An external code (issue 13): the pool's next string, every byte printable ASCII 0x21–0x7E. */
export function takeCode(offset: u32, lengthBytes: u32): bool {
  if (offset != poolCursor || lengthBytes > poolSizeBytes - poolCursor) return false;
  for (let i: u32 = 0; i < lengthBytes; i++) {
    const byte = load<u8>(poolPtr + offset + i);
    if (byte < <u8>CODE_FIRST_BYTE || byte > <u8>CODE_LAST_BYTE) return false;
  }
  poolCursor += lengthBytes;
  return true;
}

/** True when every byte of the pool belongs to exactly one string. */
export function stringPoolFullyUsed(): bool {
  return poolCursor == poolSizeBytes;
}
