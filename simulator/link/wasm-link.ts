// In-memory ByteLink to a firmware module instance: host bytes go through RX_BUFFER_OFFSET and
// receive(length); pump bytes come back through transmit(maxBytes) and TX_BUFFER_OFFSET
// (docs/host-contract.md names). Fault switches, LoopKit mock-pump style, each counted when it fires.
import { RX_BUFFER_OFFSET, RX_BUFFER_SIZE, TX_BUFFER_OFFSET, TX_BUFFER_SIZE } from "../../firmware/abi/codes.ts";
import type { ByteLink } from "./link.ts";

export interface SerialExports {
  memory: WebAssembly.Memory;
  receive(length: number): number;
  transmit(maxBytes: number): number;
}

export class WasmLink implements ByteLink {
  /** Lose the next N host writes before they reach the pump. */
  dropHostWrites = 0;
  /** Lose everything the pump sends in answer to the next N host writes. */
  dropPumpOutput = 0;
  /** Flip bit 0 of the middle byte of the next N host writes (bit 1 if that would make it 0x00, a delimiter). */
  corruptHostWrites = 0;
  /** How many times a fault switch fired. */
  faultsInjected = 0;
  /** Every byte in each direction, for transcripts. */
  readonly hostToPump: number[] = [];
  readonly pumpToHost: number[] = [];
  private readonly listeners: ((bytes: Uint8Array) => void)[] = [];

  constructor(private readonly pump: SerialExports) {}

  onData(listener: (bytes: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  async write(bytes: Uint8Array): Promise<void> {
    let toPump = bytes;
    if (this.dropHostWrites > 0) {
      this.dropHostWrites--;
      this.faultsInjected++;
      return;
    }
    if (this.corruptHostWrites > 0 && bytes.length > 0) {
      this.corruptHostWrites--;
      this.faultsInjected++;
      toPump = bytes.slice();
      const middle = toPump.length >> 1;
      toPump[middle] ^= toPump[middle] === 1 ? 2 : 1;
    }
    this.hostToPump.push(...toPump);
    this.feed(toPump);
    const out = this.drain();
    if (out.length === 0) return;
    if (this.dropPumpOutput > 0) {
      this.dropPumpOutput--;
      this.faultsInjected++;
      return;
    }
    this.pumpToHost.push(...out);
    // Delivered after write() resolves, as a real port would.
    queueMicrotask(() => this.listeners.forEach((listener) => listener(out)));
  }

  /** Hands bytes to the pump in RX-buffer-sized chunks. */
  feed(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; at += RX_BUFFER_SIZE) {
      const chunk = bytes.subarray(at, Math.min(at + RX_BUFFER_SIZE, bytes.length));
      new Uint8Array(this.pump.memory.buffer).set(chunk, RX_BUFFER_OFFSET);
      this.pump.receive(chunk.length);
    }
  }

  /** Everything the pump has queued. */
  drain(): Uint8Array {
    const chunks: Uint8Array[] = [];
    for (;;) {
      const count = this.pump.transmit(TX_BUFFER_SIZE);
      if (count <= 0) break;
      chunks.push(new Uint8Array(this.pump.memory.buffer, TX_BUFFER_OFFSET, count).slice());
    }
    return Buffer.concat(chunks);
  }
}
