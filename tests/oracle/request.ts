// Decodes the 136-byte request buffer (ABI 7) of docs/abi.md §4 without judging it, and the 40-byte
// PCA block of §4.1 that a 176-byte request carries after it (issue 15; all zero when absent).
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
  /** The PCA block (bytes 136 … 176): dose, lockout s, doses per hour, clinician bolus, window maximum. */
  pcaBlock: bigint[];
}

/** docs/abi.md §4.1: a request with the PCA block is 176 bytes. */
export const REQUEST_BYTES_WITH_PCA = 176;

export function decodeRawRequest(bytes: Uint8Array): RawRequest {
  if (bytes.length !== REQUEST_BYTES && bytes.length !== REQUEST_BYTES_WITH_PCA)
    throw new Error(`oracle: request must be ${REQUEST_BYTES} or ${REQUEST_BYTES_WITH_PCA} bytes, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const values: bigint[] = [];
  for (let bit = 0; bit < VALUE_COUNT; bit++) values.push(view.getBigUint64(16 + 8 * bit, true));
  const pcaBlock: bigint[] = [];
  for (let i = 0; i < 5; i++)
    pcaBlock.push(bytes.length === REQUEST_BYTES ? 0n : view.getBigUint64(REQUEST_BYTES + 8 * i, true));
  return {
    entryId: view.getUint32(0, true),
    careAreaId: bytes[4],
    concentrationIndex: bytes[5],
    mode: bytes[6],
    reservedByte7: bytes[7],
    presenceMask: view.getUint32(8, true),
    reservedWord12: view.getUint32(12, true),
    values,
    pcaBlock,
  };
}

/** The value of presence bit `bit`, or undefined when absent. */
export function valueOf(request: RawRequest, bit: number): bigint | undefined {
  return (request.presenceMask >>> bit) & 1 ? request.values[bit] : undefined;
}
