// COBS on the host (docs/protocol.md §1), written from the description, independent of the
// firmware's code. Encoding closes a run at 254 data bytes (code 0xFF) and then opens a new one.

export function cobsEncode(data: Uint8Array): Uint8Array {
  const out: number[] = [0];
  let codeAt = 0;
  let code = 1;
  const close = (): void => {
    out[codeAt] = code;
    codeAt = out.length;
    out.push(0);
    code = 1;
  };
  for (const byte of data) {
    if (byte === 0) {
      close();
      continue;
    }
    out.push(byte);
    code++;
    if (code === 0xff) close();
  }
  out[codeAt] = code;
  return Uint8Array.from(out);
}

/** The decoded bytes, or null when a code byte is 0 or promises more bytes than remain. */
export function cobsDecode(encoded: Uint8Array): Uint8Array | null {
  const out: number[] = [];
  let read = 0;
  while (read < encoded.length) {
    const code = encoded[read++];
    if (code === 0 || read + code - 1 > encoded.length) return null;
    for (let i = 1; i < code; i++) out.push(encoded[read++]);
    if (code !== 0xff && read < encoded.length) out.push(0);
  }
  return Uint8Array.from(out);
}
