// Line speed for one direction of the virtual serial line, on the virtual clock: a UART at
// baudRate sends 8N1 frames of 10 bits (start, 8 data, stop), so at most baudRate / 10 bytes leave
// per simulated second. Integer bookkeeping in bit·milliseconds keeps it exact at any step size.
// A line that is idle banks no time: a burst after a pause still leaves at line speed.
export const BITS_PER_BYTE = 10;
const BIT_MS_PER_BYTE = BITS_PER_BYTE * 1000;

export class BaudPacer {
  private queue: number[] = [];
  private creditBitMs = 0;

  /** baudRate undefined: an ideal line, every byte leaves at once. */
  constructor(readonly baudRate: number | undefined) {
    if (baudRate !== undefined && !(Number.isSafeInteger(baudRate) && baudRate > 0))
      throw new Error(`baudRate must be a positive integer, got ${baudRate}`);
  }

  get pendingBytes(): number {
    return this.queue.length;
  }

  push(bytes: Uint8Array): void {
    for (const byte of bytes) this.queue.push(byte);
  }

  /** Bytes whose last bit has gone out after elapsedMs more of simulated time. */
  advance(elapsedMs: number): Uint8Array {
    if (this.queue.length === 0) {
      this.creditBitMs = 0;
      return new Uint8Array(0);
    }
    let count = this.queue.length;
    if (this.baudRate !== undefined) {
      this.creditBitMs += elapsedMs * this.baudRate;
      count = Math.min(count, Math.floor(this.creditBitMs / BIT_MS_PER_BYTE));
      this.creditBitMs -= count * BIT_MS_PER_BYTE;
    }
    const released = Uint8Array.from(this.queue.splice(0, count));
    if (this.queue.length === 0) this.creditBitMs = 0;
    return released;
  }

  /** Power loss: bytes still on the wire are gone. */
  clear(): void {
    this.queue = [];
    this.creditBitMs = 0;
  }
}
