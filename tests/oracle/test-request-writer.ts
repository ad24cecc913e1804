// Builds 104-byte requests (docs/abi.md §4) for the oracle's own tests, independent of the
// simulator's codec.
import { Bit, REQUEST_BYTES } from "./constants.ts";

export type BitName = keyof typeof Bit;

export interface TestRequest {
  entryId: number;
  careAreaId: number;
  concentrationIndex: number;
  mode: number;
  values: Partial<Record<BitName, bigint>>;
}

export function writeTestRequest(request: TestRequest): Uint8Array {
  const bytes = new Uint8Array(REQUEST_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, request.entryId, true);
  bytes[4] = request.careAreaId;
  bytes[5] = request.concentrationIndex;
  bytes[6] = request.mode;
  let mask = 0;
  for (const [name, value] of Object.entries(request.values) as [BitName, bigint | undefined][]) {
    if (value === undefined) continue;
    mask |= 1 << Bit[name];
    view.setBigUint64(16 + 8 * Bit[name], BigInt.asUintN(64, value), true);
  }
  view.setUint32(8, mask, true);
  return bytes;
}
