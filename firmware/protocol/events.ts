// Unsolicited EVENT frames (docs/protocol.md §6): one per event-log record, numbered by their own
// u16 sequence; the frame code is the record type (u16 at record offset 4, docs/event-log.md §3).
// An event that does not fit outside the response reserve is dropped and counted; its number is
// still used, so the host sees the gap. The event log hands each committed record here through
// its output port, which boot/topology.ts connects.
import { EVENT_LOG_RECORD_SIZE } from "../abi/codes";
import { REC_TYPE } from "../eventlog/record-layout";
import { CRC_SIZE, FrameType, HEADER_SIZE, OUTBOX_RESPONSE_RESERVE } from "../abi/protocol-codes";
import { countEventDropped } from "./counters";
import { sealFrame } from "./frame-out";
import { outboxFreeBytes, outboxPush } from "./outbox";

const EVENT_FRAME: usize = memory.data(HEADER_SIZE + EVENT_LOG_RECORD_SIZE + CRC_SIZE, 16);
/** COBS of a 76-byte frame is 77 bytes, plus the delimiter. */
const EVENT_ENCODED: usize = memory.data(HEADER_SIZE + EVENT_LOG_RECORD_SIZE + CRC_SIZE + 2, 16);
let nextEventSequence: u32 = 0;

export function eventsReset(): void {
  nextEventSequence = 0;
}

/** Queues an EVENT frame carrying the EVENT_LOG_RECORD_SIZE-byte record at `recordPtr`. */
export function queueEventFrame(recordPtr: usize): void {
  const sequence = nextEventSequence;
  nextEventSequence = (nextEventSequence + 1) & 0xffff;
  for (let i: u32 = 0; i < <u32>EVENT_LOG_RECORD_SIZE; i++)
    store<u8>(EVENT_FRAME + HEADER_SIZE + i, load<u8>(recordPtr + i));
  const encodedLength = sealFrame(
    EVENT_FRAME,
    FrameType.EVENT,
    sequence,
    <u32>load<u16>(recordPtr + REC_TYPE),
    EVENT_LOG_RECORD_SIZE,
    EVENT_ENCODED,
  );
  if (outboxFreeBytes() < encodedLength + <u32>OUTBOX_RESPONSE_RESERVE) return countEventDropped();
  outboxPush(EVENT_ENCODED, encodedLength);
}
