// A provisioned pump with history, and what must hold after any damage to its NV (issue 10 §5,
// docs/event-log.md §7–§8): no older or wrongly signed library loads, the floor is kept, every log
// record that passes its CRC is kept, and no other key is taken without the service erase.
import { isDeepStrictEqual } from "node:util";
import { expect } from "vitest";
import { KeyState, NV_REGION_OFFSET, Status } from "../../firmware/abi/codes.ts";
import { NV_REGION_SIZE } from "../support/profile.ts";
import { EventType, PowerOnFlag } from "../../firmware/abi/event-types.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import type { EventRecord } from "../../simulator/pump/event-record.ts";
import { readNvLog } from "../../simulator/pump/nv-log-reader.ts";
import { loadImage, logInvariantProblems, logOf, nvOf, powerOn } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY, OTHER_KEY } from "../../hil/library/examples/test-keys.ts";
import { TINY_SPEC, writeTestImage } from "../oracle/test-image-writer.ts";
import { libraryStatus, provision, pump, signed } from "../library-transfer/pump.ts";

export const FLOOR = 12;
const tiny = (version: number): Uint8Array => writeTestImage({ ...TINY_SPEC, version, status: 2 });
/** Below the floor, signed by the pump's key. */
export const OLDER = signed(tiny(FLOOR - 1));
/** Above the floor, signed by another key. */
export const WRONGLY_SIGNED = signed(tiny(FLOOR + 1), OTHER_KEY);
export const NEWER = signed(tiny(FLOOR + 1));

/** Provisioned, versions 11 then 12 activated (floor 12), a fault raised: the NV bytes and the log. */
export function provisionedPump(): { firmware: FirmwareExports; nv: Uint8Array; records: EventRecord[] } {
  const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: OLDER });
  firmware.tick(1_000);
  expect(loadImage(firmware, signed(tiny(FLOOR)))).toBe(Status.OK);
  firmware.tick(1_000);
  firmware.setSensorFaults(1);
  return { firmware, nv: nvOf(firmware), records: logOf(firmware).records };
}

export const at = (absoluteOffset: number): number => absoluteOffset - NV_REGION_OFFSET;

export function flip(nv: Uint8Array, offset: number, bit: number): void {
  nv[offset + (bit >> 3)] ^= 1 << (bit & 7);
}

/**
 * Powers on from the damaged `nv` and checks issue 10 §5's promises; returns the key state found.
 * `records` is the log before the damage: every one must still be returned (the damage is outside
 * the ring), in order, before the new POWER_ON.
 */
export function checkDamagedPump(nv: Uint8Array, records: EventRecord[], where: string): number {
  const firmware = powerOn(nv);
  firmware.init();
  const keyState = firmware.keyState();
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (keyState === KeyState.DEVELOPMENT) fail("the pump became a development pump");
  const version = firmware.libraryVersion();
  if (version !== FLOOR && version !== 0) fail(`library version ${version} active`);
  // The live region, read in place (no 4 MiB copy per check).
  const log = readNvLog(new Uint8Array(firmware.memory.buffer, NV_REGION_OFFSET, NV_REGION_SIZE));
  if (log === undefined) return fail("no valid header copy after init");
  if (logInvariantProblems(log).length > 0) fail(`log invariants: ${logInvariantProblems(log).join("; ")}`);
  const kept = log.records.slice(0, records.length);
  if (!isDeepStrictEqual(kept, records)) fail("an intact log record was lost");
  const powerOnRecord = log.records[records.length];
  if (powerOnRecord?.type !== EventType.POWER_ON) fail("no POWER_ON after the kept records");
  const floor = libraryStatus(firmware).versionFloor;
  if (floor !== FLOOR) fail(`floor ${floor}`);
  if (loadImage(firmware, OLDER) === Status.OK) fail("an older library loaded");
  if (loadImage(firmware, WRONGLY_SIGNED) === Status.OK) fail("a wrongly signed library loaded");
  if (provision(firmware, OTHER_KEY.publicKey) === Status.OK) fail("another key was provisioned");
  if (firmware.keyState() !== keyState) fail("the key state changed");
  if (keyState === KeyState.DAMAGED && (powerOnRecord.detail & PowerOnFlag.KEY_DAMAGED) === 0)
    fail("POWER_ON does not say KEY_DAMAGED");
  return keyState;
}
