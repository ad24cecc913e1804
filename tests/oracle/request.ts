// Decodes the 136-byte request buffer (ABI 7) of docs/abi.md §4 without judging it.
//
//   0 entryId u32 | 4 careAreaId | 5 concentrationIndex | 6 mode | 7 reserved
//   8 presenceMask u32 | 12 reserved u32 | 16 + 8·b value of presence bit b (u64), b = 0..14
import { REQUEST_BYTES } from "./constants.ts";

export const VALUE_COUNT = 15;

export interface RawRequest {
  entryId: number;
  careAreaId: number;
  concentrationIndex: number;
  mode: number;
  reservedByte7: number;
  presenceMask: number;
  reservedWord12: number;
  /** Raw u64 of every value slot, present or not. */
  values: bigint[];
}

export function decodeRawRequest(bytes: Uint8Array): RawRequest {
  if (bytes.length !== REQUEST_BYTES)
    throw new Error(`oracle: request must be ${REQUEST_BYTES} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, REQUEST_BYTES);
  const values: bigint[] = [];
  for (let bit = 0; bit < VALUE_COUNT; bit++) values.push(view.getBigUint64(16 + 8 * bit, true));
  return {
    entryId: view.getUint32(0, true),
    careAreaId: bytes[4],
    concentrationIndex: bytes[5],
    mode: bytes[6],
    reservedByte7: bytes[7],
    presenceMask: view.getUint32(8, true),
    reservedWord12: view.getUint32(12, true),
    values,
  };
}

/** The value of presence bit `bit`, or undefined when absent. */
export function valueOf(request: RawRequest, bit: number): bigint | undefined {
  return (request.presenceMask >>> bit) & 1 ? request.values[bit] : undefined;
}
