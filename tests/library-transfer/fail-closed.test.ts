// A pump with no valid library fails closed (REQ-SIG-012, docs/host-contract.md §10): it delivers
// nothing — no library program and no basic infusion — answers NO_LIBRARY to every command that
// needs a library, and says so; and a damaged key record admits nothing at all (REQ-SIG-003).
import { describe, expect, it } from "vitest";
import {
  KeyState,
  KEY_RECORD_SIZE,
  Mode,
  NV_HEADER_SIZE,
  NV_REGION_OFFSET,
  REQUEST_OFFSET,
  REQUEST_SIZE,
  Status,
} from "../../firmware/abi/codes.ts";
import { KEY_RECORD_B_OFFSET, KEY_RECORD_OFFSET, NV_HEADER_OFFSET } from "../support/profile.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command, Result } from "../../firmware/abi/protocol-codes.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { readKeyRecord } from "../../simulator/pump/nv-log-reader.ts";
import { decodeCheckProgram, decodeHello } from "../../simulator/client/messages.ts";
import {
  decodeWorkflow,
  encodeCareArea,
  encodeProgramBlock,
  encodeSelectDrug,
} from "../../simulator/client/workflow-messages.ts";
import { loadImage, logOf, nvOf, powerOn } from "../nv/firmware-instance.ts";
import { ICU, NO_CONCENTRATION, SALINE } from "../workflow/driver.ts";
import { HOSPITAL_KEY } from "../../hil/library/examples/test-keys.ts";
import { libraryStatus, provision, pump, request, signed, wardImage } from "./pump.ts";

const resultOf = (payload: Uint8Array): number => payload[0] | (payload[1] << 8);

/** Everything a clinician or a remote system could try, and what must hold after it: nothing runs. */
function expectNothingCanBeDelivered(firmware: FirmwareExports): void {
  const attempts: [Command, Uint8Array][] = [
    [Command.SELECT_CARE_AREA, encodeCareArea(ICU)],
    [Command.SET_PATIENT, new Uint8Array(8)],
    [Command.SELECT_DRUG, encodeSelectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION })],
    [Command.SELECT_BASIC, Uint8Array.of(2)],
    [Command.READ_ADVISORY, new Uint8Array(2)],
    [Command.PROGRAM, encodeProgramBlock({ mode: Mode.RATE, rateUlPerHour: 3_600n })],
  ];
  for (const [code, payload] of attempts) {
    const payloadOut = request(firmware, code, payload).response.payload;
    expect([code, resultOf(payloadOut)]).toEqual([code, Result.NO_LIBRARY]);
  }
  for (const code of [Command.START, Command.RESUME, Command.TITRATE, Command.BOLUS, Command.SECONDARY]) {
    const size = code === Command.TITRATE ? 36 : code === Command.BOLUS ? 18 : code === Command.SECONDARY ? 44 : 0;
    expect(resultOf(request(firmware, code, new Uint8Array(size)).response.payload)).not.toBe(Result.OK);
  }
  const check = request(firmware, Command.CHECK_PROGRAM, new Uint8Array(REQUEST_SIZE)).response.payload;
  expect(decodeCheckProgram(check).status).toBe(Status.NO_LIBRARY);
  new Uint8Array(firmware.memory.buffer).fill(0, REQUEST_OFFSET, REQUEST_OFFSET + REQUEST_SIZE);
  expect(firmware.evaluate()).toBe(Status.NO_LIBRARY);
  const snapshot = decodeWorkflow(request(firmware, Command.GET_INFUSION).response.payload, "plain").snapshot;
  expect(snapshot.state).toBe(PumpState.IDLE);
  expect(firmware.motorRate()).toBe(0n);
  const hello = decodeHello(request(firmware, Command.HELLO, Uint8Array.of(1)).response.payload);
  expect(hello).toMatchObject({ libraryActive: false, libraryVersion: 0 });
}

describe("REQ-SIG-012 no valid library: nothing is delivered", () => {
  it("a new pump that never received a library", () => {
    expectNothingCanBeDelivered(pump());
  });

  it("a provisioned pump whose library failed re-admission at power-on: LIBRARY_REJECTED logged, then nothing", () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: signed(wardImage(12)) });
    const nv = nvOf(firmware);
    nv[200] ^= 1; // a byte of slot A
    const restarted = powerOn(nv);
    restarted.init();
    expect(logOf(restarted).records.at(-1)).toMatchObject({
      type: EventType.LIBRARY_REJECTED,
      status: Status.IMAGE_SIGNATURE,
    });
    expectNothingCanBeDelivered(restarted);
  });
});

describe("REQ-SIG-003 REQ-SIG-012 a damaged key record admits nothing", () => {
  function damagedKeyPump() {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey, active: signed(wardImage(12)) });
    const nv = nvOf(firmware);
    // A bit of the key in both copies: neither CRC matches (one copy alone would be repaired from the other).
    nv[KEY_RECORD_OFFSET - NV_REGION_OFFSET + 20] ^= 0x80;
    nv[KEY_RECORD_B_OFFSET - NV_REGION_OFFSET + 20] ^= 0x80;
    expect(readKeyRecord(nv).state).toBe("DAMAGED");
    const restarted = powerOn(nv);
    restarted.init();
    return restarted;
  }

  it("the recorded library is refused with KEY_DAMAGED, every load too, and HELLO reports keyState 2", () => {
    const firmware = damagedKeyPump();
    expect(firmware.keyState()).toBe(KeyState.DAMAGED);
    expect(logOf(firmware).records.at(-1)).toMatchObject({
      type: EventType.LIBRARY_REJECTED,
      status: Status.KEY_DAMAGED,
    });
    expect(loadImage(firmware, signed(wardImage(13)))).toBe(Status.KEY_DAMAGED);
    expect(loadImage(firmware, wardImage(13))).toBe(Status.KEY_DAMAGED);
    expect(libraryStatus(firmware).keyState).toBe(KeyState.DAMAGED);
    expectNothingCanBeDelivered(firmware);
  });

  it("provisioning again needs the service erase of the key area; then the pump is restored and the rollback floor was kept", () => {
    const firmware = damagedKeyPump();
    expect(provision(firmware, HOSPITAL_KEY.publicKey)).toBe(Status.KEY_DAMAGED);
    const memory = new Uint8Array(firmware.memory.buffer);
    memory.fill(0, KEY_RECORD_OFFSET, KEY_RECORD_OFFSET + KEY_RECORD_SIZE);
    memory.fill(0, KEY_RECORD_B_OFFSET, KEY_RECORD_B_OFFSET + KEY_RECORD_SIZE);
    expect(provision(firmware, HOSPITAL_KEY.publicKey)).toBe(Status.OK);
    expect(firmware.keyState()).toBe(KeyState.PROVISIONED);
    expect(loadImage(firmware, signed(wardImage(11)))).toBe(Status.IMAGE_ROLLBACK);
    expect(loadImage(firmware, signed(wardImage(12)))).toBe(Status.OK); // the floor version, re-installed after the loss
  });

  it("the key record survives a formatted NV header: a provisioned pump never becomes a development pump", () => {
    const firmware = pump({ key: HOSPITAL_KEY.publicKey });
    const nv = nvOf(firmware);
    const header = NV_HEADER_OFFSET - NV_REGION_OFFSET;
    nv.fill(0xff, header, header + NV_HEADER_SIZE); // both header copies destroyed: init rebuilds the header
    const restarted = powerOn(nv);
    restarted.init();
    expect(restarted.keyState()).toBe(KeyState.PROVISIONED);
    expect(loadImage(restarted, wardImage(13))).toBe(Status.IMAGE_UNSIGNED);
  });
});
