// What a pump admits (firmware/library/admit.ts, docs/library-image.md §9): with a provisioned key
// only signed, released, newer files; without one (a development pump) what ABI 3 admitted. Every
// rejection is logged with its status and leaves the active library in force.
import { describe, expect, it } from "vitest";
import { KeyState, SIGNATURE_TRAILER_SIZE, Status } from "../../firmware/abi/codes.ts";
import { LIBRARY_SLOT_SIZE } from "../support/profile.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command } from "../../firmware/abi/protocol-codes.ts";
import { keyIdOf } from "../../hil/library/tools/signing/trailer.ts";
import { libraryRecordFields } from "../../simulator/pump/event-record.ts";
import { decodeHello } from "../../simulator/client/messages.ts";
import { readNvHeader } from "../../simulator/pump/nv-log-reader.ts";
import { loadImage, logOf, nvOf } from "../nv/firmware-instance.ts";
import { HOSPITAL_KEY, OTHER_KEY } from "../../hil/library/examples/test-keys.ts";
import { libraryStatus, provision, pump, request, signed, wardImage } from "./pump.ts";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const bodyDigestOf = (image: Uint8Array): string => hex(image.subarray(64, 96));

/** A provisioned pump with version 12 active; a rejected file must leave exactly this in force. */
function provisionedPump() {
  const active = signed(wardImage(12));
  const firmware = pump({ key: HOSPITAL_KEY.publicKey, active });
  return { firmware, active };
}

function expectRejectedAndLogged(
  firmware: ReturnType<typeof pump>,
  file: Uint8Array,
  status: Status,
  activeVersion = 12,
): void {
  const slotBefore = firmware.libraryActiveSlot();
  expect(loadImage(firmware, file)).toBe(status);
  expect([firmware.libraryVersion(), firmware.libraryActiveSlot()]).toEqual([activeVersion, slotBefore]);
  const record = logOf(firmware).records.at(-1)!;
  expect(record).toMatchObject({ type: EventType.LIBRARY_REJECTED, status, libraryVersion: activeVersion });
  const fields = libraryRecordFields(record);
  // The record names the refused file: its claimed body digest and version, its length and slot.
  expect(fields).toMatchObject({
    block: bodyDigestOf(file),
    word: new DataView(file.buffer, file.byteOffset).getUint32(8, true),
    lengthBytes: file.length,
  });
  expect(fields.slot).toBe(1 - slotBefore);
}

describe("REQ-SIG-005 REQ-SIG-006 a provisioned pump admits only signed, released, newer libraries", () => {
  it("a file signed with the provisioned key is activated, into the other slot, and logged with its digest", () => {
    const { firmware, active } = provisionedPump();
    expect(firmware.keyState()).toBe(KeyState.PROVISIONED);
    expect(firmware.libraryActiveSlot()).toBe(0);
    const next = signed(wardImage(13));
    expect(loadImage(firmware, next)).toBe(Status.OK);
    expect([firmware.libraryVersion(), firmware.libraryActiveSlot()]).toEqual([13, 1]);
    const record = logOf(firmware).records.at(-1)!;
    expect(record).toMatchObject({ type: EventType.LIBRARY_ACTIVATED, status: 0, libraryVersion: 13 });
    expect(libraryRecordFields(record)).toMatchObject({ block: bodyDigestOf(next), lengthBytes: next.length, slot: 1 });
    // Slot A still holds the previous library, byte for byte.
    expect(Buffer.from(nvOf(firmware).subarray(0, active.length)).equals(Buffer.from(active))).toBe(true);
    expect(readNvHeader(nvOf(firmware))).toMatchObject({ librarySlot: 1, libraryVersion: 13, versionFloor: 13 });
  });

  it("unsigned: IMAGE_UNSIGNED", () => {
    expectRejectedAndLogged(provisionedPump().firmware, wardImage(13), Status.IMAGE_UNSIGNED);
  });

  it("signed with another key: IMAGE_WRONG_KEY", () => {
    expectRejectedAndLogged(provisionedPump().firmware, signed(wardImage(13), OTHER_KEY), Status.IMAGE_WRONG_KEY);
  });

  it("another key's signature under the provisioned key's id: IMAGE_SIGNATURE", () => {
    const forged = signed(wardImage(13), OTHER_KEY);
    forged.set(keyIdOf(HOSPITAL_KEY.publicKey), forged.length - SIGNATURE_TRAILER_SIZE + 8);
    expectRejectedAndLogged(provisionedPump().firmware, forged, Status.IMAGE_SIGNATURE);
  });

  it("a draft or an approved library, even signed: IMAGE_NOT_RELEASED", () => {
    expectRejectedAndLogged(provisionedPump().firmware, signed(wardImage(13, 0)), Status.IMAGE_NOT_RELEASED);
    expectRejectedAndLogged(provisionedPump().firmware, signed(wardImage(13, 1)), Status.IMAGE_NOT_RELEASED);
  });

  it("an older version, or the active version again: IMAGE_ROLLBACK", () => {
    const { firmware } = provisionedPump();
    expectRejectedAndLogged(firmware, signed(wardImage(11)), Status.IMAGE_ROLLBACK);
    expectRejectedAndLogged(firmware, signed(wardImage(12, 2, "Ward test librarx")), Status.IMAGE_ROLLBACK);
    expectRejectedAndLogged(firmware, signed(wardImage(1)), Status.IMAGE_ROLLBACK);
  });

  it("a malformed trailer (version, size): IMAGE_SIGNATURE; a trailer on a file too long for a slot: IMAGE_SIZE", () => {
    const file = signed(wardImage(13));
    const badVersion = file.slice();
    badVersion[file.length - SIGNATURE_TRAILER_SIZE + 4] = 2;
    expectRejectedAndLogged(provisionedPump().firmware, badVersion, Status.IMAGE_SIGNATURE);
    const badSize = file.slice();
    badSize[file.length - SIGNATURE_TRAILER_SIZE + 6] = 81;
    expectRejectedAndLogged(provisionedPump().firmware, badSize, Status.IMAGE_SIGNATURE);
    const { firmware } = provisionedPump();
    expect(firmware.libraryLoad(LIBRARY_SLOT_SIZE + 1)).toBe(Status.IMAGE_SIZE);
    expect(firmware.libraryVersion()).toBe(12);
  });

  it("the checks run in the documented order: signature before structure, policy after it", () => {
    // A structurally broken file is still "unsigned" first; a signed broken one fails the image checks.
    const broken = wardImage(13);
    broken[0] ^= 1;
    expectRejectedAndLogged(provisionedPump().firmware, broken, Status.IMAGE_UNSIGNED);
    expectRejectedAndLogged(provisionedPump().firmware, signed(broken), Status.IMAGE_MAGIC);
    // A draft that is also a rollback reports the release status first.
    expectRejectedAndLogged(provisionedPump().firmware, signed(wardImage(11, 0)), Status.IMAGE_NOT_RELEASED);
  });
});

describe("REQ-SIG-004 a development pump (no key) admits what ABI 3 admitted and says so", () => {
  it("unsigned, draft, older and signed files are all admitted; HELLO and LIBRARY_STATUS report keyState 0", () => {
    const firmware = pump();
    expect(firmware.keyState()).toBe(KeyState.DEVELOPMENT);
    expect(loadImage(firmware, wardImage(12, 0))).toBe(Status.OK);
    expect(loadImage(firmware, wardImage(3))).toBe(Status.OK);
    expect(loadImage(firmware, signed(wardImage(2), OTHER_KEY))).toBe(Status.OK);
    expect(firmware.libraryVersion()).toBe(2);
    const hello = decodeHello(request(firmware, Command.HELLO, Uint8Array.of(1)).response.payload);
    expect(hello).toMatchObject({ keyState: KeyState.DEVELOPMENT, libraryVersion: 2 });
    expect(libraryStatus(firmware)).toMatchObject({
      keyState: KeyState.DEVELOPMENT,
      versionFloor: 0,
      keyId: "0".repeat(16),
    });
  });

  it("a signed file's trailer must still be well formed", () => {
    const file = signed(wardImage(12));
    file[file.length - SIGNATURE_TRAILER_SIZE + 4] = 9;
    const firmware = pump();
    expect(loadImage(firmware, file)).toBe(Status.IMAGE_SIGNATURE);
  });
});

describe("REQ-SIG-003 the public key is provisioned once", () => {
  it("provisioning logs KEY_PROVISIONED with the key, reports keyState 1 and the key id; the same key again is a no-op", () => {
    const firmware = pump();
    expect(provision(firmware, HOSPITAL_KEY.publicKey)).toBe(Status.OK);
    const record = logOf(firmware).records.at(-1)!;
    expect(record.type).toBe(EventType.KEY_PROVISIONED);
    expect(libraryRecordFields(record).block).toBe(hex(HOSPITAL_KEY.publicKey));
    expect(libraryStatus(firmware)).toMatchObject({
      keyState: KeyState.PROVISIONED,
      keyId: hex(keyIdOf(HOSPITAL_KEY.publicKey)),
    });
    const count = logOf(firmware).records.length;
    expect(provision(firmware, HOSPITAL_KEY.publicKey)).toBe(Status.OK);
    expect(logOf(firmware).records).toHaveLength(count);
  });

  it("a second, different key is refused: KEY_ALREADY_PROVISIONED", () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey });
    expect(provision(firmware, OTHER_KEY.publicKey)).toBe(Status.KEY_ALREADY_PROVISIONED);
    expect(libraryStatus(firmware).keyId).toBe(hex(keyIdOf(HOSPITAL_KEY.publicKey)));
  });

  it("a key that does not decode, or has small order, is refused: KEY_INVALID", () => {
    const firmware = pump();
    const notOnCurve = new Uint8Array(32);
    notOnCurve[0] = 2; // y = 2 has no x on edwards25519
    const identity = new Uint8Array(32);
    identity[0] = 1; // (0, 1): order 1
    const orderTwo = new Uint8Array(32).fill(0xff);
    orderTwo[0] = 0xec;
    orderTwo[31] = 0x7f; // y = −1: (0, −1), order 2
    for (const key of [notOnCurve, identity, orderTwo, new Uint8Array(32).fill(0xff)])
      expect(provision(firmware, key)).toBe(Status.KEY_INVALID);
    expect(firmware.keyState()).toBe(KeyState.DEVELOPMENT);
  });

  it("an unsigned library active on a development pump is dropped when a key is provisioned, and the drop is logged", () => {
    const firmware = pump({ active: wardImage(12) });
    expect(provision(firmware, HOSPITAL_KEY.publicKey)).toBe(Status.OK);
    expect(firmware.libraryVersion()).toBe(0);
    const records = logOf(firmware).records.slice(-2);
    expect(records.map((r) => [r.type, r.status])).toEqual([
      [EventType.KEY_PROVISIONED, 0],
      [EventType.LIBRARY_REJECTED, Status.IMAGE_UNSIGNED],
    ]);
  });

  it("a signed, released library active before provisioning stays, and sets the rollback floor", () => {
    const firmware = pump({ active: signed(wardImage(12)) });
    expect(provision(firmware, HOSPITAL_KEY.publicKey)).toBe(Status.OK);
    expect(firmware.libraryVersion()).toBe(12);
    expect(libraryStatus(firmware).versionFloor).toBe(12);
  });
});
