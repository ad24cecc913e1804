// The byte transport under PumpClient (STYLE: transport behind an interface, real and mock as
// peers). A serial port adapter and the in-memory WasmLink both implement it.

export interface ByteLink {
  /** Sends bytes to the pump; resolves once they are handed to the transport. */
  write(bytes: Uint8Array): Promise<void>;
  /** Registers the receiver of every byte chunk the pump sends. */
  onData(listener: (bytes: Uint8Array) => void): void;
}
