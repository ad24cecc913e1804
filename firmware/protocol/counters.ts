// Protocol counters reported by GET_STATUS (docs/protocol.md §5.2). They only ever count up, and
// wrap at 2^32; reset by protocolReset().

/** Frames answered FRAME_ERROR or FRAME_TOO_LONG. */
export let frameErrorCount: u32 = 0;
/** EVENT frames not queued because the outbox lacked room outside the response reserve. */
export let eventsDroppedCount: u32 = 0;
/** Repeats (same sequence and CRC) answered from the history without executing again. */
export let duplicateRequestCount: u32 = 0;
/** Request frames executed (each at most once). */
export let requestsExecutedCount: u32 = 0;
/** Valid request frames discarded unexecuted and unanswered because the outbox was full. */
export let requestsRefusedCount: u32 = 0;

export function countersReset(): void {
  frameErrorCount = 0;
  eventsDroppedCount = 0;
  duplicateRequestCount = 0;
  requestsExecutedCount = 0;
  requestsRefusedCount = 0;
}

export function countFrameError(): void {
  frameErrorCount++;
}

export function countEventDropped(): void {
  eventsDroppedCount++;
}

export function countDuplicate(): void {
  duplicateRequestCount++;
}

export function countExecuted(): void {
  requestsExecutedCount++;
}

export function countRefused(): void {
  requestsRefusedCount++;
}
