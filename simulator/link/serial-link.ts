// ByteLink over a serial port through the serialport library: the one transport of every host-side
// path (client, HIL runner) to a pump on a real adapter or to the virtual pump's pseudo-terminal.
// serialport's mock binding is a peer of the real one behind the same stream interface, so unit
// tests hand SerialLink a SerialPortMock; nothing else here knows which it has.
// A port whose far end died (pump process ended, adapter unplugged) does not always emit "close"
// (TECH-NOTES: a pty's next write fails with EIO): every failure is kept, and later writes reject
// at once with an error naming the port, so a client fails clearly instead of waiting.
import { SerialPort } from "serialport";
import type { ByteLink } from "./link.ts";

/** What SerialLink needs of a serialport stream (SerialPort and SerialPortMock both are one). */
export interface PortStream {
  readonly path: string;
  readonly isOpen: boolean;
  write(data: Buffer, callback: (error: Error | null | undefined) => void): boolean;
  close(callback: (error: Error | null) => void): void;
  on(event: "data", listener: (chunk: Buffer) => void): this;
  on(event: "error", listener: (error: Error) => void): this;
  on(event: "close", listener: (error?: Error | null) => void): this;
}

export interface SerialLinkOptions {
  /** Ignored by a pseudo-terminal; a real adapter needs the pump's speed. Default 115200. */
  baudRate?: number;
}

/** The port failed or is gone; `cause` is serialport's own error when there was one. */
export class SerialLinkError extends Error {
  constructor(
    readonly path: string,
    what: string,
    readonly cause?: Error,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    const disconnected = (cause as { disconnected?: boolean } | undefined)?.disconnected === true;
    const gone = disconnected || code === "EIO" || code === "ENXIO" || code === "EBADF";
    super(
      `serial port ${path}: ${what}${cause ? `: ${cause.message}` : ""}` +
        (gone ? " (the device is gone: the pump process ended or the adapter was unplugged)" : ""),
    );
  }
}

export class SerialLink implements ByteLink {
  private readonly listeners: ((bytes: Uint8Array) => void)[] = [];
  private failure: SerialLinkError | undefined;
  private closed = false;

  constructor(private readonly port: PortStream) {
    port.on("data", (chunk) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
      for (const listener of this.listeners) listener(bytes);
    });
    port.on("error", (error) => void (this.failure ??= new SerialLinkError(port.path, "failed", error)));
    port.on("close", (error) => {
      this.closed = true;
      if (error) this.failure ??= new SerialLinkError(port.path, "closed by the system", error);
    });
  }

  /** Opens a serial device (a real adapter or the virtual pump's tty) with serialport. */
  static async open(path: string, options: SerialLinkOptions = {}): Promise<SerialLink> {
    const port = new SerialPort({ path, baudRate: options.baudRate ?? 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(new SerialLinkError(path, "cannot open", error)) : resolve()));
    });
    return new SerialLink(port);
  }

  get path(): string {
    return this.port.path;
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves once the bytes were handed to the operating system; rejects on a failed or closed port. */
  write(bytes: Uint8Array): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new SerialLinkError(this.port.path, "write after close"));
    return new Promise<void>((resolve, reject) => {
      this.port.write(Buffer.from(bytes), (error) => {
        if (!error) return resolve();
        this.failure ??= new SerialLinkError(this.port.path, "write failed", error);
        reject(this.failure);
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed || !this.port.isOpen) {
      this.closed = true;
      return;
    }
    this.closed = true;
    await new Promise<void>((resolve, reject) =>
      this.port.close((error) =>
        error ? reject(new SerialLinkError(this.port.path, "close failed", error)) : resolve(),
      ),
    );
  }
}
