// Retransmission history (docs/protocol.md §4): the last HISTORY_DEPTH executed requests'
// (sequence, CRC) and their encoded responses, so a repeated request is answered byte for byte
// again instead of being executed twice. Oldest entry is overwritten first.
//
//   slot s: SEQUENCES + 4s: u32 sequence | OCCUPIED (0 = empty, so zeroed memory is an empty
//           history even before the first reset), CRCS + 4s: u32 request CRC,
//           LENGTHS + 4s: u32 encoded response length, RESPONSES + s·SLOT_BYTES: response bytes
import { HISTORY_RESPONSES_OFFSET } from "../abi/codes";
import { HISTORY_DEPTH, OUTBOX_RESPONSE_RESERVE } from "../abi/protocol-codes";

const EMPTY_SLOT: u32 = 0;
const OCCUPIED: u32 = 0x10000;
const SLOT_BYTES: u32 = OUTBOX_RESPONSE_RESERVE;
const SEQUENCES: usize = memory.data(HISTORY_DEPTH * 4, 4);
const CRCS: usize = memory.data(HISTORY_DEPTH * 4, 4);
const LENGTHS: usize = memory.data(HISTORY_DEPTH * 4, 4);
// HISTORY_DEPTH × OUTBOX_RESPONSE_RESERVE bytes in their own region (docs/abi.md §2), not static data:
// they grow with the largest response and would crowd the static-data window.
const RESPONSES: usize = HISTORY_RESPONSES_OFFSET;
let nextSlot: u32 = 0;

export function historyClear(): void {
  for (let s: u32 = 0; s < <u32>HISTORY_DEPTH; s++) store<u32>(SEQUENCES + ((<usize>s) << 2), EMPTY_SLOT);
  nextSlot = 0;
}

/** Slot holding `sequence`, or −1. */
export function historyFind(sequence: u32): i32 {
  for (let s: u32 = 0; s < <u32>HISTORY_DEPTH; s++) {
    if (load<u32>(SEQUENCES + ((<usize>s) << 2)) == (sequence | OCCUPIED)) return <i32>s;
  }
  return -1;
}

export function historyCrc(slot: i32): u32 {
  return load<u32>(CRCS + ((<usize>slot) << 2));
}

export function historyResponsePtr(slot: i32): usize {
  return RESPONSES + <usize>slot * SLOT_BYTES;
}

export function historyResponseLength(slot: i32): u32 {
  return load<u32>(LENGTHS + ((<usize>slot) << 2));
}

/** Remembers an executed request and its encoded response (length ≤ OUTBOX_RESPONSE_RESERVE). */
export function historyRecord(sequence: u32, requestCrc: u32, responsePtr: usize, responseLength: u32): void {
  const slot = nextSlot;
  nextSlot = nextSlot + 1 == <u32>HISTORY_DEPTH ? 0 : nextSlot + 1;
  store<u32>(SEQUENCES + ((<usize>slot) << 2), sequence | OCCUPIED);
  store<u32>(CRCS + ((<usize>slot) << 2), requestCrc);
  store<u32>(LENGTHS + ((<usize>slot) << 2), responseLength);
  const dst = RESPONSES + <usize>slot * SLOT_BYTES;
  for (let i: u32 = 0; i < responseLength; i++) store<u8>(dst + i, load<u8>(responsePtr + i));
}
