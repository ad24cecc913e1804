// The new inputs never trap (REQ-HOST-030) and never put a library in force that was not admitted
// (REQ-SIG-005): random key records, random files that end in a trailer-looking block, random
// library command frames.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NV_REGION_OFFSET, SIGNATURE_TRAILER_MAGIC, Status } from "../../firmware/abi/codes.ts";
import { KEY_RECORD_OFFSET, LIBRARY_SLOT_SIZE } from "../support/profile.ts";
import { LIBRARY_CODE_FIRST, LIBRARY_CODE_LAST, MAX_PAYLOAD } from "../../firmware/abi/protocol-codes.ts";
import { loadImage, nvOf, powerOn } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY } from "../../hil/library/examples/test-keys.ts";
import { provision, pump, request, signed, wardImage } from "./pump.ts";

describe("REQ-HOST-030 REQ-SIG-003 REQ-SIG-005 library and key inputs never trap", () => {
  it("any key record bytes: init classifies them (0, 1 or 2) and never traps", () => {
    const base = nvOf(pump());
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.boolean(), (record, validMagic) => {
        const nv = base.slice();
        if (validMagic) new DataView(record.buffer).setUint32(0, 0x59454b44, true);
        nv.set(record, KEY_RECORD_OFFSET - NV_REGION_OFFSET);
        const firmware = powerOn(nv);
        expect(firmware.init()).toBe(0);
        expect([0, 1, 2]).toContain(firmware.keyState());
      }),
      { numRuns: 200 },
    );
  });

  it("any 32 bytes offered as a key: OK or KEY_INVALID on a new pump, never a trap", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
        const status = provision(pump(), key);
        expect([Status.OK, Status.KEY_INVALID]).toContain(status);
      }),
      { numRuns: 100 },
    );
  });

  it("random files with a trailer at the end, and any length, on a provisioned pump: refused, the active library kept", () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: signed(wardImage(12)) });
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 600 }),
        fc.integer({ min: -5, max: LIBRARY_SLOT_SIZE + 5 }),
        (bytes, length) => {
          const file = bytes.slice();
          if (file.length >= 80) new DataView(file.buffer).setUint32(file.length - 80, SIGNATURE_TRAILER_MAGIC, true);
          expect(loadImage(firmware, file)).not.toBe(Status.OK);
          expect(firmware.libraryLoad(length)).not.toBe(Status.OK);
          expect(firmware.libraryVersion()).toBe(12);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("random library command frames: answered, never a trap, the active library kept", () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: signed(wardImage(12)) });
    fc.assert(
      fc.property(
        fc.integer({ min: LIBRARY_CODE_FIRST, max: LIBRARY_CODE_LAST }),
        fc.uint8Array({ maxLength: MAX_PAYLOAD }),
        (code, payload) => {
          request(firmware, code, payload);
          expect(firmware.libraryVersion()).toBe(12);
        },
      ),
      { numRuns: 400 },
    );
  });
});
