// Issue 10 §5 (REQ-SIG-016): every single-bit flip of either key-record copy, and of both copies
// at once, on a provisioned pump: no older or wrongly signed library loads, the floor and every
// record are kept, and no other key is provisioned without the service erase (docs/event-log.md §7,
// docs/host-contract.md §10).
import { describe, expect, it } from "vitest";
import { KEY_RECORD_SIZE, KeyState, REQUEST_OFFSET, Status } from "../../firmware/abi/codes.ts";
import { KEY_RECORD_B_OFFSET, KEY_RECORD_OFFSET } from "../support/profile.ts";
import { EventType, KeyProvisionedDetail, PowerOnFlag } from "../../firmware/abi/event-types.ts";
import { decodeRecord } from "../../simulator/pump/event-record.ts";
import { readKeyRecord } from "../../simulator/pump/nv-log-reader.ts";
import { drainFrames, eventFrames, loadImage, logOf, nvOf, powerOn } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY, OTHER_KEY } from "../../hil/library/examples/test-keys.ts";
import { libraryStatus, provision } from "../library-transfer/pump.ts";
import { at, checkDamagedPump, flip, FLOOR, NEWER, OLDER, provisionedPump, WRONGLY_SIGNED } from "./damaged-pump.ts";

const COPY_A = at(KEY_RECORD_OFFSET);
const COPY_B = at(KEY_RECORD_B_OFFSET);
/** One fresh instance, a re-admission and two refused loads per flip: minutes on a loaded 2-core machine. */
const EXHAUSTIVE_TIMEOUT_MS = 900_000;
const BITS = KEY_RECORD_SIZE * 8;

function bothCopiesFlipped(bit: number) {
  const pumpState = provisionedPump();
  flip(pumpState.nv, COPY_A, bit);
  flip(pumpState.nv, COPY_B, bit);
  const firmware = powerOn(pumpState.nv);
  firmware.init();
  return { ...pumpState, firmware };
}

/** The service procedure of docs/host-contract.md §10, step 2: the host zeroes both copies. */
function eraseKeyArea(memory: Uint8Array): void {
  memory.fill(0, KEY_RECORD_OFFSET, KEY_RECORD_OFFSET + KEY_RECORD_SIZE);
  memory.fill(0, KEY_RECORD_B_OFFSET, KEY_RECORD_B_OFFSET + KEY_RECORD_SIZE);
}

describe("REQ-SIG-016 REQ-SIG-003 issue 10 §5: the key cannot be lost to, or replaced after, NV damage", () => {
  it("issue 10 §5: one flipped bit in the key record does not let a new key be provisioned", () => {
    const { nv } = provisionedPump();
    flip(nv, COPY_A, 20 * 8 + 7);
    const firmware = powerOn(nv);
    firmware.init();
    expect(firmware.keyState()).toBe(KeyState.PROVISIONED);
    expect(provision(firmware, OTHER_KEY.publicKey)).toBe(Status.KEY_ALREADY_PROVISIONED);
    expect(loadImage(firmware, WRONGLY_SIGNED)).toBe(Status.IMAGE_WRONG_KEY);
    expect(loadImage(firmware, NEWER)).toBe(Status.OK);
    // The damaged copy was rewritten from the intact one, and the POWER_ON says so.
    expect(readKeyRecord(nvOf(firmware))).toMatchObject({ state: "PROVISIONED" });
    expect(Buffer.from(nvOf(firmware).subarray(COPY_A, COPY_A + KEY_RECORD_SIZE))).toEqual(
      Buffer.from(nv.subarray(COPY_B, COPY_B + KEY_RECORD_SIZE)),
    );
    const powerOnRecord = logOf(firmware).records.find((r) => r.type === EventType.POWER_ON && r.sequence > 5)!;
    expect(powerOnRecord.detail & PowerOnFlag.NV_REPAIRED).toBe(PowerOnFlag.NV_REPAIRED);
  });

  it("issue 10 §5: a damaged key record refuses every library and every new key until the service erase", () => {
    const { firmware } = bothCopiesFlipped(20 * 8 + 7);
    expect(firmware.keyState()).toBe(KeyState.DAMAGED);
    expect(firmware.libraryVersion()).toBe(0);
    for (const file of [OLDER, NEWER, WRONGLY_SIGNED]) expect(loadImage(firmware, file)).toBe(Status.KEY_DAMAGED);
    expect(provision(firmware, OTHER_KEY.publicKey)).toBe(Status.KEY_DAMAGED);
    expect(provision(firmware, HOSPITAL_KEY.publicKey)).toBe(Status.KEY_DAMAGED); // even the right key: the area must be erased first
  });

  it("the service procedure: erase the key area with the pump idle, provision; logged, floor kept", () => {
    const { firmware } = bothCopiesFlipped(3);
    drainFrames(firmware);
    eraseKeyArea(new Uint8Array(firmware.memory.buffer));
    expect(loadImage(firmware, NEWER)).toBe(Status.KEY_DAMAGED); // an erased area is no development pump
    drainFrames(firmware);
    new Uint8Array(firmware.memory.buffer).set(HOSPITAL_KEY.publicKey, REQUEST_OFFSET);
    expect(firmware.provisionPublicKey()).toBe(Status.OK);
    const events = eventFrames(drainFrames(firmware)).map((frame) => decodeRecord(frame.payload));
    expect(events).toMatchObject([
      { type: EventType.KEY_PROVISIONED, detail: KeyProvisionedDetail.AFTER_SERVICE_ERASE },
    ]);
    expect(firmware.keyState()).toBe(KeyState.PROVISIONED);
    expect(libraryStatus(firmware).versionFloor).toBe(FLOOR);
    expect(loadImage(firmware, OLDER)).toBe(Status.IMAGE_ROLLBACK);
    expect(loadImage(firmware, NEWER)).toBe(Status.OK);
    // It survives a power cycle with both copies written.
    const restarted = powerOn(nvOf(firmware));
    restarted.init();
    expect(restarted.libraryVersion()).toBe(FLOOR + 1);
    expect(readKeyRecord(nvOf(restarted))).toMatchObject({ state: "PROVISIONED" });
  });

  it("an erase done while the pump is off still needs the service provisioning: blank copies on a keyed pump are DAMAGED", () => {
    const { nv, records } = provisionedPump();
    nv.fill(0, COPY_A, COPY_A + KEY_RECORD_SIZE);
    nv.fill(0, COPY_B, COPY_B + KEY_RECORD_SIZE);
    const firmware = powerOn(nv);
    firmware.init();
    expect(firmware.keyState()).toBe(KeyState.DAMAGED);
    const log = logOf(firmware).records;
    expect(log.slice(0, records.length)).toEqual(records);
    expect(log[records.length]).toMatchObject({ type: EventType.POWER_ON });
    expect(log[records.length].detail & PowerOnFlag.KEY_DAMAGED).toBe(PowerOnFlag.KEY_DAMAGED);
    expect(libraryStatus(firmware).versionFloor).toBe(FLOOR);
    for (const file of [OLDER, NEWER, WRONGLY_SIGNED]) expect(loadImage(firmware, file)).toBe(Status.KEY_DAMAGED);
    expect(provision(firmware, HOSPITAL_KEY.publicKey)).toBe(Status.OK);
    expect(logOf(firmware).records.at(-1)).toMatchObject({
      type: EventType.KEY_PROVISIONED,
      detail: KeyProvisionedDetail.AFTER_SERVICE_ERASE,
    });
  });

  for (const [name, copies, expected] of [
    ["copy A", [COPY_A], KeyState.PROVISIONED],
    ["copy B", [COPY_B], KeyState.PROVISIONED],
    ["both copies (the same bit)", [COPY_A, COPY_B], KeyState.DAMAGED],
  ] as const) {
    it(
      `every one of the ${BITS} single-bit flips of ${name}: key state ${KeyState[expected]}`,
      () => {
        const { nv, records } = provisionedPump();
        const damaged = nv.slice();
        for (let bit = 0; bit < BITS; bit++) {
          for (const copy of copies) flip(damaged, copy, bit);
          expect(checkDamagedPump(damaged, records, `key ${name}, bit ${bit}`)).toBe(expected);
          for (const copy of copies) flip(damaged, copy, bit);
        }
      },
      EXHAUSTIVE_TIMEOUT_MS,
    );
  }
});
