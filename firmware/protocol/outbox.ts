// The outbox: encoded frames (each with its 0x00 delimiter) waiting for transmit(), as a byte ring
// in firmware static memory. Frames leave in the order they were queued (docs/protocol.md §6).
import { TX_BUFFER_OFFSET, TX_BUFFER_SIZE } from "../abi/codes";
import { OUTBOX_SIZE } from "../abi/protocol-codes";

const RING: usize = memory.data(OUTBOX_SIZE, 16);
let readIndex: u32 = 0;
let pendingBytes: u32 = 0;

export function outboxReset(): void {
  readIndex = 0;
  pendingBytes = 0;
}

export function outboxFreeBytes(): u32 {
  return OUTBOX_SIZE - pendingBytes;
}

export function outboxPendingBytes(): u32 {
  return pendingBytes;
}

/** Appends memory[srcPtr, srcPtr + length); the caller checked outboxFreeBytes() ≥ length. */
export function outboxPush(srcPtr: usize, length: u32): void {
  let writeIndex = (readIndex + pendingBytes) % OUTBOX_SIZE;
  for (let i: u32 = 0; i < length; i++) {
    store<u8>(RING + writeIndex, load<u8>(srcPtr + i));
    writeIndex = writeIndex + 1 == OUTBOX_SIZE ? 0 : writeIndex + 1;
  }
  pendingBytes += length;
}

/** Moves min(maxBytes, TX_BUFFER_SIZE, pending) bytes to TX_BUFFER_OFFSET; returns how many. */
export function outboxTake(maxBytes: u32): u32 {
  let count = maxBytes < <u32>TX_BUFFER_SIZE ? maxBytes : <u32>TX_BUFFER_SIZE;
  if (count > pendingBytes) count = pendingBytes;
  for (let i: u32 = 0; i < count; i++) {
    store<u8>(<usize>TX_BUFFER_OFFSET + i, load<u8>(RING + readIndex));
    readIndex = readIndex + 1 == OUTBOX_SIZE ? 0 : readIndex + 1;
  }
  pendingBytes -= count;
  return count;
}
