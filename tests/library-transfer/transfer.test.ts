// A library file over the serial protocol (docs/protocol.md §5.6): chunks into the staging slot,
// resumable; the digest checked before activation; activation refused while infusing and
// otherwise one commit that resets the programming workflow. Through PumpClient and
// LibraryTransfer (simulator/client/library-transfer.ts) on the release module.
import { describe, expect, it } from "vitest";
import { Mode, Status } from "../../firmware/abi/codes.ts";
import { EventType } from "../../firmware/abi/event-types.ts";
import { Command, ErrorDetail, LIBRARY_CHUNK_MAX_BYTES, Result } from "../../firmware/abi/protocol-codes.ts";
import { PumpState } from "../../firmware/abi/workflow-codes.ts";
import type { FirmwareExports } from "../../simulator/host/firmware-exports.ts";
import { decodeRecord, libraryRecordFields } from "../../simulator/pump/event-record.ts";
import { PumpClient } from "../../simulator/client/client.ts";
import { encodeLibraryBegin, encodeLibraryChunk, fileDigest } from "../../simulator/client/library-messages.ts";
import { LibraryTransfer } from "../../simulator/client/library-transfer.ts";
import type { ByteLink } from "../../simulator/link/link.ts";
import { decodeHello } from "../../simulator/client/messages.ts";
import { ManualTimers } from "../../simulator/link/timers.ts";
import { WasmLink } from "../../simulator/link/wasm-link.ts";
import {
  decodeWorkflow,
  encodeCareArea,
  encodeProgramBlock,
  encodeSelectDrug,
} from "../../simulator/client/workflow-messages.ts";
import { logOf } from "../nv/firmware-instance.ts";
import { ICU, NO_CONCENTRATION, SALINE } from "../workflow/driver.ts";
import { exampleFile } from "../../hil/library/examples/example-files.ts";
import { HOSPITAL_KEY } from "../../hil/library/examples/test-keys.ts";
import { library, libraryStatus, pump, request, signed } from "./pump.ts";

const PREVIOUS = signed(exampleFile(11));
const NEXT = signed(exampleFile(12));
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const refused = (status: Status) => ({ ok: false, result: Result.LIBRARY_REFUSED, detail: status });

function provisioned(): FirmwareExports {
  return pump({ key: HOSPITAL_KEY.publicKey, active: PREVIOUS });
}

/** Resolves `promise`, advancing the client's virtual clock while it waits for retransmissions. */
async function drive<T>(promise: Promise<T>, timers: ManualTimers): Promise<T> {
  let done = false;
  const settled = promise.finally(() => {
    done = true;
  });
  settled.catch(() => undefined); // the caller awaits it; a rejection while we step is not "unhandled"
  for (let i = 0; i < 100_000 && !done; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (!done) timers.advance(100);
  }
  return settled;
}

function session(firmware: FirmwareExports, link: ByteLink = new WasmLink(firmware), firstSequence = 0) {
  const timers = new ManualTimers();
  const client = new PumpClient(link, { timers, timeoutMs: 100, maxAttempts: 4, firstSequence });
  return { client, timers, transfer: new LibraryTransfer(client) };
}

function sendAll(firmware: FirmwareExports, file: Uint8Array, chunkBytes = LIBRARY_CHUNK_MAX_BYTES): void {
  expect(library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(file.length, fileDigest(file))).ok).toBe(true);
  for (let offset = 0; offset < file.length; offset += chunkBytes) {
    expect(
      library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(offset, file.subarray(offset, offset + chunkBytes)))
        .ok,
    ).toBe(true);
  }
}

describe("REQ-SIG-009 REQ-SIG-011 a signed library over the serial line", () => {
  it("LibraryTransfer sends and activates it; HELLO and LIBRARY_STATUS report the new version and digest; the record carries it", async () => {
    const firmware = provisioned();
    const { client, timers, transfer } = session(firmware);
    const outcome = await drive(transfer.send(NEXT), timers);
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.status).toMatchObject({
      keyState: 1,
      activeSlot: 1,
      activeVersion: 12,
      activeBodyDigest: hex(NEXT.subarray(64, 96)),
      versionFloor: 12,
      transferState: 0,
    });
    expect(transfer.chunksSent).toBe(Math.ceil(NEXT.length / LIBRARY_CHUNK_MAX_BYTES));
    const hello = await drive(client.hello(), timers);
    expect(hello.ok && hello.value).toMatchObject({
      libraryVersion: 12,
      libraryBodyDigest: hex(NEXT.subarray(64, 96)),
      keyState: 1,
    });
    const activated = logOf(firmware)
      .records.filter((r) => r.type === EventType.LIBRARY_ACTIVATED)
      .at(-1)!;
    expect(activated.libraryVersion).toBe(12);
    expect(libraryRecordFields(activated)).toMatchObject({
      block: hex(NEXT.subarray(64, 96)),
      lengthBytes: NEXT.length,
      slot: 1,
    });
    // Every later record names the library in force.
    const check = request(firmware, Command.GET_STATUS);
    expect(check.response.payload[0]).toBe(Result.OK);
    expect(decodeHello(request(firmware, Command.HELLO, Uint8Array.of(1)).response.payload).libraryVersion).toBe(12);
    // Sending the same file again is recognised as done, without a transfer.
    const again = new LibraryTransfer(client);
    expect((await drive(again.send(NEXT), timers)).ok).toBe(true);
    expect(again.chunksSent).toBe(0);
  });

  it("survives lost frames both ways (retransmission), and resumes where the pump stands after the link dies", async () => {
    const firmware = provisioned();
    const link = new WasmLink(firmware);
    let writesLeft = 5;
    // A link that dies after five writes, like a cable pulled in the middle of the transfer.
    const dying: ByteLink = {
      write: async (bytes) => {
        if (writesLeft-- <= 0) throw new Error("link lost");
        return link.write(bytes);
      },
      onData: (listener) => link.onData(listener),
    };
    const first = session(firmware, dying);
    await expect(drive(first.transfer.send(NEXT), first.timers)).rejects.toThrow(/link lost/);
    const halfway = libraryStatus(firmware);
    expect(halfway).toMatchObject({ transferState: 1, totalLength: NEXT.length, fileDigest: hex(fileDigest(NEXT)) });
    expect(halfway.receivedBytes).toBeGreaterThan(0);
    // A new client (a new session starts with HELLO) on a lossy line picks it up: BEGIN with the same
    // length and digest resumes from the bytes the pump has.
    const second = session(firmware, link, 1000); // clear of the first client's sequences in the history
    expect((await drive(second.client.hello(), second.timers)).ok).toBe(true);
    link.dropHostWrites = 2;
    link.dropPumpOutput = 2;
    const outcome = await drive(second.transfer.send(NEXT), second.timers);
    expect(outcome.ok && outcome.status.activeVersion).toBe(12);
    expect(link.faultsInjected).toBe(4); // the faults really happened
    // Four lost exchanges exhaust one request's attempts: retransmitted three times, then the whole
    // transfer resumed once (LIBRARY_STATUS, BEGIN: the pump reports where it stands).
    expect(second.client.retransmissions).toBe(3);
    expect(second.transfer.resumes).toBe(1);
    const total = Math.ceil(NEXT.length / LIBRARY_CHUNK_MAX_BYTES);
    expect(second.transfer.chunksSent).toBe(total - halfway.receivedBytes / LIBRARY_CHUNK_MAX_BYTES);
  });

  it("chunks must continue the bytes received; resent chunks are accepted; BEGIN of another file starts over", () => {
    const firmware = provisioned();
    expect(library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(0, NEXT.subarray(0, 10)))).toMatchObject(
      refused(Status.TRANSFER_NONE),
    );
    expect(library(firmware, Command.LIBRARY_ACTIVATE)).toMatchObject(refused(Status.TRANSFER_NONE));
    expect(library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(NEXT.length, fileDigest(NEXT))).ok).toBe(true);
    expect(library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(1, NEXT.subarray(1, 11)))).toMatchObject(
      refused(Status.TRANSFER_OFFSET),
    );
    expect(library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(0, NEXT.subarray(0, 100))).ok).toBe(true);
    expect(library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(50, NEXT.subarray(50, 150)))).toMatchObject({
      ok: true,
      status: { receivedBytes: 150 },
    });
    expect(
      library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(NEXT.length - 5, new Uint8Array(10))),
    ).toMatchObject(refused(Status.TRANSFER_OFFSET));
    expect(library(firmware, Command.LIBRARY_ACTIVATE)).toMatchObject(refused(Status.TRANSFER_INCOMPLETE));
    expect(library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(NEXT.length, fileDigest(NEXT)))).toMatchObject({
      ok: true,
      status: { receivedBytes: 150 },
    });
    expect(
      library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(PREVIOUS.length, fileDigest(PREVIOUS))),
    ).toMatchObject({ ok: true, status: { receivedBytes: 0 } });
    expect(library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(0, fileDigest(NEXT)))).toMatchObject(
      refused(Status.IMAGE_SIZE),
    );
    expect(library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(0x200001, fileDigest(NEXT)))).toMatchObject(
      refused(Status.IMAGE_SIZE),
    );
  });

  it("payloads of the wrong length: BAD_PAYLOAD / PAYLOAD_LENGTH; codes 0x0104–0x010F are unknown", () => {
    const firmware = provisioned();
    const bad = { ok: false, result: Result.BAD_PAYLOAD, detail: ErrorDetail.PAYLOAD_LENGTH };
    expect(library(firmware, Command.LIBRARY_BEGIN, new Uint8Array(35))).toMatchObject(bad);
    expect(library(firmware, Command.LIBRARY_CHUNK, new Uint8Array(4))).toMatchObject(bad);
    expect(library(firmware, Command.LIBRARY_CHUNK, new Uint8Array(4 + LIBRARY_CHUNK_MAX_BYTES + 1))).toMatchObject(
      bad,
    );
    expect(library(firmware, Command.LIBRARY_STATUS, Uint8Array.of(0))).toMatchObject(bad);
    expect(library(firmware, Command.LIBRARY_ACTIVATE, Uint8Array.of(0))).toMatchObject(bad);
    for (const code of [0x0104, 0x010f])
      expect(library(firmware, code)).toMatchObject({ ok: false, result: Result.UNKNOWN_COMMAND });
  });

  it("a file whose bytes differ from the announced digest is refused and logged as TRANSFER_DIGEST; a refused file ends the transfer", () => {
    const firmware = provisioned();
    const damaged = NEXT.slice();
    damaged[300] ^= 4;
    expect(library(firmware, Command.LIBRARY_BEGIN, encodeLibraryBegin(NEXT.length, fileDigest(NEXT))).ok).toBe(true);
    for (let offset = 0; offset < damaged.length; offset += 480) {
      library(firmware, Command.LIBRARY_CHUNK, encodeLibraryChunk(offset, damaged.subarray(offset, offset + 480)));
    }
    const answer = library(firmware, Command.LIBRARY_ACTIVATE);
    expect(answer).toMatchObject(refused(Status.TRANSFER_DIGEST));
    expect(answer.events.map((e) => decodeRecord(e.payload))).toMatchObject([
      { type: EventType.LIBRARY_REJECTED, status: Status.TRANSFER_DIGEST },
    ]);
    expect(libraryStatus(firmware)).toMatchObject({ transferState: 0, activeVersion: 11 });
    // A file the policy refuses (here an older version) is logged with its own status.
    sendAll(firmware, signed(exampleFile(10)));
    expect(library(firmware, Command.LIBRARY_ACTIVATE)).toMatchObject(refused(Status.IMAGE_ROLLBACK));
    expect(firmware.libraryVersion()).toBe(11);
  });
});

describe("REQ-SIG-010 activation waits for the pump to be idle of infusions", () => {
  it("refused with LIBRARY_BUSY while infusing (nothing logged, transfer kept), accepted after STOP", () => {
    const firmware = provisioned();
    const ok = (code: Command, payload: Uint8Array = new Uint8Array(0)) =>
      expect(request(firmware, code, payload).response.payload[0]).toBe(Result.OK);
    ok(Command.SELECT_CARE_AREA, encodeCareArea(ICU));
    ok(Command.SELECT_DRUG, encodeSelectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION }));
    ok(Command.PROGRAM, encodeProgramBlock({ mode: Mode.RATE, rateUlPerHour: 3_600n }));
    ok(Command.START);
    expect(firmware.motorRate()).toBe(3_600n);
    sendAll(firmware, NEXT);
    const busy = library(firmware, Command.LIBRARY_ACTIVATE);
    expect(busy).toMatchObject(refused(Status.LIBRARY_BUSY));
    expect(busy.events).toEqual([]);
    expect(firmware.motorRate()).toBe(3_600n); // the infusion was not touched
    expect(libraryStatus(firmware)).toMatchObject({ transferState: 2, activeVersion: 11 });
    expect(firmware.libraryLoad(NEXT.length)).toBe(Status.LIBRARY_BUSY); // the host's path too
    ok(Command.STOP);
    sendAll(firmware, NEXT);
    expect(library(firmware, Command.LIBRARY_ACTIVATE).ok).toBe(true);
    expect(firmware.libraryVersion()).toBe(12);
  });

  it("with a program pending, activation cancels it (logged) and leaves the pump IDLE: nothing refers to the old library", () => {
    const firmware = provisioned();
    request(firmware, Command.SELECT_CARE_AREA, encodeCareArea(ICU));
    request(firmware, Command.SELECT_DRUG, encodeSelectDrug({ entryId: SALINE, concentrationIndex: NO_CONCENTRATION }));
    request(firmware, Command.PROGRAM, encodeProgramBlock({ mode: Mode.RATE, rateUlPerHour: 3_600n }));
    sendAll(firmware, NEXT);
    const answer = library(firmware, Command.LIBRARY_ACTIVATE);
    expect(answer.ok).toBe(true);
    expect(answer.events.map((e) => decodeRecord(e.payload).type)).toEqual([
      EventType.PROGRAM_CANCELLED,
      EventType.LIBRARY_ACTIVATED,
    ]);
    const snapshot = decodeWorkflow(request(firmware, Command.GET_INFUSION).response.payload, "plain").snapshot;
    expect(snapshot.state).toBe(PumpState.IDLE);
  });

  it("a rejected file leaves the selections and the pending program alone", () => {
    const firmware = provisioned();
    request(firmware, Command.SELECT_CARE_AREA, encodeCareArea(ICU));
    sendAll(firmware, signed(exampleFile(9)));
    expect(library(firmware, Command.LIBRARY_ACTIVATE)).toMatchObject(refused(Status.IMAGE_ROLLBACK));
    const snapshot = decodeWorkflow(request(firmware, Command.GET_INFUSION).response.payload, "plain").snapshot;
    expect(snapshot.state).toBe(PumpState.AREA_SELECTED);
  });
});
