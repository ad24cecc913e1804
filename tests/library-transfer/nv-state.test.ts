// What the A/B slots keep in NV (docs/event-log.md §2, §7): the slot and the rollback floor in the
// header (layout 2, layout 1 still read), across power cycles, engine resets and library loss;
// and PumpHost saving the library part a transfer wrote before the header that activates it.
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { NV_REGION_OFFSET, Status } from "../../firmware/abi/codes.ts";
import { NV_HEADER_OFFSET } from "../support/profile.ts";
import { PowerOnFlag } from "../../firmware/abi/event-types.ts";
import { NV_COPY_OFFSETS, NV_COPY_SIZE, readNvHeader } from "../../simulator/pump/nv-log-reader.ts";
import { PumpHost } from "../../simulator/pump/pump-host.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { LibraryTransfer } from "../../simulator/client/library-transfer.ts";
import type { ByteLink } from "../../simulator/link/link.ts";
import { ManualTimers } from "../../simulator/link/timers.ts";
import { loadImage, logOf, nvOf, powerOn } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY } from "../../hil/library/examples/test-keys.ts";
import { libraryStatus, pump, signed, wardImage } from "./pump.ts";
import { RELEASE_WASM_PATH } from "../support/profile.ts";

const HEADER = NV_HEADER_OFFSET - NV_REGION_OFFSET;

describe("REQ-SIG-013 the rollback floor", () => {
  it("survives power cycles and an engine reset; with no library active the floor version may be installed again", () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: signed(wardImage(12)) });
    expect(loadImage(firmware, signed(wardImage(14)))).toBe(Status.OK);
    const restarted = powerOn(nvOf(firmware));
    restarted.init();
    expect(libraryStatus(restarted)).toMatchObject({ activeVersion: 14, versionFloor: 14, activeSlot: 1 });
    expect(restarted.init()).toBe(0); // engine reset: no library, floor kept
    expect(restarted.libraryVersion()).toBe(0);
    expect(loadImage(restarted, signed(wardImage(13)))).toBe(Status.IMAGE_ROLLBACK);
    expect(loadImage(restarted, signed(wardImage(14)))).toBe(Status.OK);
    expect(loadImage(restarted, signed(wardImage(14)))).toBe(Status.IMAGE_ROLLBACK); // not while it is active
  });

  it("a development pump records no floor", () => {
    const firmware = pump({ active: wardImage(12) });
    expect(loadImage(firmware, wardImage(30))).toBe(Status.OK);
    expect(readNvHeader(nvOf(firmware))).toMatchObject({ versionFloor: 0, librarySlot: 1 });
  });
});

describe("REQ-HOST-002 REQ-SIG-008 NV header layouts", () => {
  it("a layout-1 header (ABI 2–3: library in slot A, no floor) is read, and the next commit writes layout 3", () => {
    const firmware = pump({ active: wardImage(12) });
    const nv = nvOf(firmware);
    for (const copy of NV_COPY_OFFSETS) {
      const at = HEADER + copy;
      const view = new DataView(nv.buffer, nv.byteOffset + at, NV_COPY_SIZE);
      if (view.getUint32(0, true) === 0) continue;
      expect([nv[at + 84], view.getUint32(88, true)]).toEqual([0, 0]); // slot A, no floor: identical to layout 1's zeros
      view.setUint16(4, 1, true);
      view.setUint32(124, crc32(nv.subarray(at, at + 124)), true);
    }
    expect(readNvHeader(nv)?.layoutVersion).toBe(1);
    const restarted = powerOn(nv);
    restarted.init();
    expect(restarted.libraryVersion()).toBe(12);
    expect(logOf(restarted).records.at(-1)!.detail & PowerOnFlag.NV_FORMATTED).toBe(0);
    expect(readNvHeader(nvOf(restarted))?.layoutVersion).toBe(3);
  });

  it("a layout-2 header naming a slot other than A or B is not valid", () => {
    const firmware = pump({ active: wardImage(12) });
    const nv = nvOf(firmware);
    const current = readNvHeader(nv)!;
    const at = HEADER + NV_COPY_OFFSETS[current.copy === "A" ? 0 : 1];
    nv[at + 84] = 2;
    new DataView(nv.buffer, nv.byteOffset + at).setUint32(124, crc32(nv.subarray(at, at + 124)), true);
    expect(readNvHeader(nv)?.commitCounter).toBe(current.commitCounter - 1); // the other copy is chosen
  });
});

describe("REQ-SIG-008 REQ-HOST-001 PumpHost saves a transferred library with the header that activates it", () => {
  it("a transfer through PumpHost.receive survives a power cycle from the saved NV", async () => {
    const host = await PumpHost.create({ wasmBytes: readFileSync(RELEASE_WASM_PATH) });
    expect(host.provisionPublicKey(HOSPITAL_KEY.publicKey)).toBe(Status.OK);
    expect(host.keyState()).toBe(1);
    expect(host.loadLibrary(signed(wardImage(12)))).toBe(Status.OK);
    // The host moves bytes: receive, then everything the pump queued goes back (docs/host-contract.md §6).
    const listeners: ((bytes: Uint8Array) => void)[] = [];
    const link: ByteLink = {
      write: async (bytes) => {
        host.receive(bytes);
        const out = host.drainTransmit();
        queueMicrotask(() => listeners.forEach((listener) => listener(out)));
      },
      onData: (listener) => void listeners.push(listener),
    };
    const transfer = new LibraryTransfer(new PumpClient(link, { timers: new ManualTimers() }));
    const outcome = await transfer.send(signed(wardImage(13)));
    expect(outcome.ok && outcome.status.activeVersion).toBe(13);
    // The power goes: only what PumpHost saved comes back, and it is the new library, whole.
    host.powerCycle();
    expect(host.libraryVersion()).toBe(13);
  });
});
