// encodeRequest (docs/abi.md §4) writes each present value as a u64. A value outside 0 … 2^64 − 1
// must not be wrapped into some other, in-range value the engine would then judge (REQ-ENG-003:
// the engine sees exactly the request the host meant, or the host learns it cannot be sent).
import { describe, expect, it } from "vitest";
import { Mode, REQUEST_SIZE } from "../../firmware/abi/codes.ts";
import { encodeRequest, FIELD_NAMES } from "../../simulator/host/request-codec.ts";
import type { EngineRequest } from "../../simulator/host/types.ts";

const BASE: EngineRequest = {
  entryId: 1001,
  careAreaId: 0,
  concentrationIndex: 0,
  mode: Mode.RATE,
  rateUlPerHour: 28_000n,
  weightG: 80_000n,
};
const MAX_U64 = (1n << 64n) - 1n;

describe("REQ-ENG-003 request encoding never wraps a value", () => {
  it("REQ-ENG-003: 0 and 2^64 − 1 are encoded as they are, little-endian at their field", () => {
    for (const [bit, name] of FIELD_NAMES.entries()) {
      for (const value of [0n, MAX_U64]) {
        const bytes = encodeRequest({ ...BASE, [name]: value });
        expect(bytes.length).toBe(REQUEST_SIZE);
        expect(new DataView(bytes.buffer).getBigUint64(16 + 8 * bit, true)).toBe(value);
      }
    }
  });

  it.each(FIELD_NAMES.map((name) => [name]))(
    "REQ-ENG-003: %s below 0 or at 2^64 and above throws a RangeError naming the field",
    (name) => {
      for (const value of [-1n, 1n << 64n, (1n << 64n) + 28_000n, -(1n << 64n)]) {
        expect(() => encodeRequest({ ...BASE, [name]: value })).toThrow(RangeError);
        expect(() => encodeRequest({ ...BASE, [name]: value })).toThrow(
          `request field ${name} = ${value} is outside 0 … 18446744073709551615 (a u64); it cannot be encoded`,
        );
      }
    },
  );

  it("REQ-ENG-003: a refused value leaves the output buffer untouched", () => {
    const out = new Uint8Array(REQUEST_SIZE).fill(0xaa);
    expect(() => encodeRequest({ ...BASE, vtbiUl: 1n << 64n }, out)).toThrow(RangeError);
    expect(out.every((b) => b === 0xaa)).toBe(true);
  });
});
