// A pump saved by the previous layout (NV header layout 2: one key record, no floor records, no key
// mark) powers on with the new firmware: it migrates, keeping the key, the floor and every record,
// and from then on the floor and the key survive the damage of issue 10 §5 (docs/event-log.md §2, §8).
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FLOOR_RECORD_SIZE, KEY_RECORD_SIZE, KeyState, Status } from "../../firmware/abi/codes.ts";
import {
  FLOOR_RECORD_B_OFFSET,
  FLOOR_RECORD_OFFSET,
  KEY_RECORD_B_OFFSET,
  KEY_RECORD_OFFSET,
  NV_HEADER_OFFSET,
} from "../support/profile.ts";
import { PowerOnFlag } from "../../firmware/abi/event-types.ts";
import { NV_COPY_OFFSETS, NV_COPY_SIZE, readNvHeader } from "../../simulator/pump/nv-log-reader.ts";
import { loadImage, logOf, nvOf, powerOn } from "../nv/firmware-instance.ts";
import { libraryStatus } from "../library-transfer/pump.ts";
import { at, flip, FLOOR, OLDER, provisionedPump } from "./damaged-pump.ts";

/** The same pump as the previous layout wrote it. */
function asLayout2(nv: Uint8Array): Uint8Array {
  const old = nv.slice();
  for (const copy of NV_COPY_OFFSETS) {
    const start = at(NV_HEADER_OFFSET) + copy;
    const view = new DataView(old.buffer, old.byteOffset + start, NV_COPY_SIZE);
    if (view.getUint32(0, true) === 0) continue;
    view.setUint16(4, 2, true);
    old[start + 85] = 0; // layout 2: reserved
    view.setUint32(124, crc32(old.subarray(start, start + 124)), true);
  }
  old.fill(0, at(KEY_RECORD_B_OFFSET), at(KEY_RECORD_B_OFFSET) + KEY_RECORD_SIZE);
  old.fill(0, at(FLOOR_RECORD_OFFSET), at(FLOOR_RECORD_OFFSET) + FLOOR_RECORD_SIZE);
  old.fill(0, at(FLOOR_RECORD_B_OFFSET), at(FLOOR_RECORD_B_OFFSET) + FLOOR_RECORD_SIZE);
  return old;
}

describe("REQ-HOST-016 REQ-SIG-015 a layout-2 pump migrates, keeping key, floor and log", () => {
  it("the first power-on writes key copy B, both floor records and a layout-3 header with the key mark", () => {
    const { nv, records } = provisionedPump();
    const old = asLayout2(nv);
    expect(readNvHeader(old)).toMatchObject({ layoutVersion: 2, versionFloor: FLOOR, keyProvisioned: false });
    const firmware = powerOn(old);
    firmware.init();
    expect(firmware.keyState()).toBe(KeyState.PROVISIONED);
    expect(firmware.libraryVersion()).toBe(FLOOR);
    const log = logOf(firmware);
    expect(log.records.slice(0, -1)).toEqual(records);
    expect(log.records.at(-1)!.detail).toBe(PowerOnFlag.LIBRARY_RESTORED | PowerOnFlag.NV_REPAIRED);
    const migrated = nvOf(firmware);
    expect(readNvHeader(migrated)).toMatchObject({ layoutVersion: 3, versionFloor: FLOOR, keyProvisioned: true });
    for (const [offset, size] of [
      [KEY_RECORD_B_OFFSET, KEY_RECORD_SIZE],
      [FLOOR_RECORD_OFFSET, FLOOR_RECORD_SIZE],
      [FLOOR_RECORD_B_OFFSET, FLOOR_RECORD_SIZE],
    ]) {
      expect(Buffer.from(migrated.subarray(at(offset), at(offset) + size))).toEqual(
        Buffer.from(nv.subarray(at(offset), at(offset) + size)),
      );
    }
    expect(Buffer.from(migrated.subarray(at(KEY_RECORD_OFFSET), at(KEY_RECORD_OFFSET) + KEY_RECORD_SIZE))).toEqual(
      Buffer.from(migrated.subarray(at(KEY_RECORD_B_OFFSET), at(KEY_RECORD_B_OFFSET) + KEY_RECORD_SIZE)),
    );
    // Migrated: now both header copies and the one old key copy may be lost.
    for (const copy of NV_COPY_OFFSETS) flip(migrated, at(NV_HEADER_OFFSET) + copy, 77);
    flip(migrated, at(KEY_RECORD_OFFSET), 100);
    const damaged = powerOn(migrated);
    damaged.init();
    expect(damaged.keyState()).toBe(KeyState.PROVISIONED);
    expect(libraryStatus(damaged).versionFloor).toBe(FLOOR);
    expect(loadImage(damaged, OLDER)).toBe(Status.IMAGE_ROLLBACK);
  });

  it("a layout-2 development pump stays a development pump and writes no floor record", () => {
    const firmware = powerOn();
    firmware.init();
    const old = asLayout2(nvOf(firmware));
    const restarted = powerOn(old);
    restarted.init();
    expect(restarted.keyState()).toBe(KeyState.DEVELOPMENT);
    const after = nvOf(restarted);
    expect(
      after.subarray(at(FLOOR_RECORD_OFFSET), at(FLOOR_RECORD_OFFSET) + FLOOR_RECORD_SIZE).every((b) => b === 0),
    ).toBe(true);
    expect(logOf(restarted).records.at(-1)!.detail & PowerOnFlag.NV_REPAIRED).toBe(0);
  });
});
