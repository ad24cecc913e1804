// Tampering (REQ-SIG-007): every single-bit change of a small signed file, and random corruption,
// is rejected by a provisioned pump, logged, and leaves the active library in force.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SIGNATURE_TRAILER_SIZE, Status } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { TINY_SPEC, writeTestImage } from "../oracle/test-image-writer.ts";
import { drainFrames, eventFrames, loadImage } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY } from "../../hil/library/examples/test-keys.ts";
import { libraryStatus, pump, signed, wardImage } from "./pump.ts";

// The docs/library-image.md worked example (283 bytes), released as version 4, signed: 363 bytes.
const CANDIDATE = signed(writeTestImage({ ...TINY_SPEC, version: 4, status: 2 }));
const ACTIVE = signed(wardImage(3));

function provisionedPump(): FirmwareExports {
  return pump({ key: HOSPITAL_KEY.publicKey, active: ACTIVE });
}

/** Loads `file`; returns its status and checks the pump still runs version 3 from slot A and logged the rejection. */
function rejectionOf(firmware: FirmwareExports, file: Uint8Array, activeDigest: string): number {
  const status = loadImage(firmware, file);
  const events = eventFrames(drainFrames(firmware));
  if (status === Status.OK) return status;
  expect(firmware.libraryVersion()).toBe(3);
  expect(firmware.libraryActiveSlot()).toBe(0);
  expect(events).toHaveLength(1);
  expect(decodeRecord(events[0].payload)).toMatchObject({
    type: EventType.LIBRARY_REJECTED,
    status,
    libraryVersion: 3,
  });
  expect(libraryStatus(firmware).activeBodyDigest).toBe(activeDigest);
  return status;
}

describe("REQ-SIG-007 REQ-SIG-006 every single-bit change of a signed file is rejected", () => {
  it(`all ${CANDIDATE.length * 8} bit flips of a ${CANDIDATE.length}-byte signed image: rejected, logged, active library unchanged`, () => {
    const firmware = provisionedPump();
    const activeDigest = libraryStatus(firmware).activeBodyDigest;
    const statuses = new Map<number, number>();
    for (let bit = 0; bit < CANDIDATE.length * 8; bit++) {
      const file = CANDIDATE.slice();
      file[bit >> 3] ^= 1 << (bit & 7);
      const status = rejectionOf(firmware, file, activeDigest);
      if (status === Status.OK) throw new Error(`flipping bit ${bit & 7} of byte ${bit >> 3} was admitted`);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
    // Image bytes fail the signature, trailer bytes their own checks: every status is one of these.
    const names = Object.fromEntries([...statuses].map(([s, n]) => [Status[s], n]));
    expect(Object.keys(names).sort()).toEqual(["IMAGE_SIGNATURE", "IMAGE_UNSIGNED", "IMAGE_WRONG_KEY"]);
    expect(names.IMAGE_WRONG_KEY).toBe(64); // the 8-byte key id
    expect(names.IMAGE_UNSIGNED).toBe(32); // the trailer magic: no trailer found
    expect(names.IMAGE_SIGNATURE).toBe((CANDIDATE.length - SIGNATURE_TRAILER_SIZE) * 8 + (4 + 64) * 8);
    console.log(`REQ-SIG-007: bit-flip statuses ${JSON.stringify(names)}`);
    // The control: the unmodified file is admitted.
    expect(loadImage(firmware, CANDIDATE)).toBe(Status.OK);
    expect(firmware.libraryVersion()).toBe(4);
  });

  it("random corruption (bytes changed, truncated, extended, trailer moved): never admitted", () => {
    const firmware = provisionedPump();
    const activeDigest = libraryStatus(firmware).activeBodyDigest;
    const damage = fc.oneof(
      fc.record({
        kind: fc.constant("bytes" as const),
        edits: fc.array(fc.tuple(fc.nat(CANDIDATE.length - 1), fc.integer({ min: 1, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
      }),
      fc.record({ kind: fc.constant("truncate" as const), keep: fc.nat(CANDIDATE.length - 1) }),
      fc.record({ kind: fc.constant("extend" as const), extra: fc.uint8Array({ minLength: 1, maxLength: 100 }) }),
      fc.record({
        kind: fc.constant("splice" as const),
        at: fc.nat(CANDIDATE.length - SIGNATURE_TRAILER_SIZE),
        extra: fc.uint8Array({ minLength: 1, maxLength: 16 }),
      }),
    );
    fc.assert(
      fc.property(damage, (d) => {
        let file: Uint8Array;
        if (d.kind === "bytes") {
          file = CANDIDATE.slice();
          for (const [at, xor] of d.edits) file[at] ^= xor;
          if (Buffer.from(file).equals(Buffer.from(CANDIDATE))) return; // edits that cancel out are no damage
        } else if (d.kind === "truncate") {
          file = CANDIDATE.slice(0, d.keep);
        } else if (d.kind === "extend") {
          file = Uint8Array.from([...CANDIDATE, ...d.extra]);
        } else {
          file = Uint8Array.from([...CANDIDATE.subarray(0, d.at), ...d.extra, ...CANDIDATE.subarray(d.at)]);
        }
        expect(rejectionOf(firmware, file, activeDigest)).not.toBe(Status.OK);
      }),
      { numRuns: 400 },
    );
  });
});
