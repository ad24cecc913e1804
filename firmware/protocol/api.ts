// Interface of the serial protocol layer (owned by firmware/protocol). INTERFACE STUB: the
// signatures are the contract with firmware/index.ts and firmware/eventlog; bodies are being built.

/** Forget all protocol state (partial frame, outbox, retransmission history); called by init(). */
export function protocolReset(): void {}

/** Consume `length` received bytes at RX_BUFFER_OFFSET; returns the number of complete frames handled. */
export function protocolReceive(length: u32): i32 {
  return 0;
}

/** Copy up to `maxBytes` pending encoded bytes to TX_BUFFER_OFFSET; returns how many. */
export function protocolTransmit(maxBytes: u32): i32 {
  return 0;
}

/** Queue an unsolicited EVENT frame carrying the EVENT_LOG_RECORD_SIZE-byte record at `recordPtr`. */
export function queueEventFrame(recordPtr: usize): void {}
