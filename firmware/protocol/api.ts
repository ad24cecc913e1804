// Interface of the serial protocol layer (docs/protocol.md), called by firmware/index.ts and
// firmware/eventlog. Wiring only: receiver → handle-frame → execute → outbox; events → outbox.
import { countersReset } from "./counters";
import { eventsReset, queueEvent } from "./events";
import { historyClear } from "./history";
import { outboxReset, outboxTake } from "./outbox";
import { receiveBytes, receiverReset } from "./receiver";

/** Forget all protocol state (partial frame, outbox, retransmission history); called by init(). */
export function protocolReset(): void {
  receiverReset();
  outboxReset();
  historyClear();
  countersReset();
  eventsReset();
}

/** Consume `length` received bytes at RX_BUFFER_OFFSET; returns the number of complete frames handled. */
export function protocolReceive(length: u32): i32 {
  return receiveBytes(length);
}

/** Copy up to `maxBytes` pending encoded bytes to TX_BUFFER_OFFSET; returns how many. */
export function protocolTransmit(maxBytes: u32): i32 {
  return <i32>outboxTake(maxBytes);
}

/** Queue an unsolicited EVENT frame carrying the EVENT_LOG_RECORD_SIZE-byte record at `recordPtr`. */
export function queueEventFrame(recordPtr: usize): void {
  queueEvent(recordPtr);
}
