// The virtual pump's serial device: the master end of a raw pseudo-terminal, whose slave path any
// serial terminal or the serialport library opens as if it were a USB-serial adapter.
// Reading: a tty.ReadStream on the master fd (event-driven; net.Socket refuses TTY fds, and fs.read
// in a loop would hold a thread-pool thread in a blocking read). Writing: fs.writeSync on the
// non-blocking master fd, because libuv writes to a pty master in blocking mode and would freeze
// the whole process once nobody reads the device. What the pty cannot take now waits (up to
// MAX_PENDING_BYTES, one firmware outbox, like a UART's FIFO into a line nobody listens to; older
// bytes are then lost and counted) and is retried. The pump keeps the slave fd open so the master never sees EIO or
// end-of-file between clients. Decision record: docs/decisions/0005-virtual-serial-device.md.
import { closeSync, writeSync } from "node:fs";
import tty from "node:tty";
import { openPtyPair } from "./pty-addon.ts";

export const MAX_PENDING_BYTES = 4096;
const RETRY_MS = 2;

export class TtyDevice {
  readonly path: string;
  /** Bytes the pump sent that no reader took before the pending buffer overflowed. */
  bytesLostNoReader = 0;
  private pending = Buffer.alloc(0);
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly stream: tty.ReadStream;
  private readonly masterFd: number;
  private readonly slaveFd: number;
  private closed = false;

  private constructor(private readonly onError: (error: Error) => void) {
    const pair = openPtyPair();
    this.path = pair.slavePath;
    this.masterFd = pair.masterFd;
    this.slaveFd = pair.slaveFd;
    this.stream = new tty.ReadStream(this.masterFd);
    this.stream.on("error", onError);
  }

  static open(onError: (error: Error) => void = () => undefined): TtyDevice {
    return new TtyDevice(onError);
  }

  get pendingBytes(): number {
    return this.pending.length;
  }

  /** Every chunk a client writes into the device. */
  onData(listener: (bytes: Uint8Array) => void): void {
    this.stream.on("data", (chunk: Buffer) => listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
  }

  /** Never blocks: what the pty cannot take now is kept and retried. */
  write(bytes: Uint8Array): void {
    if (this.closed || bytes.length === 0) return;
    this.pending = this.pending.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.pending, bytes]);
    const overflow = this.pending.length - MAX_PENDING_BYTES;
    if (overflow > 0) {
      this.bytesLostNoReader += overflow;
      this.pending = this.pending.subarray(overflow);
    }
    this.flush();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retry);
    this.stream.destroy(); // closes the master fd: a client now gets EIO / hang-up
    closeSync(this.slaveFd);
  }

  private flush(): void {
    while (this.pending.length > 0 && !this.closed) {
      let written: number;
      try {
        written = writeSync(this.masterFd, this.pending);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EAGAIN") {
          this.pending = Buffer.alloc(0); // a device that fails a write has lost those bytes, like a broken line
          this.onError(error as Error);
          return;
        }
        written = 0;
      }
      if (written === 0) {
        this.retry ??= setTimeout(() => {
          this.retry = undefined;
          this.flush();
        }, RETRY_MS).unref();
        return;
      }
      this.pending = this.pending.subarray(written);
    }
  }
}
