// Little-endian writer into a growing buffer; every byte not written explicitly is 0, which is
// what the image format requires of reserved and padding bytes.
export class ByteWriter {
  private bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private reserve(count: number): number {
    const at = this.length;
    if (at + count > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, at + count));
      grown.set(this.bytes);
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length += count;
    return at;
  }

  u8(value: number): void {
    const at = this.reserve(1); // reserve first: it may replace this.view
    this.view.setUint8(at, value);
  }

  u16(value: number): void {
    const at = this.reserve(2); // reserve first: it may replace this.view
    this.view.setUint16(at, value, true);
  }

  u32(value: number): void {
    const at = this.reserve(4); // reserve first: it may replace this.view
    this.view.setUint32(at, value, true);
  }

  u64(value: bigint): void {
    const at = this.reserve(8); // reserve first: it may replace this.view
    this.view.setBigUint64(at, value, true);
  }

  /** `count` zero bytes (reserved fields). */
  zeros(count: number): void {
    this.reserve(count);
  }

  raw(data: Uint8Array): void {
    const at = this.reserve(data.length); // reserve first: it may replace this.bytes
    this.bytes.set(data, at);
  }

  /** `data` padded with zeros to exactly `size` bytes. */
  padded(data: Uint8Array, size: number): void {
    const at = this.reserve(size);
    this.bytes.set(data.subarray(0, size), at);
  }

  toBytes(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
