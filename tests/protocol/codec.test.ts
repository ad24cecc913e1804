// CRC-32 and COBS: the firmware's code (probe exports) against the host codec and node:zlib.
import { crc32 as zlibCrc32 } from "node:zlib";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_DECODED_FRAME, MAX_ENCODED_FRAME } from "../../firmware/abi/protocol-codes.ts";
import { cobsDecode, cobsEncode } from "../../simulator/client/cobs.ts";
import { crc32 } from "../../simulator/client/crc32.ts";
import { dataSegmentRanges } from "../abi/wasm-portability.ts";
import { protocolModuleBytes } from "./firmware.ts";
import { freshPump, type ProbeExports } from "./harness.ts";

/** Scratch in the reserved part of low memory (docs/abi.md §2), clear of every buffer the firmware uses. */
const SRC = 0x1000;
const DST = 0x2000;

let pump: ProbeExports;
const mem = (): Uint8Array => new Uint8Array(pump.memory.buffer);

beforeAll(async () => {
  pump = await freshPump(false);
});

function firmwareCrc(bytes: Uint8Array): number {
  mem().set(bytes, SRC);
  return pump.probeCrc32(SRC, bytes.length) >>> 0;
}

function firmwareEncode(bytes: Uint8Array): Uint8Array {
  mem().set(bytes, SRC);
  const length = pump.probeCobsEncode(SRC, bytes.length, DST);
  return mem().slice(DST, DST + length);
}

function firmwareDecode(encoded: Uint8Array, capacity = 0x1000): Uint8Array | null {
  mem().set(encoded, SRC);
  const length = pump.probeCobsDecode(SRC, encoded.length, DST, capacity);
  return length < 0 ? null : mem().slice(DST, DST + length);
}

/** Byte arrays rich in zeros and in long non-zero runs, where COBS has its edge cases. */
const frameBytes = fc.oneof(
  fc.uint8Array({ maxLength: MAX_DECODED_FRAME }),
  fc.uint8Array({ minLength: 250, maxLength: MAX_DECODED_FRAME }).map((a) => a.map((b) => b | 1)),
  fc
    .array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 255 })), { maxLength: 600 })
    .map((a) => Uint8Array.from(a)),
);

describe("REQ-PRO-002 CRC-32/ISO-HDLC", () => {
  it("check value of the catalogue: CRC-32 of ASCII 123456789 is 0xCBF43926 in firmware, host and zlib", () => {
    const check = new TextEncoder().encode("123456789");
    expect([firmwareCrc(check), crc32(check), zlibCrc32(check)]).toEqual([0xcbf43926, 0xcbf43926, 0xcbf43926]);
  });

  it("firmware = host = zlib.crc32 on random frames", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1024 }), (bytes) => {
        const expected = zlibCrc32(bytes);
        expect(firmwareCrc(bytes)).toBe(expected);
        expect(crc32(bytes)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("REQ-PRO-001 COBS", () => {
  it("firmware encoding = host encoding, has no 0x00, and both decoders give the input back", () => {
    fc.assert(
      fc.property(frameBytes, (bytes) => {
        const encoded = cobsEncode(bytes);
        expect(firmwareEncode(bytes)).toEqual(encoded);
        expect(encoded.includes(0)).toBe(false);
        expect(encoded.length).toBeLessThanOrEqual(bytes.length + Math.floor(bytes.length / 254) + 1);
        expect(cobsDecode(encoded)).toEqual(bytes);
        expect(firmwareDecode(encoded)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });

  it("firmware and host decoders agree on arbitrary (mostly invalid) encodings", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 600 }).map((a) => a.map((b) => b || 1)),
        (encoded) => {
          expect(firmwareDecode(encoded)).toEqual(cobsDecode(encoded));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("worked cases: runs of exactly 253, 254 and 255 non-zero bytes, and lone zeros", () => {
    const run = (n: number): Uint8Array => new Uint8Array(n).fill(0x11);
    expect([...cobsEncode(Uint8Array.of(0))]).toEqual([1, 1]);
    expect([...cobsEncode(Uint8Array.of(0x11, 0, 0x22))]).toEqual([2, 0x11, 2, 0x22]);
    expect(cobsEncode(run(253))[0]).toBe(254);
    expect([cobsEncode(run(254))[0], ...cobsEncode(run(254)).slice(-1)]).toEqual([255, 1]);
    expect(cobsEncode(run(255)).length).toBe(257);
    for (const n of [253, 254, 255]) expect(firmwareEncode(run(n))).toEqual(cobsEncode(run(n)));
  });

  it("the firmware decoder refuses an encoding that promises more bytes than it has, or more than fit", () => {
    expect(firmwareDecode(Uint8Array.of(5, 1, 2))).toBeNull();
    expect(firmwareDecode(cobsEncode(new Uint8Array(100).fill(7)), 99)).toBeNull();
    expect(firmwareDecode(cobsEncode(new Uint8Array(100).fill(7)), 100)).toEqual(new Uint8Array(100).fill(7));
  });

  it("the longest frame encodes in MAX_ENCODED_FRAME bytes", () => {
    expect(cobsEncode(new Uint8Array(MAX_DECODED_FRAME).fill(0xaa)).length).toBe(MAX_ENCODED_FRAME);
  });
});

describe("REQ-PRO-004 protocol buffers stay in the firmware's static-data window", () => {
  it("every data segment of the module lies within 0x10000–0x20000", async () => {
    const ranges = dataSegmentRanges(await protocolModuleBytes());
    expect(ranges.length).toBeGreaterThan(0);
    for (const { start, end } of ranges) {
      expect(start).toBeGreaterThanOrEqual(0x10000);
      expect(end).toBeLessThanOrEqual(0x20000);
    }
  });
});
